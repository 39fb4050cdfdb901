/**
 * The language's vocabulary: component kinds, their attributes, edge attributes and the keys of the
 * `workload`, `budget` and `latency` blocks, each with its type, range and default. The meaning
 * checks, the model's defaults and the generated attribute reference all read this one table.
 */

import { countLiteral, durationLiteral, percent as percentText } from '../text/format.js';
import { allFigures } from './figures.js';
import { kinds, type Kind } from './kinds.js';

export { isKind, kindAliases, kindDescriptions, kinds, managedByDefault, storeKinds, type Kind } from './kinds.js';

/** How a value is written and checked. Normalised units: ratios 0..1, milliseconds, bytes. */
export type ValueSpec =
  | { type: 'int'; min: number; max: number }
  | { type: 'count'; min: number; max: number; exclusiveMin?: boolean }
  | { type: 'percent'; min: number; max: number; exclusiveMin?: boolean }
  | { type: 'duration'; min: number; max: number; exclusiveMin?: boolean }
  | { type: 'size'; min: number; max: number }
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'word' }
  | { type: 'string' }
  | { type: 'range'; min: number; max: number }
  | { type: 'list' }
  /** One of `values`, or the name of a declared component of one of `kinds`. */
  | { type: 'enum-or-ref'; values: readonly string[]; kinds: readonly Kind[] };

export interface AttributeSpec {
  name: string;
  value: ValueSpec;
  description: string;
  /** How one writes it, for docs and completion. */
  example: string;
  /** The default as users would write it, for docs ('' when there is none). */
  defaultText?: string;
}

const YEAR_MS = 365 * 86400e3;
/** Beyond this a count is not a design figure but a typo. */
const MAX_COUNT = 1e15;
const MAX_INSTANCES = 1_000_000;

function attr(name: string, value: ValueSpec, description: string, example: string, defaultText?: string): AttributeSpec {
  return { name, value, description, example, ...(defaultText !== undefined ? { defaultText } : {}) };
}

const percent = (exclusiveMin = false): ValueSpec => ({ type: 'percent', min: 0, max: 100, exclusiveMin });
const duration = (max = YEAR_MS): ValueSpec => ({ type: 'duration', min: 0, max, exclusiveMin: true });
const flag: ValueSpec = { type: 'bool' };

/** Attributes every kind takes. */
export const commonAttributes: readonly AttributeSpec[] = [
  attr('replicas', { type: 'int', min: 1, max: MAX_INSTANCES }, 'Running instances (for a database: nodes).', 'replicas: 3', '1'),
  attr('tags', { type: 'list' }, 'Free-form tags.', 'tags: [payments, tier1]', '[]'),
  attr('managed', flag, 'Redundancy is provided by the platform (a managed DNS, CDN or cloud database).', 'managed', 'false; true for dns, cdn and storage'),
  attr('availability', percent(true), 'Availability of one instance.', 'availability: 99.9%'),
  attr('latency', duration(), 'Own service time per request.', 'latency: 2ms'),
  attr('capacity', { type: 'count', min: 0, max: MAX_COUNT, exclusiveMin: true }, 'Requests per second one instance serves.', 'capacity: 5k'),
];

const autoscale = attr('autoscale', { type: 'range', min: 0, max: MAX_INSTANCES }, 'Instance range an autoscaler keeps (min..max); the minimum counts for redundancy.', 'autoscale: 2..20');
const publicFlag = (what: string) => attr('public', flag, `Reachable from the internet (${what}).`, 'public', 'false');

/** Each kind's own attributes. */
export const kindAttributes: Readonly<Record<Kind, readonly AttributeSpec[]>> = {
  client: [attr('share', percent(), "Share of the workload's requests that come from these clients.", 'share: 70%', 'even split')],
  dns: [attr('routing', { type: 'enum', values: ['simple', 'geo', 'latency'] }, 'How names resolve: one answer, by client location, or by measured latency.', 'routing: geo', 'simple')],
  cdn: [
    attr('ttl', duration(), 'How long edge servers keep an object.', 'ttl: 1d'),
    attr('fallback', { type: 'enum', values: ['origin', 'none'] }, 'Whether clients fall back to the origin when the CDN fails.', 'fallback: origin', 'none'),
    attr('hit_ratio', percent(), 'Share of requests the edge answers without the origin.', 'hit_ratio: 95%'),
    attr('invalidation', { type: 'enum', values: ['versioned', 'api', 'none'] }, 'How stale objects are replaced: versioned URLs, an invalidation API, or not at all.', 'invalidation: versioned'),
  ],
  lb: [
    attr('sticky', flag, 'Sticky sessions: a client is pinned to one server.', 'sticky', 'false'),
    publicFlag('the usual place for a public endpoint'),
  ],
  service: [
    autoscale,
    attr('sessions', { type: 'enum-or-ref', values: ['local'], kinds: ['cache', 'database'] }, 'Where session state lives: `local` (in the server) or a shared cache or database.', 'sessions: session_store'),
    attr('serves_static', flag, 'The service itself serves static assets (images, scripts, styles).', 'serves_static', 'false'),
    publicFlag('without a load balancer in front'),
  ],
  worker: [
    autoscale,
    attr('duration', duration(), 'Time one job takes.', 'duration: 2s'),
  ],
  cache: [
    attr('ttl', duration(), 'Expiry of cached entries.', 'ttl: 10m'),
    attr('eviction', { type: 'enum', values: ['lru', 'lfu', 'fifo', 'none'] }, 'What is evicted when the cache is full.', 'eviction: lru'),
    attr('hit_ratio', percent(), 'Share of reads answered by the cache.', 'hit_ratio: 80%'),
    attr('write_policy', { type: 'enum', values: ['around', 'through', 'back'] }, 'Write-around, write-through or write-back.', 'write_policy: through'),
    attr('source_of_truth', flag, 'The cache holds data that exists nowhere else.', 'source_of_truth', 'false'),
    attr('memory', { type: 'size', min: 1, max: 1024 ** 5 }, 'Memory of one cache node (extension).', 'memory: 16GB'),
    publicFlag('a cache should not be'),
  ],
  database: [
    attr('engine', { type: 'word' }, 'The database product.', 'engine: mysql'),
    attr('replication', { type: 'enum', values: ['primary-replica', 'multi-primary', 'none'] }, 'How nodes share data.', 'replication: primary-replica', 'primary-replica when replicas > 1, else none'),
    attr('shard_key', { type: 'word' }, 'The column or field rows are partitioned by.', 'shard_key: user_id'),
    attr('shards', { type: 'int', min: 1, max: MAX_INSTANCES }, 'Number of shards.', 'shards: 4', '1'),
    attr('sharding', { type: 'enum', values: ['hash', 'range', 'modulo', 'consistent'] }, 'How keys map to shards.', 'sharding: hash', 'hash when shards > 1'),
    attr('key_pattern', { type: 'enum', values: ['sequential', 'timestamp', 'random', 'uuid'] }, 'How shard key values are generated.', 'key_pattern: uuid'),
    attr('key_cardinality', { type: 'count', min: 1, max: MAX_COUNT }, 'Number of distinct shard key values.', 'key_cardinality: 10M'),
    attr('skew', { type: 'enum', values: ['low', 'high'] }, 'Whether a few keys take most of the traffic.', 'skew: high'),
    attr('hot_key_strategy', { type: 'enum', values: ['salting', 'dedicated-shards', 'none'] }, 'How celebrity keys are spread.', 'hot_key_strategy: salting'),
    attr('dataset', { type: 'word' }, 'Which data it holds (extension): databases in different regions with the same dataset hold the same data and should replicate. Databases without one are taken to hold the same data.', 'dataset: users'),
    publicFlag('a data store should not be'),
  ],
  queue: [attr('durable', flag, 'Messages survive a broker restart.', 'durable', 'false')],
  storage: [],
  monitoring: [
    attr('logging', flag, 'Collects logs.', 'logging', 'false'),
    attr('metrics', flag, 'Collects metrics.', 'metrics', 'false'),
    attr('alerting', flag, 'Alerts on metrics.', 'alerting', 'false'),
    attr('automation', flag, 'Automates builds, tests and deploys.', 'automation', 'false'),
  ],
};

export const edgeAttributes: readonly AttributeSpec[] = [
  attr('reads', flag, 'The edge carries reads.', 'reads'),
  attr('writes', flag, 'The edge carries writes.', 'writes'),
  attr('static', flag, 'The edge carries static assets.', 'static'),
  attr('async', flag, 'The caller does not wait: the synchronous flow ends here.', 'async'),
  attr('telemetry', flag, 'The edge carries logs or metrics, not requests (implied for edges into monitoring; extension).', 'telemetry'),
  attr('replication', { type: 'enum', values: ['sync', 'async'] }, 'Data replication between two stores.', 'replication: async'),
  attr('rps', { type: 'count', min: 0, max: MAX_COUNT }, 'Requests per second on this edge (override).', 'rps: 500'),
  attr('latency', duration(), 'Network time of this hop (override).', 'latency: 5ms'),
  attr('label', { type: 'string' }, 'Text shown on the edge in diagrams.', 'label: "thumbnails"'),
];

export const workloadAttributes: readonly AttributeSpec[] = [
  attr('rps', { type: 'count', min: 0, max: MAX_COUNT, exclusiveMin: true }, 'Peak requests per second, all clients together.', 'rps: 20k'),
  attr('read_ratio', percent(), 'Share of dynamic requests that only read.', 'read_ratio: 90%'),
  attr('static_ratio', percent(), 'Share of all client requests that fetch static assets.', 'static_ratio: 60%'),
  attr('dau', { type: 'count', min: 0, max: MAX_COUNT }, 'Daily active users.', 'dau: 10M'),
];

export const budgetAttributes: readonly AttributeSpec[] = [
  attr('read_p99', duration(), 'Limit on the 99th percentile of a read.', 'read_p99: 200ms'),
  attr('write_p99', duration(), 'Limit on the 99th percentile of a write.', 'write_p99: 400ms'),
  attr('static_p99', duration(), 'Limit on the 99th percentile of a static asset fetch.', 'static_p99: 150ms'),
  attr('availability', percent(true), 'Required availability of every flow.', 'availability: 99.95%'),
];

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
  return attr(f.key, value, sentence(f.source), `${f.key}: ${shown}`, shown);
});

function sentence(text: string): string {
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return t.endsWith('.') ? t : `${t}.`;
}


export type SettingsBlockName = 'workload' | 'budget' | 'latency';

export const settingsAttributes: Readonly<Record<SettingsBlockName, readonly AttributeSpec[]>> = {
  workload: workloadAttributes,
  budget: budgetAttributes,
  latency: latencyAttributes,
};

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
