/**
 * What may be written at the cursor, for completion. The syntax tree says where the statement
 * around the cursor starts (a safe place to read from, even in broken text: any statement start,
 * or the end of a closed region); from there the text up to the cursor is lexed with the
 * language's own tokens and run through a small state machine of the grammar (statements, regions,
 * attribute blocks, values). Only that statement is read, so the cost does not grow with the file.
 */
import { Lexer, type IToken, type ILexingResult } from '../../grammar/chevrotain.js';
import type { Comment, FileAst, Statement } from '../../grammar/ast.js';
import { allTokens } from '../../grammar/tokens.js';
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

let lexer: InstanceType<typeof Lexer> | undefined;

function lex(text: string): ILexingResult {
  lexer ??= new Lexer(allTokens as never, { positionTracking: 'onlyOffset', ensureOptimizations: false });
  return lexer.tokenize(text);
}

const nameTokens: ReadonlySet<string> = new Set(['Identifier', 'Architecture', 'Import', 'Workload', 'Budget', 'Latency', 'Region']);
const isName = (t: IToken) => nameTokens.has(t.tokenType.name);

type Phase = 'start' | 'word' | 'component' | 'label' | 'arrow' | 'end' | 'regionKeyword' | 'regionName' | 'regionLabel' | 'settingsKeyword' | 'needString';

interface StatementsFrame {
  type: 'statements';
  inRegion: boolean;
  phase: Phase;
  /** The last word read: a statement's first word, an edge's latest end. */
  word: string;
  /** A component's kind, once its name follows. */
  kind: string;
  block?: SettingsBlockName;
}

interface BlockFrame {
  type: 'block';
  owner?: Owner;
  phase: 'name' | 'afterName' | 'value' | 'afterValue' | 'rangeHigh';
  attribute: string;
  written: string[];
}

/** A list in a value, or a brace where none belongs: skipped to its closing token. */
interface NestFrame {
  type: 'nest';
  close: 'RCurly' | 'RBracket';
}

type Frame = StatementsFrame | BlockFrame | NestFrame;

const statements = (inRegion: boolean): StatementsFrame => ({ type: 'statements', inRegion, phase: 'start', word: '', kind: '' });
const block = (owner: Owner | undefined): BlockFrame => ({ type: 'block', ...(owner ? { owner } : {}), phase: 'name', attribute: '', written: [] });

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

/** Where to start reading, and the frames open there. */
function startingPoint(ast: FileAst, text: string, offset: number): { start: number; frames: Frame[] } {
  const frames: Frame[] = [statements(false)];
  let list = ast.statements;
  for (;;) {
    const s = lastBefore(list, offset);
    // Nothing before the cursor at this level: only possible at the top level (a region is
    // entered below only when one of its statements starts before the cursor).
    if (!s) return { start: 0, frames };
    if (s.type !== 'region') return { start: s.span.start.offset, frames };
    const last = s.body[s.body.length - 1];
    // Recovery ends an unclosed region at its last statement: only a `}` of its own closes it.
    const closed = text[s.span.end.offset - 1] === '}' && (!last || last.span.end.offset !== s.span.end.offset);
    if (closed && offset >= s.span.end.offset) return { start: s.span.end.offset, frames };
    if (!lastBefore(s.body, offset)) return { start: s.span.start.offset, frames };
    frames.push(statements(true));
    list = s.body;
  }
}

export function cursorContext(ast: FileAst, text: string, offset: number): Completion {
  const comment = commentAround(ast.comments, text, offset);
  if (comment) return commentContext(comment, text, offset);
  const { start, frames } = startingPoint(ast, text, offset);
  const prefix = text.slice(start, offset);
  const lexed = lex(prefix);
  const unfinished = ((lexed.groups.errors ?? []) as IToken[]).some((t) => t.startOffset + t.image.length === prefix.length);
  if (unfinished) return { context: { type: 'none' }, wordStart: offset };
  const tokens = lexed.tokens;
  let last = tokens[tokens.length - 1];
  let wordStart = offset;
  if (last && last.startOffset + last.image.length === prefix.length) {
    // The cursor touches a token: a word being typed is completed (and replaced) as a whole; in
    // a number or just after a string there is nothing to offer; after punctuation, what follows it.
    const type = last.tokenType.name;
    if (type === 'NumberLiteral' || type === 'StringLiteral') return { context: { type: 'none' }, wordStart };
    if (!isName(last)) return { context: contextOf(run(frames, tokens), false), wordStart };
    tokens.pop();
    wordStart = start + last.startOffset;
    last = tokens[tokens.length - 1];
  }
  run(frames, tokens);
  const end = last ? last.startOffset + last.image.length : 0;
  const gap = prefix.slice(end, wordStart - start);
  return { context: contextOf(frames, /[\r\n]/.test(gap)), wordStart };
}

function run(frames: Frame[], tokens: readonly IToken[]): Frame[] {
  for (const t of tokens) step(frames, t);
  return frames;
}

function contextOf(frames: readonly Frame[], newLine: boolean): CursorContext {
  const top = frames[frames.length - 1]!;
  if (top.type === 'nest') return { type: 'none' };
  if (top.type === 'statements') {
    if (top.phase === 'start' || (newLine && (top.phase === 'component' || top.phase === 'label' || top.phase === 'end'))) {
      return { type: 'statement', inRegion: top.inRegion };
    }
    return top.phase === 'arrow' ? { type: 'edge-target', from: top.word } : { type: 'none' };
  }
  if (!top.owner) return { type: 'none' };
  if (top.phase === 'name' || (newLine && (top.phase === 'afterName' || top.phase === 'afterValue'))) {
    return { type: 'attribute', owner: top.owner, written: top.written };
  }
  return top.phase === 'value' ? { type: 'value', owner: top.owner, attribute: top.attribute } : { type: 'none' };
}

function step(frames: Frame[], t: IToken): void {
  const top = frames[frames.length - 1]!;
  const type = t.tokenType.name;
  if (top.type === 'nest') {
    if (type === top.close) frames.pop();
    else if (type === 'LCurly' || type === 'LBracket') frames.push({ type: 'nest', close: type === 'LCurly' ? 'RCurly' : 'RBracket' });
    return;
  }
  if (top.type === 'block') return blockStep(frames, top, t);
  statementStep(frames, top, t);
}

function statementStep(frames: Frame[], top: StatementsFrame, t: IToken): void {
  const type = t.tokenType.name;
  const name = isName(t);
  const restart = () => {
    top.phase = 'start';
    statementStep(frames, top, t);
  };
  const open = (frame: Frame) => {
    top.phase = 'start';
    frames.push(frame);
  };
  switch (top.phase) {
    case 'start':
      if (name) {
        top.word = t.image;
        if (type === 'Region') top.phase = 'regionKeyword';
        else if (type === 'Workload' || type === 'Budget' || type === 'Latency') {
          top.phase = 'settingsKeyword';
          top.block = t.image as SettingsBlockName;
        } else if (type === 'Architecture' || type === 'Import') top.phase = 'needString';
        else top.phase = 'word';
      } else if (type === 'RCurly' && top.inRegion) frames.pop();
      else if (type === 'LCurly') frames.push({ type: 'nest', close: 'RCurly' });
      return;
    case 'word':
      if (type === 'Arrow') top.phase = 'arrow';
      else if (name) {
        top.phase = 'component';
        top.kind = top.word;
        top.word = t.image;
      } else if (type === 'LCurly') open(block(undefined));
      else restart();
      return;
    case 'component':
    case 'label':
      if (type === 'StringLiteral' && top.phase === 'component') top.phase = 'label';
      else if (type === 'LCurly') open(block({ type: 'component', kind: top.kind }));
      else restart();
      return;
    case 'arrow':
      if (name) {
        top.phase = 'end';
        top.word = t.image;
      } else restart();
      return;
    case 'end':
      if (type === 'Arrow') top.phase = 'arrow';
      else if (type === 'LCurly') open(block({ type: 'edge' }));
      else restart();
      return;
    case 'regionKeyword':
      if (name) top.phase = 'regionName';
      else restart();
      return;
    case 'regionName':
    case 'regionLabel':
      if (type === 'StringLiteral' && top.phase === 'regionName') top.phase = 'regionLabel';
      else if (type === 'LCurly') open(statements(true));
      else restart();
      return;
    case 'settingsKeyword':
      if (type === 'LCurly') open(block({ type: 'settings', block: top.block! }));
      else restart();
      return;
    case 'needString':
      if (type === 'StringLiteral') top.phase = 'start';
      else restart();
      return;
  }
}

function blockStep(frames: Frame[], top: BlockFrame, t: IToken): void {
  const type = t.tokenType.name;
  if (type === 'RCurly') {
    frames.pop();
    return;
  }
  if (type === 'Comma' || type === 'Semicolon') {
    top.phase = 'name';
    return;
  }
  const attribute = () => {
    top.phase = 'afterName';
    top.attribute = t.image;
    top.written.push(t.image);
  };
  switch (top.phase) {
    case 'name':
    case 'afterName':
    case 'afterValue':
      if (isName(t)) attribute();
      else if (type === 'Colon' && top.phase === 'afterName') top.phase = 'value';
      else if (type === 'DotDot' && top.phase === 'afterValue') top.phase = 'rangeHigh';
      else if (type === 'LCurly') frames.push({ type: 'nest', close: 'RCurly' });
      return;
    case 'value':
    case 'rangeHigh':
      top.phase = 'afterValue';
      if (type === 'LBracket') frames.push({ type: 'nest', close: 'RBracket' });
      else if (type === 'LCurly') frames.push({ type: 'nest', close: 'RCurly' });
      return;
  }
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
    if (/(^|\s)-/.test(rest)) return { context: { type: 'none' }, wordStart: offset };
    const word = /[^\s,]*$/.exec(rest)![0];
    const listed = rest.slice(0, rest.length - word.length).split(/[\s,]+/).filter((s) => s !== '');
    return { context: { type: 'suppression', listed }, wordStart: offset - word.length };
  }
  const first = /^\s*([a-z-]+)$/.exec(before);
  if (first && 'archlint-disable-next-line'.startsWith(first[1]!)) return { context: { type: 'directive' }, wordStart: offset - first[1]!.length };
  return { context: { type: 'none' }, wordStart: offset };
}
