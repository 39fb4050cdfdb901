import { describe, expect, it } from 'vitest';
import rule from '../../rules/sync-long-task.js';
import { check, ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'work handed to a queue that a worker consumes',
      code: `client users
service web { replicas: 2 }
queue jobs { durable, replicas: 2 }
worker resizer { replicas: 2, duration: 2s }
users -> web
web -> jobs { async }
jobs -> resizer`,
    },
    {
      name: 'an async edge straight to a worker does not hold the request',
      code: `client users
service web { replicas: 2 }
worker resizer { replicas: 2, duration: 2s }
users -> web
web -> resizer { async }`,
    },
    {
      name: 'a component just below the threshold',
      code: `client users
service web { replicas: 2 }
service search { replicas: 2, latency: 999ms }
users -> web -> search`,
    },
    {
      name: 'a worker called by something no client reaches',
      code: `client users
service web { replicas: 2 }
service cron { replicas: 2 }
worker resizer { replicas: 2 }
users -> web
cron -> resizer`,
    },
    {
      name: 'calls made after an async hand-off are not on the synchronous flow',
      code: `client users
service web { replicas: 2 }
queue jobs { replicas: 2 }
service batcher { replicas: 2 }
worker resizer { replicas: 2 }
users -> web
web -> jobs { async }
jobs -> batcher -> resizer`,
    },
    {
      name: 'a queue called without async still decouples the worker behind it',
      code: `client users
service web { replicas: 2 }
queue jobs { replicas: 2 }
worker resizer { replicas: 2, duration: 10s }
users -> web -> jobs -> resizer`,
    },
    {
      name: 'telemetry and replication edges are not calls',
      code: `client users
service web { replicas: 2 }
database db { replicas: 2 }
database slow_copy { replicas: 2, latency: 5s }
monitoring ops { logging, metrics, latency: 2s }
users -> web -> db
web -> ops
db -> slow_copy { replication: async }`,
    },
  ],
  invalid: [
    {
      name: 'a service that calls a worker directly',
      code: `client users
service web { replicas: 2 }
worker resizer { replicas: 2, duration: 2s }
users -> web -> resizer`,
      errors: [
        {
          messageId: 'syncCallToWorker',
          line: 4,
          column: 10,
          severity: 'warning',
          includes: ['`web` calls `resizer`, a worker whose jobs take 2s, synchronously', '`web -> jobs { async }`', '`jobs -> resizer`'],
        },
      ],
    },
    {
      name: 'a slow service at exactly the threshold, deep in a chain',
      code: `client users
lb front { replicas: 2 }
service web { replicas: 2 }
service reports { replicas: 2, latency: 1s }
users -> front -> web -> reports`,
      errors: [{ messageId: 'syncCallToSlow', line: 5, column: 19, includes: ['`web` calls `reports`, a service that takes 1s per request'] }],
    },
    {
      name: 'a client that calls a worker',
      code: `client users
worker resizer { replicas: 2 }
users -> resizer`,
      errors: [{ messageId: 'syncCallToBackgroundWorker', line: 3, column: 1, includes: ['`users` calls `resizer`, a background worker'] }],
    },
    {
      name: 'a slow database and a worker in a region, each reported on its edge',
      code: `region eu {
  client users
  service web { replicas: 2 }
  database warehouse { replicas: 2, latency: 3s }
  worker mailer { replicas: 2 }
  users -> web
  web -> warehouse { reads }
  web -> mailer { writes }
}`,
      errors: [
        { messageId: 'syncCallToSlow', line: 7, column: 3, includes: ['a database that takes 3s per request'] },
        { messageId: 'syncCallToBackgroundWorker', line: 8, column: 3, includes: ['`web` calls `mailer`'] },
      ],
    },
    {
      name: 'a synchronous call behind an async edge elsewhere is still reached synchronously',
      code: `client users
service web { replicas: 2 }
service api { replicas: 2 }
worker thumbnailer { replicas: 2, latency: 1.5s }
users -> web -> api
web -> thumbnailer { async }
api -> thumbnailer`,
      errors: [{ messageId: 'syncCallToWorker', line: 7, column: 1, includes: ['a worker whose jobs take 1.5s'] }],
    },
  ],
});

describe('sync-long-task', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));

  it('takes the duration threshold from options', () => {
    const code = 'client users\nservice web { replicas: 2 }\nservice search { replicas: 2, latency: 300ms }\nusers -> web -> search';
    expect(check(code, { rules: [rule] }).diagnostics).toEqual([]);
    const strict = check(code, { rules: [rule], settings: new Map([['sync-long-task', { options: { duration: 250 } }]]) });
    expect(strict.diagnostics.map((d) => [d.messageId, d.span.start.line, d.span.start.column])).toEqual([['syncCallToSlow', 4, 10]]);
    expect(strict.diagnostics[0]!.message).toContain('a service that takes 300ms per request');
  });
});
