/**
 * Array helpers that work at any size. Spreading an array into a call (`out.push(...items)`,
 * `Math.max(...values)`) passes every item as an argument, and past about a hundred thousand items
 * that overflows the call stack; a model with that many findings, tiers or lines is a normal input,
 * so archlint never spreads an array into a call (the lint rule `no-restricted-syntax` says so).
 */

/** Appends every item to `target` (in order) and returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** `Math.max(floor, ...values)`, at any size (`floor` alone when there are no values). */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const v of values) max = Math.max(max, v);
  return max;
}

/** `Math.min(ceiling, ...values)`, at any size (`ceiling` alone when there are no values). */
export function minOf(values: Iterable<number>, ceiling = Infinity): number {
  let min = ceiling;
  for (const v of values) min = Math.min(min, v);
  return min;
}

/**
 * Adds `item` to the list `map` holds at `key` (a new list when there is none), in place: building
 * a list by copying it (`map.set(k, [...(map.get(k) ?? []), item])`) costs the square of its length.
 */
export function addTo<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
