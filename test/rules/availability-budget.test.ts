import { describe, it } from 'vitest';
import availabilityBudget from '../../rules/availability-budget.js';
import { ruleCases } from '../helpers.js';

// Numbers by hand: one instance of a service, cache or database is available 99.5% of the time,
// n instances 1 − 0.005^n (2: 99.9975%); a load balancer instance and a DNS 99.99%, a CDN and an
// object store 99.9%. Components a request needs are in series. With `rps` and no `read_ratio`
// every dynamic request is a read, so each client has one flow.
const cases = ruleCases(availabilityBudget, {
  valid: [
    {
      name: 'two instances in every tier meet 99.9%',
      code: `workload { rps: 100 }
budget { availability: 99.9% }
client users
lb edge { replicas: 2 }
service web { replicas: 2 }
users -> edge -> web`,
    },
    {
      name: 'a budget with no availability limit',
      code: `workload { rps: 100 }
budget { read_p99: 1s }
client users
service web
users -> web`,
    },
    {
      name: 'no budget at all',
      code: `workload { rps: 100 }
client users
service web
users -> web`,
    },
    {
      name: 'two regions behind geo-routed DNS back each other up: 99.99% × (1 − 0.005²)',
      code: `workload { rps: 100 }
budget { availability: 99.95% }
dns names { routing: geo }
region east {
  client e
  service web_e
}
region west {
  client w
  service web_w
}
e -> names
w -> names
e -> web_e
w -> web_w`,
    },
    {
      name: 'a database read only on a cache miss counts for that share: 1 − 0.2 × 0.005',
      code: `workload { rps: 100 }
budget { availability: 99.8% }
client users
service web { replicas: 2 }
cache hot { replicas: 2, ttl: 1m }
database db
users -> web
web -> hot { reads }
web -> db { reads }`,
    },
    {
      // Once the DNS counted in full on every request (99.99% × 99.9975% = 99.9875%), so no design
      // could meet 99.99%. Counted for the 5% that resolve: (1 − 0.05 × 0.0001) × (1 − 0.0001²)
      // × 99.9975% = 99.99699%.
      name: 'a 99.99% budget is met behind a DNS at 99.99%',
      code: `workload { rps: 100 }
budget { availability: 99.99% }
client users
dns names
lb edge { replicas: 2 }
service web { replicas: 2 }
users -> names
users -> edge -> web`,
    },
    {
      // 3,000 requests per second on 2 × 1,000: a third of them are lost to the full tier, which
      // over-capacity reports with its fix; redundancy would not help, so this rule says nothing.
      name: 'a flow through a saturated tier is left to over-capacity and latency-budget',
      code: `workload { rps: 3k }
budget { availability: 99%, read_p99: 1s }
client users
service web { replicas: 2 }
users -> web`,
    },
  ],
  invalid: [
    {
      name: 'one instance: 99.5% against 99.9%, placed on the budget attribute',
      code: `workload { rps: 100 }
budget { availability: 99.9% }
client users
service web
users -> web`,
      errors: [
        {
          messageId: 'belowBudgetInstances',
          line: 2,
          column: 10,
          severity: 'error',
          includes: [
            'the reads of `users` succeed only 99.5% of the time',
            'below the `availability` budget of 99.9%. The least available component they need is `web` (99.5% with 1 instance).',
          ],
        },
      ],
    },
    {
      // DNS counts only for the 5% of requests that need a fresh answer (dns_resolution_share):
      // 1 − 0.05 × (1 − 99%) = 99.95%, times the load balancers (1 − 0.0001²) and web
      // (1 − 0.005² = 99.9975%): 99.9475%.
      name: 'the DNS counts for the requests that resolve: 99.95% × 99.9975% = 99.9475%',
      code: `workload { rps: 100 }
budget { availability: 99.99% }
client users
dns names { availability: 99% }
lb edge { replicas: 2 }
service web { replicas: 2 }
users -> names
users -> edge -> web`,
      errors: [
        {
          messageId: 'belowBudgetManaged',
          line: 2,
          column: 10,
          includes: [
            'succeed only 99.9475% of the time',
            'budget of 99.99%.',
            'The least available component they need is `names` (99% as its provider runs it).',
          ],
        },
      ],
    },
    {
      name: 'reads and writes both below: the first is named, the other counted',
      code: `workload { rps: 100, read_ratio: 90% }
budget { availability: 99.9% }
client users
service web
database db
users -> web -> db { reads, writes }`,
      errors: [
        {
          messageId: 'belowBudgetAndAnotherInstances',
          line: 2,
          column: 10,
          includes: ['the reads of `users` succeed only 99.0025%', '; 1 other flow is below it too.'],
        },
      ],
    },
    {
      name: 'the worst flow is named: 99.9975% × 99.5% is below 99.5%',
      code: `workload { rps: 100 }
budget { availability: 99.9% }
client a
client b
service web_a
service web_b { replicas: 2 }
database db_b
a -> web_a
b -> web_b -> db_b`,
      errors: [
        {
          messageId: 'belowBudgetAndAnotherInstances',
          line: 2,
          column: 10,
          includes: ['the reads of `b` succeed only 99.4975%', '; 1 other flow is below it too.', 'is `db_b` (99.5% with 1 instance)'],
        },
      ],
    },
    {
      name: 'enough digits that a figure just below the limit does not read as equal to it',
      code: `workload { rps: 100 }
budget { availability: 99.95% }
client users
service web { availability: 99.94999% }
users -> web`,
      errors: [{ messageId: 'belowBudgetInstances', line: 2, column: 10, includes: ['succeed only 99.94999% of the time', 'budget of 99.95%.'] }],
    },
    {
      name: 'static requests through a CDN without fallback: 99.9% × (0.9 + 0.1 × 99.9%)',
      code: `workload { rps: 100, static_ratio: 100% }
budget { availability: 99.95% }
client users
cdn assets { fallback: none }
storage media
users -> assets { static }
assets -> media { static }`,
      errors: [{ messageId: 'belowBudgetManaged', line: 2, column: 10, includes: ['the static requests of `users` succeed only 99.89% of the time'] }],
    },
  ],
});

describe('availability-budget', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
