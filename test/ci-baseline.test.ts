/** Baselines (`--baseline`, `--update-baseline`) and fingerprints, through the real executable on files in a temporary directory. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprints } from '../src/report/fingerprint.js';
import { expectedRules, singleServer, withStepOne } from './ci-project.js';
import { archlint, root, stackTrace } from './cli-run.js';
import { check } from './helpers.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('ci');
afterAll(() => temp.removeAll());
const project = () => withStepOne(temp.make());

describe('baselines', () => {
  const baselineSchema = JSON.parse(readFileSync(path.join(root, 'schema/archlint-baseline.schema.json'), 'utf8')) as object;
  const entries = (dir: string) =>
    (JSON.parse(readFileSync(path.join(dir, 'archlint-baseline.json'), 'utf8')) as { findings: { ruleId: string; component?: string; fingerprint: string }[] })
      .findings;

  it('--update-baseline records every finding; with --baseline, a run reports none of them', () => {
    const dir = project();
    const update = archlint(['check', 'm.arch', '--update-baseline'], { cwd: dir });
    expect(update.code).toBe(0);
    expect(update.stdout).toBe('');
    expect(update.stderr).toBe('archlint: wrote 12 findings to archlint-baseline.json\n');
    const written = JSON.parse(readFileSync(path.join(dir, 'archlint-baseline.json'), 'utf8')) as unknown;
    expect(new Ajv({ strict: false }).validate(baselineSchema, written)).toBe(true);
    expect(
      entries(dir)
        .map((e) => e.ruleId)
        .sort(),
    ).toEqual(expectedRules);

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
    const report = JSON.parse(result.stdout) as {
      files: { file: string; diagnostics: { ruleId: string; message: string; line: number; column: number; severity: string }[] }[];
    };
    const model = report.files.find((f) => f.file === 'm.arch')!;
    // The cache is appended as line 38 of the 37-line step; its name starts at column 7. No client reaches it.
    expect(model.diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([['unreachable-component', 38, 7]]);
    expect(model.diagnostics[0]!.message).toMatch(/^no client reaches `orphan`/);

    // Each stale entry is reported where its object starts: two lines above its "ruleId" line.
    const lines = readFileSync(path.join(dir, 'archlint-baseline.json'), 'utf8').split('\n');
    const ruleLine = (ruleId: string, component: string) =>
      lines.findIndex((l, i) => l === `      "ruleId": "${ruleId}",` && lines[i + 2] === `      "component": "${component}",`) + 1;
    const stale = report.files.find((f) => f.file === 'archlint-baseline.json')!;
    expect(stale.diagnostics.map((d) => [d.ruleId, d.severity, d.line, d.column, d.message])).toEqual(
      [
        [
          'baseline',
          'warning',
          ruleLine('no-db-replication', 'photos_db') - 2,
          5,
          'stale baseline entry: no-db-replication on `photos_db` in m.arch no longer occurs; run with --update-baseline to drop it',
        ],
        [
          'baseline',
          'warning',
          ruleLine('spof', 'photos_db') - 2,
          5,
          'stale baseline entry: spof on `photos_db` in m.arch no longer occurs; run with --update-baseline to drop it',
        ],
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
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as {
      files: { file: string; diagnostics: { ruleId: string; line: number; column: number }[] }[];
    };
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
    expect(result.stderr).toContain("\n  1:29  error  `findings[0]` must have required property 'ruleId'  baseline\n");
    expect(result.stderr).toContain('\n  1:45  error  `findings[0].fingerprint` must match pattern "^[0-9a-f]{32}:[1-9][0-9]*$"  baseline\n');
    const missing = archlint(['check', 'm.arch', '--baseline', 'nope.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the baseline: no such file (write one with --update-baseline)');
  });

  it('--update-baseline never overwrites a file that is not a baseline', () => {
    const dir = project();
    const before = readFileSync(path.join(dir, 'm.arch'), 'utf8');
    // The model itself, refused as an input before anything runs.
    const result = archlint(['check', 'm.arch', '--update-baseline', '--baseline', 'm.arch'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('archlint: refusing to write m.arch: it is the input file m.arch (choose another output path)\n');
    expect(readFileSync(path.join(dir, 'm.arch'), 'utf8')).toBe(before);
    // Any other file that is not a baseline: refused for what it holds.
    writeFileSync(path.join(dir, 'notes.json'), '{"todo": []}\n');
    const other = archlint(['check', 'm.arch', '--update-baseline', '--baseline', 'notes.json'], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^archlint: refusing to overwrite notes\.json: it is not an archlint baseline \(/);
    expect(readFileSync(path.join(dir, 'notes.json'), 'utf8')).toBe('{"todo": []}\n');
  });

  it('fingerprints do not depend on lines, and tell identical findings apart by order', () => {
    const a = check('client users\nservice web\nusers -> web\n');
    const b = check('# a comment\n\nclient users\n\n\nservice web\nusers -> web\n');
    const prints = (r: typeof a) => [...fingerprints([{ file: 'main.arch', diagnostics: r.diagnostics }], '/mem').values()].sort();
    // missing-observability, spof on `web`, missing-load-balancer, and missing-rate-limit on the
    // entry (strict, information at this size): four different findings.
    expect(new Set(prints(a)).size).toBe(4);
    expect(prints(a)).toEqual(prints(b));
    const d = a.diagnostics[0]!;
    const twice = fingerprints([{ file: 'main.arch', diagnostics: [d, { ...d, span: { ...d.span, start: { ...d.span.start, line: 9 } } }] }], '/mem');
    const [first, second] = [...twice.values()];
    expect(first!.slice(0, 32)).toBe(second!.slice(0, 32));
    expect([first!.slice(32), second!.slice(32)]).toEqual([':1', ':2']);
  });

  it('a finding whose figures change is still the same finding; one about another component is not', () => {
    const base = {
      ruleId: 'over-capacity',
      severity: 'error' as const,
      file: 'main.arch',
      component: 'w',
      span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } },
    };
    const print = (message: string) => [...fingerprints([{ file: 'main.arch', diagnostics: [{ ...base, message }] }], '/mem').values()][0];
    expect(print('`w` is saturated: 0.8 requests per second arrive (160% of capacity)')).toBe(
      print('`w` is saturated: 1.2 requests per second arrive (240% of capacity)'),
    );
    expect(print('`w` is saturated: 0.8 requests')).not.toBe(print('`w2` is saturated: 0.8 requests'));
  });
});
