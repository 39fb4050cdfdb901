import { describe, expect, it } from 'vitest';
import rule from '../../rules/missing-cache.js';
import { check, ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'look-aside: the service checks a cache before the database',
      code: `workload { rps: 1k, read_ratio: 90% }
client users
service web { replicas: 2 }
cache results { replicas: 2, ttl: 10m }
database db { replicas: 2 }
users -> web
web -> results { reads }
web -> db { reads, writes }`,
    },
    {
      // The ElastiCache pattern: one Redis holds the sessions and the query results.
      name: 'one cache for the sessions and the query results: the service reads from it along an edge',
      code: `workload { rps: 1k, read_ratio: 90% }
client users
service web { replicas: 2, sessions: redis }
cache redis { replicas: 2, ttl: 10m }
database db { replicas: 2 }
users -> web
web -> redis { reads }
web -> db { reads, writes }`,
    },
    {
      name: 'read-through: reads reach the database only through the cache',
      code: `workload { rps: 1k, read_ratio: 90% }
client users
service web { replicas: 2 }
cache results { replicas: 2, ttl: 10m }
database db { replicas: 2 }
users -> web -> results { reads }
results -> db { reads }
web -> db { writes }`,
    },
    {
      // A BI tool or an analyst's notebook: the advice to add a cache would be wrong there; that it
      // reaches the data tier at all is public-data-tier's finding.
      name: 'a client that reads a database directly is not told to add a cache',
      code: `workload { read_ratio: 100% }
client analysts
database db { replicas: 2 }
analysts -> db { reads }`,
    },
    {
      name: 'a workload below the read ratio threshold',
      code: `workload { rps: 1k, read_ratio: 69% }
client users
service web { replicas: 2 }
database db { replicas: 2 }
users -> web -> db`,
    },
    {
      name: 'no workload',
      code: `client users
service web { replicas: 2 }
database db { replicas: 2 }
users -> web -> db { reads }`,
    },
    {
      name: 'a workload without read_ratio',
      code: `workload { rps: 50k, dau: 10M }
client users
service web { replicas: 2 }
database db { replicas: 2 }
users -> web -> db { reads }`,
    },
    {
      name: 'edges that carry only writes, async work or static files carry no reads',
      code: `workload { read_ratio: 95% }
client users
service web { replicas: 2 }
database db { replicas: 2 }
database events { replicas: 2 }
database files { replicas: 2 }
users -> web
web -> db { writes }
web -> events { async }
web -> files { static }`,
    },
    {
      name: 'an edge written with reads: false carries no reads',
      code: `workload { read_ratio: 95% }
client users
service web { replicas: 2 }
database db { replicas: 2 }
users -> web
web -> db { reads: false }`,
    },
    {
      name: 'replication and telemetry edges are not reads',
      code: `workload { read_ratio: 95% }
client users
service web { replicas: 2 }
cache results { replicas: 2, ttl: 1m }
database db { replicas: 2 }
database db_copy { replicas: 2 }
users -> web
web -> results { reads }
web -> db { reads }
db -> db_copy { replication: async }`,
    },
  ],
  invalid: [
    {
      name: 'a read-heavy service that queries its database directly',
      code: `workload { rps: 1k, read_ratio: 90% }
client users
service web { replicas: 2 }
database db { replicas: 2 }
users -> web
web -> db { reads, writes }`,
      errors: [
        {
          messageId: 'uncachedReads',
          line: 6,
          column: 1,
          severity: 'warning',
          includes: ['`web` reads from `db`', '90% of dynamic requests', '`web -> <cache> { reads }`'],
        },
      ],
    },
    {
      name: 'ordinary requests count as reads, and a ratio equal to the threshold is read-heavy',
      code: `workload { read_ratio: 70% }
client users
service web { replicas: 2 }
database db { replicas: 2 }
users -> web
web -> db`,
      errors: [{ messageId: 'uncachedReads', line: 6, column: 1, includes: ['70%'] }],
    },
    {
      name: 'the session store is not a query cache',
      code: `workload { read_ratio: 80% }
client users
service web { replicas: 2, sessions: store }
cache store { replicas: 2, ttl: 30m }
database db { replicas: 2 }
users -> web -> db
web -> store`,
      errors: [{ messageId: 'uncachedReadsBesideSessions', line: 6, column: 10, includes: ['(`store` holds its sessions, not query results)'] }],
    },
    {
      name: 'a hop in the middle of a chain inside a region',
      code: `workload { read_ratio: 95% }
region eu {
  client users
  service api { replicas: 2 }
  database db { replicas: 2 }
  users -> api -> db { reads }
}`,
      errors: [{ messageId: 'uncachedReads', line: 6, column: 12, includes: ['`api` reads from `db`'] }],
    },
    {
      name: 'only the source without a cache is reported',
      code: `workload { rps: 2k, read_ratio: 90% }
client users
service web { replicas: 2 }
worker reporter { replicas: 2 }
cache results { replicas: 2, ttl: 5m }
database db { replicas: 2 }
users -> web
web -> results { reads }
web -> db { reads, writes }
web -> reporter { async }
reporter -> db { reads }`,
      errors: [{ messageId: 'uncachedReads', line: 11, column: 1, includes: ['`reporter` reads from `db`'] }],
    },
    {
      name: 'two reading edges between the same pair give one finding',
      code: `workload { read_ratio: 90% }
client users
service web { replicas: 2 }
database db { replicas: 2 }
users -> web
web -> db { reads }
web -> db { label: "profile lookups" }`,
      errors: [{ messageId: 'uncachedReads', line: 6, column: 1 }],
    },
    {
      name: 'one finding per database a source reads',
      code: `workload { read_ratio: 90% }
client users
service web { replicas: 2 }
database users_db { replicas: 2 }
database posts_db { replicas: 2 }
users -> web
web -> users_db { reads }
  web -> posts_db { reads, writes }`,
      errors: [
        { messageId: 'uncachedReads', line: 7, column: 1, includes: ['`users_db`'] },
        { messageId: 'uncachedReads', line: 8, column: 3, includes: ['`posts_db`'] },
      ],
    },
  ],
});

describe('missing-cache', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));

  it('takes the read ratio threshold from options', () => {
    const code = 'workload { read_ratio: 50% }\nclient users\nservice web { replicas: 2 }\ndatabase db { replicas: 2 }\nusers -> web -> db';
    expect(check(code, { rules: [rule] }).diagnostics).toEqual([]);
    const strict = check(code, { rules: [rule], settings: new Map([['missing-cache', { options: { readRatio: 0.5 } }]]) });
    expect(strict.diagnostics.map((d) => [d.messageId, d.span.start.line, d.span.start.column])).toEqual([['uncachedReads', 5, 10]]);
  });
});
