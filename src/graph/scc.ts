/**
 * Strongly connected components (Tarjan), iterative. graphlib's `alg.tarjan` recurses once per
 * node and overflows the call stack on a 10,000-component chain, so this one keeps its own stack.
 */
import type { Csr } from './dominators.js';

/** Component id of each node; ids are numbered in the order components complete (reverse topological). */
export function stronglyConnected(succ: Csr): Int32Array {
  const n = succ.offsets.length - 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callStack = new Int32Array(n);
  const edgePos = new Int32Array(n);
  let sp = 0;
  let counter = 0;
  let components = 0;
  for (let start = 0; start < n; start++) {
    if (index[start] !== -1) continue;
    let cp = 0;
    callStack[cp++] = start;
    index[start] = low[start] = counter++;
    stack[sp++] = start;
    onStack[start] = 1;
    edgePos[start] = succ.offsets[start]!;
    while (cp > 0) {
      const v = callStack[cp - 1]!;
      if (edgePos[v]! < succ.offsets[v + 1]!) {
        const w = succ.targets[edgePos[v]!++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          edgePos[w] = succ.offsets[w]!;
          callStack[cp++] = w;
        } else if (onStack[w] && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      cp--;
      if (cp > 0) {
        const parent = callStack[cp - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          comp[w] = components;
        } while (w !== v);
        components++;
      }
    }
  }
  return comp;
}
