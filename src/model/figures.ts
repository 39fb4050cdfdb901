/**
 * The figures the evaluator starts from, each with where it comes from. All can be overridden in
 * a model's `latency { }` block (same keys) and per component (`latency`, `capacity`,
 * `availability`). Times in milliseconds, capacities in requests per second per instance,
 * availabilities as fractions.
 */
import { productName, type Kind } from './kinds.js';

export interface Figure {
  key: string;
  value: number;
  unit: 'ms' | 'rps' | 'fraction';
  source: string;
}

/** "Latency numbers every programmer should know" (Jeff Dean / Peter Norvig, ~2012 table). */
const TABLE = 'the "latency numbers every programmer should know" table (~2012)';

export const networkFigures: readonly Figure[] = [
  { key: 'memory_reference', value: 100e-6, unit: 'ms', source: TABLE },
  { key: 'ssd_random_read', value: 0.15, unit: 'ms', source: TABLE },
  { key: 'memory_read_1mb', value: 0.25, unit: 'ms', source: TABLE },
  { key: 'datacenter_round_trip', value: 0.5, unit: 'ms', source: `${TABLE}: a hop between two components in one region` },
  { key: 'ssd_read_1mb', value: 1, unit: 'ms', source: TABLE },
  { key: 'disk_seek', value: 10, unit: 'ms', source: TABLE },
  { key: 'disk_read_1mb', value: 20, unit: 'ms', source: TABLE },
  { key: 'intercontinental_round_trip', value: 150, unit: 'ms', source: `${TABLE} (California → Netherlands → California)` },
  {
    key: 'region_round_trip',
    value: 60,
    unit: 'ms',
    source:
      'assumption: two regions of one continent (e.g. US East ↔ US West, measured 60–75 ms between cloud regions; Europe 10–40 ms); a hop between two regions',
  },
  {
    key: 'client_round_trip',
    value: 40,
    unit: 'ms',
    source: 'assumption: a user to the nearest region over broadband or 4G (typical medians 20–60 ms); the first hop of a request',
  },
  {
    key: 'cdn_round_trip',
    value: 20,
    unit: 'ms',
    source: 'assumption: a user to a CDN edge, which CDNs place within 10–30 ms of most users',
  },
];

/** Own processing time of one request, by kind (`<kind>_service_time`). */
export const serviceTimes: Readonly<Record<Kind, Figure>> = {
  client: { key: 'client_service_time', value: 0, unit: 'ms', source: 'clients do not serve requests' },
  dns: {
    key: 'dns_service_time',
    value: 0,
    unit: 'ms',
    source: 'resolutions are cached by clients for the record TTL, so a request normally pays nothing for DNS',
  },
  cdn: { key: 'cdn_service_time', value: 1, unit: 'ms', source: 'an edge serving a cached object from memory or SSD (a 1 MB SSD read is 1 ms in the table)' },
  lb: {
    key: 'lb_service_time',
    value: 0.1,
    unit: 'ms',
    source: 'assumption: an L7 proxy adds ~0.1 ms (HAProxy and nginx overheads are tens to hundreds of microseconds)',
  },
  service: { key: 'service_service_time', value: 5, unit: 'ms', source: 'assumption: a web or API handler doing a few milliseconds of CPU work' },
  worker: { key: 'worker_service_time', value: 100, unit: 'ms', source: 'assumption: a background job; set `duration` for the real figure' },
  cache: {
    key: 'cache_service_time',
    value: 0.1,
    unit: 'ms',
    source: 'an in-memory lookup: a few memory references plus protocol work (Redis serves a GET in well under 0.1 ms on the server)',
  },
  database: {
    key: 'database_service_time',
    value: 2,
    unit: 'ms',
    source: 'assumption: an indexed query on a warm buffer pool, with some SSD reads (150 µs each in the table)',
  },
  queue: { key: 'queue_service_time', value: 1, unit: 'ms', source: 'assumption: enqueuing a durable message (a replicated, fsync-ed append)' },
  storage: {
    key: 'storage_service_time',
    value: 20,
    unit: 'ms',
    source:
      'object stores serve small objects in ~10–30 ms first-byte latency (S3 documents 100–200 ms for some requests; 20 ms is typical for small GETs in-region)',
  },
  monitoring: { key: 'monitoring_service_time', value: 0, unit: 'ms', source: 'telemetry is not on a request flow' },
  gateway: {
    key: 'gateway_service_time',
    value: 1,
    unit: 'ms',
    source:
      'assumption: a self-hosted API gateway (Kong, nginx, Envoy) adds about a millisecond for routing, authentication and rate limiting; managed gateways add more (set `latency`)',
  },
  external: {
    key: 'external_service_time',
    value: 200,
    unit: 'ms',
    source:
      'assumption: a call to a third-party API over the internet (payment, e-mail and identity APIs answer in 100–500 ms, the network included); set `latency` for the provider’s figure',
  },
  search: {
    key: 'search_service_time',
    value: 10,
    unit: 'ms',
    source:
      'assumption: a full-text query on a warm index (Elasticsearch and OpenSearch answer term and match queries in a few to tens of milliseconds; aggregations over many documents take longer)',
  },
  function: {
    key: 'function_service_time',
    value: 10,
    unit: 'ms',
    source:
      'assumption: a handler doing a few milliseconds of work, plus the platform’s invocation overhead, on a warm instance (cold starts come on top: `function_cold_start`)',
  },
};

/** Requests per second one instance sustains, by kind (`<kind>_capacity`). */
export const capacities: Readonly<Record<Kind, Figure>> = {
  client: { key: 'client_capacity', value: Infinity, unit: 'rps', source: 'clients are not a tier' },
  dns: { key: 'dns_capacity', value: Infinity, unit: 'rps', source: 'managed DNS scales without limit for this purpose' },
  cdn: { key: 'cdn_capacity', value: Infinity, unit: 'rps', source: 'a CDN is a provider network sized far beyond one system' },
  lb: {
    key: 'lb_capacity',
    value: 20_000,
    unit: 'rps',
    source: 'assumption: one L7 load balancer instance (HAProxy/nginx benchmarks reach tens of thousands of HTTP requests per second per core)',
  },
  service: { key: 'service_capacity', value: 1_000, unit: 'rps', source: 'assumption: a web server instance with a few workers at ~5 ms per request' },
  worker: { key: 'worker_capacity', value: 10, unit: 'rps', source: 'one job at a time at the default 100 ms (1/duration when `duration` is set)' },
  cache: {
    key: 'cache_capacity',
    value: 100_000,
    unit: 'rps',
    source: 'Redis: ~100,000 simple operations per second per instance (redis-benchmark figures in the Redis documentation)',
  },
  database: {
    key: 'database_capacity',
    value: 5_000,
    unit: 'rps',
    source:
      'assumption: a MySQL server doing simple indexed queries (sysbench point-select results run from a few thousand to tens of thousands of QPS by hardware)',
  },
  queue: {
    key: 'queue_capacity',
    value: 20_000,
    unit: 'rps',
    source: 'assumption: a durable broker node (RabbitMQ publishes tens of thousands of persistent messages per second per node)',
  },
  storage: {
    key: 'storage_capacity',
    value: Infinity,
    unit: 'rps',
    source:
      'Amazon S3 serves 5,500 GET requests per second per prefix and scales with the number of prefixes; keys spread over prefixes do not saturate it (set `capacity: 5.5k` to model a single prefix)',
  },
  monitoring: { key: 'monitoring_capacity', value: Infinity, unit: 'rps', source: 'telemetry is not a request tier' },
  gateway: {
    key: 'gateway_capacity',
    value: 10_000,
    unit: 'rps',
    source:
      'assumption: one gateway instance with authentication and rate limiting (Kong and Envoy benchmarks reach tens of thousands of proxied requests per second per core without plugins)',
  },
  external: {
    key: 'external_capacity',
    value: Infinity,
    unit: 'rps',
    source: 'a provider sized far beyond one customer (its rate limits are a `capacity` to write)',
  },
  search: {
    key: 'search_capacity',
    value: 1_000,
    unit: 'rps',
    source:
      'assumption: one node of 8 cores, whose search thread pool has int(3 × cores / 2) + 1 = 13 threads (Elasticsearch thread pool settings): about 1,300 queries of 10 ms a second, 1,000 taken (a query takes a thread on each shard it searches)',
  },
  function: {
    key: 'function_capacity',
    value: 100,
    unit: 'rps',
    source:
      'an instance serves one request at a time (AWS Lambda: a request that finds every instance busy starts another), so 1 / service time: 100 a second at 10 ms',
  },
};

/** Availability of one instance, by kind (`<kind>_availability`). Managed kinds: of the service as a whole. */
export const availabilities: Readonly<Record<Kind, Figure>> = {
  client: { key: 'client_availability', value: 1, unit: 'fraction', source: 'clients are not counted' },
  dns: {
    key: 'dns_availability',
    value: 0.9999,
    unit: 'fraction',
    source: 'managed DNS (Amazon Route 53 offers a 100% SLA; 99.99% is taken as a realistic figure)',
  },
  cdn: { key: 'cdn_availability', value: 0.999, unit: 'fraction', source: 'Amazon CloudFront SLA: 99.9%' },
  lb: { key: 'lb_availability', value: 0.9999, unit: 'fraction', source: 'Elastic Load Balancing SLA: 99.99%' },
  service: { key: 'service_availability', value: 0.995, unit: 'fraction', source: 'one virtual machine: Amazon EC2 instance-level SLA 99.5%' },
  worker: { key: 'worker_availability', value: 0.995, unit: 'fraction', source: 'one virtual machine: Amazon EC2 instance-level SLA 99.5%' },
  cache: { key: 'cache_availability', value: 0.995, unit: 'fraction', source: 'one cache node on one virtual machine (EC2 instance-level SLA 99.5%)' },
  database: { key: 'database_availability', value: 0.995, unit: 'fraction', source: 'one database node (Amazon RDS Single-AZ SLA 99.5%)' },
  queue: { key: 'queue_availability', value: 0.995, unit: 'fraction', source: 'one broker node on one virtual machine (EC2 instance-level SLA 99.5%)' },
  storage: { key: 'storage_availability', value: 0.999, unit: 'fraction', source: 'Amazon S3 Standard SLA: 99.9%' },
  monitoring: { key: 'monitoring_availability', value: 1, unit: 'fraction', source: 'not on a request flow' },
  gateway: {
    key: 'gateway_availability',
    value: 0.995,
    unit: 'fraction',
    source: 'one gateway instance on one virtual machine (EC2 instance-level SLA 99.5%)',
  },
  external: {
    key: 'external_availability',
    value: 0.999,
    unit: 'fraction',
    source: 'assumption: third-party APIs commonly promise 99.9% (some 99.95–99.99%); write the provider’s SLA as `availability`',
  },
  search: { key: 'search_availability', value: 0.995, unit: 'fraction', source: 'one search node on one virtual machine (EC2 instance-level SLA 99.5%)' },
  function: {
    key: 'function_availability',
    value: 0.995,
    unit: 'fraction',
    source: 'one instance of a self-run function platform (`managed: false`) on one virtual machine (EC2 instance-level SLA 99.5%)',
  },
};

/** Clients and DNS. */
export const resolutionFigures: readonly Figure[] = [
  {
    key: 'dns_resolution_share',
    value: 0.05,
    unit: 'fraction',
    source:
      'assumption: browsers, operating systems and resolvers cache answers for the record TTL, and resolvers may answer from a stale cache when the authority cannot be reached (RFC 8767); one request in twenty is taken to need a fresh answer, so DNS counts for availability on that share',
  },
];

/** A function's cold starts: what one adds, and the share of invocations that pay it. */
export const coldStartFigures: readonly Figure[] = [
  {
    key: 'function_cold_start',
    value: 300,
    unit: 'ms',
    source:
      'AWS ("Operating Lambda: Performance optimization", 2021): a cold start takes from under 100 ms to over 1 second, by runtime, package size and initialisation code; 300 ms is taken',
  },
  {
    key: 'function_cold_start_share',
    value: 0.005,
    unit: 'fraction',
    source:
      'AWS ("Operating Lambda: Performance optimization", 2021): cold starts typically occur in under 1% of invocations; 0.5% is taken, whatever `autoscale` keeps warm (they add to the mean and to the slowest 1% of invocations; at 1% exactly, the p99 would sit on their edge)',
  },
];

/** How autoscaled tiers are sized. */
export const scalingFigures: readonly Figure[] = [
  {
    key: 'autoscale_target_utilization',
    value: 0.7,
    unit: 'fraction',
    source:
      'assumption: target tracking keeps each instance near this utilisation (AWS Auto Scaling and the Kubernetes HPA are commonly set to 50–70% CPU); an autoscaled tier runs ⌈λ / (target × capacity)⌉ instances within its range',
  },
];

/**
 * Availability of a managed component as a whole, by kind (`<kind>_managed_availability`): the
 * provider's published SLA for a multi-zone deployment. DNS, CDN and object storage are managed
 * by default, and their figures in `availabilities` already are the provider's.
 */
export const managedAvailabilities: Readonly<Partial<Record<Kind, Figure>>> = {
  lb: { key: 'lb_managed_availability', value: 0.9999, unit: 'fraction', source: 'Elastic Load Balancing SLA: 99.99%' },
  gateway: { key: 'gateway_managed_availability', value: 0.9995, unit: 'fraction', source: 'Amazon API Gateway SLA: 99.95%' },
  service: {
    key: 'service_managed_availability',
    value: 0.9999,
    unit: 'fraction',
    source: 'Amazon Compute SLA: 99.99% for EC2, ECS and Fargate deployed across two or more Availability Zones',
  },
  worker: {
    key: 'worker_managed_availability',
    value: 0.9999,
    unit: 'fraction',
    source: 'Amazon Compute SLA: 99.99% for EC2, ECS and Fargate deployed across two or more Availability Zones',
  },
  cache: { key: 'cache_managed_availability', value: 0.9999, unit: 'fraction', source: 'Amazon ElastiCache SLA: 99.99% for Multi-AZ clusters' },
  database: { key: 'database_managed_availability', value: 0.9995, unit: 'fraction', source: 'Amazon RDS SLA: 99.95% for Multi-AZ instances' },
  queue: { key: 'queue_managed_availability', value: 0.999, unit: 'fraction', source: 'Amazon SQS SLA: 99.9%' },
  function: { key: 'function_managed_availability', value: 0.9995, unit: 'fraction', source: 'AWS Lambda SLA: 99.95%' },
  search: { key: 'search_managed_availability', value: 0.999, unit: 'fraction', source: 'Amazon OpenSearch Service SLA: 99.9% for Multi-AZ domains' },
};

/** Managed databases whose provider publishes a better figure than the kind's, by `engine` (its first word, case ignored). */
export const engineManagedAvailabilities: readonly (Figure & { engines: readonly string[] })[] = [
  { key: 'aurora_managed_availability', engines: ['aurora'], value: 0.9999, unit: 'fraction', source: 'Amazon Aurora SLA: 99.99% for Multi-AZ clusters' },
  { key: 'dynamodb_managed_availability', engines: ['dynamodb'], value: 0.9999, unit: 'fraction', source: 'Amazon DynamoDB SLA: 99.99% for standard tables' },
  {
    key: 'spanner_managed_availability',
    engines: ['spanner'],
    value: 0.9999,
    unit: 'fraction',
    source: 'Google Cloud Spanner SLA: 99.99% for regional instances',
  },
];

/**
 * Figures of a product, named by a component's `engine` (its first word, any case: `engine:
 * postgres`, `engine: Kafka 3.6`): its service time (`<engine>_service_time`) and the requests one
 * instance (a node, a broker) sustains (`<engine>_capacity`), in place of the kind's. A capacity
 * without limit (a provider-scale service) has no key to override.
 */
export interface EngineFigures {
  kind: Kind;
  /** The names it goes by, lower case. */
  engines: readonly string[];
  serviceTime: Figure;
  capacity: Figure;
}

const engine = (kind: Kind, engines: readonly string[], time: [number, string], capacity: [number, string]): EngineFigures => ({
  kind,
  engines,
  serviceTime: { key: `${engines[0]}_service_time`, value: time[0], unit: 'ms', source: time[1] },
  capacity: { key: `${engines[0]}_capacity`, value: capacity[0], unit: 'rps', source: capacity[1] },
});

export const engineFigures: readonly EngineFigures[] = [
  engine(
    'queue',
    ['kafka'],
    [5, 'assumption: a produce acknowledged by every in-sync replica (acks=all) within one region takes a few milliseconds'],
    [
      100_000,
      'Kafka\'s published benchmark ("Benchmarking Apache Kafka: 2 Million Writes Per Second (On Three Cheap Machines)", 2014) sends ~800,000 small records per second from one producer to a replicated topic; 100,000 acknowledged produces per broker is taken',
    ],
  ),
  engine('queue', ['rabbitmq'], [serviceTimes.queue.value, serviceTimes.queue.source], [capacities.queue.value, capacities.queue.source]),
  engine(
    'queue',
    ['sqs'],
    [20, 'assumption: one SendMessage call over HTTPS within a region (commonly 10–30 ms)'],
    [Infinity, 'Amazon SQS standard queues support a nearly unlimited number of API calls per second (SQS quotas)'],
  ),
  engine(
    'queue',
    ['pubsub'],
    [20, 'assumption: one publish call over HTTPS within a region (commonly 10–30 ms)'],
    [Infinity, "Google Cloud Pub/Sub scales a topic's publishing with its load (limits are per project, in GB per second)"],
  ),
  engine('database', ['mysql'], [serviceTimes.database.value, serviceTimes.database.source], [capacities.database.value, capacities.database.source]),
  engine(
    'database',
    ['postgresql', 'postgres'],
    [serviceTimes.database.value, serviceTimes.database.source],
    [5_000, 'assumption: as MySQL (pgbench select-only runs reach from a few thousand to tens of thousands of transactions per second by hardware)'],
  ),
  engine(
    'database',
    ['cassandra'],
    [2, 'assumption: a write to the commit log and memtable, or a read from the row cache or one SSTable'],
    [
      4_000,
      'Netflix\'s benchmark ("Benchmarking Cassandra Scalability on AWS – Over a million writes per second", 2011): 1.1 million client writes per second on 288 nodes, about 4,000 per node',
    ],
  ),
  engine(
    'database',
    ['dynamodb'],
    [5, 'Amazon DynamoDB documentation: single-digit millisecond latency at any scale'],
    [Infinity, 'DynamoDB on-demand tables scale throughput with their load'],
  ),
  engine(
    'database',
    ['mongodb', 'mongo'],
    [2, 'assumption: an indexed query on a warm WiredTiger cache'],
    [5_000, 'assumption: as MySQL (YCSB read-mostly runs reach from a few thousand to tens of thousands of operations per second per node by hardware)'],
  ),
  engine('cache', ['redis', 'valkey'], [serviceTimes.cache.value, serviceTimes.cache.source], [capacities.cache.value, capacities.cache.source]),
  engine(
    'cache',
    ['memcached'],
    [0.1, 'an in-memory lookup, as Redis'],
    [
      200_000,
      'assumption: memcached is multi-threaded (4 worker threads by default, `-t`), so one node serves several times the ~100,000 operations per second of single-threaded Redis',
    ],
  ),
];

/** The figures of `c`'s `engine`, when archlint knows it for its kind. */
export function engineFiguresOf(kind: Kind, engineName: string | undefined): EngineFigures | undefined {
  const name = productName(engineName);
  if (name === undefined) return undefined;
  return engineFigures.find((f) => f.kind === kind && f.engines.includes(name));
}

/**
 * Managed databases whose provider backs them up unless told not to, by engine: a `managed`
 * database of one of these engines is taken to have the provider's automated backups.
 */
export const managedBackups: readonly { engines: readonly string[]; source: string }[] = [
  {
    engines: ['mysql', 'postgresql', 'postgres', 'mariadb', 'oracle', 'sqlserver'],
    source:
      'Amazon RDS enables automated backups by default (daily snapshots and transaction logs, point-in-time recovery within a retention of 1 to 35 days); Cloud SQL and Azure Database do the same',
  },
  { engines: ['aurora'], source: 'Amazon Aurora backs up continuously and cannot be turned off (retention 1 to 35 days)' },
  { engines: ['spanner'], source: 'Cloud Spanner keeps versions for point-in-time recovery (up to 7 days) and takes scheduled backups when configured' },
];

/** Share of requests answered without the origin, when a component does not say (`hit_ratio`). */
export const hitRatios: readonly Figure[] = [
  {
    key: 'cache_hit_ratio',
    value: 0.8,
    unit: 'fraction',
    source: 'assumption: a query cache in front of a database answers 80% of reads (hit ratios of 70–95% are typical for hot data)',
  },
  {
    key: 'cdn_hit_ratio',
    value: 0.9,
    unit: 'fraction',
    source: 'assumption: a CDN answers 90% of static requests from its edge (providers report 85–99% for versioned assets)',
  },
];

/** Every overridable key, for the `latency { }` block and `archlint eval --print-defaults`. */
export function allFigures(): Figure[] {
  const perKind = (table: Readonly<Record<Kind, Figure>>) =>
    Object.values(table).filter((f) => Number.isFinite(f.value) && !/^(client|monitoring)_/.test(f.key));
  return [
    ...networkFigures,
    ...perKind(serviceTimes),
    ...perKind(capacities),
    ...perKind(availabilities),
    ...Object.values(managedAvailabilities),
    ...engineManagedAvailabilities.map(({ engines: _, ...f }) => f),
    ...engineFigures.flatMap((f) => [f.serviceTime, f.capacity]).filter((f) => Number.isFinite(f.value)),
    ...hitRatios,
    ...coldStartFigures,
    ...resolutionFigures,
    ...scalingFigures,
  ];
}
