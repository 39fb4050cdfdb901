import { describe, it } from 'vitest';
import rule from '../../rules/hotspot-key.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'high skew with salting', code: 'database db { replicas: 2, shards: 4, shard_key: user_id, skew: high, hot_key_strategy: salting }' },
    { name: 'high skew with dedicated shards', code: 'database db { shards: 4, shard_key: user_id, skew: high, hot_key_strategy: dedicated-shards }' },
    { name: 'high skew served from a cache, said so', code: 'database db { shards: 4, shard_key: user_id, skew: high, hot_key_strategy: cache }' },
    {
      // The social feed's celebrities: their posts are pulled when followers read, not fanned out.
      name: 'high skew handled by pull-on-read',
      code: 'database follows { shards: 16, shard_key: user_id, skew: high, hot_key_strategy: pull-on-read }',
    },
    { name: 'low skew needs no strategy', code: 'database db { shards: 4, shard_key: user_id, skew: low }' },
    { name: 'skew not stated', code: 'database db { shards: 4, shard_key: user_id }' },
    { name: 'an unsharded database with high skew has no hot shard', code: 'database db { replicas: 2, skew: high }' },
    { name: 'one shard written out', code: 'database db { replicas: 2, shards: 1, skew: high, hot_key_strategy: none }' },
  ],
  invalid: [
    {
      // A read-mostly store whose hot keys are read through a 95% cache: the reads of a
      // celebrity are memory lookups; only its writes still go to one shard. Info, not a warning.
      name: 'a read cache in front of a read-mostly sharded store leaves only the writes, at info level',
      code: `workload { rps: 50k, read_ratio: 95% }
service api { replicas: 4 }
cache hot { replicas: 3, hit_ratio: 95% }
database posts { replicas: 3, shards: 8, shard_key: author_id, skew: high }
api -> hot { reads }
api -> posts`,
      errors: [
        {
          messageId: 'hotWritesOnly',
          line: 4,
          column: 64,
          severity: 'info',
          includes: ['`posts`', 'served by `hot` (95% of reads)', 'read-mostly workload (95% reads)', 'only writes'],
        },
      ],
    },
    {
      name: 'a read-through cache counts too',
      code: `workload { read_ratio: 90% }
service api { replicas: 4 }
cache hot { replicas: 3, hit_ratio: 90% }
database posts { replicas: 3, shards: 8, shard_key: author_id, skew: high }
api -> hot -> posts`,
      errors: [{ messageId: 'hotWritesOnly', line: 4, severity: 'info', includes: ['`hot` (90% of reads)'] }],
    },
    {
      // Writes dominate: the cache does not help the hot shard.
      name: 'a cache in front of a write-heavy store still warns',
      code: `workload { read_ratio: 50% }
service api { replicas: 4 }
cache hot { replicas: 3, hit_ratio: 95% }
database posts { replicas: 3, shards: 8, shard_key: author_id, skew: high }
api -> hot { reads }
api -> posts`,
      errors: [{ messageId: 'hotKeys', line: 4, severity: 'warning' }],
    },
    {
      name: 'a cache that answers too few reads still warns',
      code: `workload { read_ratio: 95% }
service api { replicas: 4 }
cache hot { replicas: 3, hit_ratio: 60% }
database posts { replicas: 3, shards: 8, shard_key: author_id, skew: high }
api -> hot { reads }
api -> posts`,
      errors: [{ messageId: 'hotKeys', line: 4, severity: 'warning' }],
    },
    {
      name: 'sharded, high skew, no strategy: reported on skew',
      code: 'database db { shards: 4, shard_key: user_id, skew: high }',
      errors: [
        {
          messageId: 'hotKeys',
          line: 1,
          column: 46,
          component: 'db',
          severity: 'warning',
          includes: ['4 shards', 'no `hot_key_strategy`', '`hot_key_strategy: salting`'],
        },
      ],
    },
    {
      name: 'hot_key_strategy: none written out',
      code: 'database db { skew: high, shards: 2, shard_key: user_id, hot_key_strategy: none }',
      errors: [{ messageId: 'hotKeysStrategyNone', line: 1, column: 15, includes: ['`hot_key_strategy: none`'] }],
    },
    {
      name: 'a declaration over several lines',
      code: `database follows {
  replicas: 3
  shards: 16
  shard_key: user_id
  skew: high
}`,
      errors: [{ messageId: 'hotKeys', line: 5, column: 3, includes: ['`follows`', '16 shards'] }],
    },
    {
      name: 'managed databases have hot shards too',
      code: 'database db { managed, shards: 8, shard_key: account_id, skew: high }',
      errors: [{ messageId: 'hotKeys', line: 1, column: 58 }],
    },
    {
      name: 'only the skewed one of two sharded databases',
      code: `database posts { replicas: 2, shards: 4, shard_key: post_id, skew: low }
database users_db { replicas: 2, shards: 4, shard_key: user_id, skew: high }`,
      errors: [{ messageId: 'hotKeys', line: 2, column: 65, component: 'users_db' }],
    },
  ],
});

describe('hotspot-key', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
