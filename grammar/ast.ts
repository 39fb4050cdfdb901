/**
 * The typed syntax tree of one .arch file. Every node carries a `Span`.
 *
 * Coordinates: lines and columns are 1-based; `end` is exclusive (the position just after the last
 * character), as in ESLint and LSP-style ranges. Offsets are 0-based UTF-16 indexes into the text.
 */

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
  /** 0-based offset into the text. */
  offset: number;
}

export interface Span {
  start: Position;
  /** Exclusive. */
  end: Position;
}

/** What a number's unit makes it. `plain` has no unit; `count` has k/M/B (already multiplied in). */
export type Quantity = 'plain' | 'count' | 'percent' | 'duration' | 'size';

export interface StringValue {
  type: 'string';
  value: string;
  span: Span;
}

export interface NumberValue {
  type: 'number';
  /**
   * Normalised magnitude: counts multiplied out (`20k` → 20000), percentages as written (`90%` → 90),
   * durations in milliseconds (`30m` → 1800000), sizes in bytes (`64KB` → 65536).
   */
  value: number;
  quantity: Quantity;
  /** The unit as written (`k`, `%`, `ms`, `KB`), or '' for none. */
  unit: string;
  /** The literal as written. */
  raw: string;
  span: Span;
}

export interface RangeValue {
  type: 'range';
  low: NumberValue;
  high: NumberValue;
  span: Span;
}

/** A bare word: an enum value, a component name, `true`/`false`. */
export interface WordValue {
  type: 'word';
  value: string;
  span: Span;
}

export interface ListValue {
  type: 'list';
  items: Value[];
  span: Span;
}

/** The implicit value of a bare attribute (`durable`), meaning `true`. */
export interface FlagValue {
  type: 'flag';
  span: Span;
}

export type Value = StringValue | NumberValue | RangeValue | WordValue | ListValue | FlagValue;

export interface Attribute {
  name: string;
  nameSpan: Span;
  value: Value;
  span: Span;
}

export interface AttributeBlock {
  attributes: Attribute[];
  span: Span;
}

export interface TitleStatement {
  type: 'title';
  title: string;
  span: Span;
}

export interface ImportStatement {
  type: 'import';
  path: string;
  pathSpan: Span;
  span: Span;
}

export interface SettingsStatement {
  type: 'settings';
  block: 'workload' | 'budget' | 'latency';
  keywordSpan: Span;
  attributes: AttributeBlock;
  span: Span;
}

export interface RegionStatement {
  type: 'region';
  name: string;
  nameSpan: Span;
  label?: string;
  body: Statement[];
  span: Span;
}

export interface ComponentStatement {
  type: 'component';
  kind: string;
  kindSpan: Span;
  name: string;
  nameSpan: Span;
  label?: string;
  attributes?: AttributeBlock;
  span: Span;
}

export interface EdgeEnd {
  name: string;
  span: Span;
}

/** `a -> b -> c { … }`: one statement, `ends.length - 1` hops, the attributes shared by every hop. */
export interface EdgeStatement {
  type: 'edge';
  ends: EdgeEnd[];
  attributes?: AttributeBlock;
  span: Span;
}

/** `name: value` in a region's body: a property of the region (`zones: [a, b, c]`). */
export interface PropertyStatement {
  type: 'property';
  attribute: Attribute;
  span: Span;
}

export type Statement = TitleStatement | ImportStatement | SettingsStatement | RegionStatement | ComponentStatement | EdgeStatement | PropertyStatement;

/** A `#`, `//` or block comment, with its text after the comment marker. */
export interface Comment {
  text: string;
  /** Length of the comment marker before `text` (`#` 1, `//` and `/*` 2). */
  markerLength: number;
  span: Span;
}

export interface FileAst {
  statements: Statement[];
  comments: Comment[];
  span: Span;
}

/** A lexing or parsing error: data, never an exception. */
export interface SyntaxProblem {
  message: string;
  span: Span;
}
