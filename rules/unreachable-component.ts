/**
 * unreachable-component: a component that nothing reaches from any client, following every edge
 * (requests, async hand-offs, static fetches, replication and telemetry alike), each service's
 * reference to its session store and each queue's reference to its dead-letter queue. Monitoring components and clients are exempt, and a model with
 * no clients is a fragment and is not checked. One breadth-first search from every client.
 */
import { defineRule } from '../src/engine/rule.js';

type MessageId = 'unreachable';

export default defineRule<MessageId>({
  id: 'unreachable-component',
  meta: {
    serves: 'Review: a model that says what it means, with nothing left unconnected.',
    description: 'A component that no client reaches through any edge: dead weight, or an edge that is missing.',
    defaultSeverity: 'warning',
    messages: {
      unreachable:
        'no client reaches `{{name}}`: no chain of edges leads to it from any client, so either nothing uses it or an edge to it is missing. Connect it to the flow that needs it, or remove it.',
    },
  },
  check(model, context) {
    const components = model.components();
    if (!components.some((c) => c.kind === 'client')) return;
    const reached = context.reached('edges');
    for (const c of components) {
      if (reached[c.index] || c.kind === 'monitoring') continue;
      context.report({ messageId: 'unreachable', data: { name: c.name }, target: { component: c } });
    }
  },
});
