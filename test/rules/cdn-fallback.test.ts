import { describe, it } from 'vitest';
import rule from '../../rules/cdn-fallback.js';
import { ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    { name: 'fallback: origin', code: 'cdn assets { fallback: origin }' },
    { name: 'a self-hosted CDN with a fallback', code: 'cdn assets { managed: false, replicas: 2, fallback: origin }' },
    { name: 'no CDN at all', code: 'storage media\nservice web { replicas: 2 }' },
    {
      name: 'a CDN in front of its origin, with a fallback',
      code: `client users
cdn assets { ttl: 1d, fallback: origin }
storage media
users -> assets { static }
assets -> media { static }`,
    },
  ],
  invalid: [
    {
      name: 'no fallback written: the default is none, reported on the name',
      code: 'cdn assets',
      errors: [
        { messageId: 'noFallback', line: 1, column: 5, component: 'assets', severity: 'warning', includes: ['the default is `none`', '`fallback: origin`'] },
      ],
    },
    {
      name: 'fallback: none written out, reported on the attribute',
      code: 'cdn assets { fallback: none }',
      errors: [{ messageId: 'fallbackNone', line: 1, column: 14, includes: ['`fallback: none`'] }],
    },
    {
      name: 'other CDN settings do not help',
      code: 'cdn assets { ttl: 1d, hit_ratio: 95%, invalidation: versioned }',
      errors: [{ messageId: 'noFallback', line: 1, column: 5 }],
    },
    {
      name: 'a CDN with an origin behind it still needs the fallback',
      code: `client users
cdn assets { ttl: 1d }
storage media
users -> assets { static }
assets -> media { static }`,
      errors: [{ messageId: 'noFallback', line: 2, column: 5 }],
    },
    {
      name: 'each CDN is checked, over several lines and in regions',
      code: `region eu {
  cdn eu_assets {
    ttl: 1d
    fallback: none
  }
  cdn eu_video { fallback: origin }
}
cdn global_assets "Global"`,
      errors: [
        { messageId: 'fallbackNone', line: 4, column: 5, component: 'eu_assets' },
        { messageId: 'noFallback', line: 8, column: 5, component: 'global_assets' },
      ],
    },
  ],
});

describe('cdn-fallback', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));
});
