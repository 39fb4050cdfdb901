/**
 * The request graph: components by index, joined by the edges that carry client requests (not
 * telemetry, not replication). Built once per model and shared by the rules that walk flows.
 */
import { isRequestEdge, type Model } from '../model/model.js';
import { reverseCsr, toCsr, type Csr } from './dominators.js';

export interface RequestGraph {
  succ: Csr;
  pred: Csr;
  /** Whether a component has no outgoing request edge: flows that reach it end there. */
  isSink: Uint8Array;
}

const cache = new WeakMap<Model, RequestGraph>();

export function requestGraph(model: Model): RequestGraph {
  let graph = cache.get(model);
  if (graph) return graph;
  const n = model.components().length;
  const pairs: [number, number][] = [];
  for (const edge of model.edges()) {
    if (!isRequestEdge(edge)) continue;
    pairs.push([model.component(edge.from)!.index, model.component(edge.to)!.index]);
  }
  const succ = toCsr(n, pairs);
  const isSink = new Uint8Array(n);
  for (let i = 0; i < n; i++) isSink[i] = succ.offsets[i] === succ.offsets[i + 1] ? 1 : 0;
  graph = { succ, pred: reverseCsr(n, succ), isSink };
  cache.set(model, graph);
  return graph;
}
