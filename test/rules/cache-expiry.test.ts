import { describe, it } from 'vitest';
import rule from '../../rules/cache-expiry.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'a TTL and an eviction policy', code: 'cache c { ttl: 10m, eviction: lru }' },
    {
      // Sessions must not be dropped to make room: a store that holds only sessions may refuse to evict.
      name: 'a session store that caches nothing else may say eviction: none',
      code: 'service web { replicas: 2, sessions: sessions }\ncache sessions { replicas: 2, ttl: 30m, eviction: none }\nweb -> sessions',
    },
    { name: 'a TTL and no eviction policy written', code: 'cache c { ttl: 10m }' },
    { name: 'lfu and fifo are eviction policies', code: 'cache a { ttl: 1h, eviction: lfu }\ncache b { ttl: 30s, eviction: fifo }' },
    { name: 'managed caches are checked the same way, and pass with a TTL', code: 'cache c { managed, ttl: 1d, eviction: lru }' },
    { name: 'only caches are checked: a CDN and a database without TTL', code: 'cdn assets { fallback: origin }\ndatabase db { replicas: 2 }' },
  ],
  invalid: [
    {
      name: 'a session store that also caches query results must evict',
      code: 'service web { replicas: 2, sessions: redis }\ncache redis { replicas: 2, ttl: 30m, eviction: none }\nweb -> redis { reads }',
      errors: [{ messageId: 'noEviction', line: 2, column: 38 }],
    },
    {
      name: 'no TTL, on the name',
      code: 'cache c',
      errors: [{ messageId: 'noTtl', line: 1, column: 7, component: 'c', severity: 'warning', includes: ['`c`', '`ttl`'] }],
    },
    {
      name: 'eviction: none, on the attribute',
      code: 'cache c { ttl: 10m, eviction: none }',
      errors: [{ messageId: 'noEviction', line: 1, column: 21, includes: ['`eviction: none`', '`eviction: lru`'] }],
    },
    {
      name: 'both problems, one finding each',
      code: 'cache c { eviction: none }',
      errors: [
        { messageId: 'noTtl', line: 1, column: 7 },
        { messageId: 'noEviction', line: 1, column: 11 },
      ],
    },
    {
      name: 'a session store that caches queries too, over several lines',
      code: `service web { replicas: 2, sessions: store }
cache store {
  replicas: 2
  eviction: none
}
web -> store { reads }`,
      errors: [
        { messageId: 'noTtl', line: 2, column: 7, component: 'store' },
        { messageId: 'noEviction', line: 4, column: 3, component: 'store' },
      ],
    },
    {
      name: 'a labelled cache with an eviction policy but no TTL',
      code: 'cache hot "Hot keys" { replicas: 2, eviction: lru }',
      errors: [{ messageId: 'noTtl', line: 1, column: 7 }],
    },
  ],
});

describe('cache-expiry', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
