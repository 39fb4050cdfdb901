/**
 * Which nodes a set of sources reaches, and one path to each: a breadth-first search from every
 * source at once, optionally never entering `blocked` nodes. O(n + m) however many sources.
 *
 * Used by policies: "no request path from a client to a database" is the targets this search
 * arrives at; "every path from the internet to `payments` crosses a gateway" is the targets it
 * still arrives at when the gateways are blocked (a set of components cuts every path exactly when
 * no path avoids all of them; with one component, that is dominance).
 */
import type { Csr } from './dominators.js';

export interface PathSearch {
  /**
   * For each target the search arrived at along an edge: the node it came from; -1 when it did
   * not arrive. (A source that is also a target counts only when a path of one edge or more leads
   * to it.)
   */
  arrivedFrom: Int32Array;
  /** The search tree: each visited node's parent, -2 for sources, -1 for nodes not visited. */
  parent: Int32Array;
  /** Each visited node's source, and its number of hops from it. */
  origin: Int32Array;
  depth: Int32Array;
}

export function searchPaths(succ: Csr, sources: Iterable<number>, isTarget: (v: number) => boolean, blocked: (v: number) => boolean = () => false): PathSearch {
  const n = succ.offsets.length - 1;
  const parent = new Int32Array(n).fill(-1);
  const arrivedFrom = new Int32Array(n).fill(-1);
  const origin = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const queue: number[] = [];
  for (const s of sources) {
    if (parent[s] !== -1 || blocked(s)) continue;
    parent[s] = -2;
    origin[s] = s;
    queue.push(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (let k = succ.offsets[u]!; k < succ.offsets[u + 1]!; k++) {
      const v = succ.targets[k]!;
      if (blocked(v)) continue;
      if (arrivedFrom[v] === -1 && isTarget(v)) arrivedFrom[v] = u;
      if (parent[v] === -1) {
        parent[v] = u;
        origin[v] = origin[u]!;
        depth[v] = depth[u]! + 1;
        queue.push(v);
      }
    }
  }
  return { arrivedFrom, parent, origin, depth };
}

/**
 * The path the search found to `target`, from its source: node indices, source first, and its
 * number of hops. A path of more than `max` nodes is shortened to its source, -1 for the nodes
 * left out, and its last `max - 2` nodes, so that each path costs at most `max` steps however long
 * it is (thousands of targets at the end of a long chain stay linear).
 */
export function pathTo(search: PathSearch, target: number, max = Infinity): { nodes: number[]; hops: number } {
  const from = search.arrivedFrom[target]!;
  const hops = search.depth[from]! + 1;
  const nodes = [target];
  const keep = hops + 1 <= max ? hops + 1 : max - 2;
  for (let v = from; v >= 0 && nodes.length < keep; v = search.parent[v]!) nodes.push(v);
  if (nodes.length < hops + 1) nodes.push(-1, search.origin[from]!);
  return { nodes: nodes.reverse(), hops };
}
