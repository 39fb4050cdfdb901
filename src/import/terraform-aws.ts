/**
 * What AWS resources become: the table of resource types (a component, read as part of another
 * mapping, or ignored as carrying no architecture), the builders of the components, and the
 * passes that join them: load balancers to their targets, CloudFront to its origins, Route 53 to
 * the entries it names, queues and topics to their producers and consumers, CloudWatch to what it
 * watches, and the internet's users to the public entries. docs/importers/terraform.md describes
 * each mapping; keep the two together.
 */
import type { Span } from '../../grammar/ast.js';
import type { Kind } from '../model/kinds.js';
import { v } from './emit.js';
import { get, items, num, str, type Node } from './source.js';
import type { Link, MapContext, Unit } from './terraform-map.js';
import { nodesAt, referencesIn, type TfInstance, type TfResource } from './terraform-read.js';
import { pushAll } from '../arrays.js';

export type Mapping =
  /** A component of its own (or several): `build` makes it. */
  | { role: 'component'; kind: string; build?: (ctx: MapContext, res: TfResource) => void }
  /** Read by the mapping of another resource (a listener by its load balancer). */
  | { role: 'part'; of: string }
  /** Carries no architecture (identity, networks, encryption keys): left out without a note. */
  | { role: 'ignored'; why: string };

// ---------------------------------------------------------------- helpers

const DAY = 86_400_000;

/** A duration written as the language writes it (`30m`, `1h`, `300s`), in milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!m) return undefined;
  const unit = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: DAY }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  const ms = Number(m[1]) * unit;
  return ms > 0 && ms <= 365 * DAY ? ms : undefined;
}

/** `archlint:<attribute>` tags: what the infrastructure cannot say (a cache's TTL is set by the application). */
function tagged(ctx: MapContext, u: Unit, res: TfResource): void {
  const ttl = ctx.tag(res, 'archlint:ttl');
  if (ttl && (u.kind === 'cache' || u.kind === 'cdn')) {
    const ms = parseDuration(ttl.text);
    if (ms !== undefined) ctx.set(u, 'ttl', v.duration(ms, ttl.span));
    else
      ctx.note(
        'import/unmapped-resource',
        `${res.address}: the tag \`archlint:ttl\` takes a duration such as \`30m\` or \`1h\`, not \`${ttl.text}\``,
        ttl.span,
      );
  }
  const eviction = ctx.tag(res, 'archlint:eviction');
  if (eviction && u.kind === 'cache') {
    if (['lru', 'lfu', 'fifo', 'none'].includes(eviction.text)) ctx.set(u, 'eviction', v.word(eviction.text, eviction.span));
    else
      ctx.note(
        'import/unmapped-resource',
        `${res.address}: the tag \`archlint:eviction\` takes lru, lfu, fifo or none, not \`${eviction.text}\``,
        eviction.span,
      );
  }
}

/** A whole number at least 1, or undefined. */
const count = (n: number | undefined): number | undefined => (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : undefined);

function setReplicas(ctx: MapContext, u: Unit, n: number | undefined, span: Span): void {
  const c = count(n);
  if (c !== undefined) ctx.set(u, 'replicas', v.int(c, span));
}

function setAutoscale(ctx: MapContext, u: Unit, min: number | undefined, max: number | undefined, span: Span): boolean {
  if (min === undefined || max === undefined || !Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min || max > 1_000_000) return false;
  if (min === max) {
    setReplicas(ctx, u, min, span);
    return min >= 1;
  }
  ctx.set(u, 'autoscale', v.range(min, max, span));
  return true;
}

/** How many instances the resource has (count or for_each), with where the file says so. */
function instanceCount(ctx: MapContext, res: TfResource): { n: number; span: Span } {
  const expr = get(res.config, 'count_expression') ?? get(res.config, 'for_each_expression');
  return { n: res.instances.length, span: expr?.span ?? res.instances[0]?.head ?? res.head };
}

// ---------------------------------------------------------------- component builders

function loadBalancer(ctx: MapContext, res: TfResource): void {
  const type = ctx.str(res, ['load_balancer_type']) ?? 'application';
  if (type === 'gateway') {
    ctx.used.add(res);
    return;
  }
  const u = ctx.unit({ kind: 'lb', resource: res, short: res.type === 'aws_elb' ? 'elb' : type === 'network' ? 'nlb' : 'alb' });
  ctx.flag(u, 'managed', ctx.spanOf(res, ['load_balancer_type']));
  if (ctx.bool(res, ['internal']) !== true) {
    u.entry = ctx.spanOf(res, ['internal']);
    ctx.flag(u, 'public', u.entry);
  }
  const zones = ctx.zones(res, [['subnets'], ['subnet_mapping', 'subnet_id'], ['availability_zones']]);
  if (zones) u.zones = zones;
}

const launchTypes = ['aws_launch_template', 'aws_launch_configuration'];

function autoscalingGroup(ctx: MapContext, res: TfResource): void {
  const definitions = [
    ...ctx.links(res, ['launch_template'], { types: launchTypes }),
    ...ctx.links(res, ['launch_configuration'], { types: launchTypes }),
    ...ctx.links(res, ['mixed_instances_policy'], { types: launchTypes }),
  ].map((l) => l.resource);
  const u = ctx.unit({ kind: 'service', resource: res, short: 'asg', compute: true, definitions });
  for (const d of definitions) ctx.absorb(u, d);
  const min = ctx.num(res, ['min_size']);
  const max = ctx.num(res, ['max_size']);
  const desired = ctx.num(res, ['desired_capacity']);
  if (setAutoscale(ctx, u, min, max, ctx.spanOf(res, ['min_size'])) && min !== max && desired !== undefined && desired >= min! && desired <= max!) {
    setReplicas(ctx, u, desired, ctx.spanOf(res, ['desired_capacity']));
  }
  const zones = ctx.zones(res, [['vpc_zone_identifier'], ['availability_zones']]);
  if (zones) u.zones = zones;
  // Public addresses on the instances of a group that nothing routes to: it is the entry.
  for (const d of definitions) {
    const span = publicAddress(ctx, d);
    const off = ctx.val(d, ['network_interfaces', 'associate_public_ip_address']) ?? ctx.val(d, ['associate_public_ip_address']);
    if (span) u.entry = span;
    else if (str(off) !== 'false') u.entry = publicSubnet(ctx, res, ['vpc_zone_identifier']) ?? u.entry;
  }
  if (definitions.length === 0) u.entry = publicSubnet(ctx, res, ['vpc_zone_identifier']) ?? u.entry;
  if (!u.entry) delete u.entry;
}

/** Where a subnet that gives its instances public addresses is named (`map_public_ip_on_launch`). */
function publicSubnet(ctx: MapContext, res: TfResource, path: readonly string[]): Span | undefined {
  for (const link of ctx.links(res, path, { types: ['aws_subnet'] })) {
    if (link.instances.some((i) => ctx.bool(link.resource, ['map_public_ip_on_launch'], i) === true)) return link.span;
  }
  return undefined;
}

/** Where a launch template, a launch configuration or an instance says it takes a public address. */
function publicAddress(ctx: MapContext, res: TfResource, inst?: TfInstance): Span | undefined {
  for (const path of [['associate_public_ip_address'], ['network_interfaces', 'associate_public_ip_address']]) {
    const n = ctx.val(res, path, inst);
    if (str(n) === 'true') return n!.span;
  }
  const ip = ctx.val(res, ['public_ip'], inst);
  if (str(ip)) return ip!.span;
  return undefined;
}

function instance(ctx: MapContext, res: TfResource): void {
  const name = ctx.tag(res, 'Name')?.text ?? res.name;
  if (/bastion|jump[-_ ]?(box|host)/i.test(name) || /bastion/i.test(res.name)) {
    ctx.used.add(res);
    ctx.note(
      'import/unmapped-resource',
      `${res.address} is taken for a bastion host (by its name): it carries administrators' SSH sessions, not requests, and is left out of the model`,
      res.head,
    );
    return;
  }
  const u = ctx.unit({ kind: 'service', resource: res, short: 'ec2', compute: true, definitions: [res] });
  const n = instanceCount(ctx, res);
  if (n.n > 1) setReplicas(ctx, u, n.n, n.span);
  const zones = ctx.zones(res, [['subnet_id'], ['availability_zone']]);
  if (zones) u.zones = zones;
  for (const inst of res.instances) {
    const span = publicAddress(ctx, res, inst);
    if (span) u.entry = span;
  }
  if (!u.entry && ctx.str(res, ['associate_public_ip_address']) !== 'false') {
    const span = publicSubnet(ctx, res, ['subnet_id']);
    if (span) u.entry = span;
  }
}

function ecsService(ctx: MapContext, res: TfResource): void {
  const definitions = ctx.links(res, ['task_definition'], { types: ['aws_ecs_task_definition'] }).map((l) => l.resource);
  const u = ctx.unit({ kind: 'service', resource: res, short: 'ecs', compute: true, definitions });
  for (const d of definitions) ctx.absorb(u, d);
  const target = ctx
    .ofType('aws_appautoscaling_target')
    .find((t) => ctx.links(t, ['resource_id']).some((l) => l.resource === res) || (ecsResourceId(ctx, res) ?? '\0') === ctx.str(t, ['resource_id']));
  let scaled = false;
  if (target) {
    ctx.used.add(target);
    scaled = setAutoscale(ctx, u, ctx.num(target, ['min_capacity']), ctx.num(target, ['max_capacity']), ctx.spanOf(target, ['min_capacity']));
  }
  if (ctx.str(res, ['scheduling_strategy']) !== 'DAEMON') {
    const desired = ctx.num(res, ['desired_count']);
    const range = u.attrs.get('autoscale');
    const inRange = !range || (range.type === 'range' && desired !== undefined && desired >= range.low.value && desired <= range.high.value);
    if (!scaled || (range && inRange)) setReplicas(ctx, u, desired, ctx.spanOf(res, ['desired_count']));
  }
  const zones = ctx.zones(res, [['network_configuration', 'subnets']]);
  if (zones) u.zones = zones;
  if (ctx.bool(res, ['network_configuration', 'assign_public_ip']) === true) u.entry = ctx.spanOf(res, ['network_configuration', 'assign_public_ip']);
}

/** `service/<cluster>/<service>`, as Application Auto Scaling names an ECS service. */
function ecsResourceId(ctx: MapContext, res: TfResource): string | undefined {
  const cluster = ctx.str(res, ['cluster'])?.split('/').pop();
  const name = ctx.str(res, ['name']);
  return cluster && name ? `service/${cluster}/${name}` : undefined;
}

function lambdaFunction(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'function', resource: res, short: 'lambda', compute: false, definitions: [res] });
  const reserved = ctx.num(res, ['reserved_concurrent_executions']);
  const provisioned = ctx.linking(res, ['aws_lambda_provisioned_concurrency_config'], ['function_name'])[0]?.resource;
  if (provisioned) ctx.used.add(provisioned);
  const min = provisioned ? ctx.num(provisioned, ['provisioned_concurrent_executions']) : undefined;
  if ((reserved !== undefined && reserved >= 0) || min !== undefined) {
    const max = reserved !== undefined && reserved >= 0 ? reserved : 1000;
    const span =
      reserved !== undefined && reserved >= 0
        ? ctx.spanOf(res, ['reserved_concurrent_executions'])
        : ctx.spanOf(provisioned!, ['provisioned_concurrent_executions']);
    setAutoscale(ctx, u, Math.min(min ?? 0, max), max, span);
  }
  const zones = ctx.zones(res, [['vpc_config', 'subnet_ids']]);
  if (zones) u.zones = zones;
  const url = ctx.linking(res, ['aws_lambda_function_url'], ['function_name'])[0]?.resource;
  if (url) {
    ctx.used.add(url);
    u.entry = url.head;
  }
}

function apiGateway(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'gateway', resource: res, short: 'api' });
  ctx.flag(u, 'managed', res.head);
  const types = items(ctx.val(res, ['endpoint_configuration', 'types'])).map(str);
  if (!types.includes('PRIVATE')) {
    u.entry = ctx.spanOf(res, ['endpoint_configuration']);
    ctx.flag(u, 'public', u.entry);
  }
}

/** RDS engines as their product names (`postgres` stays: archlint knows it). */
function dbEngine(ctx: MapContext, u: Unit, res: TfResource): void {
  const engine = ctx.val(res, ['engine']);
  if (str(engine))
    ctx.set(
      u,
      'engine',
      v.word(
        str(engine)!
          .toLowerCase()
          .replace(/[^a-z0-9_-]/g, '-'),
        engine!.span,
      ),
    );
}

function backups(ctx: MapContext, u: Unit, res: TfResource, field: string, continuous: boolean): void {
  const days = ctx.num(res, [field]);
  if (days === undefined) return;
  const span = ctx.spanOf(res, [field]);
  if (days <= 0) {
    ctx.set(u, 'backup', v.word('none', span));
    return;
  }
  ctx.set(u, 'backup', v.word(continuous ? 'continuous' : 'daily', span));
  if (days <= 365) ctx.set(u, 'retention', v.duration(Math.round(days) * DAY, span));
  ctx.flag(u, 'pitr', span);
}

function dbInstance(ctx: MapContext, res: TfResource): void {
  // Read replicas join their source (rdsReplicas).
  if (ctx.has(res, ['replicate_source_db'])) return;
  const u = ctx.unit({ kind: 'database', resource: res, short: 'db' });
  dbEngine(ctx, u, res);
  const multiAz = ctx.val(res, ['multi_az']);
  if (str(multiAz) === 'true') {
    ctx.set(u, 'standby', v.int(1, multiAz!.span));
    ctx.flag(u, 'managed', multiAz!.span);
  } else if (multiAz) {
    ctx.set(u, 'replicas', v.int(1, multiAz.span));
  }
  // RDS takes daily snapshots and keeps the transaction logs: point-in-time recovery within the retention.
  backups(ctx, u, res, 'backup_retention_period', false);
  if (ctx.bool(res, ['publicly_accessible']) === true) ctx.flag(u, 'public', ctx.spanOf(res, ['publicly_accessible']));
  const az = ctx.str(res, ['availability_zone']);
  const zones = str(multiAz) !== 'true' && az ? ctx.zones(res, [['availability_zone']]) : ctx.zones(res, [['db_subnet_group_name'], ['availability_zone']]);
  if (zones) u.zones = zones;
}

const clusterInstanceTypes: Readonly<Record<string, string>> = {
  aws_rds_cluster: 'aws_rds_cluster_instance',
  aws_docdb_cluster: 'aws_docdb_cluster_instance',
  aws_neptune_cluster: 'aws_neptune_cluster_instance',
};

function dbCluster(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({
    kind: 'database',
    resource: res,
    short: res.type === 'aws_rds_cluster' ? 'aurora' : res.type === 'aws_docdb_cluster' ? 'docdb' : 'neptune',
  });
  dbEngine(ctx, u, res);
  if (res.type === 'aws_docdb_cluster' && !u.attrs.has('engine')) ctx.set(u, 'engine', v.word('docdb', res.head));
  const members = ctx.linking(res, [clusterInstanceTypes[res.type]!], ['cluster_identifier']).map((l) => l.resource);
  let nodes = 0;
  for (const m of members) {
    ctx.absorb(u, m);
    nodes += m.instances.length;
  }
  const span = members[0] ? instanceCount(ctx, members[0]).span : res.head;
  if (nodes >= 1) setReplicas(ctx, u, nodes, span);
  // Aurora keeps six copies of the data in three zones and fails over to a replica: with two or
  // more instances the platform provides the redundancy. Serverless v1 has no instances.
  if (nodes >= 2 || ctx.str(res, ['engine_mode']) === 'serverless') ctx.flag(u, 'managed', span);
  // Aurora backs up continuously (retention 1 to 35 days, 1 by default); it cannot be turned off.
  if (ctx.has(res, ['backup_retention_period'])) backups(ctx, u, res, 'backup_retention_period', true);
  else {
    ctx.set(u, 'backup', v.word('continuous', ctx.spanOf(res, ['engine'])));
    ctx.flag(u, 'pitr', ctx.spanOf(res, ['engine']));
  }
  const zones = ctx.zones(res, [['db_subnet_group_name'], ['availability_zones']]);
  if (zones) u.zones = zones;
}

/** maxmemory-policy → eviction (volatile-ttl and random eviction have no word in the language). */
const evictionPolicies: Readonly<Record<string, string>> = {
  'allkeys-lru': 'lru',
  'volatile-lru': 'lru',
  'allkeys-lfu': 'lfu',
  'volatile-lfu': 'lfu',
  noeviction: 'none',
};

function cacheEviction(ctx: MapContext, u: Unit, res: TfResource, engine: string): void {
  if (engine === 'memcached') {
    ctx.set(u, 'eviction', v.word('lru', ctx.spanOf(res, ['engine'])));
    return;
  }
  for (const link of ctx.links(res, ['parameter_group_name'], { types: ['aws_elasticache_parameter_group'] })) {
    ctx.used.add(link.resource);
    for (const p of items(ctx.val(link.resource, ['parameter']))) {
      if (str(get(p, 'name')) !== 'maxmemory-policy') continue;
      const policy = evictionPolicies[str(get(p, 'value')) ?? ''];
      if (policy) ctx.set(u, 'eviction', v.word(policy, get(p, 'value')!.span));
      return;
    }
  }
  // ElastiCache's default parameter groups evict with volatile-lru.
  ctx.set(u, 'eviction', v.word('lru', ctx.spanOf(res, ['parameter_group_name'])));
}

function replicationGroup(ctx: MapContext, res: TfResource): void {
  const engine = (ctx.str(res, ['engine']) ?? 'redis').toLowerCase();
  const u = ctx.unit({ kind: 'cache', resource: res, short: engine === 'valkey' ? 'valkey' : 'redis' });
  ctx.set(u, 'engine', v.word(engine, ctx.spanOf(res, ['engine'])));
  const shards = ctx.num(res, ['num_node_groups']) ?? ctx.num(res, ['cluster_mode', 'num_node_groups']);
  const perShard = ctx.num(res, ['replicas_per_node_group']) ?? ctx.num(res, ['cluster_mode', 'replicas_per_node_group']);
  const clusters = ctx.num(res, ['num_cache_clusters']) ?? ctx.num(res, ['number_cache_clusters']);
  if (clusters !== undefined)
    setReplicas(ctx, u, clusters, ctx.spanOf(res, [ctx.has(res, ['num_cache_clusters']) ? 'num_cache_clusters' : 'number_cache_clusters']));
  else if (perShard !== undefined) setReplicas(ctx, u, perShard + 1, ctx.spanOf(res, ['replicas_per_node_group']));
  if (shards !== undefined && shards > 1) u.label = `${shards} shards`;
  const failover = ctx.val(res, ['automatic_failover_enabled']);
  if (str(failover) === 'true') ctx.flag(u, 'managed', failover!.span);
  cacheEviction(ctx, u, res, engine);
  tagged(ctx, u, res);
  const zones = ctx.zones(res, [['preferred_cache_cluster_azs'], ['subnet_group_name']]);
  if (zones) u.zones = zones;
}

function cacheCluster(ctx: MapContext, res: TfResource): void {
  // A member of a replication group is one of its nodes.
  if (ctx.has(res, ['replication_group_id'])) {
    ctx.used.add(res);
    return;
  }
  const engine = (ctx.str(res, ['engine']) ?? 'memcached').toLowerCase();
  const u = ctx.unit({ kind: 'cache', resource: res, short: engine });
  ctx.set(u, 'engine', v.word(engine, ctx.spanOf(res, ['engine'])));
  setReplicas(ctx, u, ctx.num(res, ['num_cache_nodes']), ctx.spanOf(res, ['num_cache_nodes']));
  cacheEviction(ctx, u, res, engine);
  tagged(ctx, u, res);
  const zones = ctx.zones(res, [['preferred_availability_zones'], ['availability_zone'], ['subnet_group_name']]);
  if (zones) u.zones = zones;
}

function serverlessCache(ctx: MapContext, res: TfResource): void {
  const engine = (ctx.str(res, ['engine']) ?? 'redis').toLowerCase();
  const u = ctx.unit({ kind: 'cache', resource: res, short: engine });
  ctx.set(u, 'engine', v.word(engine, ctx.spanOf(res, ['engine'])));
  ctx.flag(u, 'managed', res.head);
  tagged(ctx, u, res);
}

function memoryDb(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'database', resource: res, short: 'memorydb' });
  ctx.set(u, 'engine', v.word('redis', ctx.spanOf(res, ['engine'])));
  const perShard = ctx.num(res, ['num_replicas_per_shard']);
  if (perShard !== undefined) setReplicas(ctx, u, perShard + 1, ctx.spanOf(res, ['num_replicas_per_shard']));
  if (perShard !== undefined && perShard >= 1) ctx.flag(u, 'managed', ctx.spanOf(res, ['num_replicas_per_shard']));
  const snapshots = ctx.num(res, ['snapshot_retention_limit']);
  if (snapshots !== undefined) {
    const span = ctx.spanOf(res, ['snapshot_retention_limit']);
    ctx.set(u, 'backup', v.word(snapshots > 0 ? 'daily' : 'none', span));
    if (snapshots > 0) ctx.set(u, 'retention', v.duration(snapshots * DAY, span));
  }
}

function dynamoTable(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'database', resource: res, short: 'table' });
  ctx.set(u, 'engine', v.word('dynamodb', res.head));
  ctx.flag(u, 'managed', res.head);
  const pitr = (inst: Node | undefined, target: Unit) => {
    const enabled = nodesAt(inst, ['point_in_time_recovery', 'enabled'])[0] ?? get(inst, 'point_in_time_recovery');
    if (str(enabled) === 'true') {
      ctx.set(target, 'backup', v.word('continuous', enabled!.span));
      ctx.flag(target, 'pitr', enabled!.span);
    }
  };
  pitr(res.instances[0]?.values, u);
  // Global tables: a copy in each replica region, every copy taking writes.
  const replicas: { region: string; span: Span; node?: Node }[] = [];
  for (const r of items(ctx.val(res, ['replica']))) {
    const region = get(r, 'region_name');
    if (str(region)) replicas.push({ region: str(region)!, span: region!.span, node: r });
  }
  for (const t of ctx.ofType('aws_dynamodb_table_replica')) {
    if (!ctx.links(t, ['global_table_arn']).some((l) => l.resource === res)) continue;
    const region = ctx.region(t);
    if (region) replicas.push({ region: region.name, span: t.head });
    ctx.used.add(t);
  }
  if (replicas.length === 0) return;
  ctx.set(u, 'replication', v.word('multi-primary', replicas[0]!.span));
  u.regional = new Map();
  if (u.region) u.regional.set(u.region.name, u);
  for (const r of replicas) {
    if (u.regional.has(r.region)) continue;
    const copy = ctx.unit({ kind: 'database', resource: res, short: 'table', extra: true, region: { name: r.region, span: r.span }, nameSpan: r.span });
    copy.wanted = `${res.name}_${r.region}`;
    copy.label = `replica of ${res.address} in ${r.region}`;
    ctx.set(copy, 'engine', v.word('dynamodb', r.span));
    ctx.flag(copy, 'managed', r.span);
    ctx.set(copy, 'replication', v.word('multi-primary', r.span));
    if (r.node) pitr(r.node, copy);
    u.regional.set(r.region, copy);
    ctx.edge(u, copy, r.span, res.address, { replication: v.word('async', r.span) });
    ctx.edge(copy, u, r.span, res.address, { replication: v.word('async', r.span) });
  }
}

function bucket(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'storage', resource: res, short: 'bucket' });
  const inline = ctx.val(res, ['versioning', 'enabled']);
  if (str(inline) === 'true') ctx.set(u, 'backup', v.word('continuous', inline!.span));
  for (const ver of ctx.ofType('aws_s3_bucket_versioning')) {
    if (!ctx.links(ver, ['bucket']).some((l) => l.resource === res)) continue;
    ctx.used.add(ver);
    const status = ctx.val(ver, ['versioning_configuration', 'status']);
    if (str(status) === 'Enabled') ctx.set(u, 'backup', v.word('continuous', status!.span));
  }
}

function cloudfront(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'cdn', resource: res, short: 'cdn' });
  u.entry = res.head;
  // The default behaviour's TTL, else (a dynamic default that caches nothing) that of the first
  // ordered behaviour that caches: the static paths.
  const ttlNode = [
    ctx.val(res, ['default_cache_behavior', 'default_ttl']),
    ...nodesAt(res.instances[0]?.values, ['ordered_cache_behavior', 'default_ttl']),
  ].find((n) => (num(n) ?? 0) > 0);
  if (ttlNode) {
    ctx.set(u, 'ttl', v.duration(Math.min(num(ttlNode)! * 1000, 365 * DAY), ttlNode.span));
  } else {
    const policy = cachePolicyTtl(ctx, res);
    if (policy) ctx.set(u, 'ttl', v.duration(policy.ms, policy.span));
  }
  const group = ctx.val(res, ['origin_group']);
  if (items(group).some((g) => get(g, 'failover_criteria') !== undefined)) ctx.set(u, 'fallback', v.word('origin', group!.span));
  tagged(ctx, u, res);
}

/** CloudFront's managed cache policies, by ID: their default TTL in seconds. */
const managedCachePolicies: Readonly<Record<string, number>> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': 86400, // CachingOptimized
  'b2884449-e4de-46a7-ac36-70bc7f1ddd6d': 86400, // CachingOptimizedForUncompressedObjects
  '08627262-05a9-4f76-9ded-b50ca2e3a84f': 86400, // Elemental-MediaPackage
};

function cachePolicyTtl(ctx: MapContext, res: TfResource): { ms: number; span: Span } | undefined {
  const id = ctx.val(res, ['default_cache_behavior', 'cache_policy_id']);
  if (str(id) && managedCachePolicies[str(id)!] !== undefined) return { ms: managedCachePolicies[str(id)!]! * 1000, span: id!.span };
  for (const link of ctx.links(res, ['default_cache_behavior', 'cache_policy_id'], { types: ['aws_cloudfront_cache_policy'] })) {
    ctx.used.add(link.resource);
    const ttl = ctx.num(link.resource, ['default_ttl']);
    if (ttl !== undefined && ttl > 0) return { ms: Math.min(ttl * 1000, 365 * DAY), span: ctx.spanOf(link.resource, ['default_ttl']) };
  }
  return undefined;
}

function sqsQueue(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'queue', resource: res, short: 'queue' });
  ctx.set(u, 'engine', v.word('sqs', res.head));
  ctx.flag(u, 'managed', res.head);
  ctx.flag(u, 'durable', res.head);
}

function stream(engine: string, short: string) {
  return (ctx: MapContext, res: TfResource): void => {
    const u = ctx.unit({ kind: 'queue', resource: res, short });
    ctx.set(u, 'engine', v.word(engine, res.head));
    ctx.flag(u, 'managed', res.head);
    ctx.flag(u, 'durable', res.head);
    if (res.type === 'aws_msk_cluster') setReplicas(ctx, u, ctx.num(res, ['number_of_broker_nodes']), ctx.spanOf(res, ['number_of_broker_nodes']));
    const zones = ctx.zones(res, [['broker_node_group_info', 'client_subnets']]);
    if (zones) u.zones = zones;
  };
}

function mqBroker(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'queue', resource: res, short: 'mq' });
  const engine = (ctx.str(res, ['engine_type']) ?? 'activemq').toLowerCase();
  ctx.set(u, 'engine', v.word(engine, ctx.spanOf(res, ['engine_type'])));
  // Amazon MQ keeps messages on EBS or EFS storage.
  ctx.flag(u, 'durable', res.head);
  const mode = ctx.val(res, ['deployment_mode']);
  if (str(mode) && str(mode) !== 'SINGLE_INSTANCE') {
    ctx.flag(u, 'managed', mode!.span);
    setReplicas(ctx, u, str(mode) === 'CLUSTER_MULTI_AZ' ? 3 : 2, mode!.span);
  }
  const zones = ctx.zones(res, [['subnet_ids']]);
  if (zones) u.zones = zones;
}

function searchDomain(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'search', resource: res, short: 'search' });
  ctx.set(u, 'engine', v.word(res.type === 'aws_opensearch_domain' ? 'opensearch' : 'elasticsearch', res.head));
  setReplicas(ctx, u, ctx.num(res, ['cluster_config', 'instance_count']), ctx.spanOf(res, ['cluster_config', 'instance_count']));
  const aware = ctx.val(res, ['cluster_config', 'zone_awareness_enabled']);
  if (str(aware) === 'true') ctx.flag(u, 'managed', aware!.span);
  const zones = ctx.zones(res, [['vpc_options', 'subnet_ids']]);
  if (zones) u.zones = zones;
}

function efs(ctx: MapContext, res: TfResource): void {
  const u = ctx.unit({ kind: 'storage', resource: res, short: 'efs' });
  for (const p of ctx.ofType('aws_efs_backup_policy')) {
    if (!ctx.links(p, ['file_system_id']).some((l) => l.resource === res)) continue;
    ctx.used.add(p);
    const status = ctx.val(p, ['backup_policy', 'status']);
    if (str(status) === 'ENABLED') ctx.set(u, 'backup', v.word('daily', status!.span));
  }
}

function route53Zone(ctx: MapContext, res: TfResource): void {
  // A private zone names things inside a VPC: not the public entry.
  if (items(ctx.val(res, ['vpc'])).length > 0 || ctx.has(res, ['vpc'])) {
    ctx.used.add(res);
    return;
  }
  const name = ctx.str(res, ['name']);
  ctx.unit({ kind: 'dns', resource: res, short: 'dns', ...(name ? { label: `Route 53 ${name.replace(/\.$/, '')}` } : {}) });
}

function eksCluster(ctx: MapContext, res: TfResource): void {
  ctx.used.add(res);
  ctx.note(
    'import/unmapped-resource',
    `${res.address} is an EKS cluster: what runs on it is described by Kubernetes objects, not by Terraform. Check its manifests with archlint (\`kubectl get deploy,sts,svc,ing -A -o yaml > cluster.yaml\`); its node groups are capacity for those pods and are not mapped`,
    res.head,
  );
}

// ---------------------------------------------------------------- the table

const part = (of: string): Mapping => ({ role: 'part', of });
const ignored = (why: string): Mapping => ({ role: 'ignored', why });
const component = (kind: string, build?: (ctx: MapContext, res: TfResource) => void): Mapping => ({ role: 'component', kind, ...(build ? { build } : {}) });

const network = ignored('networking: its subnets give zones; routes, gateways and addresses carry no architecture');
const identity = ignored('identity and access: who may call what, not who calls what');
const security = ignored('security, keys and certificates: no part of the request path');

/** Every AWS resource type archlint knows, and what it becomes. Types not listed are reported as `import/unmapped-resource`. */
export const awsResources: Readonly<Record<string, Mapping>> = {
  // load balancing
  aws_lb: component('lb (managed; public unless internal)', loadBalancer),
  aws_alb: component('lb (managed; public unless internal)', loadBalancer),
  aws_elb: component('lb (managed; public unless internal)', loadBalancer),
  aws_lb_listener: part('aws_lb: which target groups it forwards to'),
  aws_alb_listener: part('aws_lb: which target groups it forwards to'),
  aws_lb_listener_rule: part('aws_lb: which target groups it forwards to'),
  aws_alb_listener_rule: part('aws_lb: which target groups it forwards to'),
  aws_lb_target_group: part('aws_lb: the edge from the load balancer to the targets'),
  aws_alb_target_group: part('aws_lb: the edge from the load balancer to the targets'),
  aws_lb_target_group_attachment: part('aws_lb_target_group: an instance, function or address behind it'),
  aws_alb_target_group_attachment: part('aws_lb_target_group: an instance, function or address behind it'),
  aws_autoscaling_attachment: part('aws_lb_target_group / aws_elb: the group behind it'),
  aws_elb_attachment: part('aws_elb: an instance behind it'),
  aws_lb_listener_certificate: security,
  // compute
  aws_autoscaling_group: component('service (worker when nothing routes to it), autoscale min_size..max_size', autoscalingGroup),
  aws_launch_template: part('aws_autoscaling_group: its user data names what the instances call'),
  aws_launch_configuration: part('aws_autoscaling_group: its user data names what the instances call'),
  aws_autoscaling_policy: part('aws_autoscaling_group (scaling policies change nothing the model says)'),
  aws_autoscaling_schedule: part('aws_autoscaling_group'),
  aws_autoscaling_lifecycle_hook: part('aws_autoscaling_group'),
  aws_instance: component('service (worker when nothing routes to it); count instances → replicas', instance),
  aws_ecs_service: component('service (worker when nothing routes to it), replicas desired_count', ecsService),
  aws_ecs_task_definition: part('aws_ecs_service: its container definitions name what the tasks call'),
  aws_ecs_cluster: ignored('a pool its services run in: the services are the components'),
  aws_ecs_cluster_capacity_providers: ignored('capacity for ECS services'),
  aws_ecs_capacity_provider: ignored('capacity for ECS services'),
  aws_appautoscaling_target: part('aws_ecs_service: autoscale min_capacity..max_capacity'),
  aws_appautoscaling_policy: part('aws_appautoscaling_target'),
  aws_eks_cluster: component('not mapped: one note saying to check its Kubernetes manifests', eksCluster),
  aws_eks_node_group: ignored('capacity for the pods of its EKS cluster (see aws_eks_cluster)'),
  aws_eks_fargate_profile: ignored('capacity for the pods of its EKS cluster (see aws_eks_cluster)'),
  aws_eks_addon: ignored('a part of its EKS cluster'),
  aws_lambda_function: component('function; autoscale provisioned..reserved concurrency', lambdaFunction),
  aws_lambda_function_url: part('aws_lambda_function: a public entry'),
  aws_lambda_provisioned_concurrency_config: part('aws_lambda_function: the autoscale minimum'),
  aws_lambda_event_source_mapping: part('an edge from the queue, stream or table to the function'),
  aws_lambda_permission: ignored('who may invoke a function (the triggers themselves give the edges)'),
  aws_lambda_alias: ignored('a name for a function version'),
  aws_lambda_layer_version: ignored('code packaging'),
  aws_apigatewayv2_api: component('gateway (managed, public)', apiGateway),
  aws_api_gateway_rest_api: component('gateway (managed; public unless PRIVATE)', apiGateway),
  aws_apigatewayv2_integration: part('aws_apigatewayv2_api: an edge to the function or load balancer it calls'),
  aws_api_gateway_integration: part('aws_api_gateway_rest_api: an edge to the function it calls'),
  aws_apigatewayv2_stage: part('aws_apigatewayv2_api: rate_limit from its throttling'),
  aws_api_gateway_method_settings: part('aws_api_gateway_rest_api: rate_limit from its throttling'),
  aws_apigatewayv2_route: ignored('routing inside the gateway'),
  aws_apigatewayv2_deployment: ignored('a deployment of the gateway'),
  aws_apigatewayv2_vpc_link: ignored('networking of the gateway'),
  aws_apigatewayv2_domain_name: ignored('a name of the gateway'),
  aws_apigatewayv2_api_mapping: ignored('a name of the gateway'),
  aws_api_gateway_resource: ignored('routing inside the gateway'),
  aws_api_gateway_method: ignored('routing inside the gateway'),
  aws_api_gateway_deployment: ignored('a deployment of the gateway'),
  aws_api_gateway_stage: ignored('a deployment of the gateway'),
  aws_api_gateway_domain_name: ignored('a name of the gateway'),
  aws_api_gateway_base_path_mapping: ignored('a name of the gateway'),
  aws_api_gateway_usage_plan: ignored('API keys and quotas of the gateway'),
  // databases
  aws_db_instance: component('database; multi_az → standby: 1 and managed; read replicas → replicas', dbInstance),
  aws_rds_cluster: component('database (Aurora); cluster instances → replicas; managed with two or more', dbCluster),
  aws_rds_cluster_instance: part('aws_rds_cluster: one of its nodes'),
  aws_rds_global_cluster: part('aws_rds_cluster: replication between the regions of its clusters'),
  aws_docdb_cluster: component('database (DocumentDB); cluster instances → replicas', dbCluster),
  aws_docdb_cluster_instance: part('aws_docdb_cluster: one of its nodes'),
  aws_neptune_cluster: component('database (Neptune); cluster instances → replicas', dbCluster),
  aws_neptune_cluster_instance: part('aws_neptune_cluster: one of its nodes'),
  aws_db_subnet_group: part('the databases in it: their zones'),
  aws_docdb_subnet_group: part('the databases in it: their zones'),
  aws_neptune_subnet_group: part('the databases in it: their zones'),
  aws_db_parameter_group: ignored('database engine settings'),
  aws_rds_cluster_parameter_group: ignored('database engine settings'),
  aws_db_option_group: ignored('database engine settings'),
  aws_docdb_cluster_parameter_group: ignored('database engine settings'),
  aws_db_instance_automated_backups_replication: ignored('a copy of the backups in another region'),
  aws_dynamodb_table: component('database (engine dynamodb, managed); replica blocks → a copy per region', dynamoTable),
  aws_dynamodb_table_replica: part('aws_dynamodb_table: a copy in another region'),
  aws_elasticache_replication_group: component('cache; num_cache_clusters → replicas; automatic failover → managed', replicationGroup),
  aws_elasticache_cluster: component('cache (memcached: num_cache_nodes → replicas); a member of a replication group is one of its nodes', cacheCluster),
  aws_elasticache_serverless_cache: component('cache (managed)', serverlessCache),
  aws_elasticache_subnet_group: part('the caches in it: their zones'),
  aws_elasticache_parameter_group: part('the caches that use it: eviction from maxmemory-policy'),
  aws_memorydb_cluster: component('database (engine redis); replicas per shard', memoryDb),
  aws_memorydb_subnet_group: part('the MemoryDB clusters in it'),
  aws_opensearch_domain: component('search (engine opensearch); instance_count → replicas', searchDomain),
  aws_elasticsearch_domain: component('search (engine elasticsearch); instance_count → replicas', searchDomain),
  // storage
  aws_s3_bucket: component('storage; versioning → backup: continuous; left out (with a note) when nothing uses it', bucket),
  aws_s3_bucket_versioning: part('aws_s3_bucket: backup: continuous when Enabled'),
  aws_s3_bucket_replication_configuration: part('aws_s3_bucket: a replication edge to the destination bucket'),
  aws_s3_bucket_notification: part('aws_s3_bucket: edges to the functions and queues it notifies'),
  aws_s3_bucket_policy: identity,
  aws_s3_bucket_public_access_block: security,
  aws_s3_bucket_server_side_encryption_configuration: security,
  aws_s3_bucket_ownership_controls: identity,
  aws_s3_bucket_acl: identity,
  aws_s3_bucket_cors_configuration: ignored('browser rules of a bucket'),
  aws_s3_bucket_lifecycle_configuration: ignored('object expiry and storage classes'),
  aws_s3_bucket_website_configuration: ignored('how a bucket serves a site (its CloudFront distribution is the entry)'),
  aws_s3_bucket_logging: part('aws_s3_bucket: the target bucket holds logs'),
  aws_s3_object: ignored('an object in a bucket'),
  aws_s3_bucket_object: ignored('an object in a bucket'),
  aws_efs_file_system: component('storage', efs),
  aws_efs_mount_target: ignored('networking of a file system'),
  aws_efs_backup_policy: part('aws_efs_file_system: backup: daily when ENABLED'),
  aws_efs_access_point: ignored('a path into a file system'),
  // edge
  aws_cloudfront_distribution: component('cdn; origins → edges; origin group with failover → fallback: origin; default TTL → ttl', cloudfront),
  aws_cloudfront_origin_access_identity: identity,
  aws_cloudfront_origin_access_control: identity,
  aws_cloudfront_cache_policy: part('aws_cloudfront_distribution: its ttl'),
  aws_cloudfront_origin_request_policy: ignored('what CloudFront forwards to its origin'),
  aws_cloudfront_response_headers_policy: ignored('response headers'),
  aws_cloudfront_function: ignored('code run at the edge'),
  aws_route53_zone: component('dns (a public hosted zone); routing from its records', route53Zone),
  aws_route53_record: part('aws_route53_zone: edges to the targets of its aliases; routing policies → routing'),
  aws_route53_health_check: ignored('health checks behind failover records'),
  aws_route53_zone_association: network,
  aws_wafv2_web_acl: security,
  aws_wafv2_web_acl_association: security,
  aws_wafv2_ip_set: security,
  aws_shield_protection: security,
  // messaging
  aws_sqs_queue: component('queue (engine sqs, managed, durable); redrive_policy → dead_letter, max_receives', sqsQueue),
  aws_sqs_queue_redrive_policy: part('aws_sqs_queue: dead_letter, max_receives'),
  aws_sqs_queue_redrive_allow_policy: ignored('which queues may use a dead-letter queue'),
  aws_sqs_queue_policy: identity,
  aws_sns_topic: component(
    'queue (engine sns) when the application publishes to it or queues and functions subscribe; an alarms-only topic is part of monitoring',
  ),
  aws_sns_topic_subscription: part('aws_sns_topic: edges to the queues and functions subscribed'),
  aws_sns_topic_policy: identity,
  aws_kinesis_stream: component('queue (engine kinesis, managed, durable)', stream('kinesis', 'stream')),
  aws_msk_cluster: component('queue (engine kafka, managed, durable); number_of_broker_nodes → replicas', stream('kafka', 'kafka')),
  aws_mq_broker: component('queue (engine activemq or rabbitmq, durable); multi-AZ deployment modes → managed', mqBroker),
  aws_cloudwatch_event_rule: part('a client (a schedule or an event pattern) calling the targets of the rule'),
  aws_cloudwatch_event_target: part('aws_cloudwatch_event_rule: an edge to its target'),
  aws_scheduler_schedule: part('a client (a schedule) calling its target'),
  // monitoring
  aws_cloudwatch_metric_alarm: part('monitoring `cloudwatch` (metrics, alerting); a telemetry edge from what its dimensions name'),
  aws_cloudwatch_composite_alarm: part('monitoring `cloudwatch` (alerting)'),
  aws_cloudwatch_log_group: part('monitoring `cloudwatch` (logging); a telemetry edge from what writes to it'),
  aws_cloudwatch_log_stream: part('monitoring `cloudwatch`'),
  aws_cloudwatch_log_metric_filter: part('monitoring `cloudwatch`'),
  aws_cloudwatch_log_subscription_filter: part('monitoring `cloudwatch`'),
  aws_cloudwatch_dashboard: part('monitoring `cloudwatch` (metrics)'),
  aws_cloudtrail: ignored('an audit log of API calls'),
  aws_flow_log: ignored('network flow logs'),
  // networking
  aws_vpc: network,
  aws_subnet: part('the zones of what runs in it, and of its region'),
  aws_default_vpc: network,
  aws_default_subnet: network,
  aws_route_table: network,
  aws_route_table_association: network,
  aws_route: network,
  aws_default_route_table: network,
  aws_main_route_table_association: network,
  aws_internet_gateway: network,
  aws_egress_only_internet_gateway: network,
  aws_nat_gateway: network,
  aws_eip: network,
  aws_eip_association: network,
  aws_vpc_endpoint: network,
  aws_vpc_endpoint_service: network,
  aws_vpc_peering_connection: network,
  aws_vpc_ipv4_cidr_block_association: network,
  aws_network_acl: network,
  aws_network_acl_rule: network,
  aws_default_network_acl: network,
  aws_network_interface: network,
  aws_vpc_dhcp_options: network,
  aws_vpc_dhcp_options_association: network,
  aws_ec2_transit_gateway: network,
  aws_ec2_transit_gateway_vpc_attachment: network,
  aws_security_group: network,
  aws_security_group_rule: network,
  aws_default_security_group: network,
  aws_vpc_security_group_ingress_rule: network,
  aws_vpc_security_group_egress_rule: network,
  aws_service_discovery_private_dns_namespace: network,
  aws_service_discovery_service: network,
  // identity, keys, secrets, images
  aws_iam_role: identity,
  aws_iam_policy: identity,
  aws_iam_role_policy: identity,
  aws_iam_role_policy_attachment: identity,
  aws_iam_instance_profile: identity,
  aws_iam_user: identity,
  aws_iam_user_policy: identity,
  aws_iam_user_policy_attachment: identity,
  aws_iam_group: identity,
  aws_iam_group_policy_attachment: identity,
  aws_iam_policy_attachment: identity,
  aws_iam_service_linked_role: identity,
  aws_iam_openid_connect_provider: identity,
  aws_iam_access_key: identity,
  aws_kms_key: security,
  aws_kms_alias: security,
  aws_acm_certificate: security,
  aws_acm_certificate_validation: security,
  aws_secretsmanager_secret: security,
  aws_secretsmanager_secret_version: security,
  aws_secretsmanager_secret_rotation: security,
  aws_ssm_parameter: ignored('configuration values'),
  aws_key_pair: security,
  aws_ecr_repository: ignored('a container image registry'),
  aws_ecr_lifecycle_policy: ignored('a container image registry'),
  aws_ecr_repository_policy: identity,
  aws_ami: ignored('a machine image'),
  aws_ami_copy: ignored('a machine image'),
  aws_placement_group: ignored('instance placement'),
  aws_ebs_volume: ignored('a disk of an instance'),
  aws_volume_attachment: ignored('a disk of an instance'),
};

/** Providers that manage no infrastructure (random names, local files, time): their resources are left out without a note. */
export const utilityProviders = new Set(['random', 'null', 'tls', 'local', 'time', 'archive', 'template', 'http', 'external', 'cloudinit', 'terraform', 'tfe']);

// ---------------------------------------------------------------- passes

const dataKinds = new Set<Kind>(['database', 'cache', 'queue', 'storage', 'search', 'function', 'lb', 'gateway']);

/** Read replicas: in the source's region they are more nodes of the source; in another region a database of their own that the source replicates to. */
function rdsReplicas(ctx: MapContext): void {
  for (const res of ctx.ofType('aws_db_instance')) {
    if (!ctx.has(res, ['replicate_source_db'])) continue;
    const source = ctx.links(res, ['replicate_source_db'], { types: ['aws_db_instance'] })[0];
    const sourceUnit = source ? ctx.unitOf(source.resource) : undefined;
    const span = ctx.spanOf(res, ['replicate_source_db']);
    if (!sourceUnit) {
      ctx.used.add(res);
      ctx.note(
        'import/dangling-reference',
        `${res.address} replicates \`${ctx.str(res, ['replicate_source_db']) ?? '?'}\`, which is not in this file: the replica is left out`,
        span,
      );
      continue;
    }
    const region = ctx.region(res);
    if (!region || !sourceUnit.region || region.name === sourceUnit.region.name) {
      ctx.absorb(sourceUnit, res);
      replicaOf.set(res, sourceUnit);
      const replicas = sourceUnit.attrs.get('replicas');
      const current = replicas?.type === 'number' ? replicas.value : 1;
      ctx.set(sourceUnit, 'replicas', v.int(current + res.instances.length, span));
      if (ctx.bool(res, ['publicly_accessible']) === true) ctx.flag(sourceUnit, 'public', ctx.spanOf(res, ['publicly_accessible']));
      continue;
    }
    const u = ctx.unit({ kind: 'database', resource: res, short: 'replica' });
    const engine = sourceUnit.attrs.get('engine');
    if (engine) ctx.set(u, 'engine', engine);
    const multiAz = ctx.val(res, ['multi_az']);
    if (str(multiAz) === 'true') {
      ctx.set(u, 'standby', v.int(1, multiAz!.span));
      ctx.flag(u, 'managed', multiAz!.span);
    }
    if (ctx.bool(res, ['publicly_accessible']) === true) ctx.flag(u, 'public', ctx.spanOf(res, ['publicly_accessible']));
    ctx.edge(sourceUnit, u, span, res.address, { replication: v.word('async', span) });
    readOnly.add(u);
  }
}

/** The read replicas merged into their source: calls to them read. */
const replicaOf = new WeakMap<TfResource, Unit>();
/** Stores that only receive replication (a cross-region read replica, an Aurora global secondary): read-only, so calls to them read. */
const readOnly = new WeakSet<Unit>();

/** Aurora global databases and cross-region replica clusters: replication from the primary cluster. */
function clusterReplication(ctx: MapContext): void {
  const clusters = ctx.ofType('aws_rds_cluster');
  for (const res of clusters) {
    const source = ctx.links(res, ['replication_source_identifier'], { types: ['aws_rds_cluster'] })[0];
    const from = source ? ctx.unitOf(source.resource) : undefined;
    const to = ctx.unitOf(res);
    if (from && to) {
      ctx.edge(from, to, ctx.spanOf(res, ['replication_source_identifier']), res.address, {
        replication: v.word('async', ctx.spanOf(res, ['replication_source_identifier'])),
      });
      readOnly.add(to);
    }
  }
  for (const global of ctx.ofType('aws_rds_global_cluster')) {
    const members = clusters.filter((c) => ctx.links(c, ['global_cluster_identifier']).some((l) => l.resource === global));
    if (members.length < 2) continue;
    const named = ctx.links(global, ['source_db_cluster_identifier'], { types: ['aws_rds_cluster'] })[0]?.resource;
    const primary = named ?? members.find((c) => ctx.has(c, ['master_username']) || ctx.has(c, ['database_name'])) ?? members[0]!;
    const from = ctx.unitOf(primary);
    for (const m of members) {
      if (m === primary) continue;
      const to = ctx.unitOf(m);
      const span = ctx.spanOf(m, ['global_cluster_identifier']);
      if (from && to) {
        ctx.edge(from, to, span, global.address, { replication: v.word('async', span) });
        // A secondary takes no writes (unless write forwarding sends them on to the primary).
        if (ctx.bool(m, ['enable_global_write_forwarding']) !== true) readOnly.add(to);
      }
    }
  }
}

function s3Replication(ctx: MapContext): void {
  const edge = (sourceRes: TfResource | undefined, destinations: Link[], span: Span, origin: string) => {
    const from = sourceRes ? ctx.unitOf(sourceRes) : undefined;
    for (const d of destinations) {
      const to = ctx.unitOf(d.resource);
      if (from && to) ctx.edge(from, to, d.span ?? span, origin, { replication: v.word('async', d.span ?? span) });
    }
  };
  for (const rc of ctx.ofType('aws_s3_bucket_replication_configuration')) {
    ctx.used.add(rc);
    const source = ctx.links(rc, ['bucket'], { types: ['aws_s3_bucket'] })[0]?.resource;
    edge(source, ctx.links(rc, ['rule', 'destination', 'bucket'], { types: ['aws_s3_bucket'] }), rc.head, rc.address);
  }
  for (const b of ctx.ofType('aws_s3_bucket')) {
    const rules = ctx.links(b, ['replication_configuration', 'rules', 'destination', 'bucket'], { types: ['aws_s3_bucket'] });
    edge(b, rules, b.head, b.address);
  }
}

/** Target groups and what is behind them: the units each target group reaches. */
function targetGroups(ctx: MapContext): Map<TfResource, { unit: Unit; span: Span; origin: string }[]> {
  const behind = new Map<TfResource, { unit: Unit; span: Span; origin: string }[]>();
  const add = (tg: TfResource, unit: Unit | undefined, span: Span, origin: string) => {
    if (!unit) return;
    let list = behind.get(tg);
    if (!list) behind.set(tg, (list = []));
    if (!list.some((x) => x.unit === unit)) list.push({ unit, span, origin });
  };
  const tgTypes = ['aws_lb_target_group', 'aws_alb_target_group'];
  for (const a of ctx.ofType('aws_lb_target_group_attachment', 'aws_alb_target_group_attachment')) {
    ctx.used.add(a);
    const targets = ctx.links(a, ['target_id'], { types: ['aws_instance', 'aws_lambda_function'] });
    for (const tg of ctx.links(a, ['target_group_arn'], { types: tgTypes })) {
      for (const t of targets) for (const u of ctx.unitsOf(t)) add(tg.resource, u, t.span, a.address);
    }
  }
  for (const asg of ctx.ofType('aws_autoscaling_group')) {
    for (const tg of ctx.links(asg, ['target_group_arns'], { types: tgTypes })) add(tg.resource, ctx.unitOf(asg), tg.span, asg.address);
  }
  for (const a of ctx.ofType('aws_autoscaling_attachment')) {
    ctx.used.add(a);
    const groups = ctx.links(a, ['autoscaling_group_name'], { types: ['aws_autoscaling_group'] });
    for (const path of [['lb_target_group_arn'], ['alb_target_group_arn']]) {
      for (const tg of ctx.links(a, path, { types: tgTypes })) for (const g of groups) add(tg.resource, ctx.unitOf(g.resource), tg.span, a.address);
    }
  }
  for (const svc of ctx.ofType('aws_ecs_service')) {
    for (const tg of ctx.links(svc, ['load_balancer', 'target_group_arn'], { types: tgTypes })) add(tg.resource, ctx.unitOf(svc), tg.span, svc.address);
  }
  return behind;
}

function lbRouting(ctx: MapContext): void {
  const behind = targetGroups(ctx);
  const tgTypes = ['aws_lb_target_group', 'aws_alb_target_group'];
  const lbTypes = ['aws_lb', 'aws_alb'];
  const listenerTypes = ['aws_lb_listener', 'aws_alb_listener'];
  const forwards = (res: TfResource, path: string[]) => [
    ...ctx.links(res, [...path, 'target_group_arn'], { types: tgTypes }),
    ...ctx.links(res, [...path, 'forward'], { types: tgTypes }),
  ];
  const route = (lbRes: TfResource, tgs: Link[], origin: string, span: Span) => {
    const lb = ctx.unitOf(lbRes);
    if (!lb) return;
    for (const tg of tgs) {
      ctx.used.add(tg.resource);
      const targets = behind.get(tg.resource) ?? [];
      if (targets.length === 0) {
        ctx.note(
          'import/dangling-reference',
          `${origin} forwards to ${tg.resource.address}, which has no targets in this file: nothing is behind it`,
          tg.span ?? span,
        );
      }
      for (const t of targets) ctx.edge(lb, t.unit, t.span, t.origin);
    }
  };
  for (const listener of ctx.ofTypes(listenerTypes)) {
    ctx.used.add(listener);
    for (const lbLink of ctx.links(listener, ['load_balancer_arn'], { types: lbTypes }))
      route(lbLink.resource, forwards(listener, ['default_action']), listener.address, listener.head);
  }
  for (const rule of ctx.ofType('aws_lb_listener_rule', 'aws_alb_listener_rule')) {
    ctx.used.add(rule);
    for (const l of ctx.links(rule, ['listener_arn'], { types: listenerTypes })) {
      for (const lbLink of ctx.links(l.resource, ['load_balancer_arn'], { types: lbTypes }))
        route(lbLink.resource, forwards(rule, ['action']), rule.address, rule.head);
    }
  }
  // Classic load balancers: instances listed on them, groups that name them.
  for (const elb of ctx.ofType('aws_elb')) {
    const lb = ctx.unitOf(elb);
    if (!lb) continue;
    for (const link of ctx.links(elb, ['instances'], { types: ['aws_instance'] })) for (const u of ctx.unitsOf(link)) ctx.edge(lb, u, link.span, elb.address);
    for (const asg of ctx.ofType('aws_autoscaling_group')) {
      const named = ctx.links(asg, ['load_balancers'], { types: ['aws_elb'] }).find((l) => l.resource === elb);
      const u = ctx.unitOf(asg);
      if (named && u) ctx.edge(lb, u, named.span, asg.address);
    }
    for (const a of ctx.ofType('aws_autoscaling_attachment', 'aws_elb_attachment')) {
      if (!ctx.links(a, ['elb']).some((l) => l.resource === elb)) continue;
      for (const t of [
        ...ctx.links(a, ['autoscaling_group_name'], { types: ['aws_autoscaling_group'] }),
        ...ctx.links(a, ['instance'], { types: ['aws_instance'] }),
      ]) {
        for (const u of ctx.unitsOf(t)) ctx.edge(lb, u, t.span, a.address);
      }
    }
  }
}

function gateways(ctx: MapContext): void {
  const integrationTargets = ['aws_lambda_function', 'aws_lb', 'aws_alb', 'aws_lb_listener', 'aws_alb_listener'];
  const target = (l: Link): Unit[] => {
    if (l.resource.type === 'aws_lb_listener' || l.resource.type === 'aws_alb_listener') {
      return ctx.links(l.resource, ['load_balancer_arn'], { types: ['aws_lb', 'aws_alb'] }).flatMap((x) => ctx.unitsOf(x));
    }
    return ctx.unitsOf(l);
  };
  for (const i of ctx.ofType('aws_apigatewayv2_integration', 'aws_api_gateway_integration')) {
    ctx.used.add(i);
    const api = ctx.links(i, [i.type === 'aws_apigatewayv2_integration' ? 'api_id' : 'rest_api_id'], {
      types: ['aws_apigatewayv2_api', 'aws_api_gateway_rest_api'],
    })[0];
    const gw = api ? ctx.unitOf(api.resource) : undefined;
    if (!gw) continue;
    const path = i.type === 'aws_apigatewayv2_integration' ? ['integration_uri'] : ['uri'];
    for (const l of ctx.links(i, path, { types: integrationTargets, host: true })) for (const u of target(l)) ctx.edge(gw, u, l.span, i.address);
  }
  for (const stage of ctx.ofType('aws_apigatewayv2_stage')) {
    const api = ctx.links(stage, ['api_id'], { types: ['aws_apigatewayv2_api'] })[0];
    const gw = api ? ctx.unitOf(api.resource) : undefined;
    const rate = ctx.val(stage, ['default_route_settings', 'throttling_rate_limit']);
    if (gw && num(rate) !== undefined && num(rate)! > 0) ctx.set(gw, 'rate_limit', v.int(num(rate)!, rate!.span));
    ctx.used.add(stage);
  }
  for (const ms of ctx.ofType('aws_api_gateway_method_settings')) {
    const api = ctx.links(ms, ['rest_api_id'], { types: ['aws_api_gateway_rest_api'] })[0];
    const gw = api ? ctx.unitOf(api.resource) : undefined;
    const rate = ctx.val(ms, ['settings', 'throttling_rate_limit']);
    if (gw && num(rate) !== undefined && num(rate)! > 0) ctx.set(gw, 'rate_limit', v.int(num(rate)!, rate!.span));
    ctx.used.add(ms);
  }
}

const originTypes = [
  'aws_s3_bucket',
  'aws_lb',
  'aws_alb',
  'aws_elb',
  'aws_apigatewayv2_api',
  'aws_api_gateway_rest_api',
  'aws_lambda_function_url',
  'aws_instance',
];

/** CloudFront origins: static edges to buckets, plain edges to load balancers and gateways. */
function cloudfrontOrigins(ctx: MapContext): void {
  for (const res of ctx.ofType('aws_cloudfront_distribution')) {
    const cdn = ctx.unitOf(res);
    if (!cdn) continue;
    const origins = items(ctx.val(res, ['origin']));
    const exprs = nodesAt(get(res.config, 'expressions'), ['origin']).flatMap((n) => (n.type === 'seq' ? n.items : [n]));
    for (const origin of origins) {
      const id = str(get(origin, 'origin_id'));
      const expr = exprs.find((e) => str(get(get(e, 'origin_id'), 'constant_value')) === id) ?? (origins.length === 1 ? exprs[0] : undefined);
      const domain = get(origin, 'domain_name');
      const valueNodes = domain ? [domain] : [];
      const exprNodes = expr ? [get(expr, 'domain_name')].filter((n): n is Node => n !== undefined) : [];
      const links = ctx.linksAt(res, valueNodes, exprNodes, { types: originTypes, host: true });
      if (links.length === 0) {
        ctx.note(
          'import/dangling-reference',
          `${res.address}: the origin \`${id ?? '?'}\` (${str(domain) ?? 'its domain is not known before apply'}) is not a bucket, load balancer or gateway of this file: no edge is drawn to it`,
          domain?.span ?? origin.span,
        );
      }
      for (const l of links) {
        const targetRes =
          l.resource.type === 'aws_lambda_function_url'
            ? ctx.links(l.resource, ['function_name'], { types: ['aws_lambda_function'] })[0]?.resource
            : l.resource;
        const to = targetRes ? ctx.unitOf(targetRes) : undefined;
        if (!to) continue;
        const span = domain?.span ?? l.span;
        if (to.kind === 'storage') ctx.edge(cdn, to, span, res.address, { static: v.flag(span) });
        else ctx.edge(cdn, to, span, res.address);
      }
    }
  }
}

/** Route 53: a dns per public hosted zone, its routing from the records' policies, and the entries its records name. */
function route53(ctx: MapContext): { dns: Unit; target: Unit; span: Span }[] {
  const routes: { dns: Unit; target: Unit; span: Span }[] = [];
  const failover = new Map<string, { primary: Unit[]; secondary: { units: Unit[]; span: Span }[] }>();
  let fallbackDns: Unit | undefined;
  for (const rec of ctx.ofType('aws_route53_record')) {
    ctx.used.add(rec);
    const zoneLink = ctx.links(rec, ['zone_id'], { types: ['aws_route53_zone'] })[0];
    if (zoneLink && !ctx.unitOf(zoneLink.resource)) continue; // a private zone
    const targets = [...ctx.links(rec, ['alias', 'name'], { types: originTypes.concat(['aws_cloudfront_distribution']), host: true })];
    if (targets.length === 0) pushAll(targets, ctx.links(rec, ['records'], { types: originTypes.concat(['aws_cloudfront_distribution']), host: true }));
    if (targets.length === 0) continue;
    let dns = zoneLink ? ctx.unitOf(zoneLink.resource) : undefined;
    if (!dns) {
      // The zone is not in this file (a data source): one dns for all such records.
      fallbackDns ??= ctx.unit({ kind: 'dns', resource: rec, short: 'dns', extra: true });
      dns = fallbackDns;
    }
    for (const [block, routing] of [
      ['geolocation_routing_policy', 'geo'],
      ['geoproximity_routing_policy', 'geo'],
      ['latency_routing_policy', 'latency'],
    ] as const) {
      if (
        ctx.has(rec, [block]) &&
        items(ctx.val(rec, [block])).length + nodesAt(get(rec.config, 'expressions'), [block]).length > 0 &&
        !dns.attrs.has('routing')
      ) {
        ctx.set(dns, 'routing', v.word(routing, ctx.spanOf(rec, [block])));
      }
    }
    const units = targets.flatMap((t) =>
      ctx.unitsOf(t.resource.type === 'aws_lambda_function_url' ? { ...t, resource: ctx.links(t.resource, ['function_name'])[0]?.resource ?? t.resource } : t),
    );
    const span = targets[0]!.span;
    for (const u of units) {
      ctx.edge(dns, u, span, rec.address);
      routes.push({ dns, target: u, span });
    }
    const role = ctx.str(rec, ['failover_routing_policy', 'type']);
    if (role) {
      const name = ctx.str(rec, ['name']) ?? rec.address;
      let f = failover.get(name);
      if (!f) failover.set(name, (f = { primary: [], secondary: [] }));
      if (role === 'PRIMARY') pushAll(f.primary, units);
      else f.secondary.push({ units, span: ctx.spanOf(rec, ['failover_routing_policy']) });
    }
  }
  // A failover record from a CDN to its origin: clients fall back to the origin.
  for (const f of failover.values()) {
    for (const cdn of f.primary.filter((u) => u.kind === 'cdn')) {
      const s = f.secondary.find((x) => x.units.some((u) => u !== cdn));
      if (s) ctx.set(cdn, 'fallback', v.word('origin', s.span));
    }
  }
  return routes;
}

/** Lambda triggers, SNS subscriptions and S3 notifications. */
function triggers(ctx: MapContext): void {
  for (const m of ctx.ofType('aws_lambda_event_source_mapping')) {
    ctx.used.add(m);
    const fns = ctx.links(m, ['function_name'], { types: ['aws_lambda_function'] }).flatMap((l) => ctx.unitsOf(l));
    for (const src of ctx.links(m, ['event_source_arn'])) {
      for (const from of ctx.unitsOf(src)) {
        for (const fn of fns) {
          if (from.kind === 'queue') ctx.edge(from, fn, src.span, m.address);
          else ctx.edge(from, fn, src.span, m.address, { async: v.flag(src.span) });
        }
      }
    }
  }
  for (const n of ctx.ofType('aws_s3_bucket_notification')) {
    ctx.used.add(n);
    const bucketUnit = ctx.links(n, ['bucket'], { types: ['aws_s3_bucket'] }).flatMap((l) => ctx.unitsOf(l))[0];
    if (!bucketUnit) continue;
    for (const path of [
      ['lambda_function', 'lambda_function_arn'],
      ['queue', 'queue_arn'],
      ['topic', 'topic_arn'],
    ]) {
      for (const l of ctx.links(n, path))
        for (const u of ctx.unitsOf(l)) ctx.edge(bucketUnit, u, l.span, n.address, { async: v.flag(l.span), writes: v.flag(l.span) });
    }
  }
}

/** EventBridge rules and schedules: each a client of its own, calling its targets. */
function schedules(ctx: MapContext): void {
  for (const rule of ctx.ofType('aws_cloudwatch_event_rule')) {
    ctx.used.add(rule);
    const targets = ctx
      .ofType('aws_cloudwatch_event_target')
      .filter((t) => ctx.links(t, ['rule']).some((l) => l.resource === rule))
      .flatMap((t) => {
        ctx.used.add(t);
        return ctx.links(t, ['arn']).flatMap((l) => ctx.unitsOf(l).map((u) => ({ u, span: l.span, origin: t.address })));
      });
    if (targets.length === 0) continue;
    const label = ctx.str(rule, ['schedule_expression']) ?? 'events';
    const client = ctx.unit({ kind: 'client', resource: rule, short: 'schedule', label: `EventBridge ${label}` });
    for (const t of targets) ctx.edge(client, t.u, t.span, t.origin, t.u.kind === 'queue' ? { async: v.flag(t.span), writes: v.flag(t.span) } : {});
  }
  for (const s of ctx.ofType('aws_scheduler_schedule')) {
    ctx.used.add(s);
    const targets = ctx.links(s, ['target', 'arn']).flatMap((l) => ctx.unitsOf(l).map((u) => ({ u, span: l.span })));
    if (targets.length === 0) continue;
    const client = ctx.unit({
      kind: 'client',
      resource: s,
      short: 'schedule',
      label: `EventBridge Scheduler ${ctx.str(s, ['schedule_expression']) ?? ''}`.trim(),
    });
    for (const t of targets) ctx.edge(client, t.u, t.span, s.address, t.u.kind === 'queue' ? { async: v.flag(t.span), writes: v.flag(t.span) } : {});
  }
}

/** What each compute unit calls: links from its user data, container definitions or environment, and its dependencies. */
const callFields: Readonly<Record<string, readonly (readonly string[])[]>> = {
  aws_launch_template: [['user_data']],
  aws_launch_configuration: [['user_data'], ['user_data_base64']],
  aws_instance: [['user_data'], ['user_data_base64']],
  aws_ecs_task_definition: [['container_definitions']],
  aws_lambda_function: [['environment']],
};

function callLinks(ctx: MapContext, u: Unit): Link[] {
  const out: Link[] = [];
  for (const res of [u.resource, ...u.definitions.filter((d) => d !== u.resource)]) {
    for (const path of callFields[res.type] ?? []) pushAll(out, ctx.links(res, path, { blob: true }));
    pushAll(out, ctx.dependencies(res));
  }
  return out;
}

/** SNS topics: a queue, a fan-out to SQS queues (edges go to the queues), or the alerting channel of monitoring. */
function snsTopics(ctx: MapContext, calls: Map<Unit, Link[]>): Map<TfResource, Unit[]> {
  const fanout = new Map<TfResource, Unit[]>();
  const subscriptions = ctx.ofType('aws_sns_topic_subscription');
  for (const topic of ctx.ofType('aws_sns_topic')) {
    const subs = subscriptions.filter((s) => ctx.links(s, ['topic_arn']).some((l) => l.resource === topic));
    for (const s of subs) ctx.used.add(s);
    const protocols = subs.map((s) => ctx.str(s, ['protocol']) ?? '');
    const published = [...calls.values()].some((links) => links.some((l) => l.resource === topic));
    const appSubs = subs.filter((_, i) => ['sqs', 'lambda', 'firehose', 'application'].includes(protocols[i]!));
    const alarms = ctx
      .ofType('aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm')
      .some((a) => ['alarm_actions', 'ok_actions', 'insufficient_data_actions'].some((p) => ctx.links(a, [p]).some((l) => l.resource === topic)));
    if (!published && appSubs.length === 0) {
      ctx.used.add(topic);
      if (!alarms)
        ctx.note(
          'import/unmapped-resource',
          `${topic.address}: nothing in this file publishes to this topic and no queue or function subscribes to it: it is left out`,
          topic.head,
        );
      continue;
    }
    const targets = appSubs.flatMap((s) => ctx.links(s, ['endpoint']).flatMap((l) => ctx.unitsOf(l).map((u) => ({ u, span: l.span, origin: s.address }))));
    if (targets.length > 0 && targets.every((t) => t.u.kind === 'queue')) {
      ctx.used.add(topic);
      fanout.set(
        topic,
        targets.map((t) => t.u),
      );
      continue;
    }
    const u = ctx.unit({ kind: 'queue', resource: topic, short: 'topic' });
    ctx.set(u, 'engine', v.word('sns', topic.head));
    ctx.flag(u, 'managed', topic.head);
    ctx.flag(u, 'durable', topic.head);
    for (const t of targets) ctx.edge(u, t.u, t.span, t.origin, t.u.kind === 'queue' ? { async: v.flag(t.span), writes: v.flag(t.span) } : {});
  }
  return fanout;
}

/** Dead letters: `redrive_policy` on a queue, or an `aws_sqs_queue_redrive_policy`. */
function redrive(ctx: MapContext): void {
  const apply = (queueUnit: Unit | undefined, res: TfResource) => {
    if (!queueUnit) return;
    const span = ctx.spanOf(res, ['redrive_policy']);
    const dlq = ctx.links(res, ['redrive_policy'], { types: ['aws_sqs_queue'], blob: true }).find((l) => l.resource !== queueUnit.resource);
    const target = dlq ? ctx.unitOf(dlq.resource) : undefined;
    if (target && target !== queueUnit) queueUnit.refs.set('dead_letter', { unit: target, span });
    else if (ctx.has(res, ['redrive_policy']))
      ctx.note('import/dangling-reference', `${res.address}: the dead-letter queue of its redrive policy is not in this file`, span);
    const text = ctx.str(res, ['redrive_policy']);
    if (text) {
      try {
        const parsed = JSON.parse(text) as { maxReceiveCount?: unknown };
        const n = Number(parsed.maxReceiveCount);
        if (Number.isInteger(n) && n >= 1 && n <= 1000) ctx.set(queueUnit, 'max_receives', v.int(n, span));
      } catch {
        // Not JSON: nothing more to read.
      }
    }
  };
  for (const q of ctx.ofType('aws_sqs_queue')) if (ctx.has(q, ['redrive_policy'])) apply(ctx.unitOf(q), q);
  for (const p of ctx.ofType('aws_sqs_queue_redrive_policy')) {
    ctx.used.add(p);
    const q = ctx.links(p, ['queue_url'], { types: ['aws_sqs_queue'] })[0];
    apply(q ? ctx.unitOf(q.resource) : undefined, p);
  }
}

const queueTypes = ['aws_sqs_queue', 'aws_kinesis_stream', 'aws_mq_broker', 'aws_msk_cluster'];

/** Services and workers: a compute unit that something routes to, or that is a public entry, serves requests; the others work. */
function decideCompute(ctx: MapContext): void {
  for (const u of ctx.units) {
    if (!u.compute) continue;
    const routed = ctx.edges.some((e) => e.to === u && ['lb', 'gateway', 'cdn'].includes(e.from.kind));
    const named = ctx.edges.find((e) => e.to === u && e.from.kind === 'dns');
    // A server with a public address that takes work off a queue and that no name points at is a worker (in a public subnet to save a NAT gateway).
    const consumes = !routed && !named && u.entry !== undefined && callLinks(ctx, u).some((l) => queueTypes.includes(l.resource.type));
    if (routed) {
      u.kind = 'service';
      delete u.entry;
    } else if ((u.entry && !consumes) || named) {
      // Reachable from the internet with nothing in front: a public address, or a DNS name of its own.
      u.kind = 'service';
      u.entry ??= named!.span;
      ctx.flag(u, 'public', u.entry);
    } else {
      u.kind = 'worker';
      delete u.entry;
    }
  }
}

function computeCalls(ctx: MapContext): void {
  const compute = ctx.units.filter((u) => u.compute || u.kind === 'function');
  const calls = new Map<Unit, Link[]>();
  for (const u of compute) calls.set(u, callLinks(ctx, u));
  const fanout = snsTopics(ctx, calls);
  for (const [u, links] of calls) {
    for (const link of links) {
      let targets = fanout.get(link.resource) ?? ctx.unitsOf(link);
      targets = targets.map((t) => (t.regional && u.region ? (t.regional.get(u.region.name) ?? t) : t));
      for (const t of targets) {
        if (t === u || !dataKinds.has(t.kind) || u.parts.includes(t.resource)) continue;
        // A load balancer in front of this unit is not one it calls (an ECS service's depends_on on its listener).
        if ((t.kind === 'lb' || t.kind === 'gateway') && ctx.edges.some((e) => e.from === t && e.to === u)) continue;
        const span = link.span;
        if (t.kind === 'queue') {
          if (u.kind === 'worker') ctx.edge(t, u, span, link.resource.address);
          else ctx.edge(u, t, span, u.resource.address, { async: v.flag(span), writes: v.flag(span) });
        } else if ((t.kind === 'database' && replicaOf.get(link.resource) === t) || readOnly.has(t)) {
          ctx.edge(u, t, span, u.resource.address, { reads: v.flag(span) });
        } else {
          ctx.edge(u, t, span, u.resource.address);
        }
      }
    }
  }
}

/** CloudWatch metric dimensions, and the resource types they name. */
const alarmDimensions: Readonly<Record<string, readonly string[]>> = {
  AutoScalingGroupName: ['aws_autoscaling_group'],
  InstanceId: ['aws_instance'],
  LoadBalancer: ['aws_lb', 'aws_alb'],
  LoadBalancerName: ['aws_elb'],
  DBInstanceIdentifier: ['aws_db_instance'],
  DBClusterIdentifier: ['aws_rds_cluster', 'aws_docdb_cluster', 'aws_neptune_cluster'],
  ReplicationGroupId: ['aws_elasticache_replication_group'],
  CacheClusterId: ['aws_elasticache_cluster', 'aws_elasticache_replication_group'],
  QueueName: ['aws_sqs_queue'],
  TopicName: ['aws_sns_topic'],
  FunctionName: ['aws_lambda_function'],
  TableName: ['aws_dynamodb_table'],
  ServiceName: ['aws_ecs_service'],
  DistributionId: ['aws_cloudfront_distribution'],
  ApiId: ['aws_apigatewayv2_api'],
  ApiName: ['aws_api_gateway_rest_api'],
  DomainName: ['aws_opensearch_domain', 'aws_elasticsearch_domain'],
  StreamName: ['aws_kinesis_stream'],
  BrokerName: ['aws_mq_broker'],
  'Cluster Name': ['aws_msk_cluster'],
  BucketName: ['aws_s3_bucket'],
};

/** CloudWatch: one monitoring component, with telemetry edges from what the alarms watch and from what writes logs. */
function monitoring(ctx: MapContext): void {
  const alarms = ctx.ofType('aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm');
  const logs = ctx.ofType('aws_cloudwatch_log_group');
  const dashboards = ctx.ofType('aws_cloudwatch_dashboard');
  for (const r of [
    ...alarms,
    ...logs,
    ...dashboards,
    ...ctx.ofType('aws_cloudwatch_log_stream', 'aws_cloudwatch_log_metric_filter', 'aws_cloudwatch_log_subscription_filter'),
  ]) {
    ctx.used.add(r);
  }
  const functions = ctx.units.filter((u) => u.kind === 'function');
  const first = alarms[0] ?? dashboards[0] ?? logs[0];
  if (!first) return;
  const m = ctx.unit({ kind: 'monitoring', resource: first, short: 'cloudwatch', extra: true, label: 'Amazon CloudWatch' });
  delete m.region;
  m.wanted = 'cloudwatch';
  // AWS publishes the metrics of its services to CloudWatch: collected as soon as CloudWatch is used.
  ctx.flag(m, 'metrics', first.head);
  const alerting = alarms.find((a) => ctx.has(a, ['alarm_actions']));
  if (alerting) ctx.flag(m, 'alerting', ctx.spanOf(alerting, ['alarm_actions']));
  if (logs[0]) ctx.flag(m, 'logging', logs[0].head);
  else if (functions[0]) ctx.flag(m, 'logging', functions[0].resource.head);
  const dimensionTypes = [...new Set(Object.values(alarmDimensions).flat())];
  for (const a of alarms) {
    for (const path of [['dimensions'], ['metric_query', 'metric', 'dimensions']]) {
      // A plan's references name the resources; a state's values are names, read by dimension.
      const referenced = nodesAt(get(a.config, 'expressions'), path).some((n) => referencesIn(n).length > 0);
      const links = referenced
        ? ctx.links(a, path, { types: dimensionTypes })
        : Object.entries(alarmDimensions).flatMap(([dimension, types]) => ctx.links(a, [...path, dimension], { types }));
      for (const l of links) for (const u of ctx.unitsOf(l)) ctx.edge(u, m, l.span, a.address);
    }
  }
  for (const u of ctx.units) {
    if (u === m) continue;
    if (u.kind === 'function') {
      ctx.edge(u, m, u.nameSpan, u.resource.address);
      continue;
    }
    if (!u.compute) continue;
    for (const res of [u.resource, ...u.definitions]) {
      for (const path of callFields[res.type] ?? []) {
        const written = [...ctx.links(res, path, { types: ['aws_cloudwatch_log_group'], blob: true }), ...awslogsGroups(ctx, res, path, logs)];
        if (written.length > 0) ctx.edge(u, m, written[0]!.span, res.address);
      }
    }
  }
}

/** Log groups named by an ECS container definition's `awslogs-group` (a JSON string in state files). */
function awslogsGroups(ctx: MapContext, res: TfResource, path: readonly string[], logs: readonly TfResource[]): Link[] {
  if (res.type !== 'aws_ecs_task_definition') return [];
  const text = ctx.str(res, path);
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const c of Array.isArray(parsed) ? (parsed as unknown[]) : []) {
    const group = (c as { logConfiguration?: { options?: Record<string, unknown> } })?.logConfiguration?.options?.['awslogs-group'];
    if (typeof group === 'string') names.add(group);
  }
  return logs.filter((l) => names.has(ctx.str(l, ['name']) ?? '\0')).map((l) => ({ resource: l, instances: l.instances, span: ctx.spanOf(res, path) }));
}

/** The internet's users: a client calling the public entries (the DNS names' targets, CloudFront, public load balancers and gateways). */
function entries(ctx: MapContext, routes: { dns: Unit; target: Unit; span: Span }[]): void {
  const dnsTargets = new Set(routes.map((r) => r.target));
  const behindCdn = new Set(ctx.edges.filter((e) => e.from.kind === 'cdn').map((e) => e.to));
  const entryUnits = ctx.units.filter((u) => dnsTargets.has(u) || (u.entry && !behindCdn.has(u)) || (u.kind === 'service' && u.attrs.has('public')));
  const dnsUnits = ctx.units.filter((u) => u.kind === 'dns');
  if (entryUnits.length === 0) return;
  const firstEntry = entryUnits[0]!;
  const users = ctx.unit({
    kind: 'client',
    resource: firstEntry.resource,
    short: 'users',
    extra: true,
    label: 'Internet users',
    nameSpan: firstEntry.nameSpan,
  });
  delete users.region;
  users.wanted = 'users';
  for (const d of dnsUnits) ctx.edge(users, d, d.nameSpan, d.resource.address);
  for (const u of entryUnits) {
    // A server with a public address of its own is reached there; everything else where DNS names it.
    const span = (u.compute ? u.entry : undefined) ?? routes.find((r) => r.target === u)?.span ?? u.entry ?? u.nameSpan;
    if (u.kind === 'cdn') {
      const out = ctx.edges.filter((e) => e.from === u);
      if (out.some((e) => e.attrs.has('static')) || out.length === 0) ctx.edge(users, u, span, u.resource.address, { static: v.flag(span) });
      if (out.some((e) => !e.attrs.has('static'))) ctx.edge(users, u, span, u.resource.address);
    } else {
      ctx.edge(users, u, span, u.resource.address);
    }
  }
}

/** Buckets nothing uses (a log bucket, a state or artifact bucket) are not part of the system's flows. */
function pruneBuckets(ctx: MapContext): void {
  const logTargets = new Set<TfResource>();
  const logFields: [string, string[]][] = [
    ['aws_lb', ['access_logs', 'bucket']],
    ['aws_alb', ['access_logs', 'bucket']],
    ['aws_elb', ['access_logs', 'bucket']],
    ['aws_cloudfront_distribution', ['logging_config', 'bucket']],
    ['aws_s3_bucket_logging', ['target_bucket']],
    ['aws_s3_bucket', ['logging', 'target_bucket']],
    ['aws_cloudtrail', ['s3_bucket_name']],
    ['aws_flow_log', ['log_destination']],
  ];
  for (const [type, path] of logFields) {
    for (const r of ctx.ofType(type)) for (const l of ctx.links(r, path, { types: ['aws_s3_bucket'], host: true })) logTargets.add(l.resource);
  }
  for (const l of ctx.ofType('aws_s3_bucket_logging')) ctx.used.add(l);
  for (const u of [...ctx.units]) {
    if (u.kind !== 'storage' || ctx.edges.some((e) => (e.from === u || e.to === u) && !e.attrs.has('replication'))) continue;
    ctx.drop(u);
    if (!logTargets.has(u.resource)) {
      ctx.note(
        'import/unmapped-resource',
        `${u.resource.address}: nothing in this file reads or writes this bucket (no CloudFront origin, no service that names it): it is left out of the model`,
        u.nameSpan,
      );
    }
  }
}

/** Maps every AWS resource of the file into the context. */
export function mapAws(ctx: MapContext): void {
  ctx.learnRegions();
  for (const res of ctx.src.resources) {
    if (res.mode !== 'managed' || res.provider !== 'aws') continue;
    const m = awsResources[res.type];
    if (m?.role === 'component' && m.build) m.build(ctx, res);
  }
  rdsReplicas(ctx);
  clusterReplication(ctx);
  s3Replication(ctx);
  lbRouting(ctx);
  gateways(ctx);
  cloudfrontOrigins(ctx);
  const routes = route53(ctx);
  triggers(ctx);
  decideCompute(ctx);
  computeCalls(ctx);
  redrive(ctx);
  schedules(ctx);
  monitoring(ctx);
  entries(ctx, routes);
  pruneBuckets(ctx);
}
