import { describe, it } from 'vitest';
import latencyBudget from '../../rules/latency-budget.js';
import { ruleCases } from '../helpers.js';

// Numbers by hand: a client's first hop costs 40 ms (client_round_trip); a service's own time is
// exponential with mean 5 ms (service_service_time), whose 99th percentile is 5 ms × ln 100 =
// 23.03 ms when nothing queues. So `users -> web` has a p99 of 63.03 ms, `63 ms` in a message.
const cases = ruleCases(latencyBudget, {
  valid: [
    {
      name: 'a read flow within its budget (63 ms of 100 ms)',
      code: `budget { read_p99: 100ms }
client users
service web
users -> web`,
    },
    {
      name: 'a budget with no latency limit',
      code: `budget { availability: 90% }
client users
service web { latency: 1s }
users -> web`,
    },
    {
      name: 'no budget at all',
      code: `client users
service web { latency: 1s }
users -> web`,
    },
    {
      name: 'only the limited kind counts: slow reads, a write limit that holds',
      code: `budget { write_p99: 100ms }
client users
service web { replicas: 2 }
service search { latency: 100ms }
users -> web
web -> search { reads }`,
    },
    {
      name: 'static requests answered by a CDN edge (20 ms away, 1 ms of service)',
      code: `workload { rps: 1k, static_ratio: 50% }
budget { static_p99: 100ms }
client users
cdn assets { fallback: origin, hit_ratio: 100% }
storage media
service web { replicas: 2 }
users -> assets { static }
assets -> media { static }
users -> web`,
    },
  ],
  invalid: [
    {
      name: 'reads over the limit, placed on read_p99',
      code: `budget { read_p99: 50ms }
client users
service web
users -> web`,
      errors: [
        {
          messageId: 'overBudgetByTier',
          line: 1,
          column: 10,
          severity: 'error',
          includes: [
            'the reads of `users` take 63 ms at the 99th percentile',
            'over the `read_p99` budget of 50 ms.',
            'The tier that spends the most time on them is `web`: add capacity',
          ],
        },
      ],
    },
    {
      name: 'a flow through a saturated tier has no finite latency',
      code: `workload { rps: 150 }
budget { read_p99: 200ms }
client users
service web { capacity: 100 }
users -> web`,
      errors: [
        {
          messageId: 'saturated',
          line: 2,
          column: 10,
          includes: ['the reads of `users` cross `web`', 'the `read_p99` budget of 200 ms cannot be met.', 'see `over-capacity`'],
        },
      ],
    },
    {
      name: 'one finding per limit, naming the first of equal flows and counting the others',
      code: `budget { read_p99: 50ms }
client east
client west
lb edge { replicas: 2 }
service web { replicas: 2 }
east -> edge -> web
west -> edge`,
      errors: [
        {
          messageId: 'overBudgetByTierAndAnother',
          line: 1,
          column: 10,
          includes: ['the reads of `east`', '; 1 other flow of reads is over it too.', 'the most time on them is `web`'],
        },
      ],
    },
    {
      name: 'each limit that is exceeded, on its own attribute',
      code: `budget { read_p99: 50ms, write_p99: 60ms }
client users
service web
users -> web`,
      errors: [
        { messageId: 'overBudgetByTier', line: 1, column: 10, includes: ['the reads of `users` take 63 ms', 'budget of 50 ms'] },
        { messageId: 'overBudgetByTier', line: 1, column: 26, includes: ['the writes of `users` take 63 ms', 'the `write_p99` budget of 60 ms'] },
      ],
    },
    {
      name: 'seconds for long times: 40 ms + 500 ms × ln 100 = 2.34 s',
      code: `budget { read_p99: 1s }
client users
service report { latency: 500ms }
users -> report`,
      errors: [{ messageId: 'overBudgetByTier', line: 1, column: 10, includes: ['take 2.34 s at the 99th percentile', 'budget of 1 s.', '`report`'] }],
    },
    {
      name: 'round trips that alone exceed the limit: 150 ms + 5 ms mean, 150 ms + 23.03 ms at p99',
      code: `budget { read_p99: 100ms }
latency { client_round_trip: 150ms }
client users
service web
users -> web`,
      errors: [
        {
          messageId: 'overBudgetByNetwork',
          line: 1,
          column: 10,
          includes: [
            'take 173 ms at the 99th percentile',
            'round trips between hops alone take at least 150 ms on average',
            'serve these users from a region near them',
          ],
        },
      ],
    },
    {
      name: 'a saturated flow is named before a slower finite one',
      code: `workload { rps: 100 }
budget { read_p99: 10ms }
client a
client b
service slow { capacity: 10 }
service fine { replicas: 2 }
a -> slow
b -> fine`,
      errors: [
        { messageId: 'saturatedAndAnother', line: 2, column: 10, includes: ['the reads of `a` cross `slow`', '; 1 other flow of reads is over it too.'] },
      ],
    },
    {
      name: 'enough digits that a p99 just over the limit does not read as equal to it',
      code: `budget { read_p99: 63ms }
client users
service web
users -> web`,
      errors: [{ messageId: 'overBudgetByTier', line: 1, column: 10, includes: ['take 63.03 ms', 'budget of 63 ms'] }],
    },
    {
      name: 'static requests that the web tier serves itself, without a CDN',
      code: `workload { rps: 10, static_ratio: 50% }
budget { static_p99: 30ms }
client users
service web { replicas: 2, serves_static }
users -> web`,
      errors: [
        { messageId: 'overBudgetByNetwork', line: 2, column: 10, includes: ['the static requests of `users` take 63 ms', 'the `static_p99` budget of 30 ms'] },
      ],
    },
  ],
});

describe('latency-budget', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
