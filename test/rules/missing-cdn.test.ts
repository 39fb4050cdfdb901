import { describe, it } from 'vitest';
import rule from '../../rules/missing-cdn.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'static assets through a CDN',
      code: `workload { rps: 1k, static_ratio: 60% }
client users
cdn assets { fallback: origin }
storage media
users -> assets { static }
assets -> media { static }`,
    },
    { name: 'no static traffic at all', code: `workload { rps: 1k, static_ratio: 0% }\nclient users\nservice web { replicas: 2 }\nusers -> web` },
    { name: 'no workload and no static edges', code: `client users\nservice web { replicas: 2 }\nusers -> web` },
    {
      name: 'a service that serves static files as the origin of a CDN',
      code: `client users
cdn assets { fallback: origin }
service web { replicas: 2, serves_static }
users -> assets { static }
assets -> web { static }`,
    },
    {
      name: 'a static edge between two non-clients is not a client fetch',
      code: `client users\ncdn assets\nservice origin_web { replicas: 2 }\nusers -> assets { static }\nassets -> origin_web { static }`,
    },
  ],
  invalid: [
    {
      name: 'a service that serves static files itself',
      code: `client users
service web { replicas: 2, serves_static }
users -> web`,
      errors: [{ messageId: 'servesStatic', line: 2, column: 28, component: 'web', severity: 'warning' }],
    },
    {
      name: 'a static edge from a client to a service',
      code: `client users
service web { replicas: 2 }
users -> web { static }`,
      errors: [{ messageId: 'staticEdge', line: 3, column: 1, includes: ['`users`', '`web`', 'a service'] }],
    },
    {
      name: 'static requests in the workload and no CDN for the clients',
      code: `workload { rps: 1k, static_ratio: 40% }
client users
service web { replicas: 2 }
users -> web`,
      errors: [{ messageId: 'noCdnPath', line: 1, column: 21, includes: ['40%', '`users` has'] }],
    },
    {
      name: 'only the clients without a CDN are named',
      code: `workload { rps: 1k, static_ratio: 40% }
client east { share: 50% }
client west { share: 50% }
cdn assets
east -> assets { static }`,
      errors: [{ messageId: 'noCdnPath', line: 1, column: 21, includes: ['`west` has'] }],
    },
    {
      name: 'a client already reported for a static edge is not named again',
      code: `workload { rps: 1k, static_ratio: 40% }
client users
storage media
users -> media { static }`,
      errors: [{ messageId: 'staticEdge', line: 4, column: 1, includes: ['a storage'] }],
    },
  ],
});

describe('missing-cdn', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
