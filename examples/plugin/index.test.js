// @ts-check
// The example plugin's tests, with archlint's rule tester (run by `npm test`, or `npx vitest run examples/plugin`).
import { describe, it } from 'vitest';
import { RuleTester } from 'archlint/testing';
import plugin from './index.js';

const tester = new RuleTester({ describe, it });

tester.run('example/durable-queues', plugin.rules['durable-queues'], {
  valid: ['queue jobs { durable }\nservice web\nweb -> jobs { async }', { name: 'a queue nothing sends to', code: 'queue idle' }],
  invalid: [
    {
      name: 'work handed to a queue that is not durable',
      code: 'service web\nqueue jobs\nweb -> jobs { async }',
      errors: [
        {
          messageId: 'notDurable',
          line: 2,
          column: 7,
          component: 'jobs',
          message: '`jobs` takes work from `web` but is not `durable`: the jobs waiting in it are lost when the broker restarts. Mark it `durable`.',
        },
      ],
    },
    {
      name: 'every sender is named',
      code: 'service web\nservice api\nqueue jobs { durable: false }\nweb -> jobs\napi -> jobs',
      errors: [{ messageId: 'notDurable', line: 3, column: 7, includes: ['from `web` and `api`'] }],
    },
  ],
});

// users -> edge -> web -> db: three components after the client.
const threeHops =
  'workload { rps: 10 }\nclient users\nlb edge { replicas: 2 }\nservice web { replicas: 2 }\ndatabase db { replicas: 2 }\nusers -> edge -> web -> db';

tester.run('example/max-hops', plugin.rules['max-hops'], {
  valid: [threeHops, { name: 'exactly the maximum', code: threeHops, options: { max: 3 } }],
  invalid: [
    {
      name: 'one component more than the maximum',
      code: threeHops,
      options: { max: 2 },
      errors: [
        { messageId: 'tooManyHops', line: 2, column: 8, component: 'users', includes: ['reach 3 components (`users -> edge -> web -> db`), more than 2'] },
      ],
    },
  ],
});
