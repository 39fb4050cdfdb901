/**
 * Nothing the user wrote is overwritten: the write gate (src/io/gate.ts) on its own, the defect
 * that made it necessary, and a property test that drives the command line in process with
 * random arguments and failure modes and checks, by its own account of what each run reads, that
 * no file the user had changed unless the run was asked to write it and allowed to.
 */
import { createHash } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { UsageError } from '../src/errors.js';
import { WriteGate } from '../src/io/gate.js';
import { archlint, root } from './cli-run.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'archlint-write-gate-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let dirs = 0;
const freshDir = () => {
  const dir = path.join(work, `d${++dirs}`);
  mkdirSync(dir);
  return dir;
};

const model = readFileSync(path.join(root, 'examples/chapter-1/01-single-server.arch'), 'utf8');

describe('the defect: an output named like the model, with an invalid -c configuration', () => {
  it('refuses the output and leaves the model as it was (it used to be replaced by the JUnit report)', () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'main.arch'), model);
    writeFileSync(path.join(dir, 'bad.json'), '{ "rulez": {} }\n');
    const result = archlint(['check', 'main.arch', '--output', 'junit:main.arch', '-c', 'bad.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('archlint: refusing to write main.arch: it is the input file main.arch (choose another output path)\n');
    expect(readFileSync(path.join(dir, 'main.arch'), 'utf8')).toBe(model);
    // Nor the configuration itself, nor a model that another imports, on the same early exit.
    writeFileSync(path.join(dir, 'top.arch'), 'import "main.arch"\n');
    for (const [target, why] of [
      ['bad.json', 'the configuration bad.json'],
      ['main.arch', 'main.arch, which top.arch imports'],
    ]) {
      const again = archlint(['check', 'top.arch', '--output', `json:${target}`, '-c', 'bad.json'], { cwd: dir });
      expect(again.stderr).toBe(`archlint: refusing to write ${target}: it is ${why} (choose another output path)\n`);
    }
    expect(readFileSync(path.join(dir, 'bad.json'), 'utf8')).toBe('{ "rulez": {} }\n');
    expect(readFileSync(path.join(dir, 'main.arch'), 'utf8')).toBe(model);
  });
});

describe('the write gate', () => {
  const reads =
    (dir: string, ...files: string[]) =>
    () =>
      files.map((file) => ({ file: path.join(dir, file), role: `the input file ${file}` }));
  const refusal = async (gate: WriteGate, ...files: string[]) => {
    try {
      await gate.plan(files.map((file) => ({ file })));
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    return undefined;
  };

  it('knows a file read however its target is spelt: `..`, a symbolic link, a hard link', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'm.arch'), model);
    mkdirSync(path.join(dir, 'sub'));
    symlinkSync(path.join(dir, 'm.arch'), path.join(dir, 'link.md'));
    linkSync(path.join(dir, 'm.arch'), path.join(dir, 'hard.md'));
    symlinkSync(dir, path.join(dir, 'here'));
    for (const target of ['m.arch', 'sub/../m.arch', 'link.md', 'hard.md', 'here/m.arch', 'here/hard.md']) {
      const gate = new WriteGate(dir, reads(dir, 'm.arch'));
      expect(await refusal(gate, target), target).toBe(`refusing to write ${target}: it is the input file m.arch (choose another output path)`);
    }
    // And the other way round: the file read named through a link, the target by its own name.
    expect(await refusal(new WriteGate(dir, reads(dir, 'link.md')), 'm.arch')).toBe(
      'refusing to write m.arch: it is the input file link.md (choose another output path)',
    );
    expect(readFileSync(path.join(dir, 'm.arch'), 'utf8')).toBe(model);
  });

  it('refuses a directory, and two targets that are one file', async () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, 'out.svg'));
    writeFileSync(path.join(dir, 'a.json'), '{}');
    symlinkSync(path.join(dir, 'a.json'), path.join(dir, 'b.json'));
    expect(await refusal(new WriteGate(dir, () => []), 'out.svg')).toBe('cannot write out.svg: it is a directory');
    expect(await refusal(new WriteGate(dir, () => []), 'a.json', 'b.json')).toBe('a.json and b.json would both be written to b.json');
    expect(await refusal(new WriteGate(dir, () => []), 'new.json', 'x/../new.json')).toBe('new.json and x/../new.json would both be written to x/../new.json');
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('{}');
  });

  it('writes only what was planned, atomically, through a link to the file it points to, and creates without replacing', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'real.json'), 'old');
    symlinkSync('real.json', path.join(dir, 'link.json'));
    writeFileSync(path.join(dir, 'kept.txt'), 'mine');
    const gate = new WriteGate(dir, () => []);
    // Before plan, nothing may be written at all.
    expect(() => gate.write('link.json', 'x')).toThrow(/written without being planned/);
    await gate.plan([{ file: 'link.json' }, { file: 'deep/new.txt' }, { file: 'kept.txt', createOnly: true }]);
    gate.write('link.json', 'new');
    expect(lstatSync(path.join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'real.json'), 'utf8')).toBe('new');
    gate.write('deep/new.txt', 'made');
    expect(readFileSync(path.join(dir, 'deep/new.txt'), 'utf8')).toBe('made');
    expect(gate.create('kept.txt', 'theirs')).toBe(false);
    expect(readFileSync(path.join(dir, 'kept.txt'), 'utf8')).toBe('mine');
    expect(() => gate.write('other.txt', 'x')).toThrow(/written without being planned/);
    await expect(gate.plan([])).rejects.toThrow(/planned twice/);
    expect(readdirSync(dir).sort()).toEqual(['deep', 'kept.txt', 'link.json', 'real.json']);
  });
});

/**
 * The property test's project: models (one importing another, one in a subdirectory importing
 * one above, one broken), configurations good and bad, baselines good and bad, an old report,
 * and a symbolic and a hard link to models.
 */
function project(dir: string): void {
  writeFileSync(path.join(dir, 'main.arch'), `import "part.arch"\n${model}`);
  writeFileSync(path.join(dir, 'part.arch'), 'service api { replicas: 2 }\nweb -> api\n');
  writeFileSync(path.join(dir, 'other.arch'), 'client users\nservice web { replicas: 2 }\nusers -> web\n');
  writeFileSync(path.join(dir, 'broken.arch'), 'service web {\n  replicas: 2\n');
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'sub', 'x.arch'), 'import "../other.arch"\n');
  writeFileSync(path.join(dir, 'archlint.config.json'), '{ "extends": "archlint:recommended", "rules": { "missing-cdn": "off" } }\n');
  writeFileSync(path.join(dir, 'good.json'), '{ "rules": { "spof": "warning" } }\n');
  writeFileSync(path.join(dir, 'bad.json'), '{ "rulez": {} }\n');
  writeFileSync(path.join(dir, 'archlint-baseline.json'), '{ "version": 1, "findings": [] }\n');
  writeFileSync(path.join(dir, 'bad-baseline.json'), '[1, 2');
  writeFileSync(path.join(dir, 'old.sarif'), '{"previous": "report"}\n');
  symlinkSync('main.arch', path.join(dir, 'link.arch'));
  linkSync(path.join(dir, 'part.arch'), path.join(dir, 'hard.txt'));
}

/** Every file below `dir` (links as links), with a digest of its bytes. */
function snapshot(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(path.join(dir, prefix))) {
    const rel = path.join(prefix, name);
    const full = path.join(dir, rel);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) out.set(rel, `link:${readlinkSync(full)}`);
    else if (stat.isDirectory()) for (const [k, v] of snapshot(dir, rel)) out.set(k, v);
    else out.set(rel, createHash('sha1').update(readFileSync(full)).digest('hex'));
  }
  return out;
}

/** What the test itself knows the models import. */
const imports: Record<string, string[]> = { 'main.arch': ['part.arch'], 'sub/x.arch': ['other.arch'], 'link.arch': ['part.arch'] };
const topModels = ['broken.arch', 'link.arch', 'main.arch', 'other.arch', 'part.arch'];

/** The files a run of `argv` reads, by the test's own account: operands expanded, their imports, the configuration, the baseline. */
function protectedBy(argv: readonly string[]): Set<string> {
  const command = argv[0];
  const operands: string[] = [];
  let config: string | undefined;
  let baseline: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (['-c', '--baseline', '--output', '-o', '-f', '--rule', '--to'].includes(a)) {
      if (a === '-c') config = argv[i + 1];
      if (a === '--baseline') baseline = argv[i + 1];
      i++;
    } else if (!a.startsWith('-')) operands.push(a);
  }
  const files = new Set<string>();
  const add = (f: string) => {
    const norm = path.normalize(f);
    if (files.has(norm)) return;
    files.add(norm);
    for (const i of imports[norm] ?? []) add(i);
  };
  for (const o of operands) {
    if (o === 'sub') add('sub/x.arch');
    else if (o === '*.arch') topModels.forEach(add);
    else add(o);
  }
  if (command !== 'init' && operands.length > 0) {
    if (config !== undefined) files.add(config);
    else files.add('archlint.config.json');
  }
  if (command === 'check' && baseline !== undefined && !argv.includes('--update-baseline')) files.add(baseline);
  // A link or second name of a file read is that file too.
  if (files.has('main.arch') || files.has('link.arch')) files.add('main.arch').add('link.arch');
  if (files.has('part.arch') || files.has('hard.txt')) files.add('part.arch').add('hard.txt');
  return files;
}

/** The files a run of `argv` asked to write. */
function targetsOf(argv: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--output') out.add(path.normalize(argv[i + 1]!.slice(argv[i + 1]!.indexOf(':') + 1)));
    if (argv[i] === '-o') out.add(path.normalize(argv[i + 1]!));
  }
  if (argv.includes('--update-baseline')) {
    const at = argv.indexOf('--baseline');
    out.add(at === -1 ? 'archlint-baseline.json' : path.normalize(argv[at + 1]!));
  }
  if (argv[0] === 'init') for (const f of ['archlint.config.json', 'architecture.arch', '.vscode/tasks.json']) out.add(f);
  // Writing through a link or a second name changes the file it names.
  if (out.has('link.arch')) out.add('main.arch');
  if (out.has('hard.txt')) out.add('part.arch');
  return out;
}

const names = [
  'main.arch',
  'part.arch',
  'other.arch',
  'broken.arch',
  'missing.arch',
  'link.arch',
  'hard.txt',
  'sub/x.arch',
  './sub/../main.arch',
  'archlint.config.json',
  'good.json',
  'bad.json',
  'archlint-baseline.json',
  'bad-baseline.json',
  'old.sarif',
  'new.json',
  'sub',
  'reports/r.md',
];

const argvs = fc.oneof(
  fc
    .tuple(
      fc.subarray(['main.arch', 'other.arch', 'broken.arch', 'missing.arch', 'sub', '*.arch', 'link.arch']),
      fc.option(fc.constantFrom('good.json', 'bad.json', 'missing.json', 'main.arch')),
      fc.option(fc.constantFrom('archlint-baseline.json', 'bad-baseline.json', 'missing.json', 'old.sarif', 'part.arch')),
      fc.boolean(),
      fc.array(fc.tuple(fc.constantFrom('json', 'sarif', 'junit', 'markdown', 'gitlab', 'pdf'), fc.constantFrom(...names)), { maxLength: 3 }),
      fc.subarray(['--quiet', '--bogus', '--rule', '-f']),
    )
    .map(([operands, config, baseline, update, outputs, extra]) => {
      const argv = ['check', ...operands];
      if (config !== null) argv.push('-c', config);
      if (baseline !== null) argv.push('--baseline', baseline);
      if (update) argv.push('--update-baseline');
      for (const [format, file] of outputs) argv.push('--output', `${format}:${file}`);
      for (const e of extra) argv.push(...(e === '--rule' ? ['--rule', 'spof:off'] : e === '-f' ? ['-f', 'json'] : [e]));
      return argv;
    }),
  fc
    .tuple(
      fc.subarray(['main.arch', 'other.arch', 'broken.arch', 'missing.arch', 'sub', 'link.arch']),
      fc.option(fc.constantFrom(...names, 'out.mmd', 'out.md', 'out.svg', 'diagrams/')),
    )
    .map(([operands, output]) => ['render', ...operands, ...(output !== null ? ['-o', output] : [])]),
  fc.constantFrom(['init'], ['init', 'sub']),
);

describe('no run writes over a file it reads, whatever stops it (property test)', () => {
  it('on random commands, operands, configurations, baselines and outputs, a fixed seed', async () => {
    const sink = { write: () => true };
    await fc.assert(
      fc.asyncProperty(argvs, async (argv) => {
        const dir = freshDir();
        project(dir);
        const before = snapshot(dir);
        const before_ino = new Map([...before.keys()].map((f) => [f, lstatSync(path.join(dir, f)).ino]));
        let stderr = '';
        const code = await run(argv, {
          stdout: sink,
          stderr: { write: (s: string) => (stderr += s) },
          cwd: dir,
          // No browser: an SVG is refused before anything is drawn.
          env: { NO_COLOR: '1', ARCHLINT_CHROMIUM: path.join(dir, 'no-browser'), PATH: '' },
        });
        expect([0, 1, 2]).toContain(code);
        expect(stderr).not.toMatch(/internal error|archlint bug/);
        const after = snapshot(dir);
        const reads = protectedBy(argv);
        const targets = targetsOf(argv);
        for (const [file, digest] of before) {
          // Nothing the user had is ever deleted.
          expect(after.has(file), `${argv.join(' ')}: ${file} was removed`).toBe(true);
          if (after.get(file) === digest) continue;
          expect(reads.has(file), `${argv.join(' ')}: wrote over ${file}, which it reads`).toBe(false);
          expect(targets.has(file), `${argv.join(' ')}: changed ${file}, which it was not asked to write`).toBe(true);
        }
        // The hard link is still one file with the model it names.
        expect(statSync(path.join(dir, 'hard.txt')).ino).toBe(statSync(path.join(dir, 'part.arch')).ino);
        expect(before_ino.get('hard.txt')).toBe(lstatSync(path.join(dir, 'hard.txt')).ino);
        // No temporary file left behind.
        expect([...after.keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed: 20261201, numRuns: 250 },
    );
  });

  it('the project the property test uses is what it says: a valid baseline, a model that checks', () => {
    const dir = freshDir();
    project(dir);
    const ok = archlint(['check', 'main.arch', '--baseline', 'archlint-baseline.json', '-f', 'json'], { cwd: dir });
    expect(ok.code).toBe(1);
    expect(ok.stderr).toBe('archlint: 0 known findings matched the baseline archlint-baseline.json\n');
    const bad = archlint(['check', 'main.arch', '-c', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown setting: `rulez`');
  });
});
