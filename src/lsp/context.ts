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
import type { Comment, FileAst, Statement } from '../../grammar/ast.js';
import { lex, nextTokens, type NextToken, type RuleName } from '../../grammar/index.js';
import { Identifier, keywordTokens } from '../../grammar/tokens.js';
import type { SettingsBlockName } from '../model/schema.js';
import type { Owner } from './names.js';

export type CursorContext =
  /** Where a statement starts: a kind, a statement word or a component (an edge's start). */
  | { type: 'statement'; inRegion: boolean }
  /** After `->`. */
  | { type: 'edge-target'; from: string }
  /** Where an attribute name goes; `written` are the ones already in the block before the cursor. */
  | { type: 'attribute'; owner: Owner; written: string[] }
  /** After `name:`. */
  | { type: 'value'; owner: Owner; attribute: string }
  /** In the rule list of a suppression comment. */
  | { type: 'suppression'; listed: string[] }
  /** A comment's first word, which could become `archlint-disable…`. */
  | { type: 'directive' }
  | { type: 'none' };

export interface Completion {
  context: CursorContext;
  /** Where the word being typed starts (the cursor itself when none is). */
  wordStart: number;
}

const none: CursorContext = { type: 'none' };

const nameTokens: ReadonlySet<string> = new Set([Identifier, ...keywordTokens].map((t) => t.name));
const isName = (t: IToken) => nameTokens.has(t.tokenType.name);
const typeOf = (t: IToken | undefined) => t?.tokenType.name;

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

/** What content assist read (the headers of the regions it starts inside first), and what may follow. */
interface Reading {
  tokens: readonly IToken[];
  paths: NextToken[];
  /** The last token written that the reading took (not one it skipped). */
  last?: IToken;
}

const nothing: Reading = { tokens: [], paths: [] };

/**
 * Stands for the header of a region the reading starts inside: content assist looks at token
 * types only, so any name will do, and the rule stacks then show that region.
 */
let regionHeader: readonly IToken[] | undefined;

function headers(regions: number): IToken[] {
  regionHeader ??= lex('region r {').tokens;
  return Array.from({ length: regions }, () => regionHeader!).flat();
}

/**
 * What may follow `tokens` read inside `regions` regions. `region r {` also reads as a component
 * of kind `region` with an attribute block, which the parser never does (it tries the region
 * first): only the paths that read each header as a region, and stay inside the innermost (up
 * to its closing `}`), count.
 */
function assist(regions: number, tokens: readonly IToken[]): NextToken[] {
  const paths = nextTokens([...headers(regions), ...tokens]);
  if (regions === 0) return paths;
  const frames = ['file', ...Array.from({ length: regions }, () => ['statement', 'regionStatement']).flat()];
  const inside = (p: NextToken) => (p.ruleStack.length === frames.length ? typeOfPath(p) === 'RCurly' : p.ruleStack[frames.length] === 'statement');
  return paths.filter((p) => frames.every((f, i) => p.ruleStack[i] === f) && inside(p));
}

/**
 * Reads `tokens` inside `regions` regions. Content assist has no error recovery: tokens that are
 * no valid beginning leave it nothing to say. So, like the parser's own recovery, the reading goes
 * on past a token the grammar cannot take:
 * - in an attribute block, the token is skipped and the block goes on (a `,` or `;` there ends
 *   the attribute before it);
 * - elsewhere, and for a `}` in a block (which ends the block and its statement), the statement
 *   ends there: the reading starts again at that token as a new statement in the regions open
 *   there, or after it when it cannot start one; a `}` that closes one of those regions leaves it;
 * - a `{` it cannot take opens a group skipped to its `}`, with nothing to offer inside.
 * Each start again drops what was read before (but the head of a block that goes on), and the
 * longest valid run is found by doubling then halving its length, so that a reading costs
 * O(n log n) in the tokens.
 */
function read(regions: number, tokens: readonly IToken[]): Reading {
  let open = regions;
  /** Tokens read since the reading last started again, all valid. */
  let kept: IToken[] = [];
  let from = 0;
  let last: IToken | undefined;
  const run = (to: number) => [...kept, ...tokens.slice(from, to)];
  // Each round moves on by at least one token, or starts again once at the same token.
  for (let round = 0; round <= 2 * tokens.length + 1; round++) {
    let good = from;
    let goodPaths = assist(open, kept);
    let bad = Infinity;
    if (round === 0) {
      // Text that is not broken is read in one go.
      const whole = assist(open, run(tokens.length));
      if (whole.length > 0) return reading(open, run(tokens.length), whole, tokens[tokens.length - 1]);
      bad = tokens.length;
    }
    for (let step = 1; good < tokens.length && good + step < bad; step *= 2) {
      const to = Math.min(good + step, tokens.length);
      const paths = assist(open, run(to));
      if (paths.length === 0) {
        bad = to;
        break;
      }
      good = to;
      goodPaths = paths;
    }
    if (good === tokens.length) return reading(open, run(good), goodPaths, good > from ? tokens[good - 1] : last);
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      const paths = assist(open, run(mid));
      if (paths.length > 0) {
        good = mid;
        goodPaths = paths;
      } else {
        bad = mid;
      }
    }
    // tokens[good] is the first that the grammar cannot take after run(good).
    if (good > from) last = tokens[good - 1];
    const type = typeOf(tokens[good]);
    let next = good + 1;
    if (type === 'LCurly') {
      next = closingBrace(tokens, good) + 1;
      if (next === 0) return nothing;
    }
    const depth = Math.min(...goodPaths.map(regionDepth));
    if (type === 'RCurly' && open > 0 && goodPaths.some((p) => p.ruleStack.length === 2 * open + 1 && typeOfPath(p) === 'RCurly')) {
      open--;
      kept = [];
      from = next;
    } else if (type !== 'RCurly' && goodPaths.every((p) => p.ruleStack.includes('attributeBlock'))) {
      kept = blockHead(goodPaths[0]!, run(good));
      open = depth;
      from = type === 'Comma' || type === 'Semicolon' ? good : next;
    } else {
      // Read again from the token itself as a new statement, unless it already failed as one.
      const fresh = good === from && kept.length === 0;
      open = depth;
      kept = [];
      from = type !== 'LCurly' && !fresh ? good : next;
    }
  }
  return nothing;
}

function reading(regions: number, tokens: IToken[], paths: NextToken[], last: IToken | undefined): Reading {
  return { tokens: [...headers(regions), ...tokens], paths, ...(last ? { last } : {}) };
}

const typeOfPath = (p: NextToken) => p.nextTokenType.name;

/** The index of the `}` that closes the `{` at `open`, or -1 when the tokens end before it. */
function closingBrace(tokens: readonly IToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const type = typeOf(tokens[i]);
    if (type === 'LCurly') depth++;
    else if (type === 'RCurly' && --depth === 0) return i;
  }
  return -1;
}

/** How many regions a path is inside: its rule stack enters the body of each, or stands at its closing `}`. */
function regionDepth(p: NextToken): number {
  let depth = 0;
  p.ruleStack.forEach((rule, i) => {
    const inside = i + 1 < p.ruleStack.length ? p.ruleStack[i + 1] === 'statement' : typeOfPath(p) === 'RCurly';
    if (rule === 'regionStatement' && inside) depth++;
  });
  return depth;
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

/** The index of the `{` of the attribute block the tokens end in: nothing inside a block opens a brace. */
const blockBrace = (tokens: readonly IToken[]) => tokens.findLastIndex((t) => typeOf(t) === 'LCurly');

/** The rule of the statement that `p` is in. */
const statementRule = (p: NextToken) => p.ruleStack[p.ruleStack.lastIndexOf('statement') + 1];

/**
 * How many tokens before its block's `{` a statement starts, from what stands there: a settings
 * block's keyword, a component's `kind name ["label"]`, or an edge's `a -> b [-> c …]`.
 */
function headLength(p: NextToken, tokens: readonly IToken[], brace: number): number {
  const statement = statementRule(p);
  if (statement === 'settingsBlock') return 1;
  if (statement === 'componentStatement') return typeOf(tokens[brace - 1]) === 'StringLiteral' ? 3 : 2;
  let first = brace - 1;
  while (typeOf(tokens[first - 1]) === 'Arrow') first -= 2;
  return brace - first;
}

/** The statement's tokens up to its block's `{`, for reading on in the block after a token it cannot take. */
function blockHead(p: NextToken, tokens: readonly IToken[]): IToken[] {
  const brace = blockBrace(tokens);
  return tokens.slice(brace - headLength(p, tokens, brace), brace + 1);
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

/** The comment the cursor is in: after its marker, and before the closing marker of a block comment. */
function commentAround(comments: readonly Comment[], text: string, offset: number): Comment | undefined {
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

const directive = /^\s*archlint-(?:disable-next-line|disable)\s+(.*)$/s;

/** In a comment: rule ids after `archlint-disable…` (not in the reason after ` -- `), or the directive itself. */
function commentContext(comment: Comment, text: string, offset: number): Completion {
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
