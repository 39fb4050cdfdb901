import { describe, it } from 'vitest';
import rule from '../../rules/missing-geo-routing.js';
import { ruleCases } from '../helpers.js';

const twoRegions = (dns: string) => `${dns}
region east {
  client e_users
  service web_e { replicas: 2 }
}
region west {
  client w_users
  service web_w { replicas: 2 }
}
e_users -> names
w_users -> names
e_users -> web_e
w_users -> web_w`;

const cases = ruleCases(rule, {
  valid: [
    { name: 'geo routing', code: twoRegions('dns names { routing: geo }') },
    { name: 'latency routing', code: twoRegions('dns names { routing: latency }') },
    {
      name: 'a second region reached only by replication serves no clients',
      code: `client users
dns names
region east {
  service web { replicas: 2 }
  database db { replicas: 2 }
}
region west {
  database db_w { replicas: 2 }
}
users -> names
users -> web -> db
db -> db_w { replication: async }`,
    },
    {
      name: 'a region that holds only clients does not serve them',
      code: `dns names
region east {
  client e_users
  service web { replicas: 2 }
}
region west {
  client w_users
}
e_users -> web
w_users -> web`,
    },
    {
      name: 'telemetry into a monitoring component in another region is not serving clients',
      code: `client users
region east {
  service web { replicas: 2 }
}
region ops_region {
  monitoring ops { logging, metrics }
}
users -> web -> ops`,
    },
    {
      name: 'one geo-routed DNS among several is enough',
      code: `client users
dns internal
dns public_dns { routing: geo }
region east { service web_e { replicas: 2 } }
region west { service web_w { replicas: 2 } }
users -> public_dns
users -> web_e
users -> web_w`,
    },
    {
      name: 'regions but no clients',
      code: `region east { service web_e { replicas: 2 } }
region west { service web_w { replicas: 2 } }`,
    },
  ],
  invalid: [
    {
      name: 'a DNS with simple routing in front of two regions',
      code: twoRegions('dns names { routing: simple }'),
      errors: [
        {
          messageId: 'notGeoRouted',
          line: 1,
          column: 13,
          component: 'names',
          severity: 'warning',
          includes: ['2 regions (`east` and `west`)', '`names` resolves with `routing: simple`', '`routing: geo`'],
        },
      ],
    },
    {
      name: 'a DNS without a routing attribute is reported at its name',
      code: twoRegions('dns names'),
      errors: [{ messageId: 'notGeoRouted', line: 1, column: 5, includes: ['`routing: simple`'] }],
    },
    {
      name: 'no DNS at all: reported at the second region that serves clients',
      code: `region backup {
  database db_b { replicas: 2 }
}
region east {
  client e_users
  service web_e { replicas: 2 }
}
region west {
  client w_users
  service web_w { replicas: 2 }
}
e_users -> web_e
w_users -> web_w`,
      errors: [{ messageId: 'noDns', line: 8, column: 8, includes: ['2 regions (`east` and `west`)', 'no DNS to route users'] }],
    },
    {
      name: 'several DNS components without geo routing: reported on the first',
      code: `client users
dns primary
dns secondary { routing: simple }
region east { service web_e { replicas: 2 } }
region west { service web_w { replicas: 2 } }
users -> primary
users -> secondary
users -> web_e
users -> web_w`,
      errors: [{ messageId: 'notGeoRouted', line: 2, column: 5, component: 'primary' }],
    },
    {
      name: 'regions reached further down the flow count, and all serving regions are named',
      code: `client users
lb front { replicas: 2 }
region a { service web_a { replicas: 2 } }
region b { service web_b { replicas: 2 } }
region c { database db_c { replicas: 2 } }
users -> front
front -> web_a
front -> web_b -> db_c`,
      errors: [{ messageId: 'noDns', line: 4, column: 8, includes: ['3 regions (`a`, `b` and `c`)'] }],
    },
  ],
});

describe('missing-geo-routing', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
