import { describe, it } from 'vitest';
import rule from '../../rules/no-db-replication.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'two nodes: primary-replica by default', code: 'database db { replicas: 2 }' },
    { name: 'primary-replica written out', code: 'database db { replicas: 3, replication: primary-replica }' },
    { name: 'multi-primary', code: 'database db { replicas: 2, replication: multi-primary }' },
    { name: 'a managed single node: the platform replicates it', code: 'database db { managed }' },
    { name: 'managed wins even over replication: none', code: 'database db { managed, replicas: 2, replication: none }' },
    { name: 'no database at all', code: 'cache c { ttl: 10m }\nstorage media' },
  ],
  invalid: [
    {
      // RDS Multi-AZ with no read replicas: it fails over, but one node takes every read.
      name: 'a primary with a standby and no read replicas, at info level',
      code: 'database db { standby: 1 }',
      errors: [{ messageId: 'standbyOnly', line: 1, column: 15, severity: 'info', includes: ['`db` has 1 standby node to fail over to', 'no read replicas'] }],
    },
    {
      name: 'a database with the default single node, on its name',
      code: 'database db',
      errors: [{ messageId: 'singleNode', line: 1, column: 10, component: 'db', severity: 'warning', includes: ['`db`', '`replicas: 2`'] }],
    },
    {
      name: 'replicas: 1 written out, on the attribute',
      code: 'database db { replicas: 1 }',
      errors: [{ messageId: 'singleNode', line: 1, column: 15 }],
    },
    {
      name: 'several nodes that do not replicate',
      code: 'database db { replicas: 3, replication: none }',
      errors: [{ messageId: 'replicationNone', line: 1, column: 28, includes: ['3 nodes', '`replication: primary-replica`'] }],
    },
    {
      name: 'one node with replication: none is one finding, on replication',
      code: 'database db { engine: mysql, replication: none }',
      errors: [{ messageId: 'singleNode', line: 1, column: 30 }],
    },
    {
      name: 'managed: false written out',
      code: 'database db { managed: false }',
      errors: [{ messageId: 'singleNode', line: 1, column: 10 }],
    },
    {
      name: 'a declaration over several lines inside a region, next to a good one',
      code: `region eu {
  database orders {
    engine: postgres
    replicas: 1
  }
  database users_db { replicas: 2 }
}`,
      errors: [{ messageId: 'singleNode', line: 4, column: 5, component: 'orders' }],
    },
    {
      name: 'a replication edge to another region is not a replica in this one',
      code: `database east_db
database west_db { replicas: 2 }
east_db -> west_db { replication: async }`,
      errors: [{ messageId: 'singleNode', line: 1, column: 10, component: 'east_db' }],
    },
  ],
});

describe('no-db-replication', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
