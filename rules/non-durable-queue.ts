/**
 * non-durable-queue: a queue that carries writes or jobs and does not keep its messages through a
 * broker restart: not `durable`, not `managed`, and not a broker whose messages are durable by
 * default (Kafka's replicated log, SQS, Pub/Sub, Kinesis). A restart or a failed broker node then
 * loses every message in it: uploads never get their thumbnails, orders never get their e-mails.
 * Each queue's in-edges are read once.
 */
import { defineRule } from '../src/engine/rule.js';
import { isRequestEdge, productName } from '../src/model/model.js';

type MessageId = 'notDurable';

/** Brokers whose messages are stored durably (replicated to disk) unless configured otherwise. */
const DURABLE_ENGINES = new Set(['kafka', 'sqs', 'pubsub', 'kinesis']);

export default defineRule<MessageId>({
  id: 'non-durable-queue',
  meta: {
    serves: 'Chapter: slow work behind a message queue. Review: messages that survive a broker restart.',
    description: 'A queue carrying writes or jobs whose messages do not survive a broker restart.',
    defaultSeverity: 'warning',
    messages: {
      notDurable:
        '`{{queue}}` carries work from `{{producer}}`, but nothing says its messages survive a broker restart: a restarted or failed broker node loses every message it holds, and that work never happens. Mark it `durable` (persistent messages on a replicated queue), or name a broker that stores messages durably (`engine: kafka`, `sqs`, `pubsub`).',
    },
  },
  check(model, context) {
    for (const queue of model.ofKind('queue')) {
      if (queue.attrs.durable || queue.attrs.managed) continue;
      const engine = productName(queue.attrs.engine);
      if (engine !== undefined && DURABLE_ENGINES.has(engine)) continue;
      const producer = model.inEdges(queue.name).find((e) => isRequestEdge(e));
      if (!producer) continue;
      context.report({ messageId: 'notDurable', data: { queue: queue.name, producer: producer.from }, target: { component: queue } });
    }
  },
});
