/**
 * missing-dead-letter: a queue that a worker, a function or a service consumes, with no `dead_letter` queue. A
 * message its consumer cannot process (malformed, or one that crashes it) is then delivered
 * again and again, holding a consumer each time and delaying the messages behind it, or is
 * dropped after the broker's retries with no trace. In `archlint:strict`: most models do not say
 * how their queues handle failures. Each queue's out-edges are read once.
 */
import { defineRule } from '../src/engine/rule.js';
import { consumerKinds, isRequestEdge } from '../src/model/model.js';

type MessageId = 'noDeadLetter';

export default defineRule<MessageId>({
  id: 'missing-dead-letter',
  meta: {
    serves: 'Chapter: slow work behind a message queue. Review: what happens to a message that keeps failing.',
    description: 'A consumed queue with no `dead_letter` queue: a message that keeps failing is retried forever or lost without a trace.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      noDeadLetter:
        "`{{consumer}}` consumes `{{queue}}`, which has no `dead_letter` queue: a message it cannot process is delivered again and again, holding a consumer each time and delaying the messages behind it, or is dropped after the broker's retries with no trace. Give it one: `queue {{queue}}_dlq` and `dead_letter: {{queue}}_dlq, max_receives: 5` on `{{queue}}`.",
    },
  },
  check(model, context) {
    for (const queue of model.ofKind('queue')) {
      if (queue.attrs.dead_letter !== undefined) continue;
      const consumer = model.outEdges(queue.name).find((e) => isRequestEdge(e) && consumerKinds.has(model.component(e.to)!.kind));
      if (!consumer) continue;
      context.report({ messageId: 'noDeadLetter', data: { queue: queue.name, consumer: consumer.to }, target: { component: queue } });
    }
  },
});
