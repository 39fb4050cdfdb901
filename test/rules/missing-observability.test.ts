import { describe, expect, it } from 'vitest';
import rule from '../../rules/missing-observability.js';
import { check, ruleCases } from '../helpers.js';

const cases = ruleCases(rule, {
  valid: [
    {
      name: 'every service and worker reports to complete monitoring',
      code: `workload { rps: 20k, dau: 10M }
client users
service web { replicas: 2 }
queue jobs { replicas: 2 }
worker resizer { replicas: 2 }
monitoring ops { logging, metrics, alerting, automation }
users -> web -> ops
web -> jobs { async }
jobs -> resizer -> ops`,
    },
    {
      name: 'components other than services and workers need no telemetry edge',
      code: `client users
lb front { replicas: 2 }
database db { replicas: 2 }
monitoring ops { logging, metrics }
users -> front`,
    },
    {
      name: 'an edge to one complete monitoring component is enough, whatever else the service sends telemetry to',
      code: `region eu {
  client users
  service web { replicas: 2 }
  monitoring ops { logging, metrics }
  storage log_archive
  users -> web
}
web -> log_archive { telemetry }
web -> ops`,
    },
    {
      name: 'logging and metrics written as true',
      code: `client users
service web { replicas: 2 }
monitoring ops { logging: true, metrics: true }
users -> web -> ops`,
    },
    { name: 'a file with no components', code: 'architecture "empty"' },
  ],
  invalid: [
    {
      name: 'no monitoring and no workload: information, on the first component',
      code: `client users
service web { replicas: 2 }
users -> web`,
      errors: [{ messageId: 'noMonitoring', line: 1, column: 8, severity: 'info', includes: ['no `monitoring` component'] }],
    },
    {
      name: 'no monitoring in a small system: information, on the workload',
      code: `workload { rps: 999, dau: 999k }
client users
service web { replicas: 2 }
users -> web`,
      errors: [{ messageId: 'noMonitoring', line: 1, column: 1, severity: 'info' }],
    },
    {
      name: 'no monitoring at the rps threshold: a warning',
      code: `workload { rps: 1k }
client users
service web { replicas: 2 }
users -> web`,
      errors: [{ messageId: 'noMonitoring', line: 1, column: 1, severity: 'warning' }],
    },
    {
      name: 'no monitoring at the dau threshold: a warning, even with few requests per second',
      code: `workload { rps: 10, dau: 1M }
client users
service web { replicas: 2 }
users -> web`,
      errors: [{ messageId: 'noMonitoring', line: 1, column: 1, severity: 'warning' }],
    },
    {
      name: 'monitoring without logs, and the service that reports only to it',
      code: `workload { rps: 5k }
client users
service web { replicas: 2 }
monitoring ops { metrics }
users -> web -> ops`,
      errors: [
        {
          messageId: 'notConnectedToPartial',
          line: 3,
          column: 9,
          component: 'web',
          severity: 'warning',
          includes: ['(`ops` lacks logs or metrics)', '`web -> ops`'],
        },
        { messageId: 'noLogs', line: 4, column: 12, component: 'ops', severity: 'warning', includes: ['`ops` collects no logs:', 'Add `logging`.'] },
      ],
    },
    {
      name: 'monitoring with neither logs nor metrics, in a small system',
      code: `monitoring ops { alerting }`,
      errors: [
        { messageId: 'noLogsNoMetrics', line: 1, column: 12, severity: 'info', includes: ['collects no logs and no metrics', 'Add `logging` and `metrics`.'] },
      ],
    },
    {
      name: 'a worker and a service that send nothing, next to one that does',
      code: `workload { dau: 2M }
client users
service web { replicas: 2 }
worker mailer { replicas: 2 }
queue jobs { replicas: 2 }
service api { replicas: 2 }
monitoring ops { logging, metrics }
users -> web -> ops
web -> jobs { async }
jobs -> mailer
web -> api`,
      errors: [
        {
          messageId: 'notConnected',
          line: 4,
          column: 8,
          component: 'mailer',
          severity: 'warning',
          includes: ['`mailer` sends its logs and metrics to no monitoring component that collects both:', '`mailer -> ops`'],
        },
        { messageId: 'notConnected', line: 6, column: 9, component: 'api', severity: 'warning' },
      ],
    },
    {
      name: 'the suggested target is a complete monitoring component',
      code: `client users
service web { replicas: 2 }
monitoring partial { logging }
monitoring ops { logging, metrics }
users -> web`,
      errors: [
        { messageId: 'notConnected', line: 2, column: 9, severity: 'info', includes: ['`web -> ops`'] },
        { messageId: 'noMetrics', line: 3, column: 12, severity: 'info', includes: ['no metrics', 'Add `metrics`.'] },
      ],
    },
  ],
});

describe('missing-observability', () => {
  describe('valid', () => it.each(cases.valid)('%s', (_, run) => run()));
  describe('invalid', () => it.each(cases.invalid)('%s', (_, run) => run()));

  it('takes the size thresholds from options', () => {
    const code = 'workload { rps: 500, dau: 50k }\nclient users\nservice web { replicas: 2 }\nusers -> web';
    const severity = (options?: Record<string, unknown>) =>
      check(code, { rules: [rule], ...(options ? { settings: new Map([['missing-observability', { options }]]) } : {}) }).diagnostics.map((d) => d.severity);
    expect(severity()).toEqual(['info']);
    expect(severity({ rps: 500 })).toEqual(['warning']);
    expect(severity({ dau: 50000 })).toEqual(['warning']);
    expect(severity({ rps: 501, dau: 50001 })).toEqual(['info']);
  });

  it('a configured severity wins over the size of the system', () => {
    const result = check('client users', { rules: [rule], settings: new Map([['missing-observability', { severity: 'error' }]]) });
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['error']);
  });
});
