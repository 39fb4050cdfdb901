import { describe, it } from 'vitest';
import rule from '../../rules/queue-without-consumer.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'a worker consumes the queue', code: 'service web\nqueue jobs { durable }\nworker w\nweb -> jobs { async, writes }\njobs -> w' },
    { name: 'a service consumes it', code: 'service web\nqueue events { durable }\nservice indexer\nweb -> events { async }\nevents -> indexer' },
    { name: 'a queue nothing sends to is unreachable-component’s concern', code: 'queue idle { durable }' },
    {
      name: 'a dead-letter queue is read by people',
      code: 'service web\nqueue jobs { durable, dead_letter: jobs_dlq }\nqueue jobs_dlq { durable }\nworker w\nweb -> jobs { async }\njobs -> w\nw -> jobs_dlq { async, writes }',
    },
  ],
  invalid: [
    {
      name: 'messages sent and never taken',
      code: 'service web\nservice api\nqueue jobs { durable }\nweb -> jobs { async, writes }\napi -> jobs { async, writes }',
      errors: [{ messageId: 'noConsumer', line: 3, column: 7, severity: 'error', includes: ['`web` and `api` send messages to `jobs`', '`jobs -> <worker>`'] }],
    },
    {
      name: 'a queue that only forwards to storage has no consumer',
      code: 'service web\nqueue jobs { durable }\nstorage archive { backup: daily }\nweb -> jobs { async }\njobs -> archive',
      errors: [{ messageId: 'noConsumer', line: 2, includes: ['`web` sends'] }],
    },
  ],
});

describe('queue-without-consumer', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
