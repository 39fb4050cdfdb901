/**
 * Input sized or shaped to break a naive implementation: nesting deeper than any real file, import
 * chains thousands of files long, and more findings than a call's arguments can hold. Each gets a
 * located message or a normal answer, never `internal error`. Expected positions are counted by
 * hand from the text each test writes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { reporters, summarize, type FileReport } from '../src/report/index.js';
import { archlint, stackTrace } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('hostile');
afterAll(() => temp.removeAll());

/** `{"rules":` then 20,000 `[` and as many `]`, then `}`: level 1 is the `{` at column 1, level 2 the first `[` at column 10, so level 101 opens at column 109. */
const deepJson = `{"rules":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;

describe('archlint’s own JSON files nested too deep', () => {
  it('a configuration: one located error, exit 2', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'deep.json'), deepJson);
    writeFileSync(path.join(dir, 'a.arch'), 'service a\n');
    const run = archlint(['check', 'a.arch', '--config', 'deep.json', '--format', 'compact'], { cwd: dir });
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `${path.join(dir, 'deep.json')}: line 1, col 109, Error - the configuration nests objects and lists more than 100 levels deep; this bracket opens level 101 (config)`,
    );
  });

  it('a baseline: one located error, exit 2', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'deep.json'), deepJson);
    writeFileSync(path.join(dir, 'a.arch'), 'service a\n');
    const run = archlint(['check', 'a.arch', '--baseline', 'deep.json', '--format', 'compact'], { cwd: dir });
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `${path.join(dir, 'deep.json')}: line 1, col 109, Error - the baseline nests objects and lists more than 100 levels deep; this bracket opens level 101 (baseline)`,
    );
  });

  // `{"x":` is five characters, so the n-th `{` is at column 5(n − 1) + 1.
  const nested = (levels: number) => `${'{"x":'.repeat(levels)}1${'}'.repeat(levels)}`;

  it('100 levels are still read', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'ok.json'), nested(100));
    writeFileSync(path.join(dir, 'a.arch'), 'service a\n');
    const run = archlint(['check', 'a.arch', '--config', 'ok.json', '--format', 'compact'], { cwd: dir });
    expect(run.code).toBe(2);
    // Read, so the schema speaks (about the unknown key `x`, at column 2), not the depth check.
    expect(run.stdout.trim().split('\n')).toEqual([`${path.join(dir, 'ok.json')}: line 1, col 2, Error - unknown setting: \`x\` (config)`, '', '1 problem']);
  });

  it('101 levels: the error is at the 101st bracket, column 501', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'deep.json'), nested(101));
    writeFileSync(path.join(dir, 'a.arch'), 'service a\n');
    const run = archlint(['check', 'a.arch', '--config', 'deep.json', '--format', 'compact'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      `${path.join(dir, 'deep.json')}: line 1, col 501, Error - the configuration nests objects and lists more than 100 levels deep`,
    );
  });

  it('broken JSON is one error, at the place the parser stopped', () => {
    const dir = temp.make();
    // Line 4 column 5 is the `"` of "x": the comma after `"off"` is missing.
    writeFileSync(path.join(dir, 'broken.json'), '{\n  "rules": {\n    "spof": "off"\n    "x": 1\n  }\n}\n');
    writeFileSync(path.join(dir, 'a.arch'), 'service a\n');
    const run = archlint(['check', 'a.arch', '--config', 'broken.json', '--format', 'compact'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${path.join(dir, 'broken.json')}: line 4, col 5, Error - the configuration is not valid JSON: comma expected (config)`,
      '',
      '1 problem',
    ]);
  });
});

describe('a chain of 5,000 imports', () => {
  const chain = (n: number, last: string) => {
    const dir = temp.make();
    for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `c${i}.arch`), `${i + 1 < n ? `import "./c${i + 1}.arch"\n` : last}service s${i}\n`);
    return dir;
  };

  it('is read file by file, in order', () => {
    const dir = chain(5_000, '');
    const run = archlint(['check', 'c0.arch', '--format', 'json'], { cwd: dir });
    expect(run.stderr).not.toMatch(stackTrace);
    const files = (JSON.parse(run.stdout) as { files: { file: string }[] }).files.map((f) => f.file);
    expect(files).toHaveLength(5_000);
    expect(files.slice(0, 2)).toEqual(['c0.arch', 'c1.arch']);
    expect(files.at(-1)).toBe('c4999.arch');
  });

  it('that closes a cycle at its end names the import that closes it', () => {
    const dir = chain(5_000, 'import "./c0.arch"\n');
    const run = archlint(['check', 'c0.arch', '--format', 'compact'], { cwd: dir });
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(2);
    // The import is the first line of c4999.arch; its path starts at column 8. The cycle has 5,001
    // steps (c0 … c4999, then c0 again): the first five and the last five are named, 4,991 counted.
    expect(run.stdout.trim().split('\n')).toEqual([
      `${path.join(dir, 'c4999.arch')}: line 1, col 8, Error - import cycle: c0.arch → c1.arch → c2.arch → c3.arch → c4.arch → … (4,991 more) → c4996.arch → c4997.arch → c4998.arch → c4999.arch → c0.arch (import)`,
      '',
      '1 problem',
    ]);
  });
});

describe('150,000 findings in one file', () => {
  const file = 'big.arch';
  const diagnostics: Diagnostic[] = Array.from({ length: 150_000 }, (_, i) => ({
    ruleId: 'spof',
    severity: 'error',
    message: `\`s${i}\` is a single point of failure`,
    file,
    span: { start: { line: i + 1, column: 1, offset: 0 }, end: { line: i + 1, column: 9, offset: 0 } },
    component: `s${i}`,
  }));
  const files: FileReport[] = [{ file, diagnostics }];
  const report = { files, summary: summarize(files) };

  it.each(['stylish', 'compact', 'json', 'sarif', 'github', 'gitlab', 'junit', 'markdown'])('%s formats them', (format) => {
    const out = reporters.get(format)!(report, { cwd: '/project', color: false });
    // Every format names the last finding's component, except markdown, which keeps to a comment's size.
    if (format === 'markdown') expect(out).toContain('❌ 150,000 problems (150,000 errors, 0 warnings) in 1 file.');
    else expect(out).toContain('s149999');
  });
});

/** `archlint <args>` in `dir` after writing `files` there. */
function runIn(files: Record<string, string>, args: string[]) {
  const dir = temp.make();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, ...archlint(args, { cwd: dir }) };
}

describe('crashes the fuzzer found, each once', () => {
  it('an edge `rps` into DNS, which takes no time to answer: its tier waits for nothing', () => {
    // DNS's service time is 0 ms (eval --print-defaults: answers are cached on the way), so the
    // tier's p99 is 0; the edge sends it 1,000,000 requests per second. It threw "serviceMean must
    // be finite and > 0".
    const run = runIn({ 'm.arch': 'dns names\ngateway api\napi -> names { rps: 1000k }\n' }, ['eval', 'm.arch', '--format', 'json']);
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(0);
    const tiers = (JSON.parse(run.stdout) as { tiers: { component: string; rps: number; p99_ms: number; saturated: boolean }[] }).tiers;
    expect(tiers.map((t) => [t.component, t.rps, t.p99_ms, t.saturated])).toEqual([['names', 1_000_000, 0, false]]);
  });

  it('a million instances behind a load balancer: simulated at the cost of a few', () => {
    // The simulation gives each instance behind a load balancer its own queue, and grouped the
    // million queues by copying a list per queue (10¹² copies: it never finished); vitest's time
    // limit on a test is what fails here if that comes back.
    const model =
      'workload { rps: 100 }\nclient users { share: 100% }\nlb edge { replicas: 2 }\nservice web { replicas: 1000000, concurrency: 1 }\nusers -> edge -> web\n';
    const run = runIn({ 'm.arch': model }, ['eval', 'm.arch', '--simulate', '--requests', '300', '--format', 'json']);
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(0);
    const tiers = (JSON.parse(run.stdout) as { tiers: { component: string; servers: number; wait_ms: number }[] }).tiers;
    // A million servers (one request at a time each) for 100 requests per second: no request waits.
    expect(tiers.find((t) => t.component === 'web')).toMatchObject({ servers: 1_000_000, wait_ms: 0 });
  });

  it('init into a path under a file: a message before anything is printed, exit 2', () => {
    const run = runIn({ 'main.arch': 'service a\n' }, ['init', 'main.arch/sub']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('archlint: cannot set up main.arch/sub: a parent is not a directory\n');
  });

  it('an argument with a NUL character, which no path can hold: said for every command, exit 2', async () => {
    // Through the command line's own entry (a shell cannot pass a NUL byte to a process).
    const { run } = await import('../src/cli/main.js');
    for (const argv of [
      ['init', 'a\0b'],
      ['check', 'x.arch\0'],
      ['render', 'm.arch', '--focus', '\0'],
    ]) {
      let stderr = '';
      const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) }, cwd: temp.make(), env: {} };
      expect(await run(argv, io)).toBe(2);
      const index = argv.findIndex((a) => a.includes('\0')) + 1;
      expect(stderr).toBe(`archlint: argument ${index} (${JSON.stringify(argv[index - 1])}) contains a NUL character, which no file name or value can hold\n`);
    }
  });
});
