import { describe, expect, it } from 'vitest';
import overCapacity from '../../rules/over-capacity.js';
import { check, ruleCases } from '../helpers.js';

// Numbers by hand: with no static_ratio and no read_ratio, all of the workload's rps are reads from
// the one client (or split evenly between clients); a tier's utilisation is its arrival rate over
// replicas × capacity (default capacity 1,000 rps for a service).
const cases = ruleCases(overCapacity, {
  valid: [
    {
      name: 'a tier at exactly the threshold (80 of 100) is not above it',
      code: `workload { rps: 80 }
client users
service web { capacity: 100 }
users -> web`,
    },
    {
      name: 'no workload: no load to compare with',
      code: `client users
service web { capacity: 1 }
users -> web`,
    },
    {
      name: 'a workload without rps',
      code: `workload { dau: 10M, read_ratio: 90% }
client users
service web { capacity: 1 }
users -> web`,
    },
    {
      name: 'replicas share the load: 150 over 2 × 100 is 75%',
      code: `workload { rps: 150 }
client users
lb edge { replicas: 2 }
service web { replicas: 2, capacity: 100 }
users -> edge -> web`,
    },
    {
      name: 'a look-aside cache takes 80% of the reads off the database: 200 of 300',
      code: `workload { rps: 1k }
client users
service web { replicas: 2 }
cache hot { replicas: 2, ttl: 1m, hit_ratio: 80% }
database db { capacity: 300 }
users -> web
web -> hot { reads }
web -> db { reads }`,
    },
    {
      name: 'an async edge that says nothing of which requests use it puts no load on the worker',
      code: `workload { rps: 1k }
client users
service web { replicas: 2 }
queue jobs { durable, replicas: 2 }
worker resize { duration: 2s }
users -> web
web -> jobs { async }
jobs -> resize`,
    },
    {
      // 1,800 requests per second on web (2..10, 1,000 each): it runs ⌈1,800 / 700⌉ = 3 instances,
      // at 60%. Counting its 2 replicas would have put it at 90%.
      name: 'an autoscaled tier runs the instances its load needs',
      code: `workload { rps: 1.8k }
client users
lb edge { replicas: 2 }
service web { replicas: 2, autoscale: 2..10 }
users -> edge -> web`,
    },
  ],
  invalid: [
    {
      name: 'a busy tier, placed on its capacity',
      code: `workload { rps: 90 }
client users
service web { capacity: 100 }
users -> web`,
      errors: [
        {
          messageId: 'busy',
          line: 3,
          column: 15,
          component: 'web',
          severity: 'warning',
          includes: ['`web` runs at 90%', 'its 1 instance', '(90 of 100 requests per second)', 'Add replicas'],
        },
      ],
    },
    {
      name: 'a saturated tier is an error',
      code: `workload { rps: 150 }
client users
service web { capacity: 100 }
users -> web`,
      errors: [
        {
          messageId: 'saturated',
          line: 3,
          column: 15,
          component: 'web',
          severity: 'error',
          includes: ['150 requests per second arrive', 'can serve at most 100 per second', '(150% of capacity)'],
        },
      ],
    },
    {
      // An autoscaled tier runs what its load needs, within its range, and is reported only when
      // its maximum is too few: 9,500 requests per second need ⌈9,500 / (70% × 1,000)⌉ = 14
      // instances of the default 1,000 per second; 10 is the most, at 95%.
      name: 'an autoscaled tier at its maximum, placed on replicas when capacity is not written',
      code: `workload { rps: 9.5k }
client users
lb edge { replicas: 2 }
service web { replicas: 2, autoscale: 2..10 }
users -> edge -> web`,
      errors: [
        {
          messageId: 'busyAutoscaled',
          line: 4,
          column: 15,
          includes: ['95%', '10 instances', '(9,500 of 10,000 requests per second)', 'raise the maximum (10 now)'],
        },
      ],
    },
    {
      name: 'placed on the name when neither is written',
      code: `workload { rps: 950 }
client users
service web
users -> web`,
      errors: [{ messageId: 'busy', line: 3, column: 9, includes: ['95%', '(950 of 1,000 requests per second)'] }],
    },
    {
      name: 'a worker called synchronously serves 1/duration: 3 rps against 2',
      code: `workload { rps: 3 }
client users
service web { replicas: 2 }
worker resize { duration: 500ms }
users -> web -> resize`,
      errors: [
        {
          messageId: 'saturated',
          line: 4,
          column: 8,
          component: 'resize',
          severity: 'error',
          includes: ['3 requests per second arrive', 'its 1 instance can serve at most 2 per second', '(150% of capacity)'],
        },
      ],
    },
    {
      name: 'a database whose primary takes every write: 500 writes against 400',
      code: `workload { rps: 1k, read_ratio: 50% }
client users
service web { replicas: 2 }
database db { replicas: 3, capacity: 400 }
users -> web -> db { reads, writes }`,
      errors: [
        {
          messageId: 'saturatedDatabase',
          line: 4,
          column: 28,
          component: 'db',
          includes: [
            '1,000 requests per second arrive',
            'its 3 nodes can serve at most 800 per second',
            '(125% of capacity)',
            'shards (they split the writes)',
          ],
        },
      ],
    },
    {
      name: 'each tier over the threshold, in declaration order',
      code: `workload { rps: 36k }
client users
lb edge { replicas: 2 }
service web { replicas: 40 }
users -> edge -> web`,
      errors: [
        { messageId: 'busy', line: 3, column: 11, component: 'edge', includes: ['90%', '(36,000 of 40,000 requests per second)'] },
        { messageId: 'busy', line: 4, column: 15, component: 'web', includes: ['90%', '(36,000 of 40,000 requests per second)'] },
      ],
    },
    {
      // On one host each of app and db needs 90 / 200 = 45% of the machine, 90% together; each
      // gets what the other leaves, 55%: ρ = 45 / 55 = 82%, both above 80%.
      name: 'a tier slowed by what shares its host',
      code: `workload { rps: 90, read_ratio: 0% }
client users
service app { capacity: 200, host: vm1 }
database db { capacity: 200, host: vm1 }
users -> app -> db`,
      errors: [
        {
          messageId: 'busyHost',
          line: 3,
          column: 15,
          component: 'app',
          severity: 'warning',
          includes: [
            '`app` runs at 82% of what it can serve (90 requests per second): it runs on host `vm1` with `db`, and everything on that one machine needs 90% of it: each tier gets only what the others leave of its CPU.',
          ],
        },
        {
          messageId: 'busyHost',
          line: 4,
          column: 15,
          component: 'db',
          severity: 'warning',
          includes: ['`db` runs at 82% of what it can serve (90 requests per second): it runs on host `vm1` with `app`'],
        },
      ],
    },
    {
      // 120 a second: each needs 60% of the machine, 120% together; both are saturated.
      name: 'tiers that together need more than their host',
      code: `workload { rps: 120, read_ratio: 0% }
client users
service app { capacity: 200, host: vm1 }
database db { capacity: 200, host: vm1 }
users -> app -> db`,
      errors: [
        {
          messageId: 'saturatedHost',
          line: 3,
          column: 15,
          component: 'app',
          severity: 'error',
          includes: [
            '`app` is saturated (120 requests per second arrive): it runs on host `vm1` with `db`, and everything on that one machine needs 120% of it: the tiers on it share its CPU, so none gets what it needs.',
          ],
        },
        {
          messageId: 'saturatedHost',
          line: 4,
          column: 15,
          component: 'db',
          severity: 'error',
          includes: [
            '`db` is saturated (120 requests per second arrive): it runs on host `vm1` with `app`, and everything on that one machine needs 120% of it',
          ],
        },
      ],
    },
  ],
});

describe('over-capacity', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));

  it('reports from the `utilization` option', () => {
    const code = `workload { rps: 60 }
client users
service web { capacity: 100 }
users -> web`;
    const at = (utilization: number) =>
      check(code, { rules: [overCapacity], settings: new Map([['over-capacity', { options: { utilization } }]]) }).diagnostics.map((d) => d.messageId);
    expect(at(0.5)).toEqual(['busy']);
    expect(at(0.6)).toEqual([]);
    expect(check(code, { rules: [overCapacity] }).diagnostics).toEqual([]);
  });

  it('keeps a configured severity for saturated tiers too', () => {
    const code = `workload { rps: 150 }
client users
service web { capacity: 100 }
users -> web`;
    const found = check(code, { rules: [overCapacity], settings: new Map([['over-capacity', { severity: 'warning' }]]) }).diagnostics;
    expect(found.map((d) => [d.messageId, d.severity])).toEqual([['saturated', 'warning']]);
  });
});
