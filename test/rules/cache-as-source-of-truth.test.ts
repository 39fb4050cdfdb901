import { describe, it } from 'vitest';
import rule from '../../rules/cache-as-source-of-truth.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'write-around: the writer also writes to the database',
      code: `service web { replicas: 2 }
cache c { ttl: 1m }
database db { replicas: 2 }
web -> c { reads, writes }
web -> db { reads, writes }`,
    },
    {
      name: 'write-through: the cache passes writes on to the database',
      code: `service web { replicas: 2 }
cache c { ttl: 1m, write_policy: through }
database db { replicas: 2 }
web -> c { writes }
c -> db { writes }`,
    },
    {
      name: 'write-back to object storage, written as one chain',
      code: `service web { replicas: 2 }
cache c { ttl: 1m, write_policy: back }
storage blobs
web -> c -> blobs { writes }`,
    },
    {
      name: 'a read-only cache needs nothing behind it',
      code: `service web { replicas: 2 }
cache c { ttl: 1m }
web -> c { reads }
web -> c`,
    },
    {
      name: 'source_of_truth: false',
      code: 'cache c { ttl: 1m, source_of_truth: false }',
    },
    {
      name: 'a database that fills the cache already holds the data',
      code: `database db { replicas: 2 }
cache c { ttl: 1m }
db -> c { writes }`,
    },
  ],
  invalid: [
    {
      name: 'a cache marked source_of_truth',
      code: 'cache c { ttl: 1m, source_of_truth }',
      errors: [{ messageId: 'markedSourceOfTruth', line: 1, column: 20, component: 'c', severity: 'error', includes: ['`c`', '`database`'] }],
    },
    {
      name: 'writes into a cache with nothing behind it',
      code: `service web { replicas: 2 }
cache c { ttl: 1m }
web -> c { writes }`,
      errors: [{ messageId: 'noDatabaseBehind', line: 3, column: 1, severity: 'error', includes: ['`web` writes to the cache `c`'] }],
    },
    {
      name: 'a writer that only reads from the database does not persist what it writes',
      code: `service web { replicas: 2 }
cache c { ttl: 1m }
database db { replicas: 2 }
web -> c { reads, writes }
web -> db { reads }`,
      errors: [{ messageId: 'noDatabaseBehind', line: 4, column: 1 }],
    },
    {
      name: 'in a chain, only the hop into the cache is reported, at its start',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 2 }
cache sessions { ttl: 30m }
users -> edge -> web -> sessions { writes }`,
      errors: [{ messageId: 'noDatabaseBehind', line: 5, column: 18, includes: ['`web`', '`sessions`'] }],
    },
    {
      name: 'only the writer that does not persist is reported',
      code: `service web { replicas: 2 }
worker importer { replicas: 2 }
cache c { ttl: 1m }
database db { replicas: 2 }
web -> c { writes }
web -> db { writes }
importer -> c { writes }`,
      errors: [{ messageId: 'noDatabaseBehind', line: 7, column: 1, includes: ['`importer`'] }],
    },
    {
      name: 'marked and written to with nothing behind: both findings',
      code: `service web { replicas: 2 }
cache c {
  ttl: 1m
  source_of_truth
}
web -> c { writes }`,
      errors: [
        { messageId: 'markedSourceOfTruth', line: 4, column: 3 },
        { messageId: 'noDatabaseBehind', line: 6, column: 1 },
      ],
    },
    {
      name: 'a cache that passes data only to another cache has no database behind it',
      code: `service web { replicas: 2 }
cache near { ttl: 1m }
cache far { ttl: 1h }
web -> near { writes }
near -> far { writes }`,
      errors: [
        { messageId: 'noDatabaseBehind', line: 4, column: 1, includes: ['`near`'] },
        { messageId: 'noDatabaseBehind', line: 5, column: 1, includes: ['`far`'] },
      ],
    },
  ],
});

describe('cache-as-source-of-truth', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
