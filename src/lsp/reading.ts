/**
 * Reading a statement with the parser's content assist (grammar/index.ts `nextTokens`): what the
 * grammar allows after the tokens before the cursor, with the rule stack of each possibility, read
 * inside the regions the statement is in. Content assist stops at a token the grammar cannot take;
 * the reading then goes on past it, as the parser's recovery would (`read`).
 */
import type { IToken } from '../../grammar/chevrotain.js';
import { lex, nextTokens, type NextToken } from '../../grammar/index.js';
import { Identifier, keywordTokens } from '../../grammar/tokens.js';
import { minOf } from '../arrays.js';

const nameTokens: ReadonlySet<string> = new Set([Identifier, ...keywordTokens].map((t) => t.name));
export const isName = (t: IToken) => nameTokens.has(t.tokenType.name);
export const typeOf = (t: IToken | undefined) => t?.tokenType.name;

/** What content assist read (the headers of the regions it starts inside first), and what may follow. */
export interface Reading {
  tokens: readonly IToken[];
  paths: NextToken[];
  /** The last token written that the reading took (not one it skipped). */
  last?: IToken;
}

export const nothing: Reading = { tokens: [], paths: [] };

/**
 * Stands for the header of a region the reading starts inside: content assist looks at token
 * types only, so any name will do, and the rule stacks then show that region.
 */
let regionHeader: readonly IToken[] | undefined;

export function headers(regions: number): IToken[] {
  regionHeader ??= lex('region r {').tokens;
  return Array.from({ length: regions }, () => regionHeader!).flat();
}

/**
 * What may follow `tokens` read inside `regions` regions. `region r {` also reads as a component
 * of kind `region` with an attribute block, which the parser never does (it tries the region
 * first): only the paths that read each header as a region, and stay inside the innermost (up
 * to its closing `}`), count.
 */
export function assist(regions: number, tokens: readonly IToken[]): NextToken[] {
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
export function read(regions: number, tokens: readonly IToken[]): Reading {
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
    const depth = minOf(goodPaths.map(regionDepth));
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

export function reading(regions: number, tokens: IToken[], paths: NextToken[], last: IToken | undefined): Reading {
  return { tokens: [...headers(regions), ...tokens], paths, ...(last ? { last } : {}) };
}

export const typeOfPath = (p: NextToken) => p.nextTokenType.name;

/** The index of the `}` that closes the `{` at `open`, or -1 when the tokens end before it. */
export function closingBrace(tokens: readonly IToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const type = typeOf(tokens[i]);
    if (type === 'LCurly') depth++;
    else if (type === 'RCurly' && --depth === 0) return i;
  }
  return -1;
}

/** How many regions a path is inside: its rule stack enters the body of each, or stands at its closing `}`. */
export function regionDepth(p: NextToken): number {
  let depth = 0;
  p.ruleStack.forEach((rule, i) => {
    const inside = i + 1 < p.ruleStack.length ? p.ruleStack[i + 1] === 'statement' : typeOfPath(p) === 'RCurly';
    if (rule === 'regionStatement' && inside) depth++;
  });
  return depth;
}

/** The index of the `{` of the attribute block the tokens end in: nothing inside a block opens a brace. */
export const blockBrace = (tokens: readonly IToken[]) => tokens.findLastIndex((t) => typeOf(t) === 'LCurly');

/** The rule of the statement that `p` is in. */
export const statementRule = (p: NextToken) => p.ruleStack[p.ruleStack.lastIndexOf('statement') + 1];

/**
 * How many tokens before its block's `{` a statement starts, from what stands there: a settings
 * block's keyword, a component's `kind name ["label"]`, or an edge's `a -> b [-> c …]`.
 */
export function headLength(p: NextToken, tokens: readonly IToken[], brace: number): number {
  const statement = statementRule(p);
  if (statement === 'settingsBlock') return 1;
  if (statement === 'componentStatement') return typeOf(tokens[brace - 1]) === 'StringLiteral' ? 3 : 2;
  let first = brace - 1;
  while (typeOf(tokens[first - 1]) === 'Arrow') first -= 2;
  return brace - first;
}

/** The statement's tokens up to its block's `{`, for reading on in the block after a token it cannot take. */
export function blockHead(p: NextToken, tokens: readonly IToken[]): IToken[] {
  const brace = blockBrace(tokens);
  return tokens.slice(brace - headLength(p, tokens, brace), brace + 1);
}
