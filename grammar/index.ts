/**
 * The grammar's API: text in, `{ ast, problems }` out. Never throws on any input. For editors,
 * also the language's lexer (`lex`) and the parser's content assist (`nextTokens`): what the
 * grammar allows after a run of tokens.
 */
import { Lexer, type ILexingResult, type IRecognitionException, type ISyntacticContentAssistPath, type IToken } from './chevrotain.js';
import type { Comment, FileAst, Span, Statement, SyntaxProblem, Value } from './ast.js';
import { decodeNumber, endOf, endOfText, isRealToken, tokenSpan } from './ast-builder.js';
import { quoteText } from './suggest.js';
import { parser, strictParser, type BlockSeparators } from './parser.js';
import { allTokens, LBracket, LCurly, RBracket, RCurly } from './tokens.js';
import { pushAll } from '../src/arrays.js';

export type * from './ast.js';

const lexer = new Lexer(allTokens as never, {
  positionTracking: 'onlyStart',
  ensureOptimizations: false,
  errorMessageProvider: {
    buildUnexpectedCharactersMessage(text, startOffset, length) {
      const chars = text.slice(startOffset, startOffset + length);
      const invalid = chars.includes('\ufffd') ? ' (the file is not valid UTF-8 here)' : '';
      return `unexpected ${length > 1 ? 'characters' : 'character'} \`${quoteText(chars, 20)}\`${invalid}`;
    },
    buildUnableToPopLexerModeMessage() {
      return 'internal lexer error';
    },
  },
});

/**
 * The tokens of `text`, by the lexer `parseArch` uses: comments in `groups.comments`, unclosed
 * strings and block comments in `groups.errors`, offsets in UTF-16 code units from the start of
 * `text`.
 */
export function lex(text: string): ILexingResult {
  return lexer.tokenize(text);
}

/** The rules of the grammar (parser.ts), as rule stacks of `nextTokens` name them. */
export const ruleNames = [
  'file',
  'statement',
  'titleStatement',
  'importStatement',
  'settingsBlock',
  'regionStatement',
  'componentStatement',
  'edgeStatement',
  'propertyStatement',
  'attributeBlock',
  'attribute',
  'value',
  'list',
] as const;

export type RuleName = (typeof ruleNames)[number];

/** One way the grammar can go on: the token type it expects next, and the rules that lead there. */
export type NextToken = ISyntacticContentAssistPath;

/**
 * Every token type the grammar allows right after `tokens`, read from the start of rule `start`
 * (Chevrotain's content assist on the parser's recorded grammar). Each comes with its rule stack,
 * `start` first and the rule that consumes the token last, the occurrence of each sub-rule call
 * (`occurrenceStack`, one per rule) and of the token's `CONSUME` in its rule
 * (`nextTokenOccurrence`), which tell apart two uses of one rule or token type in a rule. A soft
 * keyword or name is expected as the `Name` category where the grammar takes any name. Only token
 * types count (not images, not positions), and there is no recovery: tokens that are not a valid
 * beginning of `start` give an empty list.
 */
export function nextTokens(tokens: readonly IToken[], start: RuleName = 'file'): NextToken[] {
  return parser.computeContentAssist(start, tokens as IToken[]);
}

export interface ParseResult {
  ast: FileAst;
  /** Lexing and parsing problems in source order. Empty means the file is syntactically valid. */
  problems: SyntaxProblem[];
}

/** Removes a leading byte-order mark: editors do not count it as a column. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseArch(source: string): ParseResult {
  const text = stripBom(source);
  const problems: SyntaxProblem[] = [];
  const lexed = lexer.tokenize(text);

  for (const e of lexed.errors) {
    const line = e.line ?? 1;
    const column = e.column ?? 1;
    problems.push({
      message: e.message,
      span: {
        start: { line, column, offset: e.offset },
        end: { line, column: column + e.length, offset: e.offset + e.length },
      },
    });
  }
  for (const t of lexed.groups.errors ?? []) {
    const message =
      t.tokenType.name === 'UnterminatedString' ? 'this string is not closed: add a `"` before the end of the line' : 'this comment is not closed: add `*/`';
    problems.push({ message, span: tokenSpan(t) });
  }

  const nested = limitNesting(lexed.tokens);
  pushAll(problems, nested.problems);
  let used = parser;
  let statements: Statement[];
  try {
    statements = parser.parse(nested.tokens);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    used = strictParser();
    statements = used.parse(nested.tokens);
  }
  for (const e of used.errors) problems.push({ message: e.message, span: errorSpan(e, nested.tokens) });
  pushAll(problems, used.problems);
  const errorOffsets = problems.map((p) => p.span.start.offset);
  for (const block of used.blocks) pushAll(problems, missingSeparators(block, errorOffsets));

  const ast: FileAst = {
    statements,
    comments: (lexed.groups.comments ?? []).map(comment),
    span: { start: { line: 1, column: 1, offset: 0 }, end: endOfText(text) },
  };
  problems.sort(
    (a, b) =>
      a.span.start.offset - b.span.start.offset || a.span.end.offset - b.span.end.offset || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  // Recovery can report one bad token twice (no viable statement, then input left over).
  const unique = problems.filter((p, i) => i === 0 || p.message !== problems[i - 1]!.message || p.span.start.offset !== problems[i - 1]!.span.start.offset);
  return { ast, problems: unique };
}

/**
 * How deep blocks (`{ }`) and lists (`[ ]`) may nest. Real models nest regions a few levels
 * (region, zone, subnet); the bound keeps the parser, its error recovery and every stage after it
 * within the stack and linear in the size of the file whatever the input.
 */
export const MAX_NESTING = 100;

/**
 * The tokens with every block or list that opens deeper than MAX_NESTING left out (from its
 * opening bracket to the one that closes it, or to the end of the file), each reported where it
 * opens.
 */
function limitNesting(tokens: IToken[]): { tokens: IToken[]; problems: SyntaxProblem[] } {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LCurly || t.tokenType === LBracket) depth++;
    else if ((t.tokenType === RCurly || t.tokenType === RBracket) && depth > 0) depth--;
    if (depth > MAX_NESTING) break;
  }
  if (depth <= MAX_NESTING) return { tokens, problems: [] };
  const kept: IToken[] = [];
  const problems: SyntaxProblem[] = [];
  depth = 0;
  /** While leaving out a block: the depth it opened at. */
  let skipping = -1;
  for (const t of tokens) {
    const opens = t.tokenType === LCurly || t.tokenType === LBracket;
    const closes = (t.tokenType === RCurly || t.tokenType === RBracket) && depth > 0;
    if (opens) depth++;
    if (skipping === -1 && opens && depth > MAX_NESTING) {
      skipping = depth;
      problems.push({
        message: `nesting too deep: this ${t.image === '{' ? 'block' : 'list'} opens level ${depth}, and archlint reads at most ${MAX_NESTING} levels of nested blocks and lists; what it holds was not read`,
        span: tokenSpan(t),
      });
    }
    if (skipping === -1) kept.push(t);
    if (closes) {
      if (depth === skipping) skipping = -1;
      depth--;
    }
  }
  return { tokens: kept, problems };
}

function comment(token: IToken): Comment {
  const image = token.image;
  const markerLength = image.startsWith('#') ? 1 : 2;
  const text = image.startsWith('/*') ? image.slice(2, -2) : image.slice(markerLength);
  return { text, markerLength, span: tokenSpan(token) };
}

/**
 * Attributes on one line need a separator between them (a line break is one). No complaint
 * where a syntax error lies between the two: recovery skipped tokens there.
 */
function missingSeparators(block: BlockSeparators, errorOffsets: readonly number[]): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const { attributes, separators } = block;
  for (let i = 1; i < attributes.length; i++) {
    const prev = attributes[i - 1]!;
    const cur = attributes[i]!;
    if (prev.span.end.line !== cur.span.start.line) continue;
    const from = prev.span.end.offset;
    const to = cur.span.start.offset;
    if (separators.some((o) => o >= from && o < to) || errorOffsets.some((o) => o >= from && o < to)) continue;
    out.push({ message: `put a comma, a semicolon or a line break between \`${prev.name}\` and \`${cur.name}\``, span: cur.nameSpan });
  }
  return out;
}

/**
 * Where to show a parse error. Tokens inserted by recovery and the end-of-file token have no
 * position; such errors are anchored just after the previous real token, as Langium does.
 */
function errorSpan(e: IRecognitionException, tokens: IToken[]): Span {
  if (isRealToken(e.token)) return tokenSpan(e.token);
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const anchor = isRealToken(previous) ? previous : tokens[tokens.length - 1];
  if (!anchor) {
    return { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  }
  const end = endOf(anchor);
  return { start: end, end };
}

/**
 * One value written as the language writes it (`99.9%`, `5ms`, `20k`, `lru`), outside a file:
 * how policies in the configuration give thresholds. Undefined when the text is not one number
 * or one name; an unknown unit is a problem, as it is in a file.
 */
export function parseValueText(text: string): { value: Value; problems: SyntaxProblem[] } | undefined {
  const lexed = lexer.tokenize(text.trim());
  const [token] = lexed.tokens;
  if (lexed.errors.length > 0 || lexed.tokens.length !== 1 || !token) return undefined;
  const problems: SyntaxProblem[] = [];
  if (token.tokenType.name === 'NumberLiteral') return { value: decodeNumber(token, problems), problems };
  if (token.tokenType.name === 'Identifier') return { value: { type: 'word', value: token.image, span: tokenSpan(token) }, problems };
  return undefined;
}
