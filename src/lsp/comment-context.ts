/** Completion inside comments: the rule ids of a suppression comment, or the directive a comment's first word could become. */
import type { Comment } from '../../grammar/ast.js';
import { none, type Completion } from './cursor.js';

/** The comment the cursor is in: after its marker, and before the closing marker of a block comment. */
export function commentAround(comments: readonly Comment[], text: string, offset: number): Comment | undefined {
  let lo = 0;
  let hi = comments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = comments[mid]!;
    const block = text.startsWith('/*', c.span.start.offset);
    const end = c.span.end.offset - (block ? 2 : 0);
    if (offset < c.span.start.offset + c.markerLength) hi = mid - 1;
    else if (offset > end) lo = mid + 1;
    else return c;
  }
  return undefined;
}

export const directive = /^\s*archlint-(?:disable-next-line|disable)\s+(.*)$/s;

/** In a comment: rule ids after `archlint-disable…` (not in the reason after ` -- `), or the directive itself. */
export function commentContext(comment: Comment, text: string, offset: number): Completion {
  const before = text.slice(comment.span.start.offset + comment.markerLength, offset);
  const m = directive.exec(before);
  if (m) {
    const rest = m[1]!;
    if (/(^|\s)-/.test(rest)) return { context: none, wordStart: offset };
    const word = /[^\s,]*$/.exec(rest)![0];
    const listed = rest
      .slice(0, rest.length - word.length)
      .split(/[\s,]+/)
      .filter((s) => s !== '');
    return { context: { type: 'suppression', listed }, wordStart: offset - word.length };
  }
  const first = /^\s*([a-z-]+)$/.exec(before);
  if (first && 'archlint-disable-next-line'.startsWith(first[1]!)) return { context: { type: 'directive' }, wordStart: offset - first[1]!.length };
  return { context: none, wordStart: offset };
}
