/**
 * What may be written at the cursor, for completion. The syntax tree says where the statement
 * around the cursor starts (a safe place to read from, even in broken text: any statement start,
 * or the end of a closed region); from there the text up to the cursor is lexed with the
 * language's lexer and handed to the parser's content assist (`nextTokens`, grammar/index.ts),
 * which lists the tokens the grammar allows next, each with the stack of rules that leads to it.
 * The context is read from those rule stacks (`contextOf`); whose attribute block the cursor is
 * in, and the attributes already there, from the block's tokens (`ownerOf`, `writtenIn`). Only
 * that statement is read, so the cost does not grow with the file (unless the syntax tree ends
 * before the cursor, where the parser gave up: the reading then starts at its last statement).
 *
 * Content assist knows the grammar but not the parser's recovery, nor the checks made after
 * parsing; three small rules stand in for them, each documented where it applies: how a reading
 * goes on past a token the grammar cannot take (`read`), that `region x` is a region's header and
 * not a component of kind `region` (`assist`, `contextOf`, `ownerOf`), and that two attributes on
 * one line need a separator (`contextOf`). Suppression comments are read from the comment's text.
 *
 * Offsets are UTF-16 code units from the start of the text, as in the syntax tree.
 */
import type { IToken } from '../../grammar/chevrotain.js';
import type { FileAst, Statement } from '../../grammar/ast.js';
import { lex, nextTokens, type NextToken, type RuleName } from '../../grammar/index.js';
import type { SettingsBlockName } from '../model/schema.js';
import { commentAround, commentContext } from './comment-context.js';
import { none, type Completion, type CursorContext } from './cursor.js';
import type { Owner } from './names.js';
import { blockBrace, headLength, isName, read, statementRule, typeOf, typeOfPath, type Reading } from './reading.js';

export type { Completion, CursorContext } from './cursor.js';

export function cursorContext(ast: FileAst, text: string, offset: number): Completion {
  const comment = commentAround(ast.comments, text, offset);
  if (comment) return commentContext(comment, text, offset);
  const { start, regions, atRegion } = startingPoint(ast, text, offset);
  const prefix = text.slice(start, offset);
  const lexed = lex(prefix);
  const unfinished = (lexed.groups.errors ?? []).some((t) => t.startOffset + t.image.length === prefix.length);
  if (unfinished) return { context: none, wordStart: offset };
  let tokens = lexed.tokens;
  let wordStart = offset;
  const touching = tokens[tokens.length - 1];
  if (touching && touching.startOffset + touching.image.length === prefix.length) {
    // The cursor touches a token: a word being typed is completed (and replaced) as a whole; in
    // a number or just after a string there is nothing to offer; after punctuation, what follows it.
    const type = touching.tokenType.name;
    if (type === 'NumberLiteral' || type === 'StringLiteral') return { context: none, wordStart };
    if (isName(touching)) {
      tokens.pop();
      wordStart = start + touching.startOffset;
    }
  }
  const before = tokens[tokens.length - 1];
  const end = before ? before.startOffset + before.image.length : 0;
  const newLine = /[\r\n]/.test(prefix.slice(end, wordStart - start));
  let open = regions;
  if (atRegion) {
    // Once its `{` is read, the region the reading starts at is open like the others.
    const brace = tokens.findIndex((t) => typeOf(t) === 'LCurly');
    if (typeOf(tokens[0]) === 'Region' && brace !== -1 && brace <= 3) {
      tokens = tokens.slice(brace + 1);
      open++;
    }
  }
  return { context: contextOf(read(open, tokens), tokens, newLine), wordStart };
}

/** The last statement of a list that starts before `offset` (statements are in source order). */
function lastBefore(list: readonly Statement[], offset: number): Statement | undefined {
  let lo = 0;
  let hi = list.length - 1;
  let found: Statement | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.span.start.offset < offset) {
      found = list[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Where to start reading: a statement start, or the end of a closed region. `regions` counts the
 * regions the reading starts inside; `atRegion`, that it starts at the keyword of a region the
 * cursor is in (before any statement of that region).
 */
function startingPoint(ast: FileAst, text: string, offset: number): { start: number; regions: number; atRegion: boolean } {
  let regions = 0;
  let list = ast.statements;
  for (;;) {
    const s = lastBefore(list, offset);
    // Nothing before the cursor at this level: only possible at the top level (a region is
    // entered below only when one of its statements starts before the cursor).
    if (!s) return { start: 0, regions, atRegion: false };
    if (s.type !== 'region') return { start: s.span.start.offset, regions, atRegion: false };
    const last = s.body[s.body.length - 1];
    // Recovery ends an unclosed region at its last statement: only a `}` of its own closes it.
    const closed = text[s.span.end.offset - 1] === '}' && (!last || last.span.end.offset !== s.span.end.offset);
    if (closed && offset >= s.span.end.offset) return { start: s.span.end.offset, regions, atRegion: false };
    if (!lastBefore(s.body, offset)) return { start: s.span.start.offset, regions, atRegion: true };
    regions++;
    list = s.body;
  }
}

/**
 * The context after a reading, from what the grammar allows next (rule names of parser.ts):
 * - `edge-target`: a name that `edgeStatement` takes, but not as its first token: right after an
 *   `->`, whose start (`from`) is the token before it;
 * - `value`: a first token of a `value` that `attribute` calls (not an item of a `list`, not the
 *   upper bound of a range): right after `name:`, the token before it;
 * - `attribute`: a first token of an `attribute` in an `attributeBlock`, after the block's `{`,
 *   a separator or a line break; the owner is the statement rule the block belongs to
 *   (`ownerOf`), and `written` the names already there (`writtenIn`);
 * - `statement`: a first token of a `statement`, `inRegion` when a `regionStatement` leads to it;
 *   only on a new line when the statement before could still go on;
 * - `none` otherwise, and in a region's header.
 * `raw` are the tokens before the cursor as written (the reading may have skipped some);
 * `newLine`, that a line break stands between the last of them and the cursor.
 */
function contextOf({ tokens, paths, last }: Reading, raw: readonly IToken[], newLine: boolean): CursorContext {
  // `region eu` also reads as a component of kind `region` (which no kind is), possibly followed
  // by a new statement; the parser tries the region first, and in a region's header there is
  // nothing to offer (a name of one's own, a label, `{`).
  if (paths.some((p) => innermost(p) === 'regionStatement' && typeOfPath(p) !== 'RCurly' && !startsRule(p, p.ruleStack.length - 1))) return none;

  for (const p of paths) {
    const rule = innermost(p);
    const depth = p.ruleStack.length - 1;
    // The second end of an edge, or a later one: only right after an `->`.
    if (rule === 'edgeStatement' && typeOfPath(p) === 'Name' && !startsRule(p, depth)) {
      return { type: 'edge-target', from: tokens[tokens.length - 2]!.image };
    }
    // A value of an attribute (not an item of a list, not the upper bound of a range): right after `name:`.
    if (rule === 'value' && p.ruleStack[depth - 1] === 'attribute' && startsRule(p, depth)) {
      const owner = ownerOf(p, tokens);
      return owner ? { type: 'value', owner, attribute: tokens[tokens.length - 2]!.image } : none;
    }
  }

  const attribute = paths.find(
    (p) => innermost(p) === 'attribute' && p.ruleStack[p.ruleStack.length - 2] === 'attributeBlock' && startsRule(p, p.ruleStack.length - 1),
  );
  if (attribute) {
    // The grammar lets attributes follow one another with nothing between them; that two on one
    // line need a separator is checked after parsing (grammar/index.ts, missingSeparators). So a
    // new attribute is offered after the block's `{`, a separator, or on a new line.
    const previous = typeOf(last);
    if (!newLine && previous !== 'LCurly' && previous !== 'Comma' && previous !== 'Semicolon') return none;
    const owner = ownerOf(attribute, tokens);
    return owner ? { type: 'attribute', owner, written: writtenIn(tokens, raw) } : none;
  }

  const starts = paths.filter((p) => startsRule(p, p.ruleStack.lastIndexOf('statement')));
  if (starts.length === 0) return none;
  // A statement that could still go on (a label, a block, another `->`) is ended by a line
  // break; one that cannot (closed by `}`, or a string of `import` and `architecture`) needs none.
  const goesOn = paths.some((p) => !starts.includes(p) && !(innermost(p) === 'regionStatement' && typeOfPath(p) === 'RCurly'));
  if (goesOn && !newLine) return none;
  return { type: 'statement', inRegion: starts[0]!.ruleStack.includes('regionStatement') };
}

const innermost = (p: NextToken) => p.ruleStack[p.ruleStack.length - 1];

/** For each rule, the ways it can start (rule stacks relative to it), as keys of `startKey`. */
const startsByRule = new Map<string, ReadonlySet<string>>();

const startKey = (p: NextToken, depth: number) =>
  `${p.ruleStack.slice(depth).join('/')} ${p.occurrenceStack.slice(depth + 1).join('/')} ${typeOfPath(p)} ${p.nextTokenOccurrence}`;

/** Whether the token `p` expects is a first token of the rule at `depth` of its stack. */
function startsRule(p: NextToken, depth: number): boolean {
  const rule = p.ruleStack[depth];
  if (rule === undefined) return false;
  let starts = startsByRule.get(rule);
  if (!starts) {
    starts = new Set(nextTokens([], rule as RuleName).map((s) => startKey(s, 0)));
    startsByRule.set(rule, starts);
  }
  return starts.has(startKey(p, depth));
}

/**
 * Whose attribute block the tokens end in. No owner for a component of kind `region`: that
 * reading is a region's header taken for a component, which the parser never does.
 */
function ownerOf(p: NextToken, tokens: readonly IToken[]): Owner | undefined {
  const brace = blockBrace(tokens);
  const statement = statementRule(p);
  if (statement === 'settingsBlock') return { type: 'settings', block: tokens[brace - 1]!.image as SettingsBlockName };
  if (statement === 'edgeStatement') return { type: 'edge' };
  const kind = tokens[brace - headLength(p, tokens, brace)]!;
  return typeOf(kind) === 'Region' ? undefined : { type: 'component', kind: kind.image };
}

/**
 * The attributes written in the block the reading ends in, before the cursor: its names, as
 * written (with what the reading skipped), that are not values: not inside a list or a skipped
 * group, not right after a `:`.
 */
function writtenIn(tokens: readonly IToken[], raw: readonly IToken[]): string[] {
  const written: string[] = [];
  let depth = 0;
  for (let i = raw.lastIndexOf(tokens[blockBrace(tokens)]!) + 1; i < raw.length; i++) {
    const t = raw[i]!;
    const type = typeOf(t);
    if (type === 'LBracket' || type === 'LCurly') depth++;
    else if (type === 'RBracket' || type === 'RCurly') depth = Math.max(0, depth - 1);
    else if (depth === 0 && isName(t) && typeOf(raw[i - 1]) !== 'Colon') written.push(t.image);
  }
  return written;
}
