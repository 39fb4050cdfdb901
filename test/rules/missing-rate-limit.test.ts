import { describe, it } from 'vitest';
import rule from '../../rules/missing-rate-limit.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'a gateway at the entry that limits rates',
      code: 'workload { rps: 20k, dau: 10M }\nclient users\ngateway api_gw { replicas: 2, rate_limit: 100 }\nservice api { replicas: 4 }\nusers -> api_gw -> api',
    },
    {
      name: 'a load balancer whose services limit rates',
      code: 'workload { rps: 20k }\nclient users\nlb edge { replicas: 2 }\nservice api { replicas: 4, rate_limit: 50 }\nusers -> edge -> api',
    },
    { name: 'clients that only reach a CDN', code: 'workload { rps: 20k }\nclient users\ncdn assets { fallback: origin }\nusers -> assets { static }' },
  ],
  invalid: [
    {
      name: 'a large system whose entry limits nothing',
      code: 'workload { rps: 20k, dau: 10M }\nclient users\nclient partners\nlb edge { replicas: 2 }\nservice api { replicas: 4 }\nusers -> edge -> api\npartners -> edge',
      errors: [
        {
          messageId: 'noRateLimit',
          line: 4,
          column: 4,
          severity: 'warning',
          includes: ['`edge` takes the requests of `users`, `partners` (10,000,000 daily users)', '`rate_limit: 100`'],
        },
      ],
    },
    {
      name: 'a small system: information only',
      code: 'workload { rps: 50 }\nclient users\nlb edge { replicas: 2 }\nservice api { replicas: 2 }\nusers -> edge -> api',
      errors: [{ messageId: 'noRateLimit', line: 3, severity: 'info', includes: ['(50 requests a second at peak)'] }],
    },
  ],
});

describe('missing-rate-limit', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
