import { describe, it } from 'vitest';
import rule from '../../rules/replication-direction.js';
import { ruleCases } from '../helpers.js';

const regions = (west: string, extra = '') => `region east {
  service web { replicas: 2 }
  database db { replicas: 3 }
}
region west {
  service web_w { replicas: 2 }
  database db_w { replicas: 3 }
}
web -> db { reads, writes }
db -> db_w { replication: async }
${west}
${extra}`;

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'the second region reads its replica and writes to the primary',
      code: regions('web_w -> db_w { reads }\nweb_w -> db { writes }'),
    },
    {
      name: 'both ways, both multi-primary',
      code: regions('web_w -> db_w { reads, writes }', 'db_w -> db { replication: async }').replace(
        /database (db|db_w) \{ replicas: 3 \}/g,
        'database $1 { replicas: 3, replication: multi-primary }',
      ),
    },
    {
      name: 'a replica nobody writes to',
      code: regions(''),
    },
    {
      name: 'a store filling another store is replication-like, not a request write',
      code: regions('db -> db_w { writes }'),
    },
  ],
  invalid: [
    {
      // The bundled photo-sharing example before issue 12: the west region wrote to its replica.
      name: 'the second region writes to a replica that only receives replication',
      code: regions('web_w -> db_w { reads, writes }'),
      errors: [
        {
          messageId: 'writtenReplica',
          line: 11,
          column: 1,
          severity: 'error',
          includes: ['`web_w` writes to `db_w`', 'only receives replication from `db`', '`web_w -> db { writes }`'],
        },
      ],
    },
    {
      name: 'an edge that says nothing carries writes too',
      code: regions('web_w -> db_w'),
      errors: [{ messageId: 'writtenReplica', line: 11, column: 1 }],
    },
    {
      name: 'both ways but not multi-primary',
      code: regions('web_w -> db_w { reads, writes }', 'db_w -> db { replication: async }'),
      errors: [
        { messageId: 'bothWaysNotMultiPrimary', line: 9, column: 1, includes: ['`web` writes to `db`', 'with `db_w`'] },
        { messageId: 'bothWaysNotMultiPrimary', line: 11, column: 1, includes: ['`web_w` writes to `db_w`', 'with `db`'] },
      ],
    },
    {
      name: 'one finding per writing edge',
      code: regions('web_w -> db_w { writes }', 'service admin { replicas: 2 }\nadmin -> db_w { writes }'),
      errors: [
        { messageId: 'writtenReplica', line: 11, column: 1, includes: ['`web_w`'] },
        { messageId: 'writtenReplica', line: 13, column: 1, includes: ['`admin`'] },
      ],
    },
  ],
});

describe('replication-direction', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
