import { describe, it } from 'vitest';
import rule from '../../rules/shared-fate.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'each component on a host of its own', code: 'client u\nservice app { host: vm1 }\ndatabase db { host: vm2 }\nu -> app -> db' },
    { name: 'one instance on its host', code: 'client u\nservice app { host: vm1 }\nu -> app' },
    {
      name: 'a replica in another zone',
      code: 'region r {\n  zones: [a, b]\n  database db1 { zones: [a] }\n  database db2 { zones: [b] }\n}\ndb1 -> db2 { replication: async }',
    },
  ],
  invalid: [
    {
      name: 'the database on the application’s VM',
      code: 'client u\nservice app { host: vm1 }\ndatabase db { host: vm1 }\nu -> app -> db',
      errors: [{ messageId: 'sharedHostStore', line: 3, column: 15, includes: ['`db` runs on `vm1` beside `app`', 'fail together'] }],
    },
    {
      name: 'two services on one host',
      code: 'client u\nservice web { host: box }\nservice api { host: box }\nu -> web -> api',
      errors: [{ messageId: 'sharedHost', line: 3, column: 15, includes: ['`web` and `api` run on one host, `box`'] }],
    },
    {
      name: 'three replicas on one host',
      code: 'client u\nservice web { replicas: 3, host: vm1 }\nu -> web',
      errors: [{ messageId: 'replicasOnOneHost', line: 2, includes: ['`web` runs 3 instances, all on host `vm1`'] }],
    },
    {
      name: 'a primary and its replica in one zone',
      code: 'region r {\n  zones: [a, b]\n  database db1 { zones: [a] }\n  database db2 { zones: [a] }\n}\ndb1 -> db2 { replication: async }',
      errors: [
        { messageId: 'replicaSameZone', line: 6, column: 1, includes: ['`db1` replicates to `db2`, but both sit in zone `a` of `r`', '`zones: [b]` on `db2`'] },
      ],
    },
  ],
});

describe('shared-fate', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
