import { describe, it } from 'vitest';
import rule from '../../rules/unreachable-component.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'everything is reached through request, async, static and replication edges',
      code: `client users
dns names
cdn assets
storage media
lb front { replicas: 2 }
service web { replicas: 2 }
queue jobs { replicas: 2 }
worker resizer { replicas: 2 }
database db { replicas: 2 }
database db_copy { replicas: 2 }
users -> names
users -> assets { static }
assets -> media { static }
users -> front -> web -> db
web -> jobs { async }
jobs -> resizer
db -> db_copy { replication: async }`,
    },
    {
      name: 'a session store is reached through sessions: without an edge',
      code: `client users
service web { replicas: 2, sessions: store }
cache store { replicas: 2, ttl: 30m }
users -> web`,
    },
    {
      name: "a dead-letter queue is reached through its queue's dead_letter: without an edge",
      code: `client users
service web { replicas: 2 }
queue jobs { durable, replicas: 2, dead_letter: jobs_dlq, max_receives: 5 }
queue jobs_dlq { durable, replicas: 2 }
worker resizer { replicas: 2 }
worker redriver { replicas: 2 }
users -> web
web -> jobs { async }
jobs -> resizer
jobs_dlq -> redriver`,
    },
    {
      name: 'monitoring components are exempt, reached or not',
      code: `client users
service web { replicas: 2 }
monitoring ops { logging, metrics }
monitoring spare_ops { logging, metrics }
users -> web -> ops`,
    },
    {
      name: 'a model without clients is a fragment',
      code: `service web { replicas: 2 }
database db { replicas: 2 }
database orphan { replicas: 2 }
web -> db`,
    },
    {
      name: 'clients are exempt even when nothing reaches them',
      code: `client east
client west
service web { replicas: 2 }
east -> web`,
    },
    {
      name: 'telemetry edges are followed too',
      code: `client users
service web { replicas: 2 }
service log_shipper { replicas: 2 }
users -> web
web -> log_shipper { telemetry }`,
    },
  ],
  invalid: [
    {
      name: 'a database nothing uses',
      code: `client users
service web { replicas: 2 }
database orphan { replicas: 2 }
users -> web`,
      errors: [{ messageId: 'unreachable', line: 3, column: 10, component: 'orphan', severity: 'warning', includes: ['no client reaches `orphan`'] }],
    },
    {
      name: 'a component reached only from another unreachable one: both reported',
      code: `client users
service cron { replicas: 2 }
database db { replicas: 2 }
cron -> db`,
      errors: [
        { messageId: 'unreachable', line: 2, column: 9, component: 'cron' },
        { messageId: 'unreachable', line: 3, column: 10, component: 'db' },
      ],
    },
    {
      name: 'an edge written in the wrong direction',
      code: `client users
service web { replicas: 2 }
queue jobs { replicas: 2 }
worker resizer { replicas: 2 }
users -> web
web -> jobs { async }
resizer -> jobs`,
      errors: [{ messageId: 'unreachable', line: 4, column: 8, component: 'resizer' }],
    },
    {
      name: 'a DNS no client calls, inside a region',
      code: `region eu {
  client users
  dns names
  service web { replicas: 2 }
  users -> web
}`,
      errors: [{ messageId: 'unreachable', line: 3, column: 7, component: 'names' }],
    },
    {
      name: 'the dead-letter queue of an unreachable queue is unreachable too',
      code: `client users
service web { replicas: 2 }
queue old_jobs { durable, replicas: 2, dead_letter: old_jobs_dlq }
queue old_jobs_dlq { durable, replicas: 2 }
users -> web`,
      errors: [
        { messageId: 'unreachable', line: 3, column: 7, component: 'old_jobs' },
        { messageId: 'unreachable', line: 4, column: 7, component: 'old_jobs_dlq' },
      ],
    },
    {
      name: 'the session store of an unreachable service is unreachable too',
      code: `client users
service web { replicas: 2 }
service admin { replicas: 2, sessions: admin_sessions }
cache admin_sessions { replicas: 2, ttl: 1h }
users -> web`,
      errors: [
        { messageId: 'unreachable', line: 3, column: 9, component: 'admin' },
        { messageId: 'unreachable', line: 4, column: 7, component: 'admin_sessions' },
      ],
    },
  ],
});

describe('unreachable-component', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
