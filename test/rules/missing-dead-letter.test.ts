import { describe, it } from 'vitest';
import rule from '../../rules/missing-dead-letter.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'poison messages go to a dead-letter queue',
      code: 'service web\nqueue jobs { durable, dead_letter: jobs_dlq, max_receives: 5 }\nqueue jobs_dlq { durable }\nworker w\nweb -> jobs { async }\njobs -> w',
    },
    { name: 'a queue nobody consumes is queue-without-consumer’s concern', code: 'service web\nqueue jobs { durable }\nweb -> jobs { async }' },
  ],
  invalid: [
    {
      name: 'a consumed queue with nowhere for poison messages',
      code: 'service web\nqueue jobs { durable }\nworker thumbnailer\nweb -> jobs { async }\njobs -> thumbnailer',
      errors: [
        {
          messageId: 'noDeadLetter',
          line: 2,
          column: 7,
          severity: 'warning',
          includes: ['`thumbnailer` consumes `jobs`', '`dead_letter: jobs_dlq, max_receives: 5`'],
        },
      ],
    },
  ],
});

describe('missing-dead-letter', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
