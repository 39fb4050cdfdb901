import { describe, it } from 'vitest';
import rule from '../../rules/retry-amplification.js';
import { ruleCases } from '../helpers.js';

const front =
  'client users\nlb edge { replicas: 2, managed }\nservice web { replicas: 3 }\nservice api { replicas: 3 }\ndatabase db { replicas: 2 }\nusers -> edge -> web\n';

const cases = ruleCases(rule, {
  valid: [
    { name: 'retries at one hop only', code: `${front}web -> api\napi -> db { retries: 3 }` },
    { name: 'a circuit breaker above the retrying hop', code: `${front}web -> api { retries: 2, circuit_breaker }\napi -> db { retries: 3 }` },
    {
      name: 'retries on two separate paths',
      code: `${front}database logs_db { replicas: 2 }\nweb -> api { retries: 2 }\nweb -> db { retries: 2 }\napi -> logs_db`,
    },
    {
      name: 'an async hop does not wait, so it does not retry the call',
      code: `${front}queue q { durable }\nweb -> q { async, retries: 3 }\nq -> api\napi -> db { retries: 3 }`,
    },
  ],
  invalid: [
    {
      // (1 + 3) × (1 + 2) = 12 calls on db per request while it fails.
      name: 'two retrying hops: 4 × 3 = 12',
      code: `${front}web -> api { retries: 3 }\napi -> db { retries: 2 }`,
      errors: [
        {
          messageId: 'amplified',
          line: 8,
          column: 13,
          includes: ['when `db` fails, it gets up to 12× the calls', '`web` tries `api` 4 times, `api` tries `db` 3 times', '`circuit_breaker`'],
        },
      ],
    },
    {
      // 4 × 4 × 4 = 64, reported once, on the last hop (not again at api for 4 × 4).
      name: 'three layers of three retries: 64, once',
      code: `${front}service orders { replicas: 3 }\nweb -> api { retries: 3 }\napi -> orders { retries: 3 }\norders -> db { retries: 3 }`,
      errors: [
        {
          messageId: 'amplified',
          line: 10,
          includes: ['when `db` fails, it gets up to 64×', '`web` tries `api` 4 times, `api` tries `orders` 4 times, `orders` tries `db` 4 times'],
        },
      ],
    },
    {
      // The breaker between edge and web resets the product; web → api → db still multiplies 2 × 2.
      name: 'retries behind a circuit breaker still multiply',
      code: `client users\nlb edge { replicas: 2, managed }\nservice web { replicas: 3 }\nservice api { replicas: 3 }\ndatabase db { replicas: 2 }\nusers -> edge\nedge -> web { retries: 5, circuit_breaker }\nweb -> api { retries: 1 }\napi -> db { retries: 1 }`,
      errors: [{ messageId: 'amplified', line: 9, includes: ['up to 4×', '`web` tries `api` 2 times, `api` tries `db` 2 times'] }],
    },
    {
      name: 'the hops option: three retrying hops needed',
      code: `${front}web -> api { retries: 1 }\napi -> db { retries: 1 }`,
      options: { hops: 3 },
      errors: [],
    },
  ],
});

describe('retry-amplification', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
