import { describe, it } from 'vitest';
import rule from '../../rules/ephemeral-state.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'a database on a volume', code: 'database db { replicas: 3, persistence: volume }' },
    { name: 'a database on the machine’s disk', code: 'database db { replicas: 3, persistence: disk }' },
    { name: 'persistence not written is not assumed', code: 'database db { replicas: 3 }' },
    { name: 'a cache may live in memory', code: 'cache c { ttl: 1m, persistence: none }' },
    { name: 'a queue not said durable may be ephemeral', code: 'queue q { persistence: none }' },
  ],
  invalid: [
    {
      // A database in a container with no volume: the next deploy starts it empty.
      name: 'a database in a container with no volume',
      code: 'database db { replicas: 3, persistence: none }',
      errors: [{ messageId: 'ephemeralDatabase', line: 1, column: 28, severity: 'error', includes: ['`db`', 'starts it empty', '`persistence: volume`'] }],
    },
    {
      name: 'a durable queue whose messages are kept where a restart loses them',
      code: 'queue q { durable, persistence: none }',
      errors: [{ messageId: 'ephemeralDurableQueue', line: 1, column: 20, includes: ['only on paper'] }],
    },
  ],
});

describe('ephemeral-state', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
