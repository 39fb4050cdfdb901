/**
 * What clients reach: one breadth-first search from every client along the edges `follow`
 * accepts, plus each service's link to the session store its `sessions:` names (a service reads
 * it on every request) and, with `deadLetters`, each queue's link to the queue its `dead_letter`
 * names (the broker moves failed messages there, with no edge in the model). graphlib's `alg.preorder` recurses once per node, which a 10,000-long
 * chain overflows, so the search is iterative here.
 */
import type { Edge, Model } from '../model/model.js';

/** `reached[component.index]` is 1 for every component some client reaches (clients included). */
export function reachedFromClients(model: Model, follow: (edge: Edge) => boolean = () => true, deadLetters = false): Uint8Array {
  const components = model.components();
  const reached = new Uint8Array(components.length);
  const queue: number[] = [];
  const visit = (name: string) => {
    const c = model.component(name);
    if (c && !reached[c.index]) {
      reached[c.index] = 1;
      queue.push(c.index);
    }
  };
  for (const c of components) if (c.kind === 'client') visit(c.name);
  for (let head = 0; head < queue.length; head++) {
    const c = components[queue[head]!]!;
    for (const edge of model.outEdges(c.name)) if (follow(edge)) visit(edge.to);
    if (c.attrs.sessions !== undefined && c.attrs.sessions !== 'local') visit(c.attrs.sessions);
    if (deadLetters && c.attrs.dead_letter !== undefined) visit(c.attrs.dead_letter);
  }
  return reached;
}
