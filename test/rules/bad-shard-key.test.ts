import { describe, expect, it } from 'vitest';
import rule from '../../rules/bad-shard-key.js';
import { check, ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'hash sharding on user_id', code: 'database db { replicas: 2, shards: 4, shard_key: user_id, sharding: hash }' },
    { name: 'not sharded, no key needed', code: 'database db { replicas: 2 }' },
    { name: 'one shard, no key needed', code: 'database db { replicas: 2, shards: 1 }' },
    { name: 'a time-ordered key is fine under hash sharding', code: 'database db { shards: 4, shard_key: created_at, sharding: hash }' },
    { name: 'the default sharding is hash', code: 'database db { shards: 4, shard_key: created_at }' },
    {
      name: 'key_pattern: uuid overrides a name that looks time-based',
      code: 'database db { shards: 4, shard_key: created_at, sharding: range, key_pattern: uuid }',
    },
    { name: 'a stated cardinality overrides a name that looks low-cardinality', code: 'database db { shards: 4, shard_key: status, key_cardinality: 1M }' },
    { name: 'cardinality of exactly ten per shard is enough', code: 'database db { shards: 4, shard_key: tenant, key_cardinality: 40 }' },
  ],
  invalid: [
    {
      name: 'shards without a key (an error)',
      code: 'database db { replicas: 2, shards: 4 }',
      errors: [{ messageId: 'noKey', line: 1, column: 28, component: 'db', severity: 'error', includes: ['4 shards'] }],
    },
    {
      name: 'range sharding on a timestamp-like name',
      code: 'database db { replicas: 2, shards: 4, shard_key: created_at, sharding: range }',
      errors: [{ messageId: 'monotonicName', line: 1, column: 39, severity: 'warning', includes: ['`created_at`', 'last shard'] }],
    },
    {
      name: 'range sharding on a key declared sequential',
      code: 'database db { shards: 8, shard_key: order_id, sharding: range, key_pattern: sequential }',
      errors: [{ messageId: 'monotonicSequential', line: 1, column: 26, includes: ['which is sequential'] }],
    },
    {
      name: 'range sharding on a key declared timestamp',
      code: 'database db { shards: 8, shard_key: k, sharding: range, key_pattern: timestamp }',
      errors: [{ messageId: 'monotonicTimestamp', line: 1, column: 26, includes: ['which is a timestamp'] }],
    },
    {
      name: 'any *_at name',
      code: 'database db { shards: 2, shard_key: started_at, sharding: range }',
      errors: [{ messageId: 'monotonicName', line: 1, column: 26 }],
    },
    {
      name: 'a *_seq name',
      code: 'database db { shards: 2, shard_key: event_seq, sharding: range }',
      errors: [{ messageId: 'monotonicName', line: 1, column: 26 }],
    },
    {
      name: 'a low-cardinality name under any sharding',
      code: 'database db { shards: 4, shard_key: country }',
      errors: [{ messageId: 'lowCardinalityName', line: 1, column: 26, includes: ['`country`', 'handful'] }],
    },
    {
      name: 'an is_* flag as a key',
      code: 'database db { shards: 2, shard_key: is_premium, sharding: consistent }',
      errors: [{ messageId: 'lowCardinalityName', line: 1, column: 26 }],
    },
    {
      name: 'a stated cardinality below ten per shard',
      code: 'database db { shards: 4, shard_key: tenant, key_cardinality: 39 }',
      errors: [{ messageId: 'lowCardinalityCount', line: 1, column: 26, includes: ['only 39 distinct values'] }],
    },
    {
      name: 'both problems at once',
      code: 'database db { shards: 4, shard_key: created_date, sharding: range, key_cardinality: 12 }',
      errors: [
        { messageId: 'monotonicName', line: 1, column: 26 },
        { messageId: 'lowCardinalityCount', line: 1, column: 26 },
      ],
    },
  ],
});

describe('bad-shard-key', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));

  it('a configured severity applies to every message, the missing key included', () => {
    const result = check('database db { shards: 4 }', { rules: [rule], settings: new Map([['bad-shard-key', { severity: 'warning' }]]) });
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });

  it('takes its thresholds and name patterns from options', () => {
    const code = 'database db { shards: 4, shard_key: tenant, key_cardinality: 200 }';
    expect(check(code, { rules: [rule] }).diagnostics).toEqual([]);
    const strict = check(code, { rules: [rule], settings: new Map([['bad-shard-key', { options: { cardinalityPerShard: 100 } }]]) });
    expect(strict.diagnostics.map((d) => d.messageId)).toEqual(['lowCardinalityCount']);
    const names = check('database db { shards: 4, shard_key: shop }', {
      rules: [rule],
      settings: new Map([['bad-shard-key', { options: { lowCardinalityNames: ['^shop$'] } }]]),
    });
    expect(names.diagnostics.map((d) => d.messageId)).toEqual(['lowCardinalityName']);
  });
});
