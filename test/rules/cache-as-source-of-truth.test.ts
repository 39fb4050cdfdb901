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
      // Cache-aside: what the service writes into the cache is what it read from the database.
      name: 'a writer that reads the database fills the cache with copies of it',
      code: `service web { replicas: 2 }
cache c { ttl: 1m }
database db { replicas: 2 }
web -> c { reads, writes }
web -> db { reads }`,
    },
    {
      // The social feed's fan-out on write: posts are stored, a worker copies them into followers'
      // timelines from a queue. The timelines can be rebuilt from the posts.
      name: 'timelines written by fan-out workers from a queue fed by a service that stores the posts',
      code: `client users
lb edge { replicas: 2 }
service posts_api { replicas: 3 }
database posts_db { replicas: 3 }
queue fanout { durable }
worker fanout_workers { replicas: 4 }
cache timelines { replicas: 3, ttl: 7d }
users -> edge -> posts_api
posts_api -> posts_db { writes }
posts_api -> fanout { async, writes }
fanout -> fanout_workers
fanout_workers -> timelines { writes }`,
    },
    {
      name: 'a cache that says what it is derived from',
      code: `service web { replicas: 2 }
database db { replicas: 2 }
cache c { ttl: 1m, derived_from: db }
web -> c { writes }`,
    },
    {
      name: 'a cache written explicitly not the source of truth, or written around',
      code: `service web { replicas: 2 }
cache c { ttl: 1m, source_of_truth: false }
cache d { ttl: 1m, write_policy: around }
web -> c { writes }
web -> d { writes }`,
    },
    {
      name: 'a database that fills the cache already holds the data',
      code: `database db { replicas: 2 }
cache c { ttl: 1m }
db -> c { writes }`,
    },
    {
      // The usual way to keep a search index: the service stores the product, a worker indexes it
      // from a queue the service feeds.
      name: 'a search index written by a worker from a queue fed by a service that stores the data',
      code: `client users
lb edge { replicas: 2 }
service catalog { replicas: 2 }
database products { replicas: 2 }
queue changes { durable }
worker indexer { replicas: 2 }
search idx { replicas: 2 }
users -> edge -> catalog
catalog -> products { writes }
catalog -> changes { async, writes }
changes -> indexer
indexer -> idx { writes }
catalog -> idx { reads }`,
    },
    {
      name: 'a search index filled by replication from a database (a change-data-capture connector)',
      code: `client users
service catalog { replicas: 2 }
database products { replicas: 2 }
search idx { replicas: 2 }
users -> catalog
catalog -> products { writes }
products -> idx { replication: async }
catalog -> idx { reads }`,
    },
    {
      name: 'a search index that says what it is derived from',
      code: `client users
service logs_api { replicas: 2 }
storage archive
search idx { replicas: 2, derived_from: archive }
users -> logs_api
logs_api -> idx { writes }`,
    },
    {
      name: 'a search index written by a service that also stores the data (dual write)',
      code: `service catalog { replicas: 2 }
database products { replicas: 2 }
search idx { replicas: 2 }
catalog -> products { writes }
catalog -> idx { writes }`,
    },
    {
      name: 'a search index that is only read',
      code: `client users
service catalog { replicas: 2 }
search idx { replicas: 2 }
users -> catalog -> idx`,
    },
  ],
  invalid: [
    {
      name: 'a cache marked source_of_truth',
      code: 'cache c { ttl: 1m, source_of_truth }',
      errors: [{ messageId: 'markedSourceOfTruth', line: 1, column: 20, component: 'c', severity: 'error', includes: ['`c`', '`database`'] }],
    },
    {
      // What users send and only a cache keeps: the load balancer and the service have no store
      // behind them, and a client's requests are new data.
      name: 'a service fed only by clients, through a load balancer, writes new data into a cache',
      code: `client users
lb edge { replicas: 2 }
service carts_api { replicas: 2 }
cache carts { ttl: 7d }
users -> edge -> carts_api
carts_api -> carts { writes }`,
      errors: [{ messageId: 'noDatabaseBehind', line: 6, column: 1, includes: ['`carts_api` writes to the cache `carts`'] }],
    },
    {
      name: 'a worker fed by a queue that nothing backed by a store feeds',
      code: `service intake { replicas: 2 }
queue q { durable }
worker w { replicas: 2 }
cache c { ttl: 1h }
intake -> q { async, writes }
q -> w
w -> c { writes }`,
      errors: [{ messageId: 'noDatabaseBehind', line: 7, column: 1, includes: ['`w` writes to the cache `c`'] }],
    },
    {
      name: 'writes into a cache with nothing behind it',
      code: `service web { replicas: 2 }
cache c { ttl: 1m }
web -> c { writes }`,
      errors: [{ messageId: 'noDatabaseBehind', line: 3, column: 1, severity: 'error', includes: ['`web` writes to the cache `c`'] }],
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
    {
      // What users send, kept only in the index: a warning, not the cache's error (the index keeps
      // it on disk), but there is nothing to rebuild the index from.
      name: 'a service fed only by clients writes new data into a search index',
      code: `client users
lb edge { replicas: 2 }
service logs_api { replicas: 2 }
search idx { replicas: 3 }
users -> edge -> logs_api
logs_api -> idx { writes }`,
      errors: [
        {
          messageId: 'indexWithoutSource',
          line: 6,
          column: 1,
          severity: 'warning',
          includes: ['`logs_api` writes to the search index `idx`', 'comes from no database or storage', '`derived_from`'],
        },
      ],
    },
    {
      name: 'a worker fed by a queue that nothing backed by a store feeds, writing a search index',
      code: `service intake { replicas: 2 }
queue q { durable }
worker w { replicas: 2 }
search idx { replicas: 2 }
intake -> q { async, writes }
q -> w
w -> idx { writes }`,
      errors: [{ messageId: 'indexWithoutSource', line: 7, column: 1, severity: 'warning', includes: ['`w`', '`idx`'] }],
    },
  ],
});

describe('cache-as-source-of-truth', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
