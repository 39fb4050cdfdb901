import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DominatorSolver, reverseCsr, toCsr } from '../src/graph/dominators.js';
import { stronglyConnected } from '../src/graph/scc.js';

/** Reachable set from root avoiding `removed` (brute force). */
function reach(n: number, edges: [number, number][], root: number, removed: number): Set<number> {
  const seen = new Set<number>();
  if (root === removed) return seen;
  const stack = [root];
  seen.add(root);
  while (stack.length) {
    const v = stack.pop()!;
    for (const [a, b] of edges) {
      if (a !== v || b === removed || seen.has(b)) continue;
      seen.add(b);
      stack.push(b);
    }
  }
  return seen;
}

/** Brute force: d dominates v iff removing d makes v unreachable; idom is the closest strict dominator. */
function bruteIdom(n: number, edges: [number, number][], root: number): number[] {
  const all = reach(n, edges, root, -1);
  const doms = new Map<number, Set<number>>();
  for (const v of all) doms.set(v, new Set([v]));
  for (const d of all) {
    if (d === root) continue;
    const without = reach(n, edges, root, d);
    for (const v of all) if (v !== d && !without.has(v)) doms.get(v)!.add(d);
  }
  for (const v of all) if (v !== root) doms.get(v)!.add(root);
  const idom = new Array<number>(n).fill(-1);
  for (const v of all) {
    if (v === root) continue;
    const strict = [...doms.get(v)!].filter((d) => d !== v);
    // The immediate dominator is the strict dominator dominated by all the others.
    idom[v] = strict.find((d) => strict.every((o) => doms.get(d)!.has(o)))!;
  }
  return idom;
}

const graphs = fc
  .integer({ min: 1, max: 12 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }), fc.nat(n - 1)));

describe('dominator trees', () => {
  it('agree with brute force on random graphs', () => {
    fc.assert(
      fc.property(graphs, ([n, edges, root]) => {
        const succ = toCsr(n, edges);
        const solver = new DominatorSolver(succ, reverseCsr(n, succ));
        const tree = solver.solve(root);
        expect([...tree.idom]).toEqual(bruteIdom(n, edges, root));
        // The solver is reusable: a second root on the same arrays gives a fresh answer.
        const other = (root + 1) % n;
        expect([...solver.solve(other).idom]).toEqual(bruteIdom(n, edges, other));
      }),
      { numRuns: 500, seed: 1 },
    );
  });

  it('handle a 20,000-node chain without deep recursion', () => {
    const n = 20_000;
    const edges: [number, number][] = Array.from({ length: n - 1 }, (_, i) => [i, i + 1]);
    const succ = toCsr(n, edges);
    const tree = new DominatorSolver(succ, reverseCsr(n, succ)).solve(0);
    expect(tree.idom[n - 1]).toBe(n - 2);
    expect(tree.reached.length).toBe(n);
  });
});

describe('strongly connected components', () => {
  it('put two nodes together exactly when each reaches the other', () => {
    fc.assert(
      fc.property(graphs, ([n, edges]) => {
        const comp = stronglyConnected(toCsr(n, edges));
        for (let a = 0; a < n; a++) {
          const fromA = reach(n, edges, a, -1);
          for (let b = 0; b < n; b++) {
            const together = fromA.has(b) && reach(n, edges, b, -1).has(a);
            expect(comp[a] === comp[b]).toBe(together);
          }
        }
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('handle a 20,000-node cycle without deep recursion', () => {
    const n = 20_000;
    const edges: [number, number][] = Array.from({ length: n }, (_, i) => [i, (i + 1) % n]);
    const comp = stronglyConnected(toCsr(n, edges));
    expect(new Set(comp).size).toBe(1);
  });
});
