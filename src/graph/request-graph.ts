/**
 * The request graph: components by index, joined by the edges that carry client requests (not
 * telemetry, not replication), plus an implicit edge from each service to the session store its
 * `sessions:` names. The engine builds it once per run and hands it to the rules that walk flows
 * (`RuleServices.requestGraph`).
 */
import { isRequestEdge, type Model } from '../model/model.js';
import { reverseCsr, toCsr, type Csr } from './dominators.js';
import { stronglyConnected } from './scc.js';

export interface RequestGraph {
  succ: Csr;
  pred: Csr;
  /**
   * Whether flows end at a component: it has no outgoing request edge, or it lies in a cycle of
   * components that call only each other (a strongly connected component with no way out).
   */
  isFlowEnd: Uint8Array;
}

export function requestGraph(model: Model): RequestGraph {
  const n = model.components().length;
  const pairs: [number, number][] = [];
  for (const edge of model.edges()) {
    if (!isRequestEdge(edge)) continue;
    pairs.push([model.component(edge.from)!.index, model.component(edge.to)!.index]);
  }
  // A service reads its session store on every request, whether or not an edge says so.
  for (const c of model.components()) {
    const store = c.attrs.sessions !== undefined && c.attrs.sessions !== 'local' ? model.component(c.attrs.sessions) : undefined;
    if (store) pairs.push([c.index, store.index]);
  }
  const succ = toCsr(n, pairs);
  const comp = stronglyConnected(succ);
  const exits = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    for (let k = succ.offsets[v]!; k < succ.offsets[v + 1]!; k++) if (comp[succ.targets[k]!] !== comp[v]) exits[comp[v]!] = 1;
  }
  const isFlowEnd = new Uint8Array(n);
  for (let v = 0; v < n; v++) isFlowEnd[v] = exits[comp[v]!] ? 0 : 1;
  return { succ, pred: reverseCsr(n, succ), isFlowEnd };
}
