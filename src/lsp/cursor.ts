/** What completion offers at the cursor is decided by its context: these are the contexts (context.ts reads them). */
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

export const none: CursorContext = { type: 'none' };
