/**
 * Dominator trees (Lengauer–Tarjan with path compression, O(m log n)), over a graph given as
 * compressed adjacency arrays. graphlib has no dominator algorithm, so it lives here.
 *
 * Node `d` dominates node `n` (from root `r`) when every path from `r` to `n` passes through `d`.
 * Iterative throughout: a 10,000-node chain must not overflow the call stack.
 */

/** Adjacency in CSR form: the successors of node i are `targets[offsets[i] .. offsets[i+1])`. */
export interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
}

export function toCsr(nodeCount: number, edges: Iterable<readonly [number, number]>): Csr {
  const list = [...edges];
  const offsets = new Int32Array(nodeCount + 1);
  for (const [from] of list) offsets[from + 1]!++;
  for (let i = 0; i < nodeCount; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, nodeCount);
  const targets = new Int32Array(list.length);
  for (const [from, to] of list) targets[fill[from]!++] = to;
  return { offsets, targets };
}

export function reverseCsr(nodeCount: number, csr: Csr): Csr {
  const pairs: [number, number][] = [];
  for (let v = 0; v < nodeCount; v++) {
    for (let k = csr.offsets[v]!; k < csr.offsets[v + 1]!; k++) pairs.push([csr.targets[k]!, v]);
  }
  return toCsr(nodeCount, pairs);
}

export interface DominatorTree {
  root: number;
  /**
   * Immediate dominator of each node; -1 for the root and for nodes not reachable from it.
   * A buffer of the solver's, valid until its next `solve`.
   */
  idom: Int32Array;
  /** Reachable nodes in depth-first preorder of the graph from the root (the root first). */
  reached: Int32Array;
}

/**
 * Reusable work arrays: computing trees from many roots of one graph allocates once, and each
 * tree costs time in proportion to what its root reaches, not to the whole graph.
 *
 * Many roots (every client of a model) with shared successors (a DNS every client calls) would
 * make each solve walk every other root's edges in the predecessor lists. Nodes with no incoming
 * edge can only ever be reached as the root itself, so their edges are left out of the
 * predecessor lists and the root's own edges are accounted for directly.
 */
export class DominatorSolver {
  private readonly n: number;
  private readonly pred: Csr;
  private readonly isSource: Uint8Array;
  private readonly idom: Int32Array;
  private readonly rootSuccessor: Int32Array;
  private lastReached: Int32Array = new Int32Array(0);
  private solves = 0;
  private readonly dfnum: Int32Array;
  private readonly vertex: Int32Array;
  private readonly parent: Int32Array;
  private readonly semi: Int32Array;
  private readonly ancestor: Int32Array;
  private readonly best: Int32Array;
  private readonly bucketHead: Int32Array;
  private readonly bucketNext: Int32Array;
  private readonly stack: Int32Array;
  private readonly edgePos: Int32Array;

  constructor(
    private readonly succ: Csr,
    pred: Csr,
  ) {
    this.n = succ.offsets.length - 1;
    const n = this.n;
    this.isSource = new Uint8Array(n);
    const kept: [number, number][] = [];
    for (let w = 0; w < n; w++) {
      if (pred.offsets[w] === pred.offsets[w + 1]) this.isSource[w] = 1;
    }
    for (let w = 0; w < n; w++) {
      for (let k = pred.offsets[w]!; k < pred.offsets[w + 1]!; k++) {
        const v = pred.targets[k]!;
        if (!this.isSource[v]) kept.push([w, v]);
      }
    }
    this.pred = toCsr(n, kept);
    this.idom = new Int32Array(n).fill(-1);
    this.rootSuccessor = new Int32Array(n).fill(-1);
    this.dfnum = new Int32Array(n).fill(-1);
    this.vertex = new Int32Array(n);
    this.parent = new Int32Array(n);
    this.semi = new Int32Array(n);
    this.ancestor = new Int32Array(n);
    this.best = new Int32Array(n);
    this.bucketHead = new Int32Array(n).fill(-1);
    this.bucketNext = new Int32Array(n).fill(-1);
    this.stack = new Int32Array(n);
    this.edgePos = new Int32Array(n);
  }

  solve(root: number): DominatorTree {
    const { succ, pred, dfnum, vertex, parent, semi, ancestor, best, bucketHead, bucketNext, stack, edgePos, idom, rootSuccessor } = this;
    for (const v of this.lastReached) idom[v] = -1;
    const solveId = ++this.solves;
    if (this.isSource[root]) {
      for (let k = succ.offsets[root]!; k < succ.offsets[root + 1]!; k++) rootSuccessor[succ.targets[k]!] = solveId;
    }
    // Depth-first numbering, iterative.
    let count = 0;
    dfnum[root] = count;
    vertex[count++] = root;
    parent[root] = -1;
    let top = 0;
    stack[0] = root;
    edgePos[root] = succ.offsets[root]!;
    while (top >= 0) {
      const v = stack[top]!;
      const end = succ.offsets[v + 1]!;
      if (edgePos[v]! < end) {
        const w = succ.targets[edgePos[v]!++]!;
        if (dfnum[w] === -1) {
          dfnum[w] = count;
          vertex[count++] = w;
          parent[w] = v;
          edgePos[w] = succ.offsets[w]!;
          stack[++top] = w;
        }
      } else {
        top--;
      }
    }
    for (let i = 0; i < count; i++) {
      const v = vertex[i]!;
      semi[v] = i;
      ancestor[v] = -1;
      best[v] = v;
    }

    const evaluate = (v: number): number => {
      if (ancestor[v] === -1) return v;
      // Collect the path to the forest root, then compress it top-down.
      let sp = 0;
      let u = v;
      while (ancestor[ancestor[u]!] !== -1) {
        stack[sp++] = u;
        u = ancestor[u]!;
      }
      while (sp > 0) {
        const x = stack[--sp]!;
        const a = ancestor[x]!;
        if (semi[best[a]!]! < semi[best[x]!]!) best[x] = best[a]!;
        ancestor[x] = ancestor[a]!;
      }
      return best[v]!;
    };

    for (let i = count - 1; i >= 1; i--) {
      const w = vertex[i]!;
      const p = parent[w]!;
      if (rootSuccessor[w] === solveId) semi[w] = 0; // an edge from the root, whose number is 0
      for (let k = pred.offsets[w]!; k < pred.offsets[w + 1]!; k++) {
        const v = pred.targets[k]!;
        if (dfnum[v] === -1) continue;
        const u = evaluate(v);
        if (semi[u]! < semi[w]!) semi[w] = semi[u]!;
      }
      const s = vertex[semi[w]!]!;
      bucketNext[w] = bucketHead[s]!;
      bucketHead[s] = w;
      ancestor[w] = p;
      for (let v = bucketHead[p]!; v !== -1;) {
        const next = bucketNext[v]!;
        const u = evaluate(v);
        idom[v] = semi[u]! < semi[v]! ? u : p;
        bucketNext[v] = -1;
        v = next;
      }
      bucketHead[p] = -1;
    }
    for (let i = 1; i < count; i++) {
      const w = vertex[i]!;
      if (idom[w] !== vertex[semi[w]!]) idom[w] = idom[idom[w]!]!;
    }
    const reached = vertex.slice(0, count);
    this.lastReached = reached;
    // Reset for the next root.
    for (let i = 0; i < count; i++) {
      const v = vertex[i]!;
      dfnum[v] = -1;
      bucketHead[v] = -1;
    }
    return { root, idom, reached };
  }
}
