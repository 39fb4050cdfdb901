/**
 * unreachable-component: a component that nothing reaches from any client, following every edge
 * (requests, async hand-offs, static fetches, replication and telemetry alike) and each service's
 * reference to its session store. Monitoring components and clients are exempt, and a model with
 * no clients is a fragment and is not checked. One breadth-first search from every client.
 */
import { defineRule } from '../src/engine/rule.js';
import type { Component } from '../src/model/model.js';

type MessageId = 'unreachable';

export default defineRule<MessageId>({
  id: 'unreachable-component',
  meta: {
    description: 'A component that no client reaches through any edge: dead weight, or an edge that is missing.',
    defaultSeverity: 'warning',
    messages: {
      unreachable:
        'no client reaches `{{name}}`: no chain of edges leads to it from any client, so either nothing uses it or an edge to it is missing. Connect it to the flow that needs it, or remove it.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
  },
  check(model, context) {
    const components = model.components();
    const reached = new Uint8Array(components.length);
    const queue: Component[] = [];
    const visit = (c: Component | undefined) => {
      if (c && !reached[c.index]) {
        reached[c.index] = 1;
        queue.push(c);
      }
    };
    for (const c of components) if (c.kind === 'client') visit(c);
    if (queue.length === 0) return;
    for (let head = 0; head < queue.length; head++) {
      const c = queue[head]!;
      for (const edge of model.outEdges(c.name)) visit(model.component(edge.to));
      if (c.attrs.sessions !== undefined && c.attrs.sessions !== 'local') visit(model.component(c.attrs.sessions));
    }
    for (const c of components) {
      if (reached[c.index] || c.kind === 'monitoring') continue;
      context.report({ messageId: 'unreachable', data: { name: c.name }, target: { component: c } });
    }
  },
});
