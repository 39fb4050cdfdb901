import { describe, it } from 'vitest';
import rule from '../../rules/missing-load-balancer.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'a load balancer in front of the web tier',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 2 }
users -> edge -> web`,
    },
    {
      name: 'the same path written as two edges',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 2 }
users -> edge
edge -> web`,
    },
    {
      name: 'clients that call only provider services (dns, cdn) and no service',
      code: `client users
dns dns
cdn assets { fallback: origin }
storage media
users -> dns
users -> assets { static }
assets -> media { static }`,
    },
    {
      name: 'a service calling another service is not a client call',
      code: `service gateway { replicas: 2 }
service api { replicas: 2 }
gateway -> api`,
    },
    {
      name: 'a telemetry edge from a client is not a request',
      code: `client users
service beacon { replicas: 2 }
users -> beacon { telemetry }`,
    },
    {
      name: 'a client that reaches a service only through a load balancer in another region',
      code: `region eu {
  client eu_users
}
region us {
  lb us_edge { replicas: 2 }
  service us_web { replicas: 2 }
}
eu_users -> us_edge -> us_web`,
    },
  ],
  invalid: [
    {
      name: 'a client calling a service directly',
      code: `client users
service web { replicas: 2 }
users -> web`,
      errors: [{ messageId: 'directToService', line: 3, column: 1, severity: 'warning', includes: ['`users`', '`web`', '`lb`'] }],
    },
    {
      name: 'a static edge to a service counts too',
      code: `client users
service web { replicas: 2, serves_static }
users -> web { static }`,
      errors: [{ messageId: 'directToService', line: 3, column: 1 }],
    },
    {
      name: 'only the hop that starts at the client is reported in a chain',
      code: `client users
service web { replicas: 2 }
database db { replicas: 2 }
users -> web -> db`,
      errors: [{ messageId: 'directToService', line: 4, column: 1 }],
    },
    {
      name: 'a second path that bypasses the load balancer',
      code: `client users
lb edge { replicas: 2 }
service web { replicas: 2 }
service admin { replicas: 2 }
users -> edge -> web
users -> admin`,
      errors: [{ messageId: 'directToService', line: 6, column: 1, includes: ['`admin`'] }],
    },
    {
      name: 'one finding per edge, for every client, inside and outside regions',
      code: `region eu {
  client eu_users
  service web { replicas: 2 }
  eu_users -> web
}
client us_users
us_users -> web { reads }
us_users -> web { writes }`,
      errors: [
        { messageId: 'directToService', line: 4, column: 3, includes: ['`eu_users`'] },
        { messageId: 'directToService', line: 7, column: 1, includes: ['`us_users`'] },
        { messageId: 'directToService', line: 8, column: 1, includes: ['`us_users`'] },
      ],
    },
    {
      name: 'an async call and many instances do not help',
      code: `client users
service api { autoscale: 4..40 }
  users -> api { async }`,
      errors: [{ messageId: 'directToService', line: 3, column: 3 }],
    },
  ],
});

describe('missing-load-balancer', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
