/**
 * The Terraform importer (src/import/terraform*.ts): `terraform show -json` plans and states and
 * raw .tfstate files become models, checked by the built-in rules. The fixtures are in
 * test/fixtures/import/terraform/ (their README says how they were written); every expected
 * line below was counted in the fixture, every kind and count read from its resources.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel, type ModelResult } from '../src/engine/pipeline.js';
import { importDeployment } from '../src/import/index.js';
import { nodeHost } from '../src/model/load.js';
import { root } from './cli-run.js';
import { memoryHost } from './helpers.js';

const all = builtinRegistry.all();
const recommended = all.filter((r) => r.meta.recommended !== false);
const dir = 'test/fixtures/import/terraform';

/** A fixture checked as `archlint check` checks a deployment file, with the given rules. */
function checkFixture(file: string, rules = recommended): ModelResult {
  const rel = `${dir}/${file}`;
  return checkModel(rel, { host: nodeHost(root), rules, deployment: [rel] });
}

/** Inline Terraform JSON checked the same way. */
function checkText(text: string, file = 'plan.json', rules = all): ModelResult {
  return checkModel(file, { host: memoryHost({ [file]: text }), rules, deployment: [file] });
}

const findings = (r: ModelResult) => r.diagnostics.map((d) => `${d.ruleId}@${d.span.start.line}`).sort();
const edges = (r: ModelResult) =>
  r.model!.edges().map((e) => {
    const flags = (['reads', 'writes', 'static', 'async'] as const).filter((f) => e[f]);
    return `${e.from} -> ${e.to}${e.replication ? ` (replication)` : flags.length ? ` (${flags.join(', ')})` : ''}`;
  });
const DAY = 86_400_000;

describe('a well-built AWS system (good/plan.json)', () => {
  const result = checkFixture('good/plan.json');
  const model = result.model!;

  it('is checked and reports nothing, with every rule on', () => {
    expect(result.status).toBe('checked');
    expect(result.diagnostics).toEqual([]);
    expect(checkFixture('good/plan.json', all).diagnostics).toEqual([]);
  });

  it('maps each tier to its kind, its instances and its zones', () => {
    const c = (name: string) => model.component(name)!;
    const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
    expect(model.region('us-east-1')?.zones).toEqual(zones);
    // aws_lb.web: internet-facing, across the three public subnets.
    expect(c('web_alb')).toMatchObject({ kind: 'lb', region: 'us-east-1', attrs: { managed: true, public: true, zones } });
    // aws_autoscaling_group.web: min_size 2, max_size 6, desired_capacity 3, in the private subnets.
    expect(c('web')).toMatchObject({ kind: 'service', attrs: { autoscale: { min: 2, max: 6 }, replicas: 3, zones } });
    expect(c('worker')).toMatchObject({ kind: 'worker', attrs: { autoscale: { min: 2, max: 4 } } });
    // aws_db_instance.main (Multi-AZ, 7 days of backups) with aws_db_instance.replica in the same region.
    expect(c('db')).toMatchObject({
      kind: 'database',
      attrs: { engine: 'postgres', replicas: 2, standby: 1, managed: true, backup: 'daily', retention: 7 * DAY, pitr: true },
    });
    expect(model.component('replica')).toBeUndefined();
    expect(c('cache')).toMatchObject({ kind: 'cache', attrs: { engine: 'redis', replicas: 2, managed: true, eviction: 'lru', ttl: 3600_000 } });
    expect(c('jobs')).toMatchObject({ kind: 'queue', attrs: { engine: 'sqs', managed: true, durable: true, dead_letter: 'jobs_dlq' } });
    expect(c('site')).toMatchObject({ kind: 'cdn', attrs: { ttl: DAY, fallback: 'origin' } });
    expect(c('assets')).toMatchObject({ kind: 'storage', attrs: { backup: 'continuous' } });
    expect(c('cloudwatch')).toMatchObject({ kind: 'monitoring', attrs: { logging: true, metrics: true, alerting: true } });
    expect(c('dns')).toMatchObject({ kind: 'dns', label: 'Route 53 shop.example.com' });
    expect(c('users').kind).toBe('client');
  });

  it('joins them as the requests go', () => {
    expect(edges(result).sort()).toEqual(
      [
        'users -> dns',
        'users -> site',
        'users -> site (static)',
        'dns -> site',
        'site -> assets (static)',
        'site -> web_alb',
        'web_alb -> web',
        'web -> db',
        'web -> cache',
        'web -> jobs (writes, async)',
        'jobs -> worker',
        'worker -> db',
        'web -> cloudwatch',
        'worker -> cloudwatch',
        'web_alb -> cloudwatch',
        'db -> cloudwatch',
        'jobs_dlq -> cloudwatch',
      ].sort(),
    );
  });

  it('locates components at their address and attributes at the field that decided them', () => {
    const db = model.component('db')!;
    expect(db.nameSpan.start.line).toBe(582); // "address": "aws_db_instance.main"
    expect(db.attributeSpans.get('standby')?.start.line).toBe(599); // "multi_az": true
    expect(db.attributeSpans.get('replicas')?.start.line).toBe(620); // the replica's "replicate_source_db"
    expect(db.attributeSpans.get('retention')?.start.line).toBe(590); // "backup_retention_period": 7
    const web = model.component('web')!;
    expect(web.nameSpan.start.line).toBe(509);
    expect(web.attributeSpans.get('autoscale')?.start.line).toBe(525); // "min_size": 2
    expect(web.attributeSpans.get('replicas')?.start.line).toBe(516); // "desired_capacity": 3
    expect(model.component('site')!.attributeSpans.get('fallback')?.start.line).toBe(317); // "origin_group"
    expect(model.component('site')!.attributeSpans.get('ttl')?.start.line).toBe(284); // /static/* "default_ttl": 86400
    expect(model.component('cache')!.attributeSpans.get('ttl')?.start.line).toBe(660); // the archlint:ttl tag
  });

  it('records where each statement came from, module path and all', () => {
    const imported = importDeployment([`${dir}/good/plan.json`], (f) => nodeHost(root).readFile(f));
    const origins = [...imported.origins.values()];
    expect(origins).toContainEqual({ what: 'aws_db_instance.main', file: `${dir}/good/plan.json`, line: 582 });
    expect(origins).toContainEqual({ what: 'aws_autoscaling_group.web', file: `${dir}/good/plan.json`, line: 509 });
    expect(imported.notes).toEqual([]);
  });
});

describe('a badly built AWS system (bad/plan.json)', () => {
  it('reports what a reviewer would, at the lines that say so', () => {
    expect(findings(checkFixture('bad/plan.json'))).toEqual(
      [
        'missing-observability@76', // no CloudWatch at all (info for a small system), at the first component
        'spof@76', // aws_instance.web: one instance, everything behind it
        'missing-load-balancer@84', // "associate_public_ip_address": true, and nothing in front
        'spof@170', // aws_db_instance.main: one node
        'no-db-replication@183', // "multi_az": false, no replicas
        'public-data-tier@185', // "publicly_accessible": true
        'single-zone@831', // the worker group's vpc_zone_identifier: one subnet, us-east-1a
      ].sort(),
    );
  });

  it('adds the reviewer comments of archlint:strict', () => {
    const strict = findings(checkFixture('bad/plan.json', all));
    expect(strict).toContain('no-backup@178'); // "backup_retention_period": 0
    expect(strict).toContain('missing-dead-letter@192'); // aws_sqs_queue.jobs has no redrive_policy
  });

  it('maps the instance, the group, the database and the queue', () => {
    const model = checkFixture('bad/plan.json').model!;
    expect(model.component('web')).toMatchObject({ kind: 'service', attrs: { replicas: 1, public: true, zones: ['us-east-1a'] } });
    expect(model.component('worker')).toMatchObject({ kind: 'worker', attrs: { replicas: 2, zones: ['us-east-1a'] } });
    expect(model.component('db')).toMatchObject({ kind: 'database', attrs: { engine: 'mysql', replicas: 1, backup: 'none', public: true } });
    expect(model.component('db')!.attrs.managed).toBe(false);
    expect(model.region('us-east-1')?.zones).toEqual(['us-east-1a', 'us-east-1b']);
  });
});

describe('a raw state file (state/terraform.tfstate)', () => {
  const result = checkFixture('state/terraform.tfstate');
  const model = result.model!;

  it('links resources by the IDs, ARNs and endpoints their attributes share', () => {
    expect(edges(result).sort()).toEqual(
      [
        'users -> api_alb',
        'api_alb -> api',
        'api -> orders',
        'api -> sessions',
        'api -> events (writes, async)',
        'events -> notifier',
        'notifier -> orders',
        'orders -> orders_us-west-2 (replication)',
        'orders_us-west-2 -> orders (replication)',
        'api -> cloudwatch',
        'notifier -> cloudwatch',
      ].sort(),
    );
    expect(model.component('events')!.attrs).toMatchObject({ dead_letter: 'events_dlq', max_receives: 3 });
    expect(model.component('sessions')).toMatchObject({ kind: 'cache', attrs: { engine: 'memcached', replicas: 2, ttl: 30 * 60_000 } });
    expect(model.component('notifier')).toMatchObject({ kind: 'function', attrs: { autoscale: { min: 0, max: 50 } } });
    expect(model.component('orders')).toMatchObject({
      region: 'us-east-1',
      attrs: { engine: 'dynamodb', managed: true, pitr: true, replication: 'multi-primary' },
    });
    expect(model.component('orders_us-west-2')).toMatchObject({ region: 'us-west-2', attrs: { replication: 'multi-primary' } });
  });

  it('reports the group that scales down to one instance, the bastion left out and the other provider', () => {
    expect(findings(result)).toEqual(['import/unmapped-resource@402', 'import/unsupported@463', 'spof@283']);
    const spof = result.diagnostics.find((d) => d.ruleId === 'spof')!;
    expect(spof.message).toContain('autoscales down to 1 instance');
    expect(result.diagnostics.find((d) => d.ruleId === 'import/unsupported')!.message).toContain('Google Cloud');
  });
});

describe('small mappings', () => {
  it('two regions behind latency DNS, with an Aurora global database (mappings/multi-region.json)', () => {
    const result = checkFixture('mappings/multi-region.json');
    expect(result.diagnostics).toEqual([]);
    const model = result.model!;
    // The provider's region is a variable, read from the plan's variables.
    expect(model.component('east_asg')!.region).toBe('us-east-1');
    expect(model.component('west_asg')!.region).toBe('us-west-2');
    expect(model.component('feed')!.attrs.routing).toBe('latency');
    expect(model.component('east_aurora')).toMatchObject({
      attrs: { engine: 'aurora-postgresql', replicas: 2, managed: true, backup: 'continuous', retention: 14 * DAY },
    });
    expect(edges(result)).toContain('east_aurora -> west_aurora (replication)');
    // The secondary takes no writes: the west tier reads from it.
    expect(edges(result)).toContain('west_asg -> west_aurora (reads)');
    expect(edges(result)).toContain('users -> east_alb');
    expect(edges(result)).toContain('users -> west_alb');
  });

  it('ECS on Fargate: a service behind an ALB, a worker on a queue (mappings/ecs.json)', () => {
    const result = checkFixture('mappings/ecs.json');
    expect(result.diagnostics).toEqual([]);
    const model = result.model!;
    // desired_count 3, aws_appautoscaling_target 2..12, tasks in the private subnets.
    expect(model.component('api')).toMatchObject({
      kind: 'service',
      attrs: { replicas: 3, autoscale: { min: 2, max: 12 }, zones: ['eu-west-1a', 'eu-west-1b'] },
    });
    // In the public subnets with a public address, but it takes work off the queue and no name points at it.
    expect(model.component('worker')).toMatchObject({ kind: 'worker', attrs: { replicas: 2 } });
    expect(model.component('worker')!.attrs.autoscale).toBeUndefined();
    expect(edges(result).sort()).toEqual(
      [
        'users -> api_alb',
        'api_alb -> api',
        'api -> db',
        'api -> invoices (writes, async)',
        'invoices -> worker',
        'worker -> db',
        'api_alb -> cloudwatch',
        'api -> cloudwatch',
        'worker -> cloudwatch',
      ].sort(),
    );
  });

  it('a serverless system: API gateway, Lambda, an SNS fan-out to SQS, a schedule, S3 events (mappings/serverless.json)', () => {
    const result = checkFixture('mappings/serverless.json');
    const model = result.model!;
    expect(model.component('http')).toMatchObject({ kind: 'gateway', attrs: { managed: true, public: true, rate_limit: 500 } });
    // reserved_concurrent_executions 200, provisioned concurrency 5.
    expect(model.component('api')).toMatchObject({ kind: 'function', attrs: { autoscale: { min: 5, max: 200 } } });
    // The topic only fans out to queues: the publisher writes to each of them.
    expect(model.component('order_events')).toBeUndefined();
    expect(edges(result)).toEqual(
      expect.arrayContaining([
        'users -> http',
        'http -> api',
        'api -> email (writes, async)',
        'api -> billing (writes, async)',
        'email -> mailer',
        'billing -> biller',
        'nightly -> report',
        'uploads -> thumbnail (writes, async)',
      ]),
    );
    expect(model.component('nightly')).toMatchObject({ kind: 'client', label: 'EventBridge cron(0 3 * * ? *)' });
    // The state bucket nothing uses and the unknown type are notes, nothing else.
    expect(findings(result)).toEqual(['import/unmapped-resource@360', 'import/unmapped-resource@372']);
  });
});

/** A plan of the given resources (values) and configuration, as terraform show -json writes one. */
function planOf(rootModule: Record<string, unknown>, configuration: unknown = {}, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.7.5', planned_values: { root_module: rootModule }, configuration, ...extra }, null, 2);
}

describe('modules, references and providers', () => {
  it('follows references into child modules: outputs, variables, module addresses', () => {
    const text = planOf(
      {
        resources: [{ address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', name: 'main', values: { engine: 'mysql', multi_az: true } }],
        child_modules: [
          {
            address: 'module.web',
            resources: [
              { address: 'module.web.aws_lb.this', mode: 'managed', type: 'aws_lb', name: 'this', values: { internal: false } },
              { address: 'module.web.aws_lb_target_group.this', mode: 'managed', type: 'aws_lb_target_group', name: 'this', values: {} },
              { address: 'module.web.aws_lb_listener.this', mode: 'managed', type: 'aws_lb_listener', name: 'this', values: {} },
              { address: 'module.web.aws_launch_template.this', mode: 'managed', type: 'aws_launch_template', name: 'this', values: {} },
              {
                address: 'module.web.aws_autoscaling_group.this',
                mode: 'managed',
                type: 'aws_autoscaling_group',
                name: 'this',
                values: { min_size: 3, max_size: 3 },
              },
            ],
          },
        ],
      },
      {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [{ address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', name: 'main', provider_config_key: 'aws', expressions: {} }],
          module_calls: {
            web: {
              source: './web',
              expressions: { db_host: { references: ['aws_db_instance.main.address', 'aws_db_instance.main'] } },
              module: {
                outputs: { lb_dns: { expression: { references: ['aws_lb.this.dns_name', 'aws_lb.this'] } } },
                resources: [
                  { address: 'aws_lb.this', mode: 'managed', type: 'aws_lb', name: 'this', provider_config_key: 'aws', expressions: {} },
                  {
                    address: 'aws_lb_target_group.this',
                    mode: 'managed',
                    type: 'aws_lb_target_group',
                    name: 'this',
                    provider_config_key: 'aws',
                    expressions: {},
                  },
                  {
                    address: 'aws_lb_listener.this',
                    mode: 'managed',
                    type: 'aws_lb_listener',
                    name: 'this',
                    provider_config_key: 'aws',
                    expressions: {
                      load_balancer_arn: { references: ['aws_lb.this.arn', 'aws_lb.this'] },
                      default_action: [{ target_group_arn: { references: ['aws_lb_target_group.this.arn', 'aws_lb_target_group.this'] } }],
                    },
                  },
                  {
                    address: 'aws_launch_template.this',
                    mode: 'managed',
                    type: 'aws_launch_template',
                    name: 'this',
                    provider_config_key: 'aws',
                    expressions: { user_data: { references: ['var.db_host'] } },
                  },
                  {
                    address: 'aws_autoscaling_group.this',
                    mode: 'managed',
                    type: 'aws_autoscaling_group',
                    name: 'this',
                    provider_config_key: 'aws',
                    expressions: {
                      target_group_arns: { references: ['aws_lb_target_group.this.arn', 'aws_lb_target_group.this'] },
                      launch_template: [{ id: { references: ['aws_launch_template.this.id', 'aws_launch_template.this'] } }],
                    },
                  },
                ],
              },
            },
          },
        },
      },
    );
    const result = checkText(text);
    expect(result.status).toBe('checked');
    const model = result.model!;
    // The group is named after its module (its own name, `this`, says nothing); its load balancer takes the type's word.
    expect(model.component('web')).toMatchObject({ kind: 'service', region: 'eu-west-1', attrs: { replicas: 3 } });
    expect(model.component('web_alb')?.kind).toBe('lb');
    expect(edges(result)).toEqual(expect.arrayContaining(['users -> web_alb', 'web_alb -> web', 'web -> db']));
    const imported = importDeployment(['plan.json'], () => text);
    expect([...imported.origins.values()].map((o) => o.what)).toContain('module.web.aws_autoscaling_group.this');
  });

  it('says once per provider that other clouds are out of scope, and leaves utility providers alone', () => {
    const text = planOf({
      resources: [
        {
          address: 'google_compute_instance.a',
          mode: 'managed',
          type: 'google_compute_instance',
          name: 'a',
          provider_name: 'registry.terraform.io/hashicorp/google',
          values: {},
        },
        {
          address: 'google_sql_database_instance.b',
          mode: 'managed',
          type: 'google_sql_database_instance',
          name: 'b',
          provider_name: 'registry.terraform.io/hashicorp/google',
          values: {},
        },
        {
          address: 'azurerm_linux_web_app.c',
          mode: 'managed',
          type: 'azurerm_linux_web_app',
          name: 'c',
          provider_name: 'registry.terraform.io/hashicorp/azurerm',
          values: {},
        },
        {
          address: 'random_password.d',
          mode: 'managed',
          type: 'random_password',
          name: 'd',
          provider_name: 'registry.terraform.io/hashicorp/random',
          values: {},
        },
      ],
    });
    const result = checkText(text);
    expect(result.diagnostics.map((d) => [d.ruleId, d.severity, d.span.start.line])).toEqual([
      ['import/unsupported', 'info', 8],
      ['import/unsupported', 'info', 24],
    ]);
    expect(result.diagnostics[0]!.message).toBe(
      '2 resources of Google Cloud (google_compute_instance.a, …) are not read: the Terraform importer maps AWS resources only',
    );
    expect(result.diagnostics[1]!.message).toContain('Azure');
  });

  it('reads `terraform show -json` of a state, linking by the values', () => {
    const arn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef';
    const text = JSON.stringify(
      {
        format_version: '1.0',
        terraform_version: '1.7.5',
        values: {
          root_module: {
            resources: [
              { address: 'aws_lb_target_group.web', mode: 'managed', type: 'aws_lb_target_group', name: 'web', values: { arn, id: arn } },
              {
                address: 'aws_autoscaling_group.web',
                mode: 'managed',
                type: 'aws_autoscaling_group',
                name: 'web',
                values: {
                  arn: 'arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1:autoScalingGroupName/web',
                  min_size: 2,
                  max_size: 4,
                  target_group_arns: [arn],
                },
              },
            ],
          },
        },
      },
      null,
      2,
    );
    const result = checkText(text, 'state.json');
    const model = result.model!;
    // Nothing routes to the target group (no load balancer in the file): the group is a worker, in the ARN's region.
    expect(model.component('web')).toMatchObject({ kind: 'worker', region: 'eu-west-1', attrs: { autoscale: { min: 2, max: 4 } } });
    expect(result.diagnostics.filter((d) => d.ruleId.startsWith('import/'))).toEqual([]);
  });

  it('reads a plan without planned values from its resource changes, leaving out what is deleted', () => {
    const change = (name: string, actions: string[]) => ({
      address: `aws_sqs_queue.${name}`,
      mode: 'managed',
      type: 'aws_sqs_queue',
      name,
      change: { actions, before: {}, after: actions.includes('delete') && actions.length === 1 ? null : { name } },
    });
    const text = JSON.stringify({ format_version: '1.2', resource_changes: [change('kept', ['create']), change('gone', ['delete'])] }, null, 2);
    const model = checkText(text).model!;
    expect(model.component('kept')?.kind).toBe('queue');
    expect(model.component('gone')).toBeUndefined();
  });

  it('refuses format versions and state versions it does not read, with a note at the version', () => {
    const future = checkText(JSON.stringify({ format_version: '2.0', terraform_version: '2.0.0', planned_values: { root_module: {} } }, null, 2));
    expect(future.diagnostics.map((d) => [d.ruleId, d.span.start.line])).toEqual([['import/unsupported', 2]]);
    const v3 = checkText(JSON.stringify({ version: 3, terraform_version: '0.11.14', resources: [] }, null, 2), 'old.tfstate');
    expect(v3.diagnostics.map((d) => [d.ruleId, d.span.start.line])).toEqual([['import/unsupported', 2]]);
    expect(v3.diagnostics[0]!.message).toContain('version 3 state file');
  });

  it('notes a target group with nothing behind it and a CloudFront origin outside the file', () => {
    const text = planOf(
      {
        resources: [
          { address: 'aws_lb.a', mode: 'managed', type: 'aws_lb', name: 'a', values: { internal: false } },
          { address: 'aws_lb_target_group.t', mode: 'managed', type: 'aws_lb_target_group', name: 't', values: {} },
          {
            address: 'aws_lb_listener.l',
            mode: 'managed',
            type: 'aws_lb_listener',
            name: 'l',
            values: {},
          },
          {
            address: 'aws_cloudfront_distribution.c',
            mode: 'managed',
            type: 'aws_cloudfront_distribution',
            name: 'c',
            values: { origin: [{ origin_id: 'legacy', domain_name: 'legacy.example.org' }] },
          },
        ],
      },
      {
        root_module: {
          resources: [
            {
              address: 'aws_lb_listener.l',
              mode: 'managed',
              type: 'aws_lb_listener',
              name: 'l',
              expressions: {
                load_balancer_arn: { references: ['aws_lb.a.arn', 'aws_lb.a'] },
                default_action: [{ target_group_arn: { references: ['aws_lb_target_group.t.arn'] } }],
              },
            },
          ],
        },
      },
    );
    const result = checkText(text, 'plan.json', recommended);
    const notes = result.diagnostics.filter((d) => d.ruleId.startsWith('import/'));
    expect(notes.map((d) => d.ruleId)).toEqual(['import/dangling-reference', 'import/dangling-reference']);
    expect(notes[0]!.message).toContain('legacy.example.org');
    expect(notes[1]!.message).toContain('aws_lb_target_group.t, which has no targets');
  });
});

describe('hostile and malformed input', () => {
  const cases: [string, string][] = [
    ['an empty plan', '{"format_version": "1.2", "planned_values": {}}'],
    ['null everywhere', '{"format_version": "1.2", "planned_values": {"root_module": {"resources": null, "child_modules": null}}, "configuration": null}'],
    ['resources of the wrong type', '{"format_version": "1.2", "planned_values": {"root_module": {"resources": [1, "x", null, [], {"type": 5, "name": {}}]}}}'],
    [
      'values of the wrong type',
      JSON.stringify({
        format_version: '1.2',
        planned_values: {
          root_module: {
            resources: [
              {
                address: 'aws_autoscaling_group.a',
                type: 'aws_autoscaling_group',
                name: 'a',
                values: { min_size: 'many', max_size: -4, vpc_zone_identifier: 7 },
              },
              { address: 'aws_autoscaling_group.b', type: 'aws_autoscaling_group', name: 'b', values: { min_size: 5, max_size: 2 } },
              {
                address: 'aws_db_instance.d',
                type: 'aws_db_instance',
                name: 'd',
                values: { multi_az: 'perhaps', backup_retention_period: 100000, engine: ['x'] },
              },
              { address: 'aws_sqs_queue.q', type: 'aws_sqs_queue', name: 'q', values: { redrive_policy: '{not json' } },
              { address: 'aws_sqs_queue.r', type: 'aws_sqs_queue', name: 'r', values: { redrive_policy: '{"maxReceiveCount": 99999}' } },
              {
                address: 'aws_elasticache_replication_group.c',
                type: 'aws_elasticache_replication_group',
                name: 'c',
                values: { num_cache_clusters: 0, tags: { 'archlint:ttl': 'soon' } },
              },
              { address: 'aws_lambda_function.f', type: 'aws_lambda_function', name: 'f', values: { reserved_concurrent_executions: 1e12 } },
              {
                address: 'aws_cloudfront_distribution.c',
                type: 'aws_cloudfront_distribution',
                name: 'c',
                values: { origin: 'nope', default_cache_behavior: [{ default_ttl: 1e15 }] },
              },
              { address: 'aws_route53_record.r', type: 'aws_route53_record', name: 'r', values: { alias: [{ name: null }], records: [null, 3] } },
              { address: 'aws_subnet.s', type: 'aws_subnet', name: 's', values: { availability_zone: 'mars-north-9z' } },
              { address: 'aws_dynamodb_table.t', type: 'aws_dynamodb_table', name: 't', values: { replica: [{ region_name: 42 }, 'x'] } },
            ],
          },
        },
        configuration: { root_module: { resources: 'no', module_calls: { a: { module: { module_calls: { b: null } } } } }, provider_config: [] },
      }),
    ],
    [
      'references that lead nowhere or in circles',
      JSON.stringify({
        format_version: '1.2',
        planned_values: {
          root_module: {
            resources: [],
            child_modules: [{ address: 'module.a', resources: [{ address: 'module.a.aws_instance.x', type: 'aws_instance', name: 'x', values: {} }] }],
          },
        },
        configuration: {
          root_module: {
            module_calls: {
              a: {
                expressions: { v: { references: ['module.a.out', 'var.nothing', 'local.x', 'each.value', '"weird"', 'aws_db_instance.gone.address'] } },
                module: {
                  outputs: { out: { expression: { references: ['var.v'] } } },
                  resources: [
                    {
                      address: 'aws_instance.x',
                      mode: 'managed',
                      type: 'aws_instance',
                      name: 'x',
                      expressions: { user_data: { references: ['var.v', 'module.a.out'] } },
                    },
                  ],
                },
              },
            },
          },
        },
      }),
    ],
    [
      'a state with odd instances',
      '{"version": 4, "terraform_version": "1.7.5", "resources": [{"type": "aws_instance", "name": "x", "instances": null}, {"type": "aws_lb", "name": "y", "instances": [{"attributes": null, "dependencies": [1, null]}]}]}',
    ],
    ['a document that is a list', '[1, 2, 3]'],
    ['not JSON at all', '{"format_version": "1.2", "planned_values": '],
  ];
  it.each(cases)('%s: never crashes, writes a valid model or a located error', (_name, text) => {
    const result = checkText(text);
    expect(['checked', 'invalid']).toContain(result.status);
    // Only the reader's own syntax or format errors, or notes: never a model the compiler rejects.
    for (const d of result.diagnostics) {
      if (result.status === 'invalid') expect(['syntax', 'import']).toContain(d.ruleId);
      expect(d.span.start.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('maps the usable parts of a plan whose values are wrong', () => {
    const result = checkText(cases[3]![1]);
    expect(result.status).toBe('checked');
    const model = result.model!;
    // min_size 5 > max_size 2: no autoscale; the others keep their defaults.
    expect(model.component('b')!.attrs.autoscale).toBeUndefined();
    expect(model.component('r')!.attrs.max_receives).toBeUndefined();
    expect(model.component('c')!.attrs.ttl).toBeUndefined();
    expect(result.diagnostics.some((d) => d.ruleId === 'import/unmapped-resource' && d.message.includes('archlint:ttl'))).toBe(true);
  });

  it('reads the deep nesting guard of the reader as an error, not a crash', () => {
    const deep = `{"format_version": "1.2", "planned_values": ${'['.repeat(300)}${']'.repeat(300)}}`;
    const result = checkText(deep);
    expect(['checked', 'invalid']).toContain(result.status);
  });
});

describe('every file is its own model', () => {
  it('checks a directory of Terraform JSON file by file', () => {
    const good = checkFixture('good/plan.json');
    const bad = checkFixture('bad/plan.json');
    expect(good.files).toEqual([path.posix.join(dir, 'good/plan.json')]);
    expect(bad.model!.component('site')).toBeUndefined();
  });
});
