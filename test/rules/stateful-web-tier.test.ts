import { describe, it } from 'vitest';
import rule from '../../rules/stateful-web-tier.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'sessions in a shared cache',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 2, sessions: store }
cache store { replicas: 2, ttl: 30m }
users -> edge -> web -> store`,
    },
    { name: 'no sessions declared', code: `client users\nservice web { replicas: 2 }\nusers -> web` },
    {
      name: 'sessions in a database',
      code: `service web { replicas: 2, sessions: db }\ndatabase db { replicas: 2 }\nweb -> db`,
    },
    {
      name: 'a sticky load balancer in front of workers (not a web tier) is not this rule',
      code: `lb jobs_lb { replicas: 2, sticky }\nworker w { replicas: 2 }\njobs_lb -> w`,
    },
    { name: 'sticky: false', code: `lb edge { replicas: 2, sticky: false }\nservice web { replicas: 2 }\nedge -> web` },
  ],
  invalid: [
    {
      name: 'sessions kept in local memory',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 2, sessions: local }
users -> edge -> web`,
      errors: [{ messageId: 'localSessions', line: 3, column: 28, component: 'web', severity: 'warning', includes: ['`web`', 'shared store'] }],
    },
    {
      name: 'sticky sessions on the load balancer',
      code: `client users
lb edge { replicas: 2, sticky }
service web { replicas: 2 }
users -> edge -> web`,
      errors: [{ messageId: 'stickySessions', line: 3, column: 9, component: 'web', includes: ['`edge`'] }],
    },
    {
      name: 'both, reported in source order',
      code: `lb edge { replicas: 2, sticky }
service web { replicas: 2, sessions: local }
edge -> web`,
      errors: [
        { messageId: 'stickySessions', line: 2, column: 9 },
        { messageId: 'localSessions', line: 2, column: 28 },
      ],
    },
    {
      name: 'one finding per sticky load balancer, even with two edges from it',
      code: `lb edge { replicas: 2, sticky }
service web { replicas: 2 }
edge -> web { reads }
edge -> web { writes }`,
      errors: [{ messageId: 'stickySessions', line: 2, column: 9 }],
    },
  ],
});

describe('stateful-web-tier', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
