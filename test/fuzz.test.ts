/**
 * Property tests: no input, however broken, makes the compiler throw. Random bytes and random
 * sequences of the language's own tokens (which reach deeper into the parser and the meaning
 * checks than bytes do) go through the whole pipeline.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzOne } from '../bench/fuzz/stages.js';
import { TAPE_LENGTH, Tape, seededTape } from '../bench/fuzz/tape.js';
import type { RegionStatement } from '../grammar/ast.js';
import { parseArch } from '../grammar/index.js';
import { reporters, summarize } from '../src/report/index.js';
import { check } from './helpers.js';
import { tempDirs } from './temp.js';

const pieces = [
  'service',
  'client',
  'lb',
  'database',
  'cache',
  'cdn',
  'dns',
  'queue',
  'worker',
  'storage',
  'monitoring',
  'region',
  'workload',
  'budget',
  'latency',
  'architecture',
  'import',
  'web',
  'db',
  'users',
  'edge',
  'us-east',
  '__proto__',
  'constructor',
  'replicas',
  'share',
  'sessions',
  'local',
  'sticky',
  'shards',
  'shard_key',
  'sharding',
  'range',
  'hash',
  'ttl',
  'managed',
  'rps',
  'read_ratio',
  'static_ratio',
  'reads',
  'writes',
  'static',
  'async',
  'replication',
  'label',
  'true',
  'false',
  '->',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  ';',
  '..',
  '\n',
  ' ',
  '"a"',
  '"x\\"y"',
  '"open',
  '3',
  '-1',
  '0',
  '20k',
  '1.5M',
  '90%',
  '120%',
  '30m',
  '0.5ms',
  '64KB',
  '2..20',
  '20..2',
  '1e999',
  '# archlint-disable spof',
  '# archlint-disable-next-line',
  '/*',
  '*/',
  '//',
  '@',
  '\u0000',
  '\ufeff',
];

function runAll(text: string): void {
  const parsed = parseArch(text);
  for (const p of parsed.problems) {
    expect(p.span.start.line).toBeGreaterThanOrEqual(1);
    expect(p.span.start.column).toBeGreaterThanOrEqual(1);
    expect(p.message.length).toBeGreaterThan(0);
  }
  const result = check(text);
  for (const d of result.diagnostics) {
    expect(Number.isInteger(d.span.start.line) && d.span.start.line >= 1).toBe(true);
    expect(Number.isInteger(d.span.start.column) && d.span.start.column >= 1).toBe(true);
    expect(d.span.end.offset).toBeGreaterThanOrEqual(d.span.start.offset);
  }
  expect(result.status).not.toBe('crashed');
  const files = [{ file: 'main.arch', diagnostics: result.diagnostics }];
  for (const reporter of reporters.values()) reporter({ files, summary: summarize(files) }, { cwd: '/', color: true });
}

describe('the compiler never throws', () => {
  it('on random bytes (decoded as UTF-8, as files are)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => runAll(Buffer.from(bytes).toString('utf8'))),
      { numRuns: 400, seed: 20261122 },
    );
  });

  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), runAll), { numRuns: 300, seed: 7 });
  });

  it('on random sequences of tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 120 }), fc.array(fc.constantFrom(' ', '\n', ''), { maxLength: 120 }), (tokens, gaps) => {
        runAll(tokens.map((t, i) => t + (gaps[i] ?? ' ')).join(''));
      }),
      { numRuns: 1500, seed: 42 },
    );
  });

  it("on thousands of errors in a row, where the parser's recovery would exhaust the stack", () => {
    // `a 1` pairs: each is an attribute `a` followed by a number where a separator or `}` belongs.
    for (const text of ['service x {' + ' a 1'.repeat(2000), 'service x {' + ' a 1'.repeat(5000) + ' }\nservice y']) {
      runAll(text);
      expect(parseArch(text).problems[0]).toEqual({
        message: 'expected `}` but found `1`',
        span: { start: { line: 1, column: 15, offset: 14 }, end: { line: 1, column: 16, offset: 15 } },
      });
    }
  });

  it('on blocks and lists nested far deeper than any model, which would exhaust the stack', () => {
    // 600 regions, each inside the one before, around one service: valid but absurd. Levels 1 to
    // 100 are read; the 101st region's block (line 101, after `region r100 `) is left out, with
    // one located error, and nothing throws.
    const depth = 600;
    const deep = Array.from({ length: depth }, (_, i) => `region r${i + 1} {\n`).join('') + 'service web\n' + '}\n'.repeat(depth);
    runAll(deep);
    const { ast, problems } = parseArch(deep);
    const column = 'region r101 '.length + 1;
    expect(problems).toEqual([
      {
        message: 'nesting too deep: this block opens level 101, and archlint reads at most 100 levels of nested blocks and lists; what it holds was not read',
        span: {
          start: { line: 101, column, offset: deep.indexOf('region r101 {') + column - 1 },
          end: { line: 101, column: column + 1, offset: deep.indexOf('region r101 {') + column },
        },
      },
    ]);
    // What is read is the 100 regions, one inside the other; the innermost holds what is left of
    // the 101st, `region r101` without its block.
    let statements = ast.statements;
    for (let level = 1; level <= 100; level++) {
      expect(statements.map((st) => [st.type, (st as RegionStatement).name])).toEqual([['region', `r${level}`]]);
      statements = (statements[0] as RegionStatement).body;
    }
    expect(statements.map((st) => [st.type, (st as RegionStatement).name])).toEqual([['component', 'r101']]);
    // Exactly at the limit: no problem at all.
    const hundred = Array.from({ length: 98 }, (_, i) => `region r${i} {\n`).join('') + 'service web { tags: [a] }\n' + '}\n'.repeat(98);
    expect(parseArch(hundred).problems).toEqual([]);
    // Broken nesting, never closed, in blocks and lists: located errors, nothing thrown.
    for (const text of ['region r { service s {\n'.repeat(1000), 'service s { a: ['.repeat(2000), '{ ['.repeat(3000)]) {
      runAll(text);
      expect(parseArch(text).problems.filter((p) => p.message.startsWith('nesting too deep'))).toHaveLength(1);
    }
  });

  it('on mutations of a valid model', () => {
    const base =
      'client users { share: 100% }\nlb edge { replicas: 2 }\nservice web { replicas: 2, sessions: store }\ncache store { ttl: 1m }\ndatabase db { shards: 2, shard_key: id }\nusers -> edge -> web -> db { reads }\nweb -> store\n';
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), fc.constantFrom(...pieces), (at, length, insert) => {
        runAll(base.slice(0, at) + insert + base.slice(at + (length % 12)));
      }),
      { numRuns: 1500, seed: 99 },
    );
  });
});

describe('the fuzz harness (npm run fuzz), a fixed-seed run', () => {
  const temp = tempDirs('fuzz');
  afterAll(() => temp.removeAll());

  // Models from the language's tables (mostly valid, so they reach the rules, the evaluator and the
  // diagram), mutated now and then, under generated configurations and baselines, and command
  // lines in a scratch directory: every stage, nothing thrown but usage errors, every position a
  // position. fast-check draws the tapes and, on a failure, shrinks the tape and the input with it.
  it('on tapes drawn by fast-check', async () => {
    const scratch = temp.make();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: TAPE_LENGTH, size: 'max' }), async (values) => {
        await fuzzOne(new Tape(values), scratch);
      }),
      { numRuns: 1500, seed: 20261204 },
    );
  });

  it('on the first inputs of the long run (seed 1), as npm run fuzz makes them', async () => {
    const scratch = temp.make();
    for (let i = 0; i < 1000; i++) await fuzzOne(seededTape(1 + i, TAPE_LENGTH), scratch);
  });
});
