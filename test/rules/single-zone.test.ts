import { describe, it } from 'vitest';
import rule from '../../rules/single-zone.js';
import { ruleCases } from '../helpers.js';

const region = (body: string, zones = '[a, b, c]') => `client users\nregion us_east {\n  zones: ${zones}\n${body}\n}`;

const cases = ruleCases(rule, {
  valid: [
    { name: 'tiers over the region’s zones (the default)', code: region('  service web { replicas: 3 }\n  database db { replicas: 2 }') },
    { name: 'a tier over two of three zones', code: region('  service web { replicas: 2, zones: [a, c] }') },
    { name: 'one instance in one zone: spof’s concern, not this rule’s', code: region('  service web { zones: [b] }') },
    { name: 'no zones declared: nothing is known', code: 'client users\nregion r {\n  service web { replicas: 3 }\n}' },
    { name: 'a small system in a region of one zone', code: `workload { rps: 100 }\n${region('  service web { replicas: 2 }', '[a]')}` },
  ],
  invalid: [
    {
      name: 'three web servers in one zone of three',
      code: region('  service web { replicas: 3, zones: [b] }'),
      errors: [
        {
          messageId: 'oneZone',
          line: 4,
          column: 30,
          includes: ['`web` runs 3 instances, all in zone `b` of `us_east`, which has 3 zones', '`--fail us_east/b`', '`zones: [b, a]`'],
        },
      ],
    },
    {
      name: 'a primary and its standby in one zone',
      code: region('  database db { standby: 1, zones: [a] }'),
      errors: [{ messageId: 'oneZone', line: 4, includes: ['`db` runs 2 nodes, all in zone `a`'] }],
    },
    {
      name: 'a large system in a region of one zone',
      code: `workload { dau: 5M }\n${region('  service web { replicas: 4 }', '[a]')}`,
      errors: [
        {
          messageId: 'regionOneZone',
          line: 4,
          column: 3,
          includes: ['region `us_east` declares one availability zone, `a`, for a system of 5,000,000 daily users'],
        },
      ],
    },
  ],
});

describe('single-zone', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
