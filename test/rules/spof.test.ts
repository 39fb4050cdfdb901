import { describe, expect, it } from 'vitest';
import spof from '../../rules/spof.js';
import { check, ruleCases } from '../helpers.js';

const cases = ruleCases(spof, {
  valid: [
    {
      // The standby takes over when the primary fails (RDS Multi-AZ).
      name: 'a database with a standby is not a single point of failure',
      code: 'client u\nlb e { replicas: 2 }\nservice web { replicas: 2 }\ndatabase db { standby: 1 }\nu -> e -> web -> db',
    },
    {
      name: 'every tier has two or more instances',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 3 }
database db { replicas: 2 }
users -> edge -> web -> db`,
    },
    {
      name: 'two single load balancers that bypass each other',
      code: `client users
lb lb1
lb lb2
service web { replicas: 2 }
users -> lb1 -> web
users -> lb2 -> web`,
    },
    {
      name: 'managed components and provider kinds (dns, cdn, storage) are redundant by default',
      code: `client users
dns names
cdn assets { fallback: origin }
storage media
database db { managed }
service web { replicas: 2 }
users -> names
users -> assets { static }
assets -> media { static }
users -> web -> db`,
    },
    {
      name: 'an autoscale minimum of two counts as redundancy',
      code: `client users
service web { autoscale: 2..10 }
users -> web`,
    },
    {
      name: 'telemetry into a single monitoring component is not a request flow',
      code: `client users
service web { replicas: 2 }
monitoring ops { logging, metrics }
users -> web -> ops`,
    },
    {
      name: 'a replication edge to a single-node backup is not a request flow',
      code: `client users
service web { replicas: 2 }
database db { replicas: 2 }
database backup
users -> web -> db
db -> backup { replication: async }`,
    },
    {
      name: 'a component no client reaches is not on a request flow',
      code: `client users
service web { replicas: 2 }
service batch
users -> web`,
    },
    {
      name: 'provider kinds stop being redundant only when the model says managed: false, and a dns with replicas passes',
      code: `client users
dns names { managed: false, replicas: 2 }
users -> names`,
    },
  ],
  invalid: [
    {
      name: 'a single load balancer in front of a redundant tier',
      code: `client users
lb edge
service web { replicas: 2 }
database db { replicas: 2 }
users -> edge -> web -> db`,
      errors: [
        { messageId: 'cutsFlow', line: 2, column: 4, component: 'edge', severity: 'error', includes: ['`users`', '`web` and `db`', 'runs as one instance'] },
      ],
    },
    {
      name: 'a single database where the flow ends',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 3 }
database db
users -> edge -> web -> db`,
      errors: [{ messageId: 'endOfFlow', line: 4, column: 10, component: 'db', includes: ['`db`', 'from `users`'] }],
    },
    {
      name: 'every single tier of a one-server setup, in declaration order',
      code: `client users
service web
database db
users -> web -> db`,
      errors: [
        { messageId: 'cutsFlow', line: 2, column: 9, component: 'web' },
        { messageId: 'endOfFlow', line: 3, column: 10, component: 'db' },
      ],
    },
    {
      name: 'an autoscaler that may go down to one instance',
      code: `client users
service web { replicas: 3, autoscale: 1..10 }
users -> web`,
      errors: [{ messageId: 'endOfFlowAutoscaled', line: 2, column: 9, includes: ['autoscales down to 1 instance'] }],
    },
    {
      name: 'one finding for a component shared by two clients, naming both',
      code: `client east
client west
lb edge
service web { replicas: 2 }
east -> edge
west -> edge
edge -> web`,
      errors: [{ messageId: 'cutsFlow', line: 3, column: 4, includes: ['`east` and `west`'] }],
    },
    {
      name: 'a DNS the model says is not managed',
      code: `client users
dns names { managed: false }
users -> names`,
      errors: [{ messageId: 'endOfFlow', line: 2, column: 5 }],
    },
    {
      name: 'components that call each other in a cycle: the entry cuts the flow, the other is where it ends',
      code: `client users
service a
service b
users -> a -> b -> a`,
      errors: [
        { messageId: 'cutsFlow', line: 2, column: 9 },
        { messageId: 'endOfFlow', line: 3, column: 9 },
      ],
    },
    {
      name: 'a single session store is on every request even without an edge to it',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 2, sessions: store }
cache store { ttl: 30m }
users -> edge -> web`,
      errors: [{ messageId: 'endOfFlow', line: 4, column: 7, component: 'store' }],
    },
    {
      name: 'a single queue between the web tier and its workers',
      code: `client users
service web { replicas: 2 }
queue jobs { durable }
worker resize { replicas: 2 }
users -> web
web -> jobs { async }
jobs -> resize`,
      errors: [{ messageId: 'cutsFlow', line: 3, column: 7, component: 'jobs', includes: ['to `resize`'] }],
    },
    {
      name: 'database nodes without replication cannot stand in for each other',
      code: `client users
service web { replicas: 2 }
database db { replicas: 3, replication: none }
users -> web -> db`,
      errors: [{ messageId: 'endOfFlowUnreplicated', line: 3, column: 10, includes: ['has 3 nodes with `replication: none`'] }],
    },
    {
      name: 'the path around a component must rejoin: a bypass to elsewhere does not help',
      code: `client users
lb edge
service web { replicas: 2 }
service other { replicas: 2 }
users -> edge -> web
users -> other`,
      errors: [{ messageId: 'cutsFlow', line: 2, column: 4 }],
    },
  ],
});

describe('spof', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));

  it('names at most a few lost components and counts the rest', () => {
    const chain = Array.from({ length: 8 }, (_, i) => `service s${i} { replicas: 2 }`).join('\n');
    const result = check(`client users\nlb edge\n${chain}\nusers -> edge -> ${Array.from({ length: 8 }, (_, i) => `s${i}`).join(' -> ')}`, { rules: [spof] });
    const finding = result.diagnostics.find((d) => d.component === 'edge');
    expect(finding?.message).toContain('`s0`, `s1`, `s2` and 5 more');
  });

  it('stays silent when the model has no clients', () => {
    expect(check('service web\ndatabase db\nweb -> db', { rules: [spof] }).diagnostics).toEqual([]);
  });
});
