/**
 * Selectors and conditions of policies (docs/custom-rules.md): which components a policy is about,
 * and what their attributes must be. Both are plain data from the configuration, validated by its
 * schema (schema.ts) and compiled here into predicates over the model's components, with every
 * value in the model's units (fractions for percentages, milliseconds, bytes, plain counts).
 */
import picomatch from 'picomatch';
import type { Component } from '../../model/model.js';

/** A comparison of one attribute's value. Every operator given must hold. */
export interface Comparison {
  eq?: unknown;
  ne?: unknown;
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  /** One of these values. */
  in?: unknown[];
  /** Whether the attribute has a value (after the language's defaults). */
  exists?: boolean;
  /** For lists (`tags`): holds every one of these. */
  includes?: string[];
  /** For lists: holds none of these. */
  excludes?: string[];
  /** For ranges (`autoscale`): conditions on its ends. */
  min?: Comparison;
  max?: Comparison;
}

/** A value (equality, or for a list: holds all of them) or a comparison. */
export type Condition = number | string | boolean | string[] | Comparison;

/** Attribute conditions, by attribute name. */
export type Conditions = Record<string, Condition>;

/** Which components: every key given must match. */
export interface Selector {
  kind?: string | string[];
  /** Glob(s) over the component's name. */
  name?: string | string[];
  /** Glob(s) over the name of the region it is declared in (a component outside any region matches none). */
  region?: string | string[];
  /** Tags it has, all of them. */
  tags?: string[];
  /** Components this selector would not match. */
  not?: Selector;
  /** Attribute conditions (every other key). */
  [attribute: string]: unknown;
}

export const selectorKeys: readonly string[] = ['kind', 'name', 'region', 'tags', 'not'];

const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** A component's value of an attribute, as the model holds it (defaults applied), or undefined. */
export function attributeValue(c: Component, attribute: string): unknown {
  return (c.attrs as unknown as Record<string, unknown>)[attribute];
}

/** Whether a value meets a condition (values already in the model's units). */
export function holds(condition: Condition, value: unknown): boolean {
  if (Array.isArray(condition)) return Array.isArray(value) && condition.every((t) => (value as unknown[]).includes(t));
  if (typeof condition !== 'object' || condition === null) return value === condition;
  const c = condition;
  if (c.exists !== undefined && (value !== undefined) !== c.exists) return false;
  if (c.eq !== undefined && value !== c.eq) return false;
  if (c.ne !== undefined && value === c.ne) return false;
  if (c.in !== undefined && !c.in.includes(value)) return false;
  const numeric = c.lt !== undefined || c.lte !== undefined || c.gt !== undefined || c.gte !== undefined;
  if (numeric) {
    if (typeof value !== 'number') return false;
    if (c.lt !== undefined && !(value < c.lt)) return false;
    if (c.lte !== undefined && !(value <= c.lte)) return false;
    if (c.gt !== undefined && !(value > c.gt)) return false;
    if (c.gte !== undefined && !(value >= c.gte)) return false;
  }
  if (c.includes !== undefined && !(Array.isArray(value) && c.includes.every((t) => (value as unknown[]).includes(t)))) return false;
  if (c.excludes !== undefined && Array.isArray(value) && c.excludes.some((t) => (value as unknown[]).includes(t))) return false;
  if (c.min !== undefined || c.max !== undefined) {
    const range = value as { min: number; max: number } | undefined;
    if (range === undefined) return false;
    if (c.min !== undefined && !holds(c.min, range.min)) return false;
    if (c.max !== undefined && !holds(c.max, range.max)) return false;
  }
  return true;
}

/** A selector compiled into a predicate (globs compiled once). */
export function compileSelector(selector: Selector): (c: Component) => boolean {
  const tests: ((c: Component) => boolean)[] = [];
  if (selector.kind !== undefined) {
    const kinds = new Set(list(selector.kind));
    tests.push((c) => kinds.has(c.kind));
  }
  if (selector.name !== undefined) {
    const match = picomatch(list(selector.name));
    tests.push((c) => match(c.name));
  }
  if (selector.region !== undefined) {
    const match = picomatch(list(selector.region));
    tests.push((c) => c.region !== undefined && match(c.region));
  }
  if (selector.tags !== undefined) {
    const tags = selector.tags;
    tests.push((c) => tags.every((t) => c.attrs.tags.includes(t)));
  }
  if (selector.not !== undefined) {
    const inner = compileSelector(selector.not);
    tests.push((c) => !inner(c));
  }
  for (const [attribute, condition] of Object.entries(selector)) {
    if (selectorKeys.includes(attribute)) continue;
    tests.push((c) => holds(condition as Condition, attributeValue(c, attribute)));
  }
  return (c) => tests.every((t) => t(c));
}

/** A condition in words, for messages: `at least 2`, `one of \`lru\`, \`lfu\``, `set`. */
export function describeCondition(condition: Condition, show: (value: unknown) => string): string {
  if (Array.isArray(condition)) return `to include ${condition.map((t) => `\`${t}\``).join(', ')}`;
  if (typeof condition !== 'object' || condition === null) return show(condition);
  const c = condition;
  const parts: string[] = [];
  if (c.exists === true) parts.push('set');
  if (c.exists === false) parts.push('not set');
  if (c.eq !== undefined) parts.push(show(c.eq));
  if (c.ne !== undefined) parts.push(`anything but ${show(c.ne)}`);
  if (c.in !== undefined) parts.push(`one of ${c.in.map(show).join(', ')}`);
  if (c.gt !== undefined) parts.push(`more than ${show(c.gt)}`);
  if (c.gte !== undefined) parts.push(`at least ${show(c.gte)}`);
  if (c.lt !== undefined) parts.push(`less than ${show(c.lt)}`);
  if (c.lte !== undefined) parts.push(`at most ${show(c.lte)}`);
  if (c.includes !== undefined) parts.push(`to include ${c.includes.map((t) => `\`${t}\``).join(', ')}`);
  if (c.excludes !== undefined) parts.push(`not to include ${c.excludes.map((t) => `\`${t}\``).join(', ')}`);
  if (c.min !== undefined) parts.push(`a minimum of ${describeCondition(c.min, show)}`);
  if (c.max !== undefined) parts.push(`a maximum of ${describeCondition(c.max, show)}`);
  return parts.join(' and ');
}

/** A selector in words, for a policy's description: `` `database` tagged `prod` ``, `` component named `pay*` ``. */
export function describeSelector(selector: Selector, show: (attribute: string, value: unknown) => string): string {
  const quoted = (x: string | string[]) =>
    list(x)
      .map((v) => `\`${v}\``)
      .join(' or ');
  const parts = [selector.kind !== undefined ? quoted(selector.kind) : 'component'];
  if (selector.name !== undefined) parts.push(`named ${quoted(selector.name)}`);
  if (selector.region !== undefined) parts.push(`in region ${quoted(selector.region)}`);
  if (selector.tags !== undefined && selector.tags.length > 0) parts.push(`tagged ${selector.tags.map((t) => `\`${t}\``).join(' and ')}`);
  for (const [attribute, condition] of Object.entries(selector)) {
    if (selectorKeys.includes(attribute)) continue;
    parts.push(`whose \`${attribute}\` is ${describeCondition(condition as Condition, (v) => show(attribute, v))}`);
  }
  if (selector.not !== undefined) parts.push(`that is not a ${describeSelector(selector.not, show)}`);
  return parts.join(' ');
}
