/**
 * queue-without-consumer: a queue that something sends messages to and nothing takes them from
 * (no edge from it to a worker, a function or a service). Messages pile up until the broker's limits, and
 * the work they stand for never happens. A queue that is another queue's `dead_letter` is read by
 * people, not by the system, and is not reported. Each queue's edges are read once.
 */
import { defineRule, listNames } from '../src/engine/rule.js';
import { consumerKinds, isRequestEdge } from '../src/model/model.js';

type MessageId = 'noConsumer';

export default defineRule<MessageId>({
  id: 'queue-without-consumer',
  meta: {
    serves: 'Chapter: slow work behind a message queue, which workers take from.',
    description: 'A queue that receives messages and that no worker, function or service consumes: the work it holds never happens.',
    defaultSeverity: 'error',
    messages: {
      noConsumer:
        '{{producers}} send{{s}} messages to `{{queue}}`, but nothing consumes them (no edge from `{{queue}}` to a worker, a function or a service): they pile up until the broker refuses more, and the work they stand for never happens. Add the consumer: `{{queue}} -> <worker>`.',
    },
  },
  check(model, context) {
    const deadLetters = new Set<string>();
    for (const q of model.ofKind('queue')) if (q.attrs.dead_letter !== undefined) deadLetters.add(q.attrs.dead_letter);
    for (const queue of model.ofKind('queue')) {
      if (deadLetters.has(queue.name)) continue;
      const producers = [
        ...new Set(
          model
            .inEdges(queue.name)
            .filter((e) => isRequestEdge(e))
            .map((e) => e.from),
        ),
      ];
      if (producers.length === 0) continue;
      const consumed = model.outEdges(queue.name).some((e) => isRequestEdge(e) && consumerKinds.has(model.component(e.to)!.kind));
      if (consumed) continue;
      context.report({
        messageId: 'noConsumer',
        data: { queue: queue.name, producers: listNames(producers), s: producers.length === 1 ? 's' : '' },
        target: { component: queue },
      });
    }
  },
});
