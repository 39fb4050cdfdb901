/**
 * The TextMate grammar for `.arch` files (grammar/archlint.tmLanguage.json, and the VS Code
 * extension's copy in editors/vscode/syntaxes/), generated from the lexer (grammar/tokens.ts), the
 * units (grammar/units.ts) and the vocabulary (src/model/schema.ts) so that its keyword, kind,
 * attribute, enum-value and unit lists cannot drift from the language: `npm run generate` writes
 * it, and test/generated.test.ts fails when the committed copies differ from what this produces.
 *
 * How it reads a file. A TextMate grammar matches regular expressions line by line, so it follows
 * the parser's positions only approximately, in the same way the parser tells soft keywords from
 * names (grammar/README.md, "Soft keywords"):
 * - A statement word is a keyword only where it starts a statement: `architecture` and `import`
 *   before a string, `workload`, `budget` and `latency` before `{` (or at the end of the line),
 *   `region` before a name, an optional label and `{` on the same line. Anywhere else (`users ->
 *   region`, `latency: 2ms`, `routing: latency`) it is a name like any other.
 * - A kind is a kind only in the first position of a component (`KIND name`): `dns dns` is the kind
 *   `dns` and the component `dns`; `users -> dns` names a component. Kind aliases (`redis`,
 *   `postgres`, …) are not kinds: the language rejects them ("did you mean `cache`?"), so in the
 *   kind position they, like any unknown word, are scoped `variable.other.unknown-kind.arch`.
 * - Inside `{ }` after a component, an edge or a settings block, a word before `:` or standing
 *   alone is an attribute: `variable.other.property.arch` when some kind, edge or block takes it,
 *   `variable.other.unknown-attribute.arch` otherwise. A word after `:` is a value: `true`/`false`
 *   are booleans, the schema's enum values are `variable.other.enummember.arch`, and other words
 *   (component references, free words such as `engine: mysql`) are `variable.other.value.arch`.
 * - `invalid.illegal.*` marks only what the lexer itself rejects or what is always an error
 *   whatever the position: characters that start no token, unknown units (`20kb`), unknown string
 *   escapes (`\t`) and strings not closed on their line.
 * Headers split over lines (`region eu "Europe"` with `{` on the next line) are read with less
 * detail, never as errors.
 */
import { statementWords } from '../grammar/tokens.js';
import { units } from '../grammar/units.js';
import { commonAttributes, edgeAttributes, kindAttributes, kinds, settingsAttributes, type AttributeSpec } from '../src/model/schema.js';

type Rule = Record<string, unknown>;

/** An identifier, as the lexer's `Identifier` token (letters, digits, `_`, single inner hyphens). */
const NAME = '[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*';
/** No identifier character before a word. */
const BEFORE = '(?<![A-Za-z0-9_])';
/** The word ends where the lexer's identifier would: not before a word character or `-x`. */
const AFTER = '(?![A-Za-z0-9_]|-[A-Za-z0-9_])';
const NUMBER = '-?[0-9]+(?:\\.[0-9]+)?';
/** Characters that may continue a unit once it has started (the lexer's pattern). */
const UNIT_CHAR = '[A-Za-z0-9_%\\x{00B5}\\x{03BC}]';
const UNIT_START = '[A-Za-z%\\x{00B5}\\x{03BC}]';
/** White space as the lexer skips it: `\s`, the no-break space and U+FEFF. */
const SPACE = '[\\s\\x{00A0}\\x{FEFF}]';

function escapeRegex(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An alternation of words, longest first, each a whole word. */
function words(list: Iterable<string>): string {
  const unique = [...new Set(list)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return `${BEFORE}(?:${unique.map(escapeRegex).join('|')})${AFTER}`;
}

/** Every attribute spec: common, per kind, edges and the settings blocks. */
function allSpecs(): AttributeSpec[] {
  return [...commonAttributes, ...Object.values(kindAttributes).flat(), ...edgeAttributes, ...Object.values(settingsAttributes).flat()];
}

/** Every attribute name some kind, edge or settings block takes. */
export function attributeNames(): string[] {
  return [...new Set(allSpecs().map((a) => a.name))].sort();
}

/** Every enum value of the schema (including the fixed words of `enum-or-ref` values such as `sessions: local`). */
export function enumValues(): string[] {
  const values = allSpecs().flatMap((a) => (a.value.type === 'enum' || a.value.type === 'enum-or-ref' ? [...a.value.values] : []));
  return [...new Set(values)].sort();
}

/** Units by quantity, from grammar/units.ts. */
export function unitsByQuantity(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [unit, info] of units) (out[info.quantity] ??= []).push(unit);
  return out;
}

function lineComment(marker: string, name: string): Rule {
  return {
    name: `comment.line.${name}.arch`,
    begin: escapeRegex(marker),
    beginCaptures: { 0: { name: 'punctuation.definition.comment.arch' } },
    end: '$',
    patterns: [{ include: '#suppression-line' }],
  };
}

/** The directive and rule ids of a suppression comment; `end` closes it (line end or `*\/`). */
function suppression(end: string, after: string): Rule {
  return {
    name: 'meta.suppression.arch',
    begin: `\\G${SPACE}*(archlint-disable-next-line|archlint-disable)(?=${after})`,
    beginCaptures: { 1: { name: 'keyword.other.directive.suppression.arch' } },
    end,
    patterns: [
      {
        // ` -- reason`: the rest of the comment is prose.
        name: 'meta.suppression.reason.arch',
        begin: `(?<=${SPACE})(--)(?=${SPACE}|$|\\*/)`,
        beginCaptures: { 1: { name: 'punctuation.separator.reason.arch' } },
        end,
      },
      { match: ',', name: 'punctuation.separator.comma.arch' },
      { match: '(?:(?!\\*/)[^\\s\\x{00A0}\\x{FEFF},])+', name: 'constant.other.rule-id.arch' },
    ],
  };
}

function numberRule(unitList: readonly string[], quantity: string): Rule {
  const alternatives = [...unitList]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|');
  return {
    match: `(${NUMBER})(${alternatives})(?!${UNIT_CHAR})`,
    captures: {
      1: { name: `constant.numeric.${quantity}.arch` },
      2: { name: `keyword.other.unit.${quantity}.arch` },
    },
  };
}

/**
 * Where each statement word of the lexer is a keyword (see the header). A statement word added to
 * grammar/tokens.ts fails generation here until this grammar is taught where it stands.
 */
function statementKeywordRules(): Record<string, Rule> {
  const stringStatements = ['architecture', 'import'];
  const blockStatements = Object.keys(settingsAttributes);
  const known = [...stringStatements, ...blockStatements, 'region'];
  const missing = statementWords.filter((w) => !known.includes(w));
  const stale = known.filter((w) => !statementWords.includes(w));
  if (missing.length > 0 || stale.length > 0) {
    throw new Error(
      `scripts/textmate-grammar.ts does not match the lexer's statement words: ${[...missing.map((w) => `new \`${w}\``), ...stale.map((w) => `gone \`${w}\``)].join(', ')}`,
    );
  }
  const keyword = (word: string, before: string): Rule => ({
    match: `${BEFORE}(${escapeRegex(word)})${AFTER}(?=${SPACE}*(?:${before}|$))`,
    captures: { 1: { name: `keyword.control.${word}.arch` } },
  });
  return {
    'statement-keywords': {
      patterns: [...stringStatements.map((w) => keyword(w, '"')), ...blockStatements.map((w) => keyword(w, '\\{'))],
    },
  };
}

/** The grammar as an object; `textmateGrammarJson` is the file. */
export function textmateGrammar(): Record<string, unknown> {
  const byQuantity = unitsByQuantity();
  const quantities = Object.keys(byQuantity).sort();
  const attributes = words(attributeNames());
  const kindWords = words(kinds);
  return {
    information_for_contributors: [
      'generated by `npm run generate` from grammar/tokens.ts, grammar/units.ts and src/model/schema.ts',
      '(scripts/textmate-grammar.ts) — do not edit',
    ],
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'archlint',
    scopeName: 'source.arch',
    fileTypes: ['arch'],
    patterns: [{ include: '#statements' }],
    repository: {
      statements: {
        patterns: [
          { include: '#comments' },
          { include: '#statement-keywords' },
          { include: '#region' },
          { include: '#edge' },
          { include: '#component' },
          { include: '#attribute-block' },
          { include: '#lexical' },
        ],
      },
      comments: {
        patterns: [{ include: '#block-comment' }, { include: '#line-comment-hash' }, { include: '#line-comment-slashes' }],
      },
      'line-comment-hash': lineComment('#', 'number-sign'),
      'line-comment-slashes': lineComment('//', 'double-slash'),
      'block-comment': {
        name: 'comment.block.arch',
        begin: '/\\*',
        beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.arch' } },
        end: '\\*/',
        endCaptures: { 0: { name: 'punctuation.definition.comment.end.arch' } },
        patterns: [{ include: '#suppression-block' }],
      },
      'suppression-line': suppression('$', '\\s|$'),
      'suppression-block': suppression('(?=\\*/)', '\\s|$|\\*/'),
      ...statementKeywordRules(),
      region: {
        name: 'meta.region.arch',
        begin: `${BEFORE}(region)${SPACE}+(${NAME})(?=${SPACE}*(?:"(?:[^"\\\\\\n]|\\\\.)*"${SPACE}*)?\\{)`,
        beginCaptures: {
          1: { name: 'keyword.control.region.arch' },
          2: { name: 'entity.name.namespace.region.arch' },
        },
        end: '(?<=\\})',
        patterns: [{ include: '#comments' }, { include: '#string' }, { include: '#region-body' }],
      },
      'region-body': {
        name: 'meta.region.body.arch',
        begin: '\\{',
        beginCaptures: { 0: { name: 'punctuation.section.block.begin.arch' } },
        end: '\\}',
        endCaptures: { 0: { name: 'punctuation.section.block.end.arch' } },
        patterns: [{ include: '#statements' }],
      },
      edge: {
        patterns: [
          {
            match: `(${NAME})(?=${SPACE}*->)`,
            captures: { 1: { name: 'variable.other.component.arch' } },
          },
          {
            match: `(->)(?:${SPACE}*(${NAME}))?`,
            captures: {
              1: { name: 'keyword.operator.arrow.arch' },
              2: { name: 'variable.other.component.arch' },
            },
          },
        ],
      },
      component: {
        patterns: [
          {
            match: `(${kindWords})${SPACE}+(${NAME})`,
            captures: {
              1: { name: 'storage.type.kind.arch' },
              2: { name: 'entity.name.type.component.arch' },
            },
          },
          {
            match: `(${NAME})${SPACE}+(${NAME})`,
            captures: {
              1: { name: 'variable.other.unknown-kind.arch' },
              2: { name: 'entity.name.type.component.arch' },
            },
          },
        ],
      },
      'attribute-block': {
        name: 'meta.block.attributes.arch',
        begin: '\\{',
        beginCaptures: { 0: { name: 'punctuation.section.block.begin.arch' } },
        end: '\\}',
        endCaptures: { 0: { name: 'punctuation.section.block.end.arch' } },
        patterns: [
          { include: '#comments' },
          { include: '#attribute' },
          { match: attributes, name: 'variable.other.property.arch' },
          { match: NAME, name: 'variable.other.unknown-attribute.arch' },
          { include: '#lexical' },
        ],
      },
      attribute: {
        name: 'meta.attribute.arch',
        begin: `(?:(${attributes})|(${NAME}))${SPACE}*(:)`,
        beginCaptures: {
          1: { name: 'variable.other.property.arch' },
          2: { name: 'variable.other.unknown-attribute.arch' },
          3: { name: 'punctuation.separator.key-value.arch' },
        },
        end: '(?=[,;}])|$',
        patterns: [{ include: '#value' }],
      },
      value: {
        patterns: [
          { include: '#comments' },
          { include: '#string' },
          { include: '#number' },
          { include: '#list' },
          { match: words(['true', 'false']), name: 'constant.language.boolean.arch' },
          { match: words(enumValues()), name: 'variable.other.enummember.arch' },
          { match: NAME, name: 'variable.other.value.arch' },
          { include: '#lexical' },
        ],
      },
      list: {
        name: 'meta.list.arch',
        begin: '\\[',
        beginCaptures: { 0: { name: 'punctuation.section.brackets.begin.arch' } },
        end: '\\]',
        endCaptures: { 0: { name: 'punctuation.section.brackets.end.arch' } },
        patterns: [{ include: '#value' }],
      },
      string: {
        patterns: [
          {
            // Not closed before the end of the line: the lexer's UnterminatedString.
            match: '"(?:[^"\\\\\\n]|\\\\.)*\\\\?$',
            name: 'invalid.illegal.unterminated-string.arch',
          },
          {
            name: 'string.quoted.double.arch',
            begin: '"',
            beginCaptures: { 0: { name: 'punctuation.definition.string.begin.arch' } },
            end: '"',
            endCaptures: { 0: { name: 'punctuation.definition.string.end.arch' } },
            patterns: [
              { match: '\\\\["\\\\n]', name: 'constant.character.escape.arch' },
              { match: '\\\\.', name: 'invalid.illegal.escape.arch' },
            ],
          },
        ],
      },
      number: {
        patterns: [
          ...quantities.map((q) => numberRule(byQuantity[q]!, q)),
          {
            match: `(${NUMBER})(${UNIT_START}${UNIT_CHAR}*)`,
            captures: {
              1: { name: 'constant.numeric.arch' },
              2: { name: 'invalid.illegal.unit.arch' },
            },
          },
          { match: NUMBER, name: 'constant.numeric.arch' },
        ],
      },
      /** Every token the lexer knows, for any place: what is left over is a character it rejects. */
      lexical: {
        patterns: [
          { include: '#comments' },
          { include: '#string' },
          { include: '#number' },
          { match: '->', name: 'keyword.operator.arrow.arch' },
          { match: '\\.\\.', name: 'keyword.operator.range.arch' },
          { include: '#list' },
          { match: '\\{', name: 'punctuation.section.block.begin.arch' },
          { match: '\\}', name: 'punctuation.section.block.end.arch' },
          { match: '\\]', name: 'punctuation.section.brackets.end.arch' },
          { match: ':', name: 'punctuation.separator.key-value.arch' },
          { match: ',', name: 'punctuation.separator.comma.arch' },
          { match: ';', name: 'punctuation.separator.semicolon.arch' },
          { match: NAME, name: 'variable.other.arch' },
          { match: `[^\\s\\x{00A0}\\x{FEFF}]`, name: 'invalid.illegal.character.arch' },
        ],
      },
    },
  };
}

export function textmateGrammarJson(): string {
  return `${JSON.stringify(textmateGrammar(), null, 2)}\n`;
}
