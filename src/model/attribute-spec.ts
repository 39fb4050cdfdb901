/**
 * How the attribute tables (schema.ts) are written and what TypeScript reads from them. A
 * `ValueSpec` says how a value is written and checked; an `AttributeSpec` adds the attribute's
 * name, its words for docs and its default. `attr` keeps each spec's literal types (its name, its
 * `ValueSpec`, whether it has a default), so that `AttributeValues` can turn a table into the type
 * of the values the model holds, and the tables stay the one place the vocabulary is written.
 */
import type { Kind } from './kinds.js';

/** How a value is written and checked. Normalised units: ratios 0..1, milliseconds, bytes. */
export type ValueSpec =
  | { type: 'int'; min: number; max: number }
  | { type: 'count'; min: number; max: number; exclusiveMin?: boolean }
  | { type: 'percent'; min: number; max: number; exclusiveMin?: boolean }
  | { type: 'duration'; min: number; max: number; exclusiveMin?: boolean }
  | { type: 'size'; min: number; max: number }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'word' }
  | { type: 'string' }
  | { type: 'range'; min: number; max: number }
  | { type: 'list' }
  /** One of `values`, or the name of a declared component of one of `kinds`. */
  | { type: 'enum-or-ref'; values: readonly string[]; kinds: readonly Kind[] };

/**
 * The model's type for each type of value but `enum` (whose type is the union of its own values):
 * ratios, durations (ms), sizes (bytes) and counts are numbers, a range is its two ends. Indexed by
 * `ValueOf`, so a `ValueSpec` type missing here does not compile.
 */
interface ValueTypes {
  int: number;
  count: number;
  percent: number;
  duration: number;
  size: number;
  bool: boolean;
  word: string;
  string: string;
  /** A fixed word or a component's name: a string either way. */
  'enum-or-ref': string;
  range: { min: number; max: number };
  list: string[];
}

/** The model's type for a value of spec `V`: `{ type: 'enum', values: ['a', 'b'] }` → `'a' | 'b'`. */
export type ValueOf<V extends ValueSpec> = V extends { type: 'enum'; values: readonly (infer E extends string)[] } ? E : ValueTypes[Exclude<V['type'], 'enum'>];

/** Any checked value, in the model's units (what `coerce` returns). */
export type AttributeValue = ValueOf<ValueSpec>;

export interface AttributeSpec {
  name: string;
  value: ValueSpec;
  description: string;
  /** How one writes it, for docs and completion. */
  example: string;
  /** The default as users would write it, for docs (absent when there is none). */
  defaultText?: string;
  /** The value an absent attribute takes, when it depends on nothing else (see `applyDefaults`). */
  default?: AttributeValue;
  /** `applyDefaults` always works out a value from the kind or other attributes: never absent. */
  alwaysSet?: true;
}

/**
 * Value types whose default the table may declare: those the model holds as users write them, so
 * `defaultText` can be shown from the value. Quantities have no table default: their defaults are
 * the evaluator's figures, and showing one would need the language's units.
 */
type Plain = { type: 'bool' | 'int' | 'enum' | 'word' | 'list' };

/** The default part of a spec: `default` is checked against the spec's own value type. */
export interface Defaults<V extends ValueSpec> {
  default?: V extends Plain ? ValueOf<V> : never;
  /** For docs, when the default is not a plain value (`even split`) or depends on the kind. */
  defaultText?: string;
  alwaysSet?: true;
}

/** A default as written: `1`, `false`, `simple`, `[]` (only plain values, see `Plain`). */
function written(value: AttributeValue): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : typeof value === 'object' ? `${value.min}..${value.max}` : String(value);
}

/**
 * One attribute's spec, keeping the literal types of its name, its value spec and its defaults
 * (`const` type parameters). `defaultText` is shown from `default` unless given.
 *
 * `O` is constrained by the spec-independent `Defaults<ValueSpec>` and checked against the spec in
 * the parameter: were its constraint `Defaults<V>`, a default inferred too wide (`string` for
 * `'simple'`) would silently make `O` the constraint itself, and the attribute optional.
 */
export function attr<const N extends string, const V extends ValueSpec, const O extends Defaults<ValueSpec> = Record<never, never>>(
  name: N,
  value: V,
  description: string,
  example: string,
  defaults?: O & Defaults<V>,
): { name: N; value: V; description: string; example: string; defaultText?: string } & O {
  const defaultText = defaults?.defaultText ?? (defaults?.default !== undefined ? written(defaults.default) : undefined);
  // Object.assign keeps `O` in the type, where a spread of the optional `defaults` would lose it.
  return Object.assign({ name, value, description, example }, defaults, defaultText !== undefined ? { defaultText } : {});
}

/** Whether an attribute always has a value after defaults: a table default, or `alwaysSet`. */
type AlwaysPresent<S> = S extends { default: AttributeValue } ? true : S extends { alwaysSet: true } ? true : false;

/** One object type instead of an intersection (for hovers and error messages). */
export type Flatten<T> = { [K in keyof T]: T[K] };

/**
 * The values of the attributes `S` (a union of specs) as the model holds them after defaults: each
 * under its name with the type its `ValueSpec` gives, required when always present, else optional.
 * Specs of one name (`ttl` of a cdn and of a cache) give one property of the union of their types.
 */
export type AttributeValues<S extends AttributeSpec> = Flatten<
  { [A in S as AlwaysPresent<A> extends true ? A['name'] : never]: ValueOf<A['value']> } & {
    [A in S as AlwaysPresent<A> extends true ? never : A['name']]?: ValueOf<A['value']>;
  }
>;
