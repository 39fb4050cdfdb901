import { describe, expect, it } from 'vitest';
import rule from '../../rules/cross-region-replication.js';
import { check, ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'two regions that replicate',
      code: `region east {
  database users_e { replicas: 2 }
}
region west {
  database users_w { replicas: 2 }
}
users_e -> users_w { replication: async }`,
    },
    {
      name: 'replication in either direction joins them',
      code: `region east { database users_e { replicas: 2 } }
region west { database users_w { replicas: 2 } }
users_w -> users_e { replication: sync }`,
    },
    {
      name: 'different datasets in different regions hold different data',
      code: `region east { database users_e { replicas: 2, dataset: users } }
region west { database orders_w { replicas: 2, dataset: orders } }`,
    },
    {
      name: 'a dataset and no dataset are different groups',
      code: `region east { database users_e { replicas: 2, dataset: users } }
region west { database misc_w { replicas: 2 } }`,
    },
    {
      name: 'databases in one region, or outside any region, are not compared',
      code: `region east {
  database a { replicas: 2 }
  database b { replicas: 2 }
}
database archive { replicas: 2 }`,
    },
    {
      name: 'a chain of replication through three regions',
      code: `region east { database db_e { replicas: 2 } }
region west { database db_w { replicas: 2 } }
region asia { database db_a { replicas: 2 } }
db_e -> db_w -> db_a { replication: async }`,
    },
    {
      name: 'replication through a database outside any region still connects',
      code: `region east { database db_e { replicas: 2 } }
region west { database db_w { replicas: 2 } }
database hub { replicas: 2 }
db_e -> hub { replication: async }
hub -> db_w { replication: async }`,
    },
  ],
  invalid: [
    {
      name: 'two regions with the same data and no replication: both are reported',
      code: `region east {
  database users_e { replicas: 2 }
}
region west {
  database users_w { replicas: 2 }
}`,
      errors: [
        {
          messageId: 'notReplicated',
          line: 2,
          column: 12,
          component: 'users_e',
          severity: 'warning',
          includes: ['`users_e` in region `east`', 'as the databases in region `west`', '`users_e -> users_w { replication: async }`'],
        },
        {
          messageId: 'notReplicated',
          line: 5,
          column: 12,
          component: 'users_w',
          includes: ['in region `east`', '`users_w -> users_e { replication: async }`'],
        },
      ],
    },
    {
      name: 'only the region left out of the replication is reported',
      code: `region east { database db_e { replicas: 2 } }
region west { database db_w { replicas: 2 } }
region asia { database db_a { replicas: 2 } }
db_e -> db_w { replication: async }`,
      errors: [{ messageId: 'notReplicatedInRegions', line: 3, column: 24, component: 'db_a', includes: ['regions `east` and `west`', '`db_a -> db_e'] }],
    },
    {
      name: 'datasets are compared separately',
      code: `region east {
  database users_e { dataset: users, replicas: 2 }
  database orders_e { dataset: orders, replicas: 2 }
}
region west {
  database users_w { dataset: users, replicas: 2 }
  database orders_w { dataset: orders, replicas: 2 }
}
users_e -> users_w { replication: async }`,
      errors: [
        {
          messageId: 'notReplicatedDataset',
          line: 3,
          column: 12,
          component: 'orders_e',
          includes: ['the same data (dataset `orders`)', '`orders_e -> orders_w'],
        },
        { messageId: 'notReplicatedDataset', line: 7, column: 12, component: 'orders_w' },
      ],
    },
    {
      name: 'replication within one region does not cross regions',
      code: `region east {
  database db_e1 { replicas: 2 }
  database db_e2 { replicas: 2 }
  db_e1 -> db_e2 { replication: async }
}
region west {
  database db_w { replicas: 2 }
}`,
      errors: [
        { messageId: 'notReplicated', line: 2, column: 12, component: 'db_e1' },
        { messageId: 'notReplicated', line: 3, column: 12, component: 'db_e2' },
        { messageId: 'notReplicated', line: 7, column: 12, component: 'db_w', includes: ['`db_w -> db_e1'] },
      ],
    },
    {
      name: 'replication to a cache is not replication between the databases',
      code: `region east { database db_e { replicas: 2 } }
region west {
  cache copy_w { replicas: 2, ttl: 1h }
  database db_w { replicas: 2 }
}
db_e -> copy_w { replication: async }`,
      errors: [
        { messageId: 'notReplicated', line: 1, column: 24, component: 'db_e' },
        { messageId: 'notReplicated', line: 4, column: 12, component: 'db_w' },
      ],
    },
    {
      name: 'a reopened region is one region',
      code: `region east { database db_e { replicas: 2 } }
region west { database db_w { replicas: 2 } }
region east { database db_e2 { replicas: 2 } }
db_e -> db_w { replication: async }`,
      errors: [{ messageId: 'notReplicated', line: 3, column: 24, component: 'db_e2', includes: ['region `west`', '`db_e2 -> db_w'] }],
    },
  ],
});

describe('cross-region-replication', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));

  it('names at most a few other regions and counts the rest', () => {
    const code = Array.from({ length: 6 }, (_, i) => `region r${i} { database db${i} { replicas: 2 } }`).join('\n');
    const result = check(code, { rules: [rule] });
    expect(result.diagnostics).toHaveLength(6);
    expect(result.diagnostics[0]!.message).toContain('as the databases in regions `r1`, `r2`, `r3` and 2 more');
    expect(result.diagnostics[0]!.message).toContain('`db0 -> db1 { replication: async }`');
    expect(result.diagnostics[2]!.message).toContain('regions `r0`, `r1`, `r3` and 2 more');
    expect(result.diagnostics[5]!.message).toContain('regions `r0`, `r1`, `r2` and 2 more');
  });
});
