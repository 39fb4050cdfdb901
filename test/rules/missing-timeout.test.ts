import { describe, it } from 'vitest';
import rule from '../../rules/missing-timeout.js';
import { ruleCases } from '../helpers.js';

const front = 'client users\nlb edge { replicas: 2, managed }\nservice api { replicas: 3 }\nusers -> edge -> api\n';

const cases = ruleCases(rule, {
  valid: [
    { name: 'a timeout on the call to the provider', code: `${front}external stripe\napi -> stripe { timeout: 2s }` },
    {
      name: 'the provider called behind a queue',
      code: `${front}external stripe\nqueue jobs { durable }\nworker payer { replicas: 2 }\napi -> jobs { async }\njobs -> payer -> stripe`,
    },
    { name: 'a client that calls the provider itself (the browser’s timeouts)', code: `${front}external stripe\nusers -> stripe` },
    { name: 'calls between own services, without the kinds option', code: `${front}service orders { replicas: 2 }\napi -> orders` },
  ],
  invalid: [
    {
      name: 'a synchronous call to a payment provider with no timeout',
      code: `${front}external stripe { availability: 99.99% }\napi -> stripe`,
      errors: [
        {
          messageId: 'noTimeoutExternal',
          line: 6,
          column: 1,
          includes: ['`api` calls `stripe`, a service run by someone else (99.99% promised)', '`timeout: 2s`', '`optional`'],
        },
      ],
    },
    {
      name: 'the figure for external when the model gives no availability (99.9%)',
      code: `${front}external mail\napi -> mail { optional }`,
      errors: [{ messageId: 'noTimeoutExternal', line: 6, includes: ['(99.9% promised)'] }],
    },
    {
      name: 'the kinds option adds calls between services',
      code: `${front}service orders { replicas: 2 }\napi -> orders`,
      options: { kinds: ['service'] },
      // Both calls into a service: the load balancer's and api's.
      errors: [
        { messageId: 'noTimeout', line: 4, includes: ['`edge` calls `api` (a service)'] },
        { messageId: 'noTimeout', line: 6, includes: ['`api` calls `orders` (a service)'] },
      ],
    },
  ],
});

describe('missing-timeout', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
