/** `archlint init` and `check --watch`, through the real executable (and `run`) on files in a temporary directory. */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { singleServer, withStepOne } from './ci-project.js';
import { archlint, bin, root } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('ci');
afterAll(() => temp.removeAll());
const tempDir = () => temp.make();
const project = () => withStepOne(temp.make());

describe('archlint init', () => {
  it('writes a configuration, an example and VS Code tasks; the example checks clean', () => {
    const dir = tempDir();
    const result = archlint(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '  created             archlint.config.json\n  created             architecture.arch\n  created             .vscode/tasks.json\n',
    );
    const config = parseJsonc(readFileSync(path.join(dir, 'archlint.config.json'), 'utf8')) as { extends: string };
    expect(config.extends).toBe('archlint:recommended');
    expect(readFileSync(path.join(dir, 'architecture.arch'), 'utf8')).toBe(readFileSync(path.join(root, 'examples/photo-sharing.arch'), 'utf8'));
    const tasks = JSON.parse(readFileSync(path.join(dir, '.vscode/tasks.json'), 'utf8')) as {
      version: string;
      tasks: { label: string; command: string; problemMatcher: unknown }[];
    };
    expect(tasks.version).toBe('2.0.0');
    expect(tasks.tasks[0]).toMatchObject({ label: 'archlint: check', command: 'npx archlint check --format compact .', problemMatcher: '$eslint-compact' });
    // The configuration it wrote is valid and the example has no findings.
    const checked = archlint(['check', '.'], { cwd: dir });
    expect([checked.code, checked.stdout, checked.stderr]).toEqual([0, '', '']);
  });

  it('never replaces a file: each one there already is left as it was', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(path.join(dir, 'archlint.config.json'), '{ "extends": "archlint:strict" }\n');
    writeFileSync(path.join(dir, '.vscode/tasks.json'), '{ "version": "2.0.0", "tasks": [] }\n');
    writeFileSync(path.join(dir, 'shop.arch'), 'client users\n');
    const result = archlint(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  exists, left alone  archlint.config.json\n');
    expect(result.stdout).toContain('  not needed          architecture.arch (there is a .arch file here already)\n');
    expect(result.stdout).toContain('  exists, left alone  .vscode/tasks.json\n');
    expect(readFileSync(path.join(dir, 'archlint.config.json'), 'utf8')).toBe('{ "extends": "archlint:strict" }\n');
    expect(readFileSync(path.join(dir, '.vscode/tasks.json'), 'utf8')).toBe('{ "version": "2.0.0", "tasks": [] }\n');
    expect(existsSync(path.join(dir, 'architecture.arch'))).toBe(false);
    // The tasks to add by hand are printed as JSON.
    const printed = result.stdout.slice(result.stdout.indexOf('"tasks" list:\n') + '"tasks" list:\n'.length, result.stdout.indexOf('\n\nNext:'));
    expect((JSON.parse(printed) as { label: string }[]).map((t) => t.label)).toEqual(['archlint: check', 'archlint: watch']);
  });

  it('sets up another directory, creating it; refuses a file', () => {
    const dir = tempDir();
    expect(archlint(['init', 'design/arch'], { cwd: dir }).code).toBe(0);
    expect(existsSync(path.join(dir, 'design/arch/archlint.config.json'))).toBe(true);
    writeFileSync(path.join(dir, 'file.txt'), 'x');
    const refused = archlint(['init', 'file.txt'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('archlint: init sets up a directory, and file.txt is a file\n');
  });
});

describe('check --watch', () => {
  /** Reads a child's output until `pattern` has matched `count` times in stderr. */
  function waitFor(child: ReturnType<typeof spawn>, out: { stdout: string; stderr: string }, pattern: RegExp, count: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const test = () => (out.stderr.match(new RegExp(pattern.source, 'g')) ?? []).length >= count;
      if (test()) return resolve();
      const onData = () => {
        if (test()) {
          child.stderr!.off('data', onData);
          resolve();
        }
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out.stderr}`)));
    });
  }

  it('checks again when the file changes and when a file it imports changes', async () => {
    const dir = tempDir();
    copyFileSync(path.join(root, 'examples/photo-sharing.arch'), path.join(dir, 'w.arch'));
    const child = spawn(process.execPath, [bin, 'check', '--watch', 'w.arch'], { cwd: dir, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (b: Buffer) => (out.stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out.stderr += b.toString()));
    try {
      await waitFor(child, out, /archlint: watching 1 file for changes/, 1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toBe('archlint: checking\narchlint: watching 1 file for changes (Ctrl-C stops)\n');
      writeFileSync(path.join(dir, 'w.arch'), `${readFileSync(path.join(dir, 'w.arch'), 'utf8')}import "more.arch"\n`);
      writeFileSync(path.join(dir, 'more.arch'), 'service lonely { replicas: 2 }\n');
      await waitFor(child, out, /archlint: watching 2 files for changes/, 1);
      expect(out.stdout).toContain('more.arch\n');
      expect(out.stdout).toContain('\n  1:9  warning  no client reaches `lonely`:');
      // A change to the imported file alone is noticed too.
      const before = out.stdout.length;
      writeFileSync(path.join(dir, 'more.arch'), 'service lonely2 { replicas: 2 }\n');
      await waitFor(child, out, /archlint: watching 2 files/, 2);
      expect(out.stdout.slice(before)).toContain('no client reaches `lonely2`');
    } finally {
      child.kill();
    }
  }, 30_000);

  it('checks again when a plugin the configuration loads changes, with the plugin as it is now', async () => {
    const dir = tempDir();
    const index = JSON.stringify(pathToFileURL(path.join(root, 'dist/src/index.js')).href);
    const plugin = (word: string) =>
      `import { defineRule } from ${index};\nexport default { rules: { r: defineRule({ meta: { description: 'd', defaultSeverity: 'warning', messages: { m: '${word}' } }, check(model, context) { context.report({ messageId: 'm', target: { component: model.components()[0] } }); } }) } };\n`;
    writeFileSync(path.join(dir, 'archlint.config.json'), '{ "plugins": { "p": "./p.js" }, "rules": { "missing-observability": "off" } }\n');
    writeFileSync(path.join(dir, 'p.js'), plugin('first'));
    writeFileSync(path.join(dir, 'w.arch'), 'database db { managed }\n');
    const child = spawn(process.execPath, [bin, 'check', '--watch', 'w.arch', '--format', 'compact'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (b: Buffer) => (out.stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out.stderr += b.toString()));
    try {
      // The model, the configuration and the plugin.
      await waitFor(child, out, /archlint: watching 3 files for changes/, 1);
      expect(out.stdout).toBe(`${dir}/w.arch: line 1, col 10, Warning - first (p/r)\n\n1 problem\n`);
      writeFileSync(path.join(dir, 'p.js'), plugin('second'));
      await waitFor(child, out, /archlint: watching 3 files/, 2);
      expect(out.stdout).toContain(`${dir}/w.arch: line 1, col 10, Warning - second (p/r)\n`);
    } finally {
      child.kill();
    }
  }, 30_000);

  it('does not react to the reports it writes itself', async () => {
    const dir = project();
    const controller = new AbortController();
    let rounds = 0;
    const io = {
      stdout: { write: () => true },
      stderr: {
        write: (text: string) => {
          if (text.startsWith('archlint: watching')) rounds++;
          return true;
        },
      },
      cwd: dir,
      env: {},
      signal: controller.signal,
    };
    // An output named like a model, in the watched directory: writing it must not start a round.
    const running = run(['check', '--watch', 'm.arch', '--output', 'json:report.arch'], io);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    while (rounds < 1) await pause(20);
    // One edit: one more round, which writes report.arch again, and then nothing more.
    writeFileSync(path.join(dir, 'm.arch'), `${readFileSync(path.join(dir, 'm.arch'), 'utf8')}# edited\n`);
    while (rounds < 2) await pause(20);
    await pause(1500);
    controller.abort();
    expect(await running).toBe(1);
    expect(rounds).toBe(2);
    expect(existsSync(path.join(dir, 'report.arch'))).toBe(true);
  });

  it('stops when its signal is aborted and returns the last exit code', async () => {
    const dir = project();
    const controller = new AbortController();
    let stderr = '';
    const io = {
      stdout: { write: () => true },
      stderr: {
        write: (text: string) => {
          stderr += text;
          if (text.startsWith('archlint: watching')) controller.abort();
          return true;
        },
      },
      cwd: dir,
      env: {},
      signal: controller.signal,
    };
    expect(await run(['check', '--watch', 'm.arch'], io)).toBe(1);
    expect(stderr).toBe('archlint: checking\narchlint: watching 1 file for changes (Ctrl-C stops)\n');
  });

  it('--update-baseline does not combine with --watch', () => {
    const result = archlint(['check', '--watch', '--update-baseline', singleServer]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('archlint: --update-baseline writes the baseline once; run it without --watch\n');
  });
});
