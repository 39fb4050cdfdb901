/**
 * The TextMate grammar on hand-written lines, with the exact scopes expected (through vscode-textmate
 * and Oniguruma, as VS Code runs it; see test/textmate.ts).
 *
 * How soft keywords are highlighted (also in editors/vscode/README.md): a statement word is a
 * keyword only where it starts a statement and a kind only in the first position of a component,
 * as the parser reads them; the same words in name or value positions (`service region`,
 * `users -> dns`, `routing: latency`, `latency: 2ms`) are names.
 */
import { describe, expect, it } from 'vitest';
import { line, scopeOf, scopesOf, tokenize } from './textmate.js';

describe('TextMate grammar: hand-written lines', () => {
  it('a title with escapes in its string', () => {
    expect(line('architecture "The \\"shop\\"\\n"')).toEqual([
      ['architecture', 'keyword.control.architecture.arch'],
      ['"', 'punctuation.definition.string.begin.arch'],
      ['The ', 'string.quoted.double.arch'],
      ['\\"', 'constant.character.escape.arch'],
      ['shop', 'string.quoted.double.arch'],
      ['\\"', 'constant.character.escape.arch'],
      ['\\n', 'constant.character.escape.arch'],
      ['"', 'punctuation.definition.string.end.arch'],
    ]);
    expect(scopesOf('architecture "a \\" b"', '\\"')).toEqual(['string.quoted.double.arch', 'constant.character.escape.arch']);
  });

  it('an unknown escape and an unclosed string are invalid, as the lexer reports them', () => {
    expect(scopeOf('architecture "a \\t b"', '\\t')).toBe('invalid.illegal.escape.arch');
    expect(line('service web "Web tier')).toEqual([
      ['service', 'storage.type.kind.arch'],
      ['web', 'entity.name.type.component.arch'],
      ['"Web tier', 'invalid.illegal.unterminated-string.arch'],
    ]);
  });

  it('a component: kind, name, label, attributes with numbers, units, ranges and a reference', () => {
    const src = 'service web "Web tier" { replicas: 4, autoscale: 2..20, sessions: session_store, capacity: 2k }';
    expect(line(src)).toEqual([
      ['service', 'storage.type.kind.arch'],
      ['web', 'entity.name.type.component.arch'],
      ['"', 'punctuation.definition.string.begin.arch'],
      ['Web tier', 'string.quoted.double.arch'],
      ['"', 'punctuation.definition.string.end.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['replicas', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['4', 'constant.numeric.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['autoscale', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['2', 'constant.numeric.arch'],
      ['..', 'keyword.operator.range.arch'],
      ['20', 'constant.numeric.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['sessions', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['session_store', 'variable.other.value.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['capacity', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['2', 'constant.numeric.count.arch'],
      ['k', 'keyword.other.unit.count.arch'],
      ['}', 'punctuation.section.block.end.arch'],
    ]);
    expect(scopesOf(src, 'replicas')).toEqual(['meta.block.attributes.arch', 'meta.attribute.arch', 'variable.other.property.arch']);
  });

  it('numbers with each kind of unit, an unknown unit, a negative number', () => {
    expect(line('cache c { ttl: 30m, hit_ratio: 99.5%, memory: 64GB, latency: 150µs, replicas: -1, capacity: 20kb }')).toEqual([
      ['cache', 'storage.type.kind.arch'],
      ['c', 'entity.name.type.component.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['ttl', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['30', 'constant.numeric.duration.arch'],
      ['m', 'keyword.other.unit.duration.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['hit_ratio', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['99.5', 'constant.numeric.percent.arch'],
      ['%', 'keyword.other.unit.percent.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['memory', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['64', 'constant.numeric.size.arch'],
      ['GB', 'keyword.other.unit.size.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['latency', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['150', 'constant.numeric.duration.arch'],
      ['µs', 'keyword.other.unit.duration.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['replicas', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['-1', 'constant.numeric.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['capacity', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['20', 'constant.numeric.arch'],
      ['kb', 'invalid.illegal.unit.arch'],
      ['}', 'punctuation.section.block.end.arch'],
    ]);
    // `ms` is one unit, not `m` followed by `s`; `M` (millions) is not `m` (minutes).
    expect(line('workload { rps: 1.5M, dau: 2B }').filter(([, s]) => s.startsWith('keyword.other.unit'))).toEqual([
      ['M', 'keyword.other.unit.count.arch'],
      ['B', 'keyword.other.unit.count.arch'],
    ]);
    expect(scopeOf('service s { latency: 0.5ms }', 'ms')).toBe('keyword.other.unit.duration.arch');
  });

  it('flags, booleans, enum values, lists', () => {
    expect(line('queue jobs { durable, managed: false, tags: [core, "tier 1",] }')).toEqual([
      ['queue', 'storage.type.kind.arch'],
      ['jobs', 'entity.name.type.component.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['durable', 'variable.other.property.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['managed', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['false', 'constant.language.boolean.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['tags', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['[', 'punctuation.section.brackets.begin.arch'],
      ['core', 'variable.other.value.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['"', 'punctuation.definition.string.begin.arch'],
      ['tier 1', 'string.quoted.double.arch'],
      ['"', 'punctuation.definition.string.end.arch'],
      [',', 'punctuation.separator.comma.arch'],
      [']', 'punctuation.section.brackets.end.arch'],
      ['}', 'punctuation.section.block.end.arch'],
    ]);
    expect(scopeOf('cache c { eviction: lru; write_policy: through }', 'lru')).toBe('variable.other.enummember.arch');
    expect(scopeOf('cache c { eviction: lru; write_policy: through }', ';')).toBe('punctuation.separator.semicolon.arch');
    expect(scopeOf('service web { replcas: 2 }', 'replcas')).toBe('variable.other.unknown-attribute.arch');
  });

  it('a list over several lines stays a list', () => {
    const src = 'service web {\n  tags: [\n    a,\n    b\n  ]\n  replicas: 2\n}';
    expect(scopesOf(src, 'b')).toEqual(['meta.block.attributes.arch', 'meta.attribute.arch', 'meta.list.arch', 'variable.other.value.arch']);
    expect(scopeOf(src, 'replicas')).toBe('variable.other.property.arch');
  });

  it('edges: names and arrows, a chain, attributes on the edge', () => {
    expect(line('east_users -> edge -> web { reads, writes, label: "queries" }')).toEqual([
      ['east_users', 'variable.other.component.arch'],
      ['->', 'keyword.operator.arrow.arch'],
      ['edge', 'variable.other.component.arch'],
      ['->', 'keyword.operator.arrow.arch'],
      ['web', 'variable.other.component.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['reads', 'variable.other.property.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['writes', 'variable.other.property.arch'],
      [',', 'punctuation.separator.comma.arch'],
      ['label', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['"', 'punctuation.definition.string.begin.arch'],
      ['queries', 'string.quoted.double.arch'],
      ['"', 'punctuation.definition.string.end.arch'],
      ['}', 'punctuation.section.block.end.arch'],
    ]);
    expect(line('a->b')).toEqual([
      ['a', 'variable.other.component.arch'],
      ['->', 'keyword.operator.arrow.arch'],
      ['b', 'variable.other.component.arch'],
    ]);
    expect(scopeOf('users_db -> users_db_w { replication: async }', 'async')).toBe('variable.other.enummember.arch');
  });

  it('hyphenated names are one name', () => {
    expect(line('lb edge-2 { replicas: 2 }').slice(0, 2)).toEqual([
      ['lb', 'storage.type.kind.arch'],
      ['edge-2', 'entity.name.type.component.arch'],
    ]);
    expect(line('users->edge-2->us-east-web').map(([t]) => t)).toEqual(['users', '->', 'edge-2', '->', 'us-east-web']);
  });

  it('soft keywords: statement words and kinds in name positions are names', () => {
    expect(line('dns dns { routing: latency }')).toEqual([
      ['dns', 'storage.type.kind.arch'],
      ['dns', 'entity.name.type.component.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['routing', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['latency', 'variable.other.enummember.arch'],
      ['}', 'punctuation.section.block.end.arch'],
    ]);
    expect(line('cache cache { replicas: 2 }').slice(0, 2)).toEqual([
      ['cache', 'storage.type.kind.arch'],
      ['cache', 'entity.name.type.component.arch'],
    ]);
    expect(line('service region { latency: 2ms }').slice(0, 4)).toEqual([
      ['service', 'storage.type.kind.arch'],
      ['region', 'entity.name.type.component.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['latency', 'variable.other.property.arch'],
    ]);
    expect(line('users -> region -> cache')).toEqual([
      ['users', 'variable.other.component.arch'],
      ['->', 'keyword.operator.arrow.arch'],
      ['region', 'variable.other.component.arch'],
      ['->', 'keyword.operator.arrow.arch'],
      ['cache', 'variable.other.component.arch'],
    ]);
    expect(line('users -> dns')).toEqual([
      ['users', 'variable.other.component.arch'],
      ['->', 'keyword.operator.arrow.arch'],
      ['dns', 'variable.other.component.arch'],
    ]);
    // A statement word that does not start its statement is a kind position like any other.
    expect(line('workload x')).toEqual([
      ['workload', 'variable.other.unknown-kind.arch'],
      ['x', 'entity.name.type.component.arch'],
    ]);
  });

  it('kind aliases and misspelt kinds are not kinds', () => {
    expect(line('redis sessions')).toEqual([
      ['redis', 'variable.other.unknown-kind.arch'],
      ['sessions', 'entity.name.type.component.arch'],
    ]);
    expect(scopeOf('Service web', 'Service')).toBe('variable.other.unknown-kind.arch');
  });

  it('regions: keyword, name, label, body with components and edges', () => {
    const src = 'region us-east "US East" {\n  client east_users { share: 70% }\n  east_users -> web\n}\nweb -> db';
    expect(line(src)).toEqual([
      ['region', 'keyword.control.region.arch'],
      ['us-east', 'entity.name.namespace.region.arch'],
      ['"', 'punctuation.definition.string.begin.arch'],
      ['US East', 'string.quoted.double.arch'],
      ['"', 'punctuation.definition.string.end.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['client', 'storage.type.kind.arch'],
      ['east_users', 'entity.name.type.component.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['share', 'variable.other.property.arch'],
      [':', 'punctuation.separator.key-value.arch'],
      ['70', 'constant.numeric.percent.arch'],
      ['%', 'keyword.other.unit.percent.arch'],
      ['}', 'punctuation.section.block.end.arch'],
      ['east_users', 'variable.other.component.arch'],
      ['->', 'keyword.operator.arrow.arch'],
      ['web', 'variable.other.component.arch'],
      ['}', 'punctuation.section.block.end.arch'],
      ['web', 'variable.other.component.arch'],
      ['->', 'keyword.operator.arrow.arch'],
      ['db', 'variable.other.component.arch'],
    ]);
    expect(scopesOf(src, 'client')).toEqual(['meta.region.arch', 'meta.region.body.arch', 'storage.type.kind.arch']);
    // After the region's `}` the grammar is back at the top level.
    expect(scopesOf(src, 'db')).toEqual(['variable.other.component.arch']);
    expect(line('region eu { }').slice(0, 2)).toEqual([
      ['region', 'keyword.control.region.arch'],
      ['eu', 'entity.name.namespace.region.arch'],
    ]);
  });

  it('settings blocks and imports', () => {
    expect(line('workload { rps: 20k }').slice(0, 3)).toEqual([
      ['workload', 'keyword.control.workload.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['rps', 'variable.other.property.arch'],
    ]);
    expect(scopeOf('budget { read_p99: 200ms }', 'budget')).toBe('keyword.control.budget.arch');
    expect(scopeOf('latency { datacenter_round_trip: 0.5ms }', 'latency')).toBe('keyword.control.latency.arch');
    expect(scopeOf('latency { datacenter_round_trip: 0.5ms }', 'datacenter_round_trip')).toBe('variable.other.property.arch');
    expect(line('import "common/ops.arch"')).toEqual([
      ['import', 'keyword.control.import.arch'],
      ['"', 'punctuation.definition.string.begin.arch'],
      ['common/ops.arch', 'string.quoted.double.arch'],
      ['"', 'punctuation.definition.string.end.arch'],
    ]);
  });

  it('comments: #, // and /* */ over lines; # inside a string is not a comment', () => {
    expect(scopesOf('# a comment', ' a comment')).toEqual(['comment.line.number-sign.arch']);
    expect(scopesOf('# a comment', '#')).toEqual(['comment.line.number-sign.arch', 'punctuation.definition.comment.arch']);
    expect(scopesOf('web -> db // calls', ' calls')).toEqual(['comment.line.double-slash.arch']);
    const block = 'service web { /* capacity: 1k\n replicas: 3 */ capacity: 2k }';
    expect(scopesOf(block, ' replicas: 3 ')).toEqual(['meta.block.attributes.arch', 'comment.block.arch']);
    expect(scopesOf(block, 'capacity', 0)).toEqual(['meta.block.attributes.arch', 'meta.attribute.arch', 'variable.other.property.arch']);
    expect(scopeOf('service web "Web #1" { replicas: 2 }', 'Web #1')).toBe('string.quoted.double.arch');
    expect(scopeOf('service web "Web #1" { replicas: 2 }', 'replicas')).toBe('variable.other.property.arch');
    expect(scopeOf('rps: 20k   # peak', ' peak')).toBe('comment.line.number-sign.arch');
  });

  it('suppression comments: the directive and each rule id, the reason left as prose', () => {
    const src = '# archlint-disable-next-line spof, missing-cdn -- a prototype, on one box';
    expect(tokenize(src).map((t) => [t.text, t.scopes])).toEqual([
      ['#', ['comment.line.number-sign.arch', 'punctuation.definition.comment.arch']],
      [' ', ['comment.line.number-sign.arch', 'meta.suppression.arch']],
      ['archlint-disable-next-line', ['comment.line.number-sign.arch', 'meta.suppression.arch', 'keyword.other.directive.suppression.arch']],
      [' ', ['comment.line.number-sign.arch', 'meta.suppression.arch']],
      ['spof', ['comment.line.number-sign.arch', 'meta.suppression.arch', 'constant.other.rule-id.arch']],
      [',', ['comment.line.number-sign.arch', 'meta.suppression.arch', 'punctuation.separator.comma.arch']],
      [' ', ['comment.line.number-sign.arch', 'meta.suppression.arch']],
      ['missing-cdn', ['comment.line.number-sign.arch', 'meta.suppression.arch', 'constant.other.rule-id.arch']],
      [' ', ['comment.line.number-sign.arch', 'meta.suppression.arch']],
      ['--', ['comment.line.number-sign.arch', 'meta.suppression.arch', 'meta.suppression.reason.arch', 'punctuation.separator.reason.arch']],
      [' a prototype, on one box', ['comment.line.number-sign.arch', 'meta.suppression.arch', 'meta.suppression.reason.arch']],
    ]);
    expect(line('// archlint-disable missing-observability')).toEqual([
      ['//', 'punctuation.definition.comment.arch'],
      ['archlint-disable', 'keyword.other.directive.suppression.arch'],
      ['missing-observability', 'constant.other.rule-id.arch'],
    ]);
    expect(line('service web /* archlint-disable spof */ { }')).toEqual([
      ['service', 'storage.type.kind.arch'],
      ['web', 'entity.name.type.component.arch'],
      ['/*', 'punctuation.definition.comment.begin.arch'],
      ['archlint-disable', 'keyword.other.directive.suppression.arch'],
      ['spof', 'constant.other.rule-id.arch'],
      ['*/', 'punctuation.definition.comment.end.arch'],
      ['{', 'punctuation.section.block.begin.arch'],
      ['}', 'punctuation.section.block.end.arch'],
    ]);
    // With no rule ids (every rule), and words that only look like a directive.
    expect(line('# archlint-disable')).toEqual([
      ['#', 'punctuation.definition.comment.arch'],
      ['archlint-disable', 'keyword.other.directive.suppression.arch'],
    ]);
    expect(line('# archlint-disabled spof')).toEqual([
      ['#', 'punctuation.definition.comment.arch'],
      [' archlint-disabled spof', 'comment.line.number-sign.arch'],
    ]);
    expect(line('# see archlint-disable spof')).toEqual([
      ['#', 'punctuation.definition.comment.arch'],
      [' see archlint-disable spof', 'comment.line.number-sign.arch'],
    ]);
  });

  it('characters the lexer rejects are invalid; white space it skips is not', () => {
    expect(line('service café { }').slice(0, 3)).toEqual([
      ['service', 'storage.type.kind.arch'],
      ['caf', 'entity.name.type.component.arch'],
      ['é', 'invalid.illegal.character.arch'],
    ]);
    expect(line('a @ b . c').filter(([, s]) => s.startsWith('invalid'))).toEqual([
      ['@', 'invalid.illegal.character.arch'],
      ['.', 'invalid.illegal.character.arch'],
    ]);
    expect(tokenize('service\u00a0web\ufeff{ }').filter((t) => t.scopes.some((s) => s.startsWith('invalid')))).toEqual([]);
  });
});
