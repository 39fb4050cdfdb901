/**
 * Helpers the parser's actions use to build the AST: spans from tokens (Chevrotain's inclusive
 * ends become exclusive ones here, once), string and number decoding, and the problems that
 * decoding finds (bad escapes, unknown units).
 */
import type { IToken } from './chevrotain.js';
import type { NumberValue, Position, Span, SyntaxProblem } from './ast.js';
import { unitAliases, units } from './units.js';
import { quoteText } from './suggest.js';

/** A token that is really in the text (not inserted by error recovery, not end-of-file). */
export function isRealToken(token: IToken | undefined): token is IToken {
  return token !== undefined && !Number.isNaN(token.startOffset) && token.tokenType.name !== 'EOF';
}

export function startOf(token: IToken): Position {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset };
}

/**
 * The position just after the token (exclusive end). The lexer tracks start positions only (half
 * the per-token memory on large files); ends are derived from the image, which for every token
 * but a block comment lies on one line.
 */
export function endOf(token: IToken): Position {
  const image = token.image;
  const line = token.startLine ?? 1;
  const offset = token.startOffset + image.length;
  const lastBreak = image.lastIndexOf('\n');
  if (lastBreak === -1) return { line, column: (token.startColumn ?? 1) + image.length, offset };
  let breaks = 0;
  for (let i = image.indexOf('\n'); i !== -1; i = image.indexOf('\n', i + 1)) breaks++;
  return { line: line + breaks, column: image.length - lastBreak, offset };
}

export function tokenSpan(first: IToken, last: IToken = first): Span {
  return { start: startOf(first), end: endOf(last) };
}

export function joinSpans(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}

export function endOfText(text: string): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: text.length - lineStart + 1, offset: text.length };
}

/** Decodes `\"`, `\\` and `\n`; any other escape is reported. */
export function decodeString(token: IToken, problems: SyntaxProblem[]): string {
  const body = token.image.slice(1, -1);
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === '"' || next === '\\') out += next;
    else if (next === 'n') out += '\n';
    else {
      // The backslash is at body index i - 1, i.e. one past the opening quote.
      const offset = token.startOffset + i;
      const column = (token.startColumn ?? 1) + i;
      const line = token.startLine ?? 1;
      problems.push({
        message: `unknown escape \`\\${quoteText(next ?? '')}\` in a string: the escapes are \`\\"\`, \`\\\\\` and \`\\n\``,
        span: { start: { line, column, offset }, end: { line, column: column + 2, offset: offset + 2 } },
      });
      out += next ?? '';
    }
  }
  return out;
}

const numberPattern = /^(-?\d+(?:\.\d+)?)(.*)$/s;

/** A number literal with its unit applied; an unknown unit is reported and the number kept plain. */
export function decodeNumber(token: IToken, problems: SyntaxProblem[]): NumberValue {
  const raw = token.image;
  const match = numberPattern.exec(raw)!;
  const magnitude = Number(match[1]);
  const unit = match[2]!;
  const span = tokenSpan(token);
  if (unit === '') return { type: 'number', value: magnitude, quantity: 'plain', unit, raw, span };
  const info = units.get(unit);
  if (info) return { type: 'number', value: magnitude * info.factor, quantity: info.quantity, unit, raw, span };
  const meant = unitAliases.get(unit) ?? [...units.keys()].find((u) => u.toLowerCase() === unit.toLowerCase());
  const hint = meant
    ? `; did you mean \`${match[1]}${meant}\`?`
    : ': units are k, M, B (counts), %, ns, us (or µs), ms, s, m, h, d (durations) and KB, MB, GB, TB (sizes)';
  problems.push({ message: `unknown unit \`${quoteText(unit)}\` in \`${quoteText(raw)}\`${hint}`, span });
  return { type: 'number', value: magnitude, quantity: 'plain', unit, raw, span };
}
