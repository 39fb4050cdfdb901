import { describe, expect, it } from 'vitest';
import rule from '../../rules/single-datacenter.js';
import { check, ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'a large system whose tiers run in two regions',
      code: `workload { rps: 20k, dau: 10M }
region east {
  client east_users
  service web_e { replicas: 2 }
  east_users -> web_e
}
region west {
  client west_users
  service web_w { replicas: 2 }
  west_users -> web_w
}`,
    },
    {
      name: 'a small system in one region',
      code: `workload { rps: 2k, dau: 999k }
region east {
  client users
  service web { replicas: 2 }
  users -> web
}`,
    },
    {
      name: 'no workload and no regions',
      code: `client users
service web { replicas: 2 }
users -> web`,
    },
    {
      name: 'a workload without dau',
      code: `workload { rps: 50k }
client users
service web { replicas: 2 }
users -> web`,
    },
    {
      name: 'clients outside any region are not spread over regions',
      code: `client eu_users
client us_users
region east {
  service web { replicas: 2 }
}
eu_users -> web
us_users -> web`,
    },
    {
      name: 'clients in two regions, each with its own tiers',
      code: `region east {
  client east_users
  database db_e { replicas: 2 }
}
region west {
  client west_users
  queue jobs_w { replicas: 2 }
}`,
    },
    {
      name: 'a model with no tiers of its own (only clients and provider services)',
      code: `workload { dau: 5M }
client users
dns names
users -> names`,
    },
  ],
  invalid: [
    {
      name: 'a large system with no regions at all',
      code: `workload { rps: 20k, dau: 10M }
client users
service web { replicas: 2 }
users -> web`,
      errors: [{ messageId: 'noRegion', line: 1, column: 22, severity: 'warning', includes: ['10M daily active users', 'no tier is in a `region`'] }],
    },
    {
      name: 'provider services and monitoring in a second region do not count, and dau equal to the threshold is large',
      code: `workload { dau: 1M }
region east {
  client users
  service web { replicas: 2 }
  users -> web
}
region west {
  cdn assets
  storage media
  dns names
  monitoring ops { logging, metrics }
}`,
      errors: [{ messageId: 'oneRegion', line: 1, column: 12, includes: ['1M daily', 'in one region, `east`'] }],
    },
    {
      name: 'clients in two regions served from one',
      code: `region east {
  client east_users
  service web { replicas: 2 }
}
region west {
  client west_users
}
east_users -> web
west_users -> web`,
      errors: [
        {
          messageId: 'clientsServedFromOne',
          line: 6,
          column: 10,
          component: 'west_users',
          includes: ['`west_users` is in region `west`', 'run only in `east`', 'in `west` too'],
        },
      ],
    },
    {
      name: 'the client finding replaces the dau finding and names the first client away from the tiers',
      code: `workload { dau: 10M }
region asia {
  client asia_users
}
region eu {
  client eu_users
  service web { replicas: 2 }
}
region us {
  client us_users
}`,
      errors: [{ messageId: 'clientsServedFromOne', line: 3, column: 10, component: 'asia_users', includes: ['region `asia`', 'only in `eu`'] }],
    },
    {
      name: 'clients in two regions and tiers in none',
      code: `region east { client a }
region west { client b }
service web { replicas: 2 }
a -> web
b -> web`,
      errors: [{ messageId: 'clientsServedFromNone', line: 1, column: 22, component: 'a', includes: ['in one data center, outside any region'] }],
    },
    {
      name: 'tiers in one region and in no region still make one data center',
      code: `workload { dau: 3.5M }
client users
lb front { replicas: 2 }
region eu {
  service web { replicas: 2 }
}
users -> front -> web`,
      errors: [{ messageId: 'oneRegion', line: 1, column: 12, includes: ['3.5M daily', '`eu`'] }],
    },
  ],
});

describe('single-datacenter', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));

  it('takes the dau threshold from options', () => {
    const code = 'workload { dau: 200k }\nclient users\nservice web { replicas: 2 }\nusers -> web';
    expect(check(code, { rules: [rule] }).diagnostics).toEqual([]);
    const strict = check(code, { rules: [rule], settings: new Map([['single-datacenter', { options: { dau: 100000 } }]]) });
    expect(strict.diagnostics.map((d) => [d.messageId, d.span.start.line, d.span.start.column])).toEqual([['noRegion', 1, 12]]);
    expect(strict.diagnostics[0]!.message).toContain('200k daily active users');
  });
});
