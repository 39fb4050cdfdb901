import { describe, it } from 'vitest';
import rule from '../../rules/hotspot-key.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'high skew with salting', code: 'database db { replicas: 2, shards: 4, shard_key: user_id, skew: high, hot_key_strategy: salting }' },
    { name: 'high skew with dedicated shards', code: 'database db { shards: 4, shard_key: user_id, skew: high, hot_key_strategy: dedicated-shards }' },
    { name: 'low skew needs no strategy', code: 'database db { shards: 4, shard_key: user_id, skew: low }' },
    { name: 'skew not stated', code: 'database db { shards: 4, shard_key: user_id }' },
    { name: 'an unsharded database with high skew has no hot shard', code: 'database db { replicas: 2, skew: high }' },
    { name: 'one shard written out', code: 'database db { replicas: 2, shards: 1, skew: high, hot_key_strategy: none }' },
  ],
  invalid: [
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
