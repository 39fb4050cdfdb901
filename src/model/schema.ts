/**
 * The language's vocabulary: component kinds, their attributes, edge attributes and the keys of the
 * `workload`, `budget` and `latency` blocks, each with its type, range and default. The meaning
 * checks, the model's defaults, the model's attribute types and the generated attribute reference
 * all read this one table: `ComponentAttributes`, `AttributesOf`, `EdgeAttributeValues` and
 * `SettingsKey` are derived from it (attribute-spec.ts says how).
 */

import { countLiteral, durationLiteral, percent as percentText } from '../text/format.js';
import { attr, type AttributeSpec, type AttributeValues, type Flatten, type ValueSpec } from './attribute-spec.js';
import { allFigures } from './figures.js';
import { kinds, managedByDefault, type Kind } from './kinds.js';

export { isKind, kindAliases, kindDescriptions, kinds, managedByDefault, storeKinds, type Kind } from './kinds.js';
export type { AttributeSpec, AttributeValue, ValueSpec } from './attribute-spec.js';

const YEAR_MS = 365 * 86400e3;
/** Beyond this a count is not a design figure but a typo. */
const MAX_COUNT = 1e15;
const MAX_INSTANCES = 1_000_000;
/** More calls at once than this is no longer a fan-out one request waits for. */
const MAX_FANOUT = 10_000;

// The tables below are declared `as const` and exported under a widened type: the literal types
// are what the attribute types at the end of this file are derived from, the widened ones what
// the checks, docs and editors read.

const percent = (exclusiveMin = false) => ({ type: 'percent', min: 0, max: 100, exclusiveMin }) as const;
const duration = (max = YEAR_MS) => ({ type: 'duration', min: 0, max, exclusiveMin: true }) as const;
const flag = { type: 'bool' } as const;
/** A flag's default: a kind's own flags are off unless written. */
const off = { default: false } as const;

const commonTable = [
  attr('replicas', { type: 'int', min: 1, max: MAX_INSTANCES }, 'Running instances (for a database: nodes).', 'replicas: 3', { default: 1 }),
  attr('tags', { type: 'list' }, 'Free-form tags.', 'tags: [payments, tier1]', { default: [] }),
  // Provider kinds (`managedByDefault`) are managed unless written: applyDefaults.
  attr('managed', flag, 'Redundancy is provided by the platform (a managed DNS, CDN or cloud database).', 'managed', {
    default: false,
    defaultText: `false; true for ${[...managedByDefault].join(', ')}`,
  }),
  attr('availability', percent(true), 'Availability of one instance.', 'availability: 99.9%'),
  attr('latency', duration(), 'Own service time per request.', 'latency: 2ms'),
  attr('capacity', { type: 'count', min: 0, max: MAX_COUNT, exclusiveMin: true }, 'Requests per second one instance serves.', 'capacity: 5k'),
  attr(
    'concurrency',
    { type: 'int', min: 1, max: MAX_COUNT },
    'Requests one instance serves at once (worker threads, connections); capacity = concurrency / latency. Written, each worker is held while its synchronous calls are made.',
    'concurrency: 8',
    { defaultText: "the kind's capacity × its service time" },
  ),
  attr(
    'zones',
    { type: 'list' },
    "The availability zones of its region its instances are spread over, in turn (each must be one of the region's `zones`).",
    'zones: [a, b]',
    { defaultText: "the region's zones" },
  ),
  attr('host', { type: 'word' }, 'The machine it runs on: components on one host fail together and share its CPU.', 'host: vm1'),
  attr(
    'latency_cv',
    { type: 'count', min: 0, max: 10 },
    'How much one request’s service time varies: its coefficient of variation (1 exponential, 0 always the same, above 1 heavy-tailed).',
    'latency_cv: 0.5',
    { defaultText: '1 (exponential)' },
  ),
] as const satisfies readonly AttributeSpec[];

/** Attributes every kind takes. */
export const commonAttributes: readonly AttributeSpec[] = commonTable;

const autoscale = attr(
  'autoscale',
  { type: 'range', min: 0, max: MAX_INSTANCES },
  'Instance range an autoscaler keeps (min..max); the minimum counts for redundancy.',
  'autoscale: 2..20',
);
/** AWS Lambda's default limit on concurrent executions, per account and region (Lambda quotas): a function's default `autoscale` maximum. */
export const FUNCTION_CONCURRENCY_LIMIT = 1000;
const publicFlag = (what: string) => attr('public', flag, `Reachable from the internet (${what}).`, 'public', off);
/** Where a component keeps its data across a restart. */
const persistence = attr(
  'persistence',
  { type: 'enum', values: ['none', 'disk', 'volume'] },
  "Where its data survives a restart: `none` (memory or a container's own file system), `disk` (the machine's), `volume` (a network volume that outlives the machine).",
  'persistence: volume',
);
/** Where a component's data comes from when it is a copy (caches, read models, indexes, thumbnails). */
const derivedFrom = attr(
  'derived_from',
  { type: 'enum-or-ref', values: [], kinds: ['database', 'storage'] },
  'The store its data can be rebuilt from (a read model, an index, thumbnails, cached copies): it holds no data of its own.',
  'derived_from: orders_db',
);
/** How a store's data is kept apart from the store itself (replication copies deletes and corruption too). */
const backupAttributes = [
  attr(
    'backup',
    { type: 'enum', values: ['continuous', 'hourly', 'daily', 'weekly', 'none'] },
    'How often the data is backed up (continuous: a change log, for point-in-time recovery).',
    'backup: daily',
  ),
  attr('retention', duration(), 'How long backups are kept.', 'retention: 7d'),
  attr('pitr', flag, 'Point-in-time recovery: the store can be restored to any moment within the retention.', 'pitr', off),
  derivedFrom,
] as const;

const rateLimit = attr(
  'rate_limit',
  { type: 'count', min: 0, max: MAX_COUNT, exclusiveMin: true },
  'Requests per second it lets through from one client (or in all), refusing the rest (HTTP 429).',
  'rate_limit: 1k',
);

const kindTable = {
  // The even split is the evaluator's: a client without a share has none in the model.
  client: [
    attr('share', percent(), "Share of the workload's requests that come from these clients.", 'share: 70%', { defaultText: 'even split' }),
    attr('read_ratio', percent(), "Share of these clients' dynamic requests that only read.", 'read_ratio: 99%', { defaultText: "the workload's" }),
    attr('static_ratio', percent(), "Share of these clients' requests that fetch static assets.", 'static_ratio: 0%', { defaultText: "the workload's" }),
  ],
  dns: [
    attr(
      'routing',
      { type: 'enum', values: ['simple', 'geo', 'latency'] },
      'How names resolve: one answer, by client location, or by measured latency.',
      'routing: geo',
      { default: 'simple' },
    ),
  ],
  cdn: [
    attr('ttl', duration(), 'How long edge servers keep an object.', 'ttl: 1d'),
    attr('fallback', { type: 'enum', values: ['origin', 'none'] }, 'Whether clients fall back to the origin when the CDN fails.', 'fallback: origin', {
      default: 'none',
    }),
    attr('hit_ratio', percent(), 'Share of requests the edge answers without the origin.', 'hit_ratio: 95%'),
    attr(
      'invalidation',
      { type: 'enum', values: ['versioned', 'api', 'none'] },
      'How stale objects are replaced: versioned URLs, an invalidation API, or not at all.',
      'invalidation: versioned',
    ),
  ],
  lb: [
    rateLimit,
    attr('sticky', flag, 'Sticky sessions: a client is pinned to one server.', 'sticky', off),
    attr(
      'policy',
      { type: 'enum', values: ['round-robin', 'random', 'least-connections'] },
      'How requests are spread over the instances behind it (each instance queues its own).',
      'policy: least-connections',
      { defaultText: 'round-robin' },
    ),
    publicFlag('the usual place for a public endpoint'),
  ],
  service: [
    rateLimit,
    autoscale,
    attr(
      'sessions',
      { type: 'enum-or-ref', values: ['local'], kinds: ['cache', 'database'] },
      'Where session state lives: `local` (in the server) or a shared cache or database.',
      'sessions: session_store',
    ),
    attr('serves_static', flag, 'The service itself serves static assets (images, scripts, styles).', 'serves_static', off),
    publicFlag('without a load balancer in front'),
  ],
  worker: [autoscale, attr('duration', duration(), 'Time one job takes.', 'duration: 2s')],
  cache: [
    attr('ttl', duration(), 'Expiry of cached entries.', 'ttl: 10m'),
    attr('eviction', { type: 'enum', values: ['lru', 'lfu', 'fifo', 'none'] }, 'What is evicted when the cache is full.', 'eviction: lru'),
    attr('hit_ratio', percent(), 'Share of reads answered by the cache.', 'hit_ratio: 80%'),
    attr('engine', { type: 'word' }, 'The cache product (redis, memcached): its figures apply.', 'engine: memcached'),
    persistence,
    attr('write_policy', { type: 'enum', values: ['around', 'through', 'back'] }, 'Write-around, write-through or write-back.', 'write_policy: through'),
    attr('source_of_truth', flag, 'The cache holds data that exists nowhere else.', 'source_of_truth', off),
    derivedFrom,
    attr('memory', { type: 'size', min: 1, max: 1024 ** 5 }, 'Memory of one cache node (extension).', 'memory: 16GB'),
    publicFlag('a cache should not be'),
  ],
  database: [
    attr('engine', { type: 'word' }, 'The database product (mysql, postgresql, cassandra, dynamodb, mongodb, …): its figures apply.', 'engine: mysql'),
    attr(
      'standby',
      { type: 'int', min: 0, max: MAX_INSTANCES },
      'Failover nodes beside `replicas` that serve no reads (an RDS Multi-AZ standby): they count for availability, not for read capacity.',
      'standby: 1',
      { default: 0 },
    ),
    persistence,
    ...backupAttributes,
    // Worked out from `replicas` when not written, so always present: applyDefaults.
    attr('replication', { type: 'enum', values: ['primary-replica', 'multi-primary', 'none'] }, 'How nodes share data.', 'replication: primary-replica', {
      defaultText: 'primary-replica when replicas > 1, else none',
      alwaysSet: true,
    }),
    attr(
      'replication_mode',
      { type: 'enum', values: ['sync', 'semi-sync', 'async'] },
      'How writes reach the other nodes (extension): `sync` waits for every node and `semi-sync` for one before a write returns (no acknowledged write is lost on failover; each write pays a round trip), `async` returns at once (a failover may lose the last writes, and replicas lag).',
      'replication_mode: sync',
      { defaultText: 'async' },
    ),
    attr('shard_key', { type: 'word' }, 'The column or field rows are partitioned by.', 'shard_key: user_id'),
    attr('shards', { type: 'int', min: 1, max: MAX_INSTANCES }, 'Number of shards.', 'shards: 4', { default: 1 }),
    attr('sharding', { type: 'enum', values: ['hash', 'range', 'modulo', 'consistent'] }, 'How keys map to shards.', 'sharding: hash', {
      defaultText: 'hash when shards > 1',
    }),
    attr('key_pattern', { type: 'enum', values: ['sequential', 'timestamp', 'random', 'uuid'] }, 'How shard key values are generated.', 'key_pattern: uuid'),
    attr('key_cardinality', { type: 'count', min: 1, max: MAX_COUNT }, 'Number of distinct shard key values.', 'key_cardinality: 10M'),
    attr('skew', { type: 'enum', values: ['low', 'high'] }, 'Whether a few keys take most of the traffic.', 'skew: high'),
    attr(
      'hot_key_strategy',
      { type: 'enum', values: ['cache', 'pull-on-read', 'dedicated-shards', 'salting', 'none'] },
      'How celebrity keys are handled: served from a cache, pulled at read time instead of fanned out, given shards of their own, or split.',
      'hot_key_strategy: salting',
    ),
    attr(
      'dataset',
      { type: 'word' },
      'Which data it holds (extension): databases in different regions with the same dataset hold the same data and should replicate. Databases without one are taken to hold the same data.',
      'dataset: users',
    ),
    publicFlag('a data store should not be'),
  ],
  queue: [
    attr('durable', flag, 'Messages survive a broker restart.', 'durable', off),
    attr('engine', { type: 'word' }, 'The broker product (kafka, rabbitmq, sqs, pubsub): its figures apply.', 'engine: kafka'),
    persistence,
    attr(
      'dead_letter',
      { type: 'enum-or-ref', values: [], kinds: ['queue'] },
      'Where messages go that fail `max_receives` times (poison messages), to be looked at instead of retried forever.',
      'dead_letter: jobs_dlq',
    ),
    attr('max_receives', { type: 'int', min: 1, max: 1000 }, 'Deliveries of one message before it goes to its `dead_letter` queue.', 'max_receives: 5'),
  ],
  storage: [...backupAttributes],
  monitoring: [
    attr('logging', flag, 'Collects logs.', 'logging', off),
    attr('metrics', flag, 'Collects metrics.', 'metrics', off),
    attr('alerting', flag, 'Alerts on metrics.', 'alerting', off),
    attr('automation', flag, 'Automates builds, tests and deploys.', 'automation', off),
  ],
  external: [],
  gateway: [rateLimit, publicFlag('the entry of the system')],
  search: [
    attr('engine', { type: 'word' }, 'The search product (elasticsearch, opensearch, solr, meilisearch).', 'engine: opensearch'),
    derivedFrom,
    publicFlag('a data store should not be'),
  ],
  function: [
    // Always set (applyDefaults): the platform scales a function from nothing to its limit.
    attr(
      'autoscale',
      { type: 'range', min: 0, max: MAX_INSTANCES },
      'Instances the platform runs at once, each serving one request (min..max): the minimum kept warm (provisioned concurrency), the maximum its concurrency limit (reserved concurrency, or the account’s).',
      'autoscale: 0..200',
      { defaultText: `0..${countLiteral(FUNCTION_CONCURRENCY_LIMIT)} (AWS Lambda’s default concurrency limit)`, alwaysSet: true },
    ),
    attr(
      'cold_start',
      { type: 'duration', min: 0, max: YEAR_MS },
      'Extra time of an invocation that has to start an instance (the runtime, the code and its initialisation); a share of invocations pay it (`function_cold_start_share`).',
      'cold_start: 800ms',
      { defaultText: 'function_cold_start (300ms)' },
    ),
  ],
} as const satisfies Record<Kind, readonly AttributeSpec[]>;

/** Each kind's own attributes. */
export const kindAttributes: Readonly<Record<Kind, readonly AttributeSpec[]>> = kindTable;

const edgeTable = [
  attr('reads', flag, 'The edge carries reads.', 'reads'),
  attr('writes', flag, 'The edge carries writes.', 'writes'),
  attr('static', flag, 'The edge carries static assets.', 'static'),
  attr('async', flag, 'The caller does not wait: the synchronous flow ends here.', 'async'),
  attr('telemetry', flag, 'The edge carries logs or metrics, not requests (implied for edges into monitoring; extension).', 'telemetry'),
  attr('replication', { type: 'enum', values: ['sync', 'async'] }, 'Data replication between two stores.', 'replication: async'),
  attr('rps', { type: 'count', min: 0, max: MAX_COUNT }, 'Requests per second on this edge (override).', 'rps: 500'),
  attr('latency', duration(), 'Network time of this hop (override).', 'latency: 5ms'),
  attr('share', percent(true), "Share of the caller's requests that take this edge (from a load balancer or a client: its weight).", 'share: 5%', {
    defaultText: 'all of them (alternatives: an even split)',
  }),
  attr(
    'fanout',
    { type: 'int', min: 1, max: MAX_FANOUT },
    'Calls each request makes along this edge, all at once; the caller waits for the slowest.',
    'fanout: 300',
    {
      default: 1,
    },
  ),
  // Call resilience: what the caller does when the call is slow or fails.
  attr('timeout', duration(), 'How long the caller waits for an answer before it gives up on the call.', 'timeout: 2s'),
  attr('retries', { type: 'int', min: 0, max: 100 }, 'Times the caller tries again after a failed or timed-out call.', 'retries: 3', { defaultText: '0' }),
  attr(
    'backoff',
    { type: 'enum', values: ['none', 'fixed', 'exponential'] },
    'How long the caller waits between retries: not at all, a fixed pause, or a pause that doubles each time (with jitter).',
    'backoff: exponential',
    { defaultText: 'none' },
  ),
  attr(
    'circuit_breaker',
    flag,
    'The caller stops calling for a while once most calls fail, and fails fast instead (no retries reach a tier that is down).',
    'circuit_breaker',
  ),
  attr(
    'optional',
    flag,
    'The response does not need this call: when it fails the caller answers without it (degraded), so the flow does not fail with it.',
    'optional',
  ),
  attr('label', { type: 'string' }, 'Text shown on the edge in diagrams.', 'label: "thumbnails"'),
] as const satisfies readonly AttributeSpec[];

export const edgeAttributes: readonly AttributeSpec[] = edgeTable;

/** Properties a region's body may set (`zones: [a, b, c]`). */
export const regionAttributes: readonly AttributeSpec[] = [
  attr('zones', { type: 'list' }, 'The availability zones of the region: data centers with their own power and network, that fail apart.', 'zones: [a, b, c]'),
];
export const regionAttributesByName: ReadonlyMap<string, AttributeSpec> = new Map(regionAttributes.map((s) => [s.name, s]));

const workloadTable = [
  attr('rps', { type: 'count', min: 0, max: MAX_COUNT, exclusiveMin: true }, 'Peak requests per second, all clients together.', 'rps: 20k'),
  attr('read_ratio', percent(), 'Share of dynamic requests that only read.', 'read_ratio: 90%'),
  attr('static_ratio', percent(), 'Share of all client requests that fetch static assets.', 'static_ratio: 60%'),
  attr('dau', { type: 'count', min: 0, max: MAX_COUNT }, 'Daily active users.', 'dau: 10M'),
] as const satisfies readonly AttributeSpec[];

export const workloadAttributes: readonly AttributeSpec[] = workloadTable;

const budgetTable = [
  attr('read_p99', duration(), 'Limit on the 99th percentile of a read.', 'read_p99: 200ms'),
  attr('write_p99', duration(), 'Limit on the 99th percentile of a write.', 'write_p99: 400ms'),
  attr('static_p99', duration(), 'Limit on the 99th percentile of a static asset fetch.', 'static_p99: 150ms'),
  attr('availability', percent(true), 'Required availability of every flow.', 'availability: 99.95%'),
] as const satisfies readonly AttributeSpec[];

export const budgetAttributes: readonly AttributeSpec[] = budgetTable;

/**
 * Keys of the `latency { }` block: overrides of the evaluator's figures (src/model/figures.ts):
 * the reference latencies, and by kind the service time, per-instance capacity and availability.
 */
export const latencyAttributes: readonly AttributeSpec[] = allFigures().map((f) => {
  const shown = f.unit === 'ms' ? durationLiteral(f.value) : f.unit === 'rps' ? countLiteral(f.value) : percentText(f.value, 4);
  const value: ValueSpec =
    f.unit === 'ms'
      ? { type: 'duration', min: 0, max: YEAR_MS }
      : f.unit === 'rps'
        ? { type: 'count', min: 0, max: MAX_COUNT, exclusiveMin: true }
        : { type: 'percent', min: 0, max: 100, exclusiveMin: true };
  return attr(f.key, value, sentence(f.source), `${f.key}: ${shown}`, { defaultText: shown });
});

function sentence(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return t.endsWith('.') ? t : `${t}.`;
}

export type SettingsBlockName = 'workload' | 'budget' | 'latency';

const settingsTable = {
  workload: workloadTable,
  budget: budgetTable,
  latency: latencyAttributes,
} as const satisfies Record<SettingsBlockName, readonly AttributeSpec[]>;

export const settingsAttributes: Readonly<Record<SettingsBlockName, readonly AttributeSpec[]>> = settingsTable;

function index(specs: readonly AttributeSpec[]): ReadonlyMap<string, AttributeSpec> {
  return new Map(specs.map((s) => [s.name, s]));
}

/** Attribute specs by kind, common ones first, as a Map (safe for any name). */
export const attributesByKind: ReadonlyMap<Kind, ReadonlyMap<string, AttributeSpec>> = new Map(
  kinds.map((k) => [k, index([...commonAttributes, ...kindAttributes[k]])]),
);
export const edgeAttributesByName = index(edgeAttributes);
export const settingsAttributesByBlock: ReadonlyMap<SettingsBlockName, ReadonlyMap<string, AttributeSpec>> = new Map(
  (Object.keys(settingsAttributes) as SettingsBlockName[]).map((b) => [b, index(settingsAttributes[b])]),
);

/** Which kinds take an attribute, for "`sticky` is an attribute of `lb`" hints. */
export function kindsWithAttribute(name: string): Kind[] {
  return kinds.filter((k) => kindAttributes[k].some((a) => a.name === name));
}

type CommonSpec = (typeof commonTable)[number];
type OwnSpec<K extends Kind> = (typeof kindTable)[K][number];

/**
 * The attributes of a component of kind `K` with defaults applied: the common ones and the kind's
 * own, required when the table gives a default or `applyDefaults` always sets one (`replicas`,
 * `tags`, `managed`, the kind's flags, `routing`, `fallback`, `shards`, `replication`).
 */
export type AttributesOf<K extends Kind> = AttributeValues<CommonSpec | OwnSpec<K>>;

/**
 * A component's attributes with defaults applied, whatever its kind: the common attributes as for
 * every kind, every kind's own optional (attributes of other kinds are absent).
 */
export type ComponentAttributes = Flatten<AttributeValues<CommonSpec> & Partial<AttributeValues<OwnSpec<Kind>>>>;

/** An edge's attributes as written (none has a default: the builder settles the flags). */
export type EdgeAttributeValues = AttributeValues<(typeof edgeTable)[number]>;

/** The keys of a settings block (`string` for `latency`, whose keys come from the figures). */
export type SettingsKey<B extends SettingsBlockName> = (typeof settingsTable)[B][number]['name'];
