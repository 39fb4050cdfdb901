/**
 * The TextMate grammar against the Chevrotain lexer and parser, token by token, on every example
 * file (see test/textmate.ts): both must read the same tokens, and each word must get the scope its
 * place in the parser's syntax tree calls for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lexer, type IToken } from '../grammar/chevrotain.js';
import { parseArch, type AttributeBlock, type Statement, type Value } from '../grammar/index.js';
import { allTokens, keywordTokens } from '../grammar/tokens.js';
import { units } from '../grammar/units.js';
import { kinds } from '../src/model/schema.js';
import { root } from './cli-run.js';
import { allAttributeNames, allEnumValues, isKeywordish, tokenize } from './textmate.js';

const exampleFiles = (function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : name.endsWith('.arch') ? [full] : [];
    });
})(`${root}examples`);

const lexer = new Lexer([...allTokens], { positionTracking: 'onlyStart', ensureOptimizations: false });
const keywordTypes = new Set(keywordTokens.map((t) => t.name));
const knownAttributes = new Set(allAttributeNames);
const knownEnumValues = new Set(allEnumValues);

/** What the parser made of each name token, as the scope the grammar should give it, by offset. */
function expectedNameScopes(statements: readonly Statement[]): Map<number, string> {
  const out = new Map<number, string>();
  const value = (v: Value) => {
    if (v.type === 'word') {
      out.set(
        v.span.start.offset,
        v.value === 'true' || v.value === 'false'
          ? 'constant.language.boolean.arch'
          : knownEnumValues.has(v.value)
            ? 'variable.other.enummember.arch'
            : 'variable.other.value.arch',
      );
    } else if (v.type === 'list') v.items.forEach(value);
  };
  const block = (b: AttributeBlock | undefined) => {
    for (const a of b?.attributes ?? []) {
      out.set(a.nameSpan.start.offset, knownAttributes.has(a.name) ? 'variable.other.property.arch' : 'variable.other.unknown-attribute.arch');
      value(a.value);
    }
  };
  const visit = (s: Statement) => {
    switch (s.type) {
      case 'title':
        out.set(s.span.start.offset, 'keyword.control.architecture.arch');
        break;
      case 'import':
        out.set(s.span.start.offset, 'keyword.control.import.arch');
        break;
      case 'settings':
        out.set(s.keywordSpan.start.offset, `keyword.control.${s.block}.arch`);
        block(s.attributes);
        break;
      case 'region':
        out.set(s.span.start.offset, 'keyword.control.region.arch');
        out.set(s.nameSpan.start.offset, 'entity.name.namespace.region.arch');
        s.body.forEach(visit);
        break;
      case 'component':
        out.set(s.kindSpan.start.offset, (kinds as readonly string[]).includes(s.kind) ? 'storage.type.kind.arch' : 'variable.other.unknown-kind.arch');
        out.set(s.nameSpan.start.offset, 'entity.name.type.component.arch');
        block(s.attributes);
        break;
      case 'edge':
        for (const e of s.ends) out.set(e.span.start.offset, 'variable.other.component.arch');
        block(s.attributes);
        break;
    }
  };
  statements.forEach(visit);
  return out;
}

const punctuation: Record<string, string> = {
  Arrow: 'keyword.operator.arrow.arch',
  DotDot: 'keyword.operator.range.arch',
  LCurly: 'punctuation.section.block.begin.arch',
  RCurly: 'punctuation.section.block.end.arch',
  LBracket: 'punctuation.section.brackets.begin.arch',
  RBracket: 'punctuation.section.brackets.end.arch',
  Colon: 'punctuation.separator.key-value.arch',
  Comma: 'punctuation.separator.comma.arch',
  Semicolon: 'punctuation.separator.semicolon.arch',
};

interface CrossCheck {
  /** Keyword tokens of the lexer that the parser read as keywords, and as names. */
  keywords: number;
  keywordsAsNames: number;
  tokens: number;
}

/**
 * Tokenises `text` with both tokenisers and checks that they agree: every Chevrotain token starts
 * and ends a TextMate token and has the scope its class (and, for words, its place in the syntax
 * tree) calls for; comments are comments throughout; nothing is invalid; and the TextMate grammar
 * sees no token where the lexer sees only white space.
 */
function crossCheck(text: string, where: string): CrossCheck {
  const { ast, problems } = parseArch(text);
  expect(problems, where).toEqual([]);
  const lexed = lexer.tokenize(text);
  expect(lexed.errors, where).toEqual([]);
  const tm = tokenize(text);
  const invalid = tm.filter((t) => t.scopes.some((s) => s.startsWith('invalid')));
  expect(invalid, where).toEqual([]);

  const starts = new Map(tm.map((t) => [t.offset, t]));
  const ends = new Set(tm.map((t) => t.end));
  const names = expectedNameScopes(ast.statements);
  const covered: [number, number][] = [];
  const stats: CrossCheck = { keywords: 0, keywordsAsNames: 0, tokens: 0 };
  const at = (token: IToken) => {
    const t = starts.get(token.startOffset);
    const place = `${where}:${token.startLine}:${token.startColumn} ${JSON.stringify(token.image)}`;
    expect(t, `${place}: no TextMate token starts here`).toBeDefined();
    expect(ends.has(token.startOffset + token.image.length), `${place}: no TextMate token ends with it`).toBe(true);
    return { t: t!, place, inner: t!.scopes[t!.scopes.length - 1] ?? '' };
  };

  for (const token of lexed.tokens) {
    stats.tokens++;
    covered.push([token.startOffset, token.startOffset + token.image.length]);
    const { t, place, inner } = at(token);
    const type = token.tokenType.name;
    if (type === 'Identifier' || keywordTypes.has(type)) {
      const expected = names.get(token.startOffset);
      expect(expected, `${place}: the parser gives this word no place`).toBeDefined();
      expect(inner, place).toBe(expected);
      if (keywordTypes.has(type)) {
        // A soft keyword: keyword-ish exactly where the parser reads it as a keyword.
        const asKeyword = expected!.startsWith('keyword.control.');
        if (asKeyword) stats.keywords++;
        else stats.keywordsAsNames++;
        expect(isKeywordish(inner), place).toBe(asKeyword);
      }
    } else if (type === 'StringLiteral') {
      expect(t.scopes, place).toContain('string.quoted.double.arch');
      expect(inner, place).toBe('punctuation.definition.string.begin.arch');
    } else if (type === 'NumberLiteral') {
      const number = /^-?\d+(?:\.\d+)?/.exec(token.image)![0];
      const unit = token.image.slice(number.length);
      const quantity = unit === '' ? undefined : units.get(unit)?.quantity;
      expect(t.text, place).toBe(number);
      expect(inner, place).toBe(quantity ? `constant.numeric.${quantity}.arch` : 'constant.numeric.arch');
      if (unit !== '') {
        const u = starts.get(token.startOffset + number.length);
        expect(u?.text, place).toBe(unit);
        expect(u?.scopes.at(-1), place).toBe(`keyword.other.unit.${quantity}.arch`);
      }
    } else {
      expect(punctuation[type], `${place}: a token type this test does not know`).toBeDefined();
      expect(inner, place).toBe(punctuation[type]);
    }
  }
  for (const comment of lexed.groups.comments ?? []) {
    const start = comment.startOffset;
    const end = start + comment.image.length;
    covered.push([start, end]);
    const { place } = at(comment);
    for (const t of tm.filter((x) => x.offset >= start && x.offset < end)) {
      expect(
        t.scopes.some((s) => s.startsWith('comment.')),
        `${place}: ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`,
      ).toBe(true);
    }
  }
  // Outside the lexer's tokens there is only white space, and TextMate gives it no token scope.
  for (const t of tm) {
    if (covered.some(([s, e]) => t.offset >= s && t.end <= e)) continue;
    expect(t.text.trim(), `${where}:${t.line} ${JSON.stringify(t.text)} is outside every lexer token`).toBe('');
    expect(
      t.scopes.filter((s) => !s.startsWith('meta.')),
      `${where}:${t.line} white space`,
    ).toEqual([]);
  }
  return stats;
}

describe('TextMate grammar against the Chevrotain lexer and parser', () => {
  it('finds the example files', () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(exampleFiles.map((f) => [path.relative(root, f), f]))('%s: same tokens, nothing invalid', (name, file) => {
    const stats = crossCheck(readFileSync(file, 'utf8'), name);
    expect(stats.tokens).toBeGreaterThan(20);
  });

  it('CRLF line ends read the same', () => {
    const text = readFileSync(`${root}examples/photo-sharing.arch`, 'utf8');
    expect(text).not.toContain('\r');
    expect(crossCheck(text.replace(/\n/g, '\r\n'), 'photo-sharing.arch with CRLF')).toEqual(crossCheck(text, 'photo-sharing.arch'));
  });

  it('the examples use soft keywords both as keywords and as names', () => {
    let keywords = 0;
    let keywordsAsNames = 0;
    for (const file of exampleFiles) {
      const s = crossCheck(readFileSync(file, 'utf8'), file);
      keywords += s.keywords;
      keywordsAsNames += s.keywordsAsNames;
    }
    expect(keywords).toBeGreaterThan(10);
    // `routing: latency` in examples/missing-cdn.
    expect(keywordsAsNames).toBeGreaterThan(0);
  });

  it('a file with every construct, soft keywords in every name position, and suppressions', () => {
    const text = [
      '# archlint-disable missing-observability -- a sketch',
      'architecture "The \\"everything\\" model\\n"',
      'import "common/ops.arch"',
      'workload { rps: 20k, read_ratio: 90%; dau: 1.5M }',
      'budget {',
      '  read_p99: 200ms',
      '  availability: 99.95%',
      '}',
      'latency { datacenter_round_trip: 0.5ms, ssd_random_read: 150µs, service_capacity: 1k }',
      'dns dns { routing: latency }',
      'cache cache { replicas: 2, ttl: 30m, memory: 64GB, eviction: lru }',
      'service region "Region #1" { latency: 2ms, autoscale: 2 .. 2k, sessions: cache, tags: [a, "b", [c]], public: false }',
      'storage import',
      'client workload',
      '/* archlint-disable-next-line spof,',
      '   missing-cdn */',
      'region us-east "US\\\\East" {',
      '  lb budget { replicas: 2, sticky }',
      '  redis architecture',
      '  workload -> budget -> region { reads; latency: 1ms, label: "x" } // a comment',
      '}',
      'region eu { }',
      'workload -> dns',
      'workload->import',
      'region -> cache { replication: async }',
      '',
    ].join('\n');
    const stats = crossCheck(text, 'everything.arch');
    expect(stats.keywords).toBe(7);
    expect(stats.keywordsAsNames).toBe(15);
  });
});
