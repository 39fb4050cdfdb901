/**
 * The CI side of `check`: several outputs from one run, baselines, the markdown report, `init`
 * and `--watch`, through the real executable on files in a temporary directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { fingerprints } from '../src/report/fingerprint.js';
import { MAX_CHARS, MAX_DIAGRAM_EDGES } from '../src/report/markdown.js';
import { archlint, bin, root, stackTrace } from './cli-run.js';
import { check } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archlint-ci-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const singleServer = path.join(root, 'examples/chapter-1/01-single-server.arch');

/** A directory holding a copy of the chapter's first step as m.arch (12 findings, listed in its `# expect:` markers). */
function project(): string {
  const dir = tempDir();
  copyFileSync(singleServer, path.join(dir, 'm.arch'));
  return dir;
}

// The step's markers, counted by hand: 4 errors (spof ×3, over-capacity), 7 warnings, 1 info.
const expectedRules = [
  'missing-cache',
  'missing-cdn',
  'missing-cdn',
  'missing-load-balancer',
  'missing-observability',
  'no-db-replication',
  'over-capacity',
  'spof',
  'spof',
  'spof',
  'stateful-web-tier',
  'sync-long-task',
];

describe('--output: several formats from one run', () => {
  it('writes each report, prints the main one, and exits as a plain run would', () => {
    const dir = project();
    const result = archlint(['check', 'm.arch', '--format', 'compact', '--output', 'json:reports/a.json', '--output', 'markdown:reports/a.md'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${path.join(dir, 'm.arch')}: line 25, col 9, Error - \`web\` is a single point of failure`);
    expect(result.stdout.trimEnd().endsWith('12 problems')).toBe(true);
    // The JSON file is what --format json prints.
    const json = archlint(['check', 'm.arch', '--format', 'json'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'reports/a.json'), 'utf8')).toBe(json.stdout);
    const md = readFileSync(path.join(dir, 'reports/a.md'), 'utf8');
    expect(md.startsWith('## archlint\n\n❌ 12 problems (4 errors, 7 warnings, 1 info) in 1 file.\n')).toBe(true);
  });

  it('refuses to write over an input file, and leaves it as it was', () => {
    const dir = project();
    const before = readFileSync(path.join(dir, 'm.arch'), 'utf8');
    const result = archlint(['check', 'm.arch', '--output', 'json:m.arch'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('archlint: refusing to write m.arch: it is the input file m.arch (choose another output path)\n');
    expect(readFileSync(path.join(dir, 'm.arch'), 'utf8')).toBe(before);
  });

  it('rejects an unknown format, a missing file name and the same file twice', () => {
    const dir = project();
    const unknown = archlint(['check', 'm.arch', '--output', 'pdf:a.pdf'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^archlint: --output pdf:a\.pdf: write --output <format>:<file>, the format one of stylish, compact, json, markdown/);
    expect(archlint(['check', 'm.arch', '--output', 'json'], { cwd: dir }).code).toBe(2);
    const twice = archlint(['check', 'm.arch', '--output', 'json:r.json', '--output', 'compact:./r.json'], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('archlint: --output json:r.json and --output compact:./r.json name the same file\n');
    expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
  });

  it('still writes the reports when the model is invalid (exit 2), so CI shows the syntax error', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.arch'), 'service web {\n  replicas: 2\n');
    const result = archlint(['check', 'bad.arch', '--output', 'json:r.json'], { cwd: dir });
    expect(result.code).toBe(2);
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { files: { diagnostics: { ruleId: string; line: number }[] }[] };
    expect(report.files[0]!.diagnostics.map((d) => d.ruleId)).toEqual(['syntax']);
  });
});

describe('a reader that stops early', () => {
  it('closes the pipe without a crash or a message (`archlint check -f sarif | head`)', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" check examples/chapter-1 -f sarif | head -c 20`], { cwd: root, encoding: 'utf8' });
    expect(result.stdout).toBe('{\n  "$schema": "http');
    expect(result.stderr).toBe('');
  });
});

describe('baselines', () => {
  const baselineSchema = JSON.parse(readFileSync(path.join(root, 'schema/archlint-baseline.schema.json'), 'utf8')) as object;
  const entries = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'archlint-baseline.json'), 'utf8')) as { findings: { ruleId: string; component?: string; fingerprint: string }[] }).findings;

  it('--update-baseline records every finding; with --baseline, a run reports none of them', () => {
    const dir = project();
    const update = archlint(['check', 'm.arch', '--update-baseline'], { cwd: dir });
    expect(update.code).toBe(0);
    expect(update.stdout).toBe('');
    expect(update.stderr).toBe('archlint: wrote 12 findings to archlint-baseline.json\n');
    const written = JSON.parse(readFileSync(path.join(dir, 'archlint-baseline.json'), 'utf8')) as unknown;
    expect(new Ajv({ strict: false }).validate(baselineSchema, written)).toBe(true);
    expect(entries(dir).map((e) => e.ruleId).sort()).toEqual(expectedRules);

    const again = archlint(['check', 'm.arch', '--baseline', 'archlint-baseline.json'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe('archlint: 12 known findings matched the baseline archlint-baseline.json\n');
  });

  it('matches known findings after lines are added above them and components move', () => {
    const dir = project();
    archlint(['check', 'm.arch', '--update-baseline'], { cwd: dir });
    const file = path.join(dir, 'm.arch');
    const text = readFileSync(file, 'utf8').replace('storage media\n', '').replace('client users\n', 'storage media\nclient users\n');
    writeFileSync(file, `# owned by the platform team\n# reviewed 2026-11\n\n${text}`);
    const result = archlint(['check', 'm.arch', '--baseline', 'archlint-baseline.json'], { cwd: dir });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('archlint: 12 known findings matched the baseline archlint-baseline.json\n');
    expect(result.code).toBe(0);
  });

  it('reports only new findings, and entries that no longer match as warnings at their place in the baseline', () => {
    const dir = project();
    archlint(['check', 'm.arch', '--update-baseline'], { cwd: dir });
    const file = path.join(dir, 'm.arch');
    // Replicating the database fixes two known findings (no-db-replication and spof on photos_db);
    // an unconnected cache is a new one.
    const text = readFileSync(file, 'utf8').replace('database photos_db { engine: mysql }', 'database photos_db { engine: mysql, replicas: 2 }');
    writeFileSync(file, `${text}cache orphan { ttl: 1m, eviction: lru }\n`);
    const result = archlint(['check', 'm.arch', '--baseline', 'archlint-baseline.json', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(result.stdout) as { files: { file: string; diagnostics: { ruleId: string; message: string; line: number; column: number; severity: string }[] }[] };
    const model = report.files.find((f) => f.file === 'm.arch')!;
    expect(model.diagnostics.length).toBeGreaterThan(0);
    for (const d of model.diagnostics) expect(d.message).toContain('`orphan`');

    // Each stale entry is reported where its object starts: two lines above its "ruleId" line.
    const lines = readFileSync(path.join(dir, 'archlint-baseline.json'), 'utf8').split('\n');
    const ruleLine = (ruleId: string, component: string) =>
      lines.findIndex((l, i) => l === `      "ruleId": "${ruleId}",` && lines[i + 2] === `      "component": "${component}",`) + 1;
    const stale = report.files.find((f) => f.file === 'archlint-baseline.json')!;
    expect(stale.diagnostics.map((d) => [d.ruleId, d.severity, d.line, d.column, d.message])).toEqual(
      [
        ['baseline', 'warning', ruleLine('no-db-replication', 'photos_db') - 2, 5, 'stale baseline entry: no-db-replication on `photos_db` in m.arch no longer occurs; run with --update-baseline to drop it'],
        ['baseline', 'warning', ruleLine('spof', 'photos_db') - 2, 5, 'stale baseline entry: spof on `photos_db` in m.arch no longer occurs; run with --update-baseline to drop it'],
      ].sort((a, b) => (a[2] as number) - (b[2] as number)),
    );
    expect(result.stderr).toBe('archlint: 10 known findings matched the baseline archlint-baseline.json; 2 entries no longer match (listed as warnings)\n');

    // Updating drops the stale entries and records the new findings: the file shrinks by the fixes.
    const update = archlint(['check', 'm.arch', '--update-baseline'], { cwd: dir });
    expect(update.code).toBe(0);
    expect(entries(dir).filter((e) => e.component === 'photos_db')).toEqual([]);
  });

  it('ignores entries for files this run did not check', () => {
    const dir = project();
    copyFileSync(singleServer, path.join(dir, 'other.arch'));
    archlint(['check', 'm.arch', 'other.arch', '--update-baseline'], { cwd: dir });
    expect(entries(dir)).toHaveLength(24);
    const one = archlint(['check', 'm.arch', '--baseline', 'archlint-baseline.json'], { cwd: dir });
    expect(one.stdout).toBe('');
    expect(one.stderr).toBe('archlint: 12 known findings matched the baseline archlint-baseline.json\n');
  });

  it('a bad configuration or baseline still writes the --output reports, so CI shows why it stopped', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'b.json'), '{"version": 2, "findings": []}\n');
    const result = archlint(['check', 'm.arch', '--baseline', 'b.json', '--output', 'json:r.json'], { cwd: dir });
    expect(result.code).toBe(2);
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { files: { file: string; diagnostics: { ruleId: string; line: number; column: number }[] }[] };
    // `2` is at column 13 of line 1.
    expect(report.files.map((f) => [f.file, f.diagnostics.map((d) => [d.ruleId, d.line, d.column])])).toEqual([['b.json', [['baseline', 1, 13]]]]);
    writeFileSync(path.join(dir, 'bad.json'), '{ "rules": { "spof": "loud" } }\n');
    const config = archlint(['check', 'm.arch', '--config', 'bad.json', '--output', 'json:c.json'], { cwd: dir });
    expect(config.code).toBe(2);
    expect(readFileSync(path.join(dir, 'c.json'), 'utf8')).toContain('"ruleId": "config"');
  });

  it('a malformed baseline is a located error (exit 2)', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'b.json'), '{"version": 1, "findings": [{"fingerprint": "x"}]}\n');
    const result = archlint(['check', 'm.arch', '--baseline', 'b.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(stackTrace);
    // findings[0] starts at column 29; its fingerprint's value at column 45.
    expect(result.stderr).toContain('\n  1:29  error  `findings[0]` must have required property \'ruleId\'  baseline\n');
    expect(result.stderr).toContain('\n  1:45  error  `findings[0].fingerprint` must match pattern "^[0-9a-f]{32}:[1-9][0-9]*$"  baseline\n');
    const missing = archlint(['check', 'm.arch', '--baseline', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the baseline: no such file (write one with --update-baseline)');
  });

  it('--update-baseline never overwrites a file that is not a baseline', () => {
    const dir = project();
    const before = readFileSync(path.join(dir, 'm.arch'), 'utf8');
    const result = archlint(['check', 'm.arch', '--update-baseline', '--baseline', 'm.arch'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^archlint: refusing to overwrite m\.arch: it is not an archlint baseline \(/);
    expect(readFileSync(path.join(dir, 'm.arch'), 'utf8')).toBe(before);
  });

  it('fingerprints do not depend on lines, and tell identical findings apart by order', () => {
    const a = check('client users\nservice web\nusers -> web\n');
    const b = check('# a comment\n\nclient users\n\n\nservice web\nusers -> web\n');
    const prints = (r: typeof a) => [...fingerprints([{ file: 'main.arch', diagnostics: r.diagnostics }], '/mem').values()].sort();
    expect(prints(a)).toEqual(prints(b));
    const d = a.diagnostics[0]!;
    const twice = fingerprints([{ file: 'main.arch', diagnostics: [d, { ...d, span: { ...d.span, start: { ...d.span.start, line: 9 } } }] }], '/mem');
    const [first, second] = [...twice.values()];
    expect(first!.slice(0, 32)).toBe(second!.slice(0, 32));
    expect([first!.slice(32), second!.slice(32)]).toEqual([':1', ':2']);
  });

  it('a finding whose figures change is still the same finding; one about another component is not', () => {
    const base = { ruleId: 'over-capacity', severity: 'error' as const, file: 'main.arch', component: 'w', span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } } };
    const print = (message: string) => [...fingerprints([{ file: 'main.arch', diagnostics: [{ ...base, message }] }], '/mem').values()][0];
    expect(print('`w` is saturated: 0.8 requests per second arrive (160% of capacity)')).toBe(print('`w` is saturated: 1.2 requests per second arrive (240% of capacity)'));
    expect(print('`w` is saturated: 0.8 requests')).not.toBe(print('`w2` is saturated: 0.8 requests'));
  });
});

describe('--format markdown', () => {
  it('summarises, lists every finding, draws the diagram with findings marked and tabulates the flows', () => {
    const dir = project();
    const { stdout, code } = archlint(['check', 'm.arch', '--format', 'markdown'], { cwd: dir });
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual(['## archlint', '', '❌ 12 problems (4 errors, 7 warnings, 1 info) in 1 file.', '', '| severity | where | rule | message |']);
    const rows = lines.filter((l) => /^\| (🔴|🟡|🔵)/.test(l));
    expect(rows).toHaveLength(12);
    // The first finding in file order is the workload's missing-observability on line 16.
    expect(rows[0]!.startsWith('| 🔵 info | `m.arch:16:1` | `missing-observability` | the system has no `monitoring` component')).toBe(true);
    expect(stdout).toContain('\n### Photo sharing, step 1: a single server\n\n`m.arch`: 6 components, 5 connections.\n\n```mermaid\nflowchart LR\n');
    // web, thumbnailer and photos_db have error findings.
    expect(stdout).toContain('  class n2,n3,n4 error\n');
    expect(stdout).toContain('| client | kind | rps | p50 ms | p99 ms | availability | path |');
    // 20 rps, 60% static: 12 static requests per second straight to the web server.
    expect(stdout).toMatch(/\n\| users \| static \| 12 \| [^|]+ \| [^|]+ \| [^|]+ \| users → web \|\n/);
    expect(stdout).toContain('(saturated at thumbnailer) | users → web → photos_db → thumbnailer → media |');
  });

  it('escapes table cells and says so plainly when there is nothing to report', () => {
    const dir = tempDir();
    copyFileSync(path.join(root, 'examples/photo-sharing.arch'), path.join(dir, 'clean.arch'));
    const { stdout, code } = archlint(['check', 'clean.arch', '--format', 'markdown'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout.startsWith('## archlint\n\n✅ No problems in 1 file.\n\n### Photo sharing, chapter 1 final\n')).toBe(true);
  });

  it(`keeps within ${MAX_CHARS.toLocaleString('en-US')} bytes, saying how many findings and flows it left out`, () => {
    const dir = tempDir();
    const parts = Array.from({ length: 300 }, (_, i) => `client c${i}\nservice s${i}\nc${i} -> s${i}`).join('\n');
    writeFileSync(path.join(dir, 'wide.arch'), `${parts}\n`);
    const { stdout } = archlint(['check', 'wide.arch', '--format', 'markdown'], { cwd: dir });
    const json = JSON.parse(archlint(['check', 'wide.arch', '--format', 'json'], { cwd: dir }).stdout) as { summary: { errors: number; warnings: number; infos: number } };
    const total = json.summary.errors + json.summary.warnings + json.summary.infos;
    expect(Buffer.byteLength(stdout)).toBeLessThanOrEqual(MAX_CHARS);
    const rows = stdout.split('\n').filter((l) => /^\| (🔴|🟡|🔵)/.test(l)).length;
    const left = Number(/\n…and (\d+) more findings; `archlint check` lists them all\.\n/.exec(stdout)?.[1]);
    expect(rows + left).toBe(total);
    const flows = stdout.split('\n').filter((l) => /^\| c\d+ \| /.test(l)).length;
    const leftFlows = Number(/\n…and (\d+) more flows; `archlint eval wide\.arch` lists them all\.\n/.exec(stdout)?.[1]);
    // A plain edge carries reads and writes, and nothing is static: two flows per client, 600 in all.
    expect(flows + leftFlows).toBe(600);
  });

  it(`leaves out a diagram with more than ${MAX_DIAGRAM_EDGES} connections, and says how to draw it`, () => {
    const dir = tempDir();
    const services = Array.from({ length: 501 }, (_, i) => `service s${i} { replicas: 2 }\nusers -> s${i}`).join('\n');
    writeFileSync(path.join(dir, 'big.arch'), `client users\n${services}\n`);
    const { stdout } = archlint(['check', 'big.arch', '--format', 'markdown'], { cwd: dir });
    expect(stdout).toContain('\n`big.arch`: 502 components, 501 connections.\n\nThe diagram is left out (501 connections, more than the 500 a comment\'s diagram can draw); `archlint render big.arch -o big.svg` draws it.\n');
    expect(stdout).not.toContain('```mermaid');
  });
});

describe('archlint init', () => {
  it('writes a configuration, an example and VS Code tasks; the example checks clean', () => {
    const dir = tempDir();
    const result = archlint(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  created             archlint.config.json\n  created             architecture.arch\n  created             .vscode/tasks.json\n');
    const config = parseJsonc(readFileSync(path.join(dir, 'archlint.config.json'), 'utf8')) as { extends: string };
    expect(config.extends).toBe('archlint:recommended');
    expect(readFileSync(path.join(dir, 'architecture.arch'), 'utf8')).toBe(readFileSync(path.join(root, 'examples/photo-sharing.arch'), 'utf8'));
    const tasks = JSON.parse(readFileSync(path.join(dir, '.vscode/tasks.json'), 'utf8')) as { version: string; tasks: { label: string; command: string; problemMatcher: unknown }[] };
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
