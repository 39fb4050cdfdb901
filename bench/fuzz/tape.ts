/**
 * A tape of choices: the generators read every decision they make (how many components, which
 * kind, which value) from it, so an input is a function of its tape. fast-check draws the tape in
 * the tests and shrinks it when an input breaks something, which shrinks the input with it; the
 * long fuzz run draws tapes from a seed, so any input it reports is made again from the seed and
 * its index. Reading past the end gives 0, the smallest choice, which is what shrinking aims for.
 */
/** Choices per input: more than the largest generated model reads. */
export const TAPE_LENGTH = 600;

export class Tape {
  private at = 0;

  constructor(private readonly values: readonly number[]) {}

  /** A whole number in 0..n−1. */
  int(n: number): number {
    if (n <= 1) return 0;
    const v = this.values[this.at++];
    return v === undefined ? 0 : v % n;
  }

  /** True with probability p (in steps of 1/1000). */
  chance(p: number): boolean {
    return this.int(1000) < p * 1000;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Up to `max` items made by `make` (fewer as the tape runs out). */
  many<T>(max: number, make: (i: number) => T): T[] {
    const n = this.int(max + 1);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(make(i));
    return out;
  }
}

/**
 * A tape of `length` values from a xorshift generator seeded by `seed`: the long run's inputs, each made
 * again from its seed alone.
 */
export function seededTape(seed: number, length: number): Tape {
  let s0 = (seed ^ 0x9e3779b9) >>> 0 || 1;
  let s1 = (Math.imul(seed, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0 || 2;
  const values: number[] = [];
  for (let i = 0; i < length; i++) {
    // Marsaglia's xorshift on two 32-bit words: plenty for choosing among a few hundred options.
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    s1 = x >>> 0;
    values.push((s0 + s1) >>> 0);
  }
  return new Tape(values);
}
