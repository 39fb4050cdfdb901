import { describe, it } from 'vitest';
import rule from '../../rules/public-data-tier.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'clients reach the data tier only through the web tier',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 2 }
database db { replicas: 2 }
cache c { ttl: 1m }
users -> edge -> web
web -> db { reads, writes }
web -> c { reads }`,
    },
    { name: 'public: false on a database and a cache', code: 'database db { replicas: 2, public: false }\ncache c { ttl: 1m, public: false }' },
    {
      name: 'a public load balancer and a public service are not data stores',
      code: `client users
lb edge { replicas: 2, public }
service web { replicas: 2, public }
users -> edge -> web`,
    },
    {
      name: 'a client fetching from object storage is not this rule',
      code: `client users
storage media
users -> media { static }`,
    },
    {
      name: 'a database replicating to another is not reached by a client',
      code: `database a { replicas: 2 }
database b { replicas: 2 }
a -> b { replication: async }`,
    },
  ],
  invalid: [
    {
      name: 'a client querying a database directly',
      code: `client users
database db { replicas: 2 }
users -> db { reads }`,
      errors: [{ messageId: 'directFromClient', line: 3, column: 1, severity: 'error', includes: ['`users`', 'database `db`'] }],
    },
    {
      name: 'a cache marked public',
      code: 'cache c { ttl: 1m, public }',
      errors: [{ messageId: 'markedPublic', line: 1, column: 20, component: 'c', severity: 'error', includes: ['a cache marked `public`'] }],
    },
    {
      name: 'a client querying a search index directly',
      code: `client users
search idx { replicas: 2 }
users -> idx`,
      errors: [{ messageId: 'directFromClient', line: 3, column: 1, severity: 'error', includes: ['`users` connects straight to the search index `idx`'] }],
    },
    {
      name: 'a search index marked public',
      code: 'search idx { replicas: 2, public }',
      errors: [{ messageId: 'markedPublic', line: 1, column: 27, component: 'idx', severity: 'error', includes: ['`idx` is a search index marked `public`'] }],
    },
    {
      name: 'a database marked public',
      code: 'database db { public, replicas: 2 }',
      errors: [{ messageId: 'markedPublic', line: 1, column: 15, includes: ['a database marked `public`'] }],
    },
    {
      name: 'in a chain, only the hop from the client',
      code: `client users
cache c { ttl: 1m }
database db { replicas: 2 }
users -> c -> db`,
      errors: [{ messageId: 'directFromClient', line: 4, column: 1, includes: ['cache `c`'] }],
    },
    {
      name: 'any edge from a client counts, whatever its flags, and a marked store is reported too',
      code: `client users
database db {
  replicas: 2
  public
}
users -> db { telemetry }`,
      errors: [
        { messageId: 'markedPublic', line: 4, column: 3 },
        { messageId: 'directFromClient', line: 6, column: 1 },
      ],
    },
    {
      name: 'every client edge is reported, even two to the same store',
      code: `region eu {
  client eu_users
  database eu_db { replicas: 2 }
  eu_users -> eu_db { reads }
  eu_users -> eu_db { writes }
}`,
      errors: [
        { messageId: 'directFromClient', line: 4, column: 3 },
        { messageId: 'directFromClient', line: 5, column: 3 },
      ],
    },
  ],
});

describe('public-data-tier', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
