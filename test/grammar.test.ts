import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ComponentStatement, EdgeStatement, NumberValue, RegionStatement, SettingsStatement } from '../grammar/ast.js';
import { parseArch } from '../grammar/index.js';
import { builtinRegistry } from '../src/config/registry.js';
import { check } from './helpers.js';

/**
 * The language contract lives in the workspace's shared/LANGUAGE.md; a copy is committed in
 * docs/contract/ so that a clone on its own can run the tests. Where both exist they must agree.
 */
const sharedContract = new URL('../../shared/LANGUAGE.md', import.meta.url);
const committedContract = new URL('../docs/contract/LANGUAGE.md', import.meta.url);
const languageDoc = readFileSync(committedContract, 'utf8');
const archBlocks = [...languageDoc.matchAll(/```arch\n([\s\S]*?)```/g)].map((m) => m[1]!);

function only<T>(text: string, type: string): T {
  const { ast, problems } = parseArch(text);
  expect(problems).toEqual([]);
  const found = ast.statements.filter((s) => s.type === type);
  expect(found).toHaveLength(1);
  return found[0] as T;
}

function value(text: string) {
  const c = only<ComponentStatement>(`service s { x: ${text} }`, 'component');
  return c.attributes!.attributes[0]!.value;
}

describe('the examples of LANGUAGE.md', () => {
  it('the committed copy of the contract is current', () => {
    expect(languageDoc.startsWith('# The archlint language — reference v0\n')).toBe(true);
    // Where shared/ is beside the project (in the workspace, and in CI), the copy is the original byte for byte.
    if (existsSync(sharedContract)) expect(languageDoc).toBe(readFileSync(sharedContract, 'utf8'));
  });

  it('has examples to check', () => expect(archBlocks.length).toBeGreaterThan(0));
  it.each(archBlocks.map((b, i) => [i + 1, b] as const))('example %i parses without problems', (_, block) => {
    expect(parseArch(block).problems).toEqual([]);
  });
  it('the §1 system has every statement it shows', () => {
    const { ast } = parseArch(archBlocks[0]!);
    const counts: Record<string, number> = {};
    for (const s of ast.statements) counts[s.type] = (counts[s.type] ?? 0) + 1;
    expect(counts).toEqual({ title: 1, settings: 2, component: 4, region: 2, edge: 19 });
  });

  it("the §1 system checks clean but for the west's writes to a one-way replica", () => {
    // The contract's system replicates `users_db -> users_db_w { replication: async }` one way,
    // yet `web_w` writes to `users_db_w` (line 54): the west's writes are overwritten by the
    // east's changes or rejected. That is replication-direction's case, and true; the contract is
    // not ours to edit, so examples/photo-sharing.arch (what `archlint init` copies) is the same
    // system with the west's writes sent to the primary and backups written.
    const recommended = builtinRegistry.all().filter((r) => r.meta.recommended !== false);
    const result = check(archBlocks[0]!, { rules: recommended });
    expect(result.diagnostics.map((d) => `${d.ruleId}@${d.span.start.line}`)).toEqual(['replication-direction@54']);
    expect(result.diagnostics[0]!.message).toContain('`web_w` writes to `users_db_w`, but `users_db_w` only receives replication from `users_db`');
  });
});

describe('lexical rules', () => {
  it('ignores a leading byte-order mark and keeps columns as editors count them', () => {
    const c = only<ComponentStatement>('\ufeffservice web', 'component');
    expect(c.kindSpan.start).toEqual({ line: 1, column: 1, offset: 0 });
    expect(c.nameSpan.start.column).toBe(9);
  });

  it('accepts CRLF line ends and counts lines across them', () => {
    const { ast, problems } = parseArch('service a\r\nservice b\r\n\r\ndatabase c\r\n');
    expect(problems).toEqual([]);
    expect(ast.statements.map((s) => s.span.start.line)).toEqual([1, 2, 4]);
    expect((ast.statements[2] as ComponentStatement).nameSpan.start.column).toBe(10);
  });

  it('reads #, // and block comments, keeping their text for suppressions', () => {
    const { ast, problems } = parseArch('# one\nservice a // two\n/* three\n four */ service b');
    expect(problems).toEqual([]);
    expect(ast.comments.map((c) => c.text)).toEqual([' one', ' two', ' three\n four ']);
    expect(ast.statements).toHaveLength(2);
    expect(ast.statements[1]!.span.start).toEqual({ line: 4, column: 10, offset: 41 });
  });

  it('splits a->b into a name, an arrow and a name, and keeps inner hyphens in names', () => {
    const e = only<EdgeStatement>('us-east->edge-2', 'edge');
    expect(e.ends.map((x) => x.name)).toEqual(['us-east', 'edge-2']);
  });

  it('decodes the string escapes', () => {
    const c = only<ComponentStatement>('service web "say \\"hi\\"\\\\ \\n done"', 'component');
    expect(c.label).toBe('say "hi"\\ \n done');
  });

  it.each([
    ['42', 42, 'plain'],
    ['1.5', 1.5, 'plain'],
    ['-1', -1, 'plain'],
    ['20k', 20_000, 'count'],
    ['1.5M', 1_500_000, 'count'],
    ['2B', 2e9, 'count'],
    ['90%', 90, 'percent'],
    ['99.95%', 99.95, 'percent'],
    ['100ns', 100e-6, 'duration'],
    ['150us', 0.15, 'duration'],
    ['150µs', 0.15, 'duration'],
    ['150μs', 0.15, 'duration'],
    ['0.5ms', 0.5, 'duration'],
    ['2s', 2000, 'duration'],
    ['30m', 1_800_000, 'duration'],
    ['1h', 3_600_000, 'duration'],
    ['1d', 86_400_000, 'duration'],
    ['64KB', 65_536, 'size'],
    ['2GB', 2 * 1024 ** 3, 'size'],
  ])('reads %s as %d (%s)', (text, expected, quantity) => {
    const v = value(text) as NumberValue;
    expect(v.type).toBe('number');
    expect(v.value).toBeCloseTo(expected, 9);
    expect(v.quantity).toBe(quantity);
  });

  it('reads ranges, lists, words, strings and booleans', () => {
    expect(value('2..20')).toMatchObject({ type: 'range', low: { value: 2 }, high: { value: 20 } });
    expect(value('[a, "b c", 3,]')).toMatchObject({
      type: 'list',
      items: [
        { type: 'word', value: 'a' },
        { type: 'string', value: 'b c' },
        { type: 'number', value: 3 },
      ],
    });
    expect(value('[]')).toMatchObject({ type: 'list', items: [] });
    expect(value('primary-replica')).toMatchObject({ type: 'word', value: 'primary-replica' });
    expect(value('true')).toMatchObject({ type: 'word', value: 'true' });
  });

  it('reads a bare attribute as a flag and accepts commas, semicolons and line breaks as separators', () => {
    const c = only<ComponentStatement>('monitoring ops { logging; metrics,\n alerting\n automation }', 'component');
    expect(c.attributes!.attributes.map((a) => [a.name, a.value.type])).toEqual([
      ['logging', 'flag'],
      ['metrics', 'flag'],
      ['alerting', 'flag'],
      ['automation', 'flag'],
    ]);
  });

  it('does not reserve kind names or statement words', () => {
    const { ast, problems } = parseArch(
      'dns dns { routing: geo }\ncache cache\nclient users\nusers -> dns\nusers -> region\nservice workload\nworkload { rps: 1k }\nregion latency { service budget }',
    );
    expect(problems).toEqual([]);
    expect(ast.statements.map((s) => s.type)).toEqual(['component', 'component', 'component', 'edge', 'edge', 'component', 'settings', 'region']);
    expect(ast.statements[0] as ComponentStatement).toMatchObject({ kind: 'dns', name: 'dns' });
    expect((ast.statements[4] as EdgeStatement).ends.map((e) => e.name)).toEqual(['users', 'region']);
    expect((ast.statements[7] as RegionStatement).body[0]).toMatchObject({ kind: 'service', name: 'budget' });
  });

  it('treats keywords as case-sensitive: Workload is a name', () => {
    const { problems } = parseArch('Workload { rps: 1k }');
    expect(problems.map((p) => p.message)).toEqual([
      'unexpected `Workload` (did you mean `workload`?): expected a statement: a component (`service web { … }`), an edge (`a -> b`), a region, `import`, `architecture`, or a `workload`, `budget` or `latency` block',
    ]);
  });
});

describe('spans', () => {
  it('are 1-based with an exclusive end', () => {
    const c = only<ComponentStatement>('  service web { replicas: 3 }', 'component');
    expect(c.kindSpan).toEqual({ start: { line: 1, column: 3, offset: 2 }, end: { line: 1, column: 10, offset: 9 } });
    expect(c.nameSpan).toEqual({ start: { line: 1, column: 11, offset: 10 }, end: { line: 1, column: 14, offset: 13 } });
    const attr = c.attributes!.attributes[0]!;
    expect(attr.nameSpan.start.column).toBe(17);
    expect(attr.value.span).toEqual({ start: { line: 1, column: 27, offset: 26 }, end: { line: 1, column: 28, offset: 27 } });
    expect(c.span.end.column).toBe(30);
  });

  it('cover a whole multi-line statement', () => {
    const s = only<SettingsStatement>('workload {\n  rps: 1k\n}\n', 'settings');
    expect(s.span).toEqual({ start: { line: 1, column: 1, offset: 0 }, end: { line: 3, column: 2, offset: 22 } });
  });
});

describe('syntax errors', () => {
  it('are reported several per run, each with its own location', () => {
    const { problems } = parseArch('service web {\n  replicas 3 x: 1\n}\nservice db { a: [1, 2 3], b: 1 c: 2 }\nfoo bar baz -> \n');
    expect(problems.map((p) => [p.span.start.line, p.span.start.column, p.message])).toEqual([
      [2, 12, 'expected `}` but found `3`'],
      [4, 23, 'expected `]` but found `3`'],
      [4, 32, 'put a comma, a semicolon or a line break between `b` and `c`'],
      [5, 15, 'expected a name but found the end of the file'],
    ]);
  });

  it('anchors an error at the end of the file just after the last token', () => {
    const { problems } = parseArch('region r {\n  service web\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe('expected `}` but found the end of the file');
    expect(problems[0]!.span.start).toEqual({ line: 2, column: 14, offset: 24 });
  });

  it('reports an unterminated string and an unterminated block comment', () => {
    expect(parseArch('service web "abc\nservice db').problems.map((p) => [p.message, p.span.start.line, p.span.start.column])).toEqual([
      ['this string is not closed: add a `"` before the end of the line', 1, 13],
    ]);
    expect(parseArch('service web /* no end\n\n').problems.map((p) => p.message)).toEqual(['this comment is not closed: add `*/`']);
  });

  it('reports unknown escapes and unknown units with what was meant', () => {
    expect(parseArch('service web "a\\tb"').problems.map((p) => [p.message, p.span.start.column])).toEqual([
      ['unknown escape `\\t` in a string: the escapes are `\\"`, `\\\\` and `\\n`', 15],
    ]);
    expect(parseArch('cache c { memory: 64kb, ttl: 10min, x: 5qq }').problems.map((p) => p.message)).toEqual([
      'unknown unit `kb` in `64kb`; did you mean `64KB`?',
      'unknown unit `min` in `10min`; did you mean `10m`?',
      'unknown unit `qq` in `5qq`: units are k, M, B (counts), %, ns, us (or µs), ms, s, m, h, d (durations) and KB, MB, GB, TB (sizes)',
    ]);
  });

  it('reports unexpected characters', () => {
    const { problems } = parseArch('service web\n@@ service db');
    expect(problems.map((p) => [p.message, p.span.start.line, p.span.start.column])).toEqual([['unexpected characters `@@`', 2, 1]]);
  });

  it('a range needs two numbers', () => {
    expect(parseArch('service web { autoscale: 2.. }').problems.map((p) => p.message)).toEqual(['expected a number but found `}`']);
  });
});
