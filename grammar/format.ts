/**
 * The canonical layout of a .arch file, printed from its syntax tree: one statement per line, two
 * spaces of indentation per block, `a -> b` with single spaces, `{ a: 1, b: 2 }`, lists as
 * `[a, b]`, at most one blank line where the source had any. An attribute block written over
 * several lines keeps its line breaks (which attributes share a line), re-indented. Every comment is kept, at the place
 * it had: a comment on its own line stays on its own line before what follows it, and a comment
 * after code stays after the same code on its line, so suppressions keep their targets. Literals
 * (numbers, strings, units) are kept as written.
 *
 * Only a file without syntax problems is formatted: one with any gets its problems back instead.
 */
import type { Attribute, AttributeBlock, Comment, FileAst, Span, Statement, SyntaxProblem, Value } from './ast.js';
import { parseArch, stripBom } from './index.js';

export type FormatResult = { text: string; problems: [] } | { text?: undefined; problems: SyntaxProblem[] };

/** The canonical layout of `source`, or its syntax problems. A byte-order mark is dropped; line ends become `\n`. */
export function formatArch(source: string): FormatResult {
  const { ast, problems } = parseArch(source);
  if (problems.length > 0) return { problems };
  return { text: printArch(stripBom(source), ast), problems: [] };
}

const INDENT = '  ';
const STRING = /"(?:[^"\\\r\n]|\\[^\r\n])*"/;

/** Prints `ast`, parsed from `text` (without its byte-order mark), in the canonical layout. */
export function printArch(text: string, ast: FileAst): string {
  const comments = [...ast.comments].sort((a, b) => a.span.start.offset - b.span.start.offset);
  let next = 0; // the first comment not yet printed
  const out: string[] = [];
  /** The source line of the last thing printed, for keeping blank lines. */
  let lastLine = 0;

  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  /** The 1-based line of `offset`. */
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  // Where each statement starts, in source order: a comment after one statement's end belongs to
  // it only up to the next statement (several may share a line).
  const starts: number[] = [];
  const collect = (ss: readonly Statement[]) => {
    for (const st of ss) {
      starts.push(st.span.start.offset);
      if (st.type === 'region') collect(st.body);
    }
  };
  collect(ast.statements);
  starts.sort((a, b) => a - b);
  const nextStart = (offset: number): number => {
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return starts[low] ?? Infinity;
  };
  /** Where the statements of the current region end (its `}`), or the end of the file. */
  const closes: number[] = [Infinity];
  const limitAfter = (offset: number): number => Math.min(nextStart(offset), closes[closes.length - 1]!);
  const literalIn = (span: Span, from = span.start.offset): string => STRING.exec(text.slice(from, span.end.offset))?.[0] ?? '""';
  const commentText = (c: Comment): string => text.slice(c.span.start.offset, c.span.end.offset);

  /** One blank line where the source had any between the last thing printed and `line` (not right after a `{`). */
  const blankBefore = (line: number) => {
    if (lastLine > 0 && line > lastLine + 1 && out.length > 0 && !out[out.length - 1]!.split(' #')[0]!.endsWith('{')) out.push('');
  };
  /** Prints the comments that start before `offset`, each on its own line. */
  const leading = (offset: number, depth: number) => {
    while (next < comments.length && comments[next]!.span.start.offset < offset) {
      const c = comments[next++]!;
      blankBefore(c.span.start.line);
      out.push(INDENT.repeat(depth) + commentText(c));
      lastLine = c.span.end.line;
    }
  };
  /** The comments that start on `line` at or after `offset`, joined, for the end of a printed line. */
  const trailing = (line: number, offset: number, before = Infinity): string => {
    const parts: string[] = [];
    while (
      next < comments.length &&
      comments[next]!.span.start.line === line &&
      comments[next]!.span.start.offset >= offset &&
      comments[next]!.span.start.offset < before
    ) {
      parts.push(commentText(comments[next++]!));
    }
    return parts.length > 0 ? ` ${parts.join(' ')}` : '';
  };

  const value = (v: Value): string => {
    switch (v.type) {
      case 'list':
        return `[${v.items.map(value).join(', ')}]`;
      case 'flag':
        return '';
      default:
        return text.slice(v.span.start.offset, v.span.end.offset);
    }
  };
  const attribute = (a: Attribute): string => (a.value.type === 'flag' ? a.name : `${a.name}: ${value(a.value)}`);

  /** Prints `head` followed by the block (if any) and what ends the statement's line. */
  const withBlock = (head: string, block: AttributeBlock | undefined, statementEnd: Span, depth: number) => {
    const pad = INDENT.repeat(depth);
    if (!block) {
      out.push(pad + head + trailing(statementEnd.end.line, statementEnd.end.offset, limitAfter(statementEnd.end.offset)));
      lastLine = statementEnd.end.line;
      return;
    }
    if (block.span.start.line === block.span.end.line) {
      // Comments inside a one-line block move before the statement (printed by the caller's `leading`).
      const inner = block.attributes.map(attribute).join(', ');
      out.push(
        `${pad}${head} ${inner === '' ? '{}' : `{ ${inner} }`}${trailing(block.span.end.line, block.span.end.offset, limitAfter(block.span.end.offset))}`,
      );
      lastLine = block.span.end.line;
      return;
    }
    // A block over several lines keeps its lines: attributes written on one line stay on one line
    // (so a comment at the end of a line, a suppression say, still ends the same attributes), the
    // first ones stay after the `{` and the last ones before the `}` where they were written there.
    const close = block.span.end.offset - 1;
    const groups: Attribute[][] = [];
    for (const a of block.attributes) {
      const group = groups[groups.length - 1];
      if (group && group[group.length - 1]!.span.end.line === a.span.start.line) group.push(a);
      else groups.push([a]);
    }
    const line = (group: Attribute[]) => group.map(attribute).join(', ');
    const ends = (group: Attribute[]) => group[group.length - 1]!.span.end;
    let rest = groups;
    if (groups[0] && groups[0][0]!.span.start.line === block.span.start.line) {
      const g = groups[0];
      const closesHere = ends(g).line === block.span.end.line;
      out.push(
        `${pad}${head} { ${line(g)}${closesHere ? ' }' : ''}${trailing(ends(g).line, ends(g).offset, closesHere ? limitAfter(block.span.end.offset) : close)}`,
      );
      lastLine = ends(g).line;
      if (closesHere) return;
      rest = groups.slice(1);
    } else {
      out.push(`${pad}${head} {${trailing(block.span.start.line, block.span.start.offset, block.attributes[0]?.span.start.offset ?? close)}`);
      lastLine = block.span.start.line;
    }
    for (const g of rest) {
      leading(g[0]!.span.start.offset, depth + 1);
      blankBefore(g[0]!.span.start.line);
      const closesHere = ends(g).line === block.span.end.line;
      out.push(
        `${INDENT.repeat(depth + 1)}${line(g)}${closesHere ? ' }' : ''}${trailing(ends(g).line, ends(g).offset, closesHere ? limitAfter(block.span.end.offset) : close)}`,
      );
      lastLine = ends(g).line;
      if (closesHere) return;
    }
    leading(close, depth + 1);
    out.push(`${pad}}${trailing(block.span.end.line, block.span.end.offset, limitAfter(block.span.end.offset))}`);
    lastLine = block.span.end.line;
  };

  const statement = (s: Statement, depth: number) => {
    leading(s.span.start.offset, depth);
    blankBefore(s.span.start.line);
    const pad = INDENT.repeat(depth);
    switch (s.type) {
      case 'title':
        withBlock(`architecture ${literalIn(s.span)}`, undefined, s.span, depth);
        return;
      case 'import':
        withBlock(`import ${literalIn(s.pathSpan)}`, undefined, s.span, depth);
        return;
      case 'settings':
        // Comments between the keyword and the block go before the statement.
        leading(s.attributes.span.start.offset, depth);
        withBlock(s.block, s.attributes, s.span, depth);
        return;
      case 'property':
        withBlock(attribute(s.attribute), undefined, s.span, depth);
        return;
      case 'component': {
        const blockStart = s.attributes?.span.start.offset ?? s.span.end.offset;
        const label = s.label !== undefined ? ` ${literalIn(s.span, s.nameSpan.end.offset)}` : '';
        leading(blockStart, depth);
        withBlock(`${s.kind} ${s.name}${label}`, s.attributes, s.span, depth);
        return;
      }
      case 'edge':
        leading(s.attributes?.span.start.offset ?? s.span.end.offset, depth);
        withBlock(s.ends.map((e) => e.name).join(' -> '), s.attributes, s.span, depth);
        return;
      case 'region': {
        const open = s.body[0]?.span.start.offset ?? s.span.end.offset - 1;
        const label = s.label !== undefined ? ` ${literalIn(s.span, s.nameSpan.end.offset)}` : '';
        const head = `region ${s.name}${label}`;
        // The `{` ends the header: comments after it on its line stay there.
        const brace = text.indexOf('{', s.nameSpan.end.offset + (label === '' ? 0 : label.length - 1));
        const braceLine = lineOf(brace);
        if (s.body.length === 0 && !comments.slice(next).some((c) => c.span.start.offset > brace && c.span.start.offset < s.span.end.offset)) {
          out.push(`${pad}${head} {}${trailing(s.span.end.line, s.span.end.offset, limitAfter(s.span.end.offset))}`);
          lastLine = s.span.end.line;
          return;
        }
        out.push(`${pad}${head} {${trailing(braceLine, brace, open)}`);
        lastLine = braceLine;
        closes.push(s.span.end.offset - 1);
        for (const inner of s.body) statement(inner, depth + 1);
        closes.pop();
        leading(s.span.end.offset - 1, depth + 1);
        out.push(`${pad}}${trailing(s.span.end.line, s.span.end.offset, limitAfter(s.span.end.offset))}`);
        lastLine = s.span.end.line;
        return;
      }
    }
  };

  for (const s of ast.statements) statement(s, 0);
  leading(Infinity, 0);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
