/**
 * Drift between a design and a deployment (src/engine/drift.ts), on models written as .arch text
 * on both sides, so that each kind of drift is shown by a pair that differs in exactly that, and
 * the expected lines are counted in the texts below.
 */
import { describe, expect, it } from 'vitest';
import { drift } from '../src/engine/drift.js';
import { validModel } from './helpers.js';

const design = `architecture "Shop"
client users
lb edge { public }
service web { replicas: 3, autoscale: 3..12 }
cache sessions { ttl: 30m, eviction: lru }
database orders { engine: postgresql, replicas: 3, backup: daily, retention: 7d, persistence: volume }
queue jobs { durable, dead_letter: jobs_dlq }
queue jobs_dlq { durable }
worker mailer { replicas: 2 }
users -> edge -> web
web -> sessions
web -> orders
web -> jobs { async }
jobs -> mailer
`;

/** The deployment that keeps every promise: the design itself. */
const same = design.replace('architecture "Shop"', 'architecture "Shop, deployed"');

const run = (deployed: string, format: 'kubernetes' | 'compose' | 'terraform' = 'terraform') =>
  drift({ design: validModel(design, 'design.arch'), deployment: validModel(deployed, 'deploy.arch'), format }).map((d) => ({
    ruleId: d.ruleId,
    severity: d.severity,
    file: d.file,
    line: d.span.start.line,
    related: d.related?.map((r) => `${r.file}:${r.span.start.line}`) ?? [],
  }));

describe('archlint drift', () => {
  it('finds nothing when the deployment is the design', () => {
    expect(run(same)).toEqual([]);
  });

  it('finds a component designed but not deployed, on the design line, and one deployed but not designed, on the deployment line', () => {
    const deployed = same.replace('worker mailer { replicas: 2 }\n', 'worker reports { replicas: 2 }\n').replace('jobs -> mailer', 'jobs -> reports');
    expect(run(deployed)).toEqual([
      // Sorted by file, then line: deploy.arch comes before design.arch.
      { ruleId: 'drift/not-designed', severity: 'warning', file: 'deploy.arch', line: 9, related: [] },
      { ruleId: 'drift/not-deployed', severity: 'error', file: 'design.arch', line: 9, related: [] },
    ]);
  });

  it('finds fewer replicas, located on the deployed line with the design line related', () => {
    const deployed = same.replace('worker mailer { replicas: 2 }', 'worker mailer { replicas: 1 }');
    expect(run(deployed)).toEqual([{ ruleId: 'drift/fewer-replicas', severity: 'error', file: 'deploy.arch', line: 9, related: ['design.arch:9'] }]);
  });

  it('finds a lower autoscaling minimum, and a fixed size where the design autoscales', () => {
    expect(run(same.replace('autoscale: 3..12', 'autoscale: 2..12'))).toEqual([
      { ruleId: 'drift/fewer-replicas', severity: 'error', file: 'deploy.arch', line: 4, related: ['design.arch:4'] },
    ]);
    expect(run(same.replace('service web { replicas: 3, autoscale: 3..12 }', 'service web { replicas: 3 }'))).toEqual([
      { ruleId: 'drift/missing-autoscaling', severity: 'warning', file: 'deploy.arch', line: 4, related: ['design.arch:4'] },
    ]);
  });

  it('does not ask Compose for autoscaling, which it cannot say', () => {
    expect(run(same.replace('service web { replicas: 3, autoscale: 3..12 }', 'service web { replicas: 3 }'), 'compose')).toEqual([]);
  });

  it('finds missing backups in Terraform, and does not look for them in Kubernetes manifests', () => {
    const deployed = same.replace('backup: daily, retention: 7d, ', '');
    expect(run(deployed, 'terraform')).toEqual([
      { ruleId: 'drift/missing-backup', severity: 'error', file: 'deploy.arch', line: 6, related: ['design.arch:6'] },
    ]);
    expect(run(deployed, 'kubernetes')).toEqual([]);
  });

  it('finds ephemeral storage where the design keeps data', () => {
    expect(run(same.replace('persistence: volume', 'persistence: none'))).toEqual([
      { ruleId: 'drift/missing-persistence', severity: 'error', file: 'deploy.arch', line: 6, related: ['design.arch:6'] },
    ]);
  });

  it('finds a queue without its dead-letter queue', () => {
    expect(run(same.replace('queue jobs { durable, dead_letter: jobs_dlq }', 'queue jobs { durable }'))).toEqual([
      { ruleId: 'drift/missing-dead-letter', severity: 'error', file: 'deploy.arch', line: 7, related: ['design.arch:7'] },
    ]);
  });

  it('finds a public entry the design keeps private: a client calling the web tier past the load balancer', () => {
    const deployed = same.replace('users -> edge -> web', 'users -> edge -> web\nusers -> web');
    // The client's own edge is not an undesigned call: clients are matched by what they reach, not by name.
    expect(run(deployed)).toEqual([{ ruleId: 'drift/public-entry', severity: 'error', file: 'deploy.arch', line: 4, related: ['design.arch:4'] }]);
  });

  it('finds a database the deployment makes public', () => {
    expect(run(same.replace('persistence: volume }', 'persistence: volume, public }'))).toEqual([
      { ruleId: 'drift/public-entry', severity: 'error', file: 'deploy.arch', line: 6, related: ['design.arch:6'] },
    ]);
  });

  it('finds a call designed but not wired, and one wired but not designed', () => {
    const deployed = same.replace('web -> sessions\n', '').replace('jobs -> mailer', 'jobs -> mailer\nmailer -> orders');
    expect(run(deployed)).toEqual([
      { ruleId: 'drift/undesigned-edge', severity: 'warning', file: 'deploy.arch', line: 14, related: ['design.arch:9'] },
      { ruleId: 'drift/missing-edge', severity: 'warning', file: 'design.arch', line: 11, related: [] },
    ]);
  });

  it('finds a kind that differs, and compares nothing else of it', () => {
    expect(run(same.replace('cache sessions { ttl: 30m, eviction: lru }', 'database sessions { replicas: 1 }'))).toEqual([
      { ruleId: 'drift/kind-mismatch', severity: 'warning', file: 'deploy.arch', line: 5, related: ['design.arch:5'] },
    ]);
  });

  it('finds fewer zones and fewer shards', () => {
    const zoned = (zones: string, shards: number) =>
      `region eu {\n  zones: [a, b, c]\n  database store { replicas: 3, zones: ${zones}, shards: ${shards}, backup: daily }\n}\n`;
    const findings = drift({
      design: validModel(zoned('[a, b, c]', 4), 'design.arch'),
      deployment: validModel(zoned('[a]', 2), 'deploy.arch'),
      format: 'terraform',
    });
    expect(findings.map((d) => [d.ruleId, d.span.start.line, d.related?.[0]?.span.start.line])).toEqual([
      ['drift/fewer-zones', 3, 3],
      ['drift/fewer-shards', 3, 3],
    ]);
    expect(findings[0]!.message).toContain('designed across 3 availability zones but deployed in 1 (a)');
  });

  it('does not look in Kubernetes manifests for what a cluster does not run: managed stores, DNS, CDN', () => {
    const withManaged = `client users\ndns names { routing: geo }\ncdn assets\ndatabase main { managed, backup: daily }\nservice web { replicas: 2 }\nusers -> names\nusers -> web\nweb -> main\n`;
    const deployed = 'client users\nservice web { replicas: 2 }\nusers -> web\n';
    const findings = drift({ design: validModel(withManaged, 'design.arch'), deployment: validModel(deployed, 'deploy.arch'), format: 'kubernetes' });
    expect(findings).toEqual([]);
    const asTerraform = drift({ design: validModel(withManaged, 'design.arch'), deployment: validModel(deployed, 'deploy.arch'), format: 'terraform' });
    expect(asTerraform.map((d) => [d.ruleId, d.span.start.line])).toEqual([
      ['drift/not-deployed', 2],
      ['drift/not-deployed', 3],
      ['drift/not-deployed', 4],
    ]);
  });
});
