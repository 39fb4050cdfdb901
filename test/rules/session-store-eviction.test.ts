import { describe, it } from 'vitest';
import rule from '../../rules/session-store-eviction.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'sessions in a store of their own that does not evict',
      code: `service web { replicas: 2, sessions: sessions }
cache sessions { replicas: 2, ttl: 30m, eviction: none }
cache qc { replicas: 2, ttl: 5m, eviction: lru }
web -> sessions
web -> qc { reads }`,
    },
    {
      name: 'a session store of its own that evicts, with a TTL on the sessions',
      code: `service web { replicas: 2, sessions: sessions }
cache sessions { replicas: 2, ttl: 30m, eviction: lru }
web -> sessions`,
    },
    {
      name: 'an eviction policy not written is not assumed',
      code: `service web { replicas: 2, sessions: redis }
cache redis { replicas: 2, ttl: 30m }
web -> redis { reads }`,
    },
    { name: 'sessions in a database', code: 'service web { replicas: 2, sessions: db }\ndatabase db { replicas: 2 }\nweb -> db' },
    { name: 'local sessions are stateful-web-tier’s concern', code: 'service web { sessions: local }' },
  ],
  invalid: [
    {
      // The ElastiCache pattern: one Redis for the sessions and the query results, evicting by LRU.
      name: 'one evicting cache for the sessions and the query results',
      code: `service web { replicas: 2, sessions: redis }
cache redis { replicas: 2, ttl: 5m, eviction: lru }
database db { replicas: 2 }
web -> redis { reads }
web -> db`,
      errors: [
        {
          messageId: 'sharedAndEvicting',
          line: 2,
          column: 37,
          severity: 'warning',
          includes: ['`redis` holds the sessions of `web`', 'the query results `web` caches in it', '`eviction: lru`', 'logs a user out'],
        },
      ],
    },
    {
      name: 'another service caching its queries in the session store',
      code: `service web { replicas: 2, sessions: redis }
service search { replicas: 2 }
cache redis { replicas: 2, ttl: 30m, eviction: lfu }
web -> redis
search -> redis { reads }`,
      errors: [{ messageId: 'sharedAndEvicting', line: 3, includes: ['the query results `search` caches in it', '`eviction: lfu`'] }],
    },
    {
      name: 'a session store that evicts with no TTL',
      code: `service web { replicas: 2, sessions: sessions }
service admin { replicas: 2, sessions: sessions }
cache sessions { replicas: 2, eviction: fifo }
web -> sessions
admin -> sessions`,
      errors: [{ messageId: 'evictsWithoutTtl', line: 3, column: 31, includes: ['sessions of `web` and `admin`', 'no `ttl`'] }],
    },
  ],
});

describe('session-store-eviction', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
