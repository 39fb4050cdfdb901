import { describe, it } from 'vitest';
import rule from '../../rules/no-backup.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'a daily backup', code: 'service web { replicas: 2 }\ndatabase db { replicas: 3, backup: daily }\nweb -> db { writes }' },
    { name: 'continuous backups with point-in-time recovery', code: 'service web\ndatabase db { backup: continuous, pitr, retention: 30d }\nweb -> db' },
    {
      name: 'a replica that only receives replication is covered by its source’s backups',
      code: 'service web\ndatabase db { backup: daily }\ndatabase replica\nweb -> db\nweb -> replica { reads }\ndb -> replica { replication: async }',
    },
    {
      name: 'a store nothing writes to holds content deployed from elsewhere',
      code: 'cdn assets { fallback: origin }\nstorage static_files\nassets -> static_files { static }',
    },
    {
      name: 'a store derived from another',
      code: 'service web\ndatabase db { backup: daily }\nstorage thumbnails { derived_from: db }\nweb -> db\nweb -> thumbnails { writes }',
    },
    {
      name: 'managed RDS MySQL and Aurora back up by default',
      code: 'service web\ndatabase a { managed, engine: mysql }\ndatabase b { managed, engine: aurora-postgresql }\nweb -> a\nweb -> b',
    },
    { name: 'a cache is not a store', code: 'service web\ncache c { ttl: 1m }\nweb -> c { writes }' },
  ],
  invalid: [
    {
      // The monolith: one database, replicated for failover, nothing kept apart from it.
      name: 'a replicated database written by requests, with no backup',
      code: 'service web { replicas: 2 }\ndatabase db { engine: postgres, replicas: 3 }\nweb -> db',
      errors: [
        {
          messageId: 'noBackup',
          line: 2,
          column: 10,
          severity: 'warning',
          includes: ['`db` holds data `web` writes', 'no `backup`', 'replication copies them to every replica'],
        },
      ],
    },
    {
      name: 'backup: none written out',
      code: 'service a\nservice b\ndatabase db { backup: none }\na -> db { writes }\nb -> db { writes }',
      errors: [{ messageId: 'backupNone', line: 3, column: 15, includes: ['data `a` and `b` write', '`backup: none`'] }],
    },
    {
      name: 'user uploads in object storage',
      code: 'service web\nstorage uploads\nweb -> uploads { writes }',
      errors: [{ messageId: 'noBackup', line: 2, column: 9 }],
    },
    {
      name: 'managed DynamoDB keeps no point-in-time backup unless asked',
      code: 'service web\ndatabase table { managed, engine: dynamodb }\nweb -> table',
      errors: [{ messageId: 'noBackup', line: 2 }],
    },
    {
      name: 'a managed database that says backup: none',
      code: 'service web\ndatabase db { managed, engine: mysql, backup: none }\nweb -> db',
      errors: [{ messageId: 'backupNone', line: 2 }],
    },
  ],
});

describe('no-backup', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
