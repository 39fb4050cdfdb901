/** The TextMate grammar on every word of the lexer's and the schema's vocabulary (see test/textmate.ts). */
import { describe, expect, it } from 'vitest';
import { keywordTokens, statementWords } from '../grammar/tokens.js';
import { units } from '../grammar/units.js';
import { kindAliases, kinds, settingsAttributes } from '../src/model/schema.js';
import { allAttributeNames, allEnumValues, line, scopeOf } from './textmate.js';

// These read the committed grammar file: a word added to the lexer or the schema without
// regenerating it fails here (as well as in test/generated.test.ts).
describe("TextMate grammar: the lexer's and the schema's vocabulary", () => {
  it.each(statementWords)('statement word `%s` is a keyword where it starts a statement', (word) => {
    const source = word === 'region' ? 'region r { }' : Object.keys(settingsAttributes).includes(word) ? `${word} { }` : `${word} "x"`;
    expect(scopeOf(source, word)).toBe(`keyword.control.${word}.arch`);
    // ... and a name elsewhere.
    expect(scopeOf(`a -> ${word}`, word)).toBe('variable.other.component.arch');
    expect(scopeOf(`service ${word}`, word)).toBe('entity.name.type.component.arch');
  });

  it('the lexer has the statement words this test knows', () => {
    expect(keywordTokens.length).toBe(statementWords.length);
    expect([...statementWords].sort()).toEqual(['architecture', 'budget', 'import', 'latency', 'region', 'workload']);
  });

  it('the schema has the kinds this test knows (the table of LANGUAGE.md §4, and `external`, `gateway`, `search` and `function`, extensions), and the lexer the units', () => {
    expect([...kinds]).toEqual([
      'client',
      'dns',
      'cdn',
      'lb',
      'service',
      'worker',
      'cache',
      'database',
      'queue',
      'storage',
      'monitoring',
      'external',
      'gateway',
      'search',
      'function',
    ]);
    // `µs` with the micro sign and `μs` with the Greek mu are both microseconds.
    expect([...units].map(([unit, info]) => `${unit} ${info.quantity}`)).toEqual([
      'k count',
      'M count',
      'B count',
      '% percent',
      'ns duration',
      'us duration',
      'µs duration',
      'μs duration',
      'ms duration',
      's duration',
      'm duration',
      'h duration',
      'd duration',
      'KB size',
      'MB size',
      'GB size',
      'TB size',
    ]);
  });

  it.each([...kinds])('kind `%s`', (kind) => {
    expect(line(`${kind} x`)).toEqual([
      [kind, 'storage.type.kind.arch'],
      ['x', 'entity.name.type.component.arch'],
    ]);
    expect(scopeOf(`a -> ${kind}`, kind)).toBe('variable.other.component.arch');
  });

  it.each([...kindAliases.keys()])('kind alias `%s` is not a kind', (alias) => {
    expect(scopeOf(`${alias} x`, alias)).toBe('variable.other.unknown-kind.arch');
  });

  it.each(allAttributeNames)('attribute `%s`', (name) => {
    expect(scopeOf(`service x { ${name}: 1 }`, name)).toBe('variable.other.property.arch');
    expect(scopeOf(`service x { ${name} }`, name)).toBe('variable.other.property.arch');
  });

  it.each(allEnumValues)('enum value `%s`', (value) => {
    expect(scopeOf(`service x { a: ${value} }`, value)).toBe('variable.other.enummember.arch');
  });

  it.each([...units].map(([unit, info]) => [unit, info.quantity] as const))('unit `%s` (%s)', (unit, quantity) => {
    const src = `service x { a: 12${unit}, b: 1.5${unit} }`;
    expect(line(src).slice(5, 7)).toEqual([
      ['12', `constant.numeric.${quantity}.arch`],
      [unit, `keyword.other.unit.${quantity}.arch`],
    ]);
    expect(scopeOf(src, unit, 1)).toBe(`keyword.other.unit.${quantity}.arch`);
    // A unit is a whole word: followed by more unit characters it is unknown.
    expect(scopeOf(`service x { a: 12${unit}x }`, `${unit}x`)).toBe('invalid.illegal.unit.arch');
  });
});
