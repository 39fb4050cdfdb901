/**
 * "Did you mean": the banded edit distance and the indexed search give exactly what the plain
 * algorithms give. The oracle is the textbook optimal-string-alignment distance (the full table,
 * no bound) and a scan of every candidate in order, written here independently of
 * grammar/suggest.ts; fast-check compares them on words made of few letters, so that near misses
 * (and ties) are common.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Suggester, closest, editDistance } from '../grammar/suggest.js';

/** Optimal string alignment: Levenshtein plus swaps of two neighbours, over the whole table. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The rule as documented: the first case-only match, else the first of the nearest within the allowance. */
function oracle(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const caseOnly = candidates.find((c) => c !== word && c.toLowerCase() === lower);
  if (caseOnly !== undefined) return caseOnly;
  const allowed = word.length >= 12 ? 3 : word.length >= 6 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const d = osa(lower, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

const word = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '-', '1'), maxLength: max });

describe('did you mean', () => {
  it('the banded distance is the full one, or limit + 1 when the full one exceeds the limit', () => {
    fc.assert(
      fc.property(word(14), word(14), fc.integer({ min: 0, max: 4 }), (a, b, limit) => {
        const full = osa(a, b);
        expect(editDistance(a, b)).toBe(full);
        expect(editDistance(a, b, limit)).toBe(full <= limit ? full : limit + 1);
      }),
      { numRuns: 3000, seed: 1204 },
    );
  });

  it('hand-worked distances: a swap is one edit, and the band does not lose the answer', () => {
    // replicsa → replicas: one swap. kitten → sitting: 3 (k→s, e→i, +g).
    expect(editDistance('replicsa', 'replicas')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    // 16,000 letters with one changed in the middle: one edit, found within the band of 1.
    const long = 'ab'.repeat(8000);
    expect(editDistance(long, `${long.slice(0, 8000)}x${long.slice(8001)}`, 1)).toBe(1);
  });

  it('the indexed search answers what a scan of every candidate answers', () => {
    fc.assert(
      fc.property(word(13), fc.array(word(13), { maxLength: 12 }), (w, candidates) => {
        expect(new Suggester(candidates).closest(w)).toBe(oracle(w, candidates));
        expect(closest(w, candidates)).toBe(oracle(w, candidates));
      }),
      { numRuns: 3000, seed: 412 },
    );
  });

  it('examples: a typo, a case-only difference, the earlier of two as near, nothing near', () => {
    const s = new Suggester(['web', 'Web', 'users_db', 'users_dc', 'cache']);
    expect(s.closest('wbe')).toBe('web');
    expect(s.closest('WEB')).toBe('web');
    // users_dx is one edit from both users_db and users_dc: the earlier wins.
    expect(s.closest('users_dx')).toBe('users_db');
    expect(s.closest('queue')).toBeUndefined();
  });
});
