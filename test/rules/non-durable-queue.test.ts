import { describe, it } from 'vitest';
import rule from '../../rules/non-durable-queue.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'a durable queue', code: 'service web\nqueue jobs { durable }\nweb -> jobs { async, writes }' },
    { name: 'a managed queue', code: 'service web\nqueue jobs { managed }\nweb -> jobs { async }' },
    {
      name: 'brokers that store messages durably by default',
      code: 'service web\nqueue a { engine: kafka }\nqueue b { engine: SQS }\nqueue c { engine: pubsub }\nweb -> a { async }\nweb -> b { async }\nweb -> c { async }',
    },
    { name: 'a queue nothing sends to', code: 'queue idle' },
  ],
  invalid: [
    {
      name: 'jobs on a queue that a restart empties',
      code: 'service web\nqueue jobs { replicas: 2 }\nworker w\nweb -> jobs { async, writes }\njobs -> w',
      errors: [{ messageId: 'notDurable', line: 2, column: 7, severity: 'warning', includes: ['`jobs` carries work from `web`', 'Mark it `durable`'] }],
    },
    {
      // RabbitMQ's classic queues are not durable unless declared so.
      name: 'a RabbitMQ queue not said durable',
      code: 'service web\nqueue jobs { engine: rabbitmq }\nweb -> jobs { async }',
      errors: [{ messageId: 'notDurable', line: 2 }],
    },
  ],
});

describe('non-durable-queue', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
