/**
 * The tokens of the .arch language (LANGUAGE.md §2).
 *
 * Statement words (`architecture`, `import`, `workload`, `budget`, `latency`, `region`) are soft
 * keywords: each is its own token type so the parser can tell statements apart, but all of them
 * belong to the `Name` category, so wherever the grammar expects a name they are accepted as one
 * (`dns dns`, `users -> region`). Kind names are plain identifiers, recognised by position.
 */
import { createToken, Lexer, type TokenType } from './chevrotain.js';

/** Category of every word token: identifiers and soft keywords. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a name' });

/**
 * A letter or `_`, then letters, digits and `_`, with single inner hyphens (`us-east`, `edge-2`).
 * `a->b` lexes as `a`, `->`, `b` because a hyphen must be followed by a word character.
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/,
  categories: [Name],
  label: 'a name',
});

function keyword(word: string): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Name],
    label: `\`${word}\``,
  });
}

export const Architecture = keyword('architecture');
export const Import = keyword('import');
export const Workload = keyword('workload');
export const Budget = keyword('budget');
export const Latency = keyword('latency');
export const Region = keyword('region');

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** `#` or `//` to the end of the line. Kept (not skipped) so that suppression comments can be read. */
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /(?:#|\/\/)[^\r\n]*/,
  group: 'comments',
});

export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
});

/** A `/*` with no closing `*\/`: turned into a located error by the lexer API, never parsed. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'errors',
  line_breaks: true,
});

/** Double-quoted, no raw line breaks; escapes are checked (and decoded) when the AST is built. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  label: 'a string',
});

/** A string that reaches the end of its line without a closing quote. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  group: 'errors',
});

/**
 * A number with an optional unit glued to it: `42`, `1.5`, `-1`, `20k`, `1.5M`, `90%`, `0.5ms`,
 * `30m`, `64KB`. The unit is validated when the AST is built, so that `20kb` is one token with one
 * clear error ("unknown unit") rather than a number followed by a stray name.
 */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?\d+(?:\.\d+)?(?:[A-Za-z%\u00b5\u03bc][A-Za-z0-9_%\u00b5\u03bc]*)?/,
  label: 'a number',
});

export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: '`->`' });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./, label: '`..`' });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: '`{`' });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: '`}`' });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: '`[`' });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]/, label: '`]`' });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: '`:`' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: '`,`' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: '`;`' });

/** The soft keywords, in the order they are tried. */
export const keywordTokens: readonly TokenType[] = [Architecture, Import, Workload, Budget, Latency, Region];

/** Statement words as users write them: also used by editor grammars and completion. */
export const statementWords: readonly string[] = keywordTokens.map((t) => (t.PATTERN as RegExp).source);

/** Every token type in lexing order (first match wins, so longer or more specific patterns come first). */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  StringLiteral,
  UnterminatedString,
  Arrow,
  NumberLiteral,
  DotDot,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  Colon,
  Comma,
  Semicolon,
  ...keywordTokens,
  Identifier,
  Name,
];
