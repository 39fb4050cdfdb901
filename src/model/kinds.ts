/**
 * The component kinds of the language, with the words people write for them, their one-line
 * descriptions and the groups the checks and defaults use (provider kinds, data stores). A module
 * of its own so that the attribute tables (schema.ts) and the evaluator's figures (figures.ts),
 * which both need `Kind`, can depend on it without depending on each other.
 */

export const kinds = [
  'client',
  'dns',
  'cdn',
  'lb',
  'service',
  'worker',
  'cache',
  'database',
  'queue',
  'storage',
  'monitoring',
  'external',
  'gateway',
  'search',
  'function',
] as const;

export type Kind = (typeof kinds)[number];

/** Words people write for a kind, with the kind they mean ("did you mean `lb`?"). */
export const kindAliases: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ['loadbalancer', 'lb'],
  ['load_balancer', 'lb'],
  ['load-balancer', 'lb'],
  ['balancer', 'lb'],
  ['alb', 'lb'],
  ['elb', 'lb'],
  ['nginx', 'lb'],
  ['db', 'database'],
  ['rdbms', 'database'],
  ['sql', 'database'],
  ['mysql', 'database'],
  ['postgres', 'database'],
  ['nosql', 'database'],
  ['server', 'service'],
  ['webserver', 'service'],
  ['web', 'service'],
  ['app', 'service'],
  ['api', 'service'],
  ['backend', 'service'],
  ['redis', 'cache'],
  ['memcached', 'cache'],
  ['mq', 'queue'],
  ['kafka', 'queue'],
  ['broker', 'queue'],
  ['job', 'worker'],
  ['consumer', 'worker'],
  ['s3', 'storage'],
  ['blob', 'storage'],
  ['bucket', 'storage'],
  ['objectstore', 'storage'],
  ['user', 'client'],
  ['users', 'client'],
  ['browser', 'client'],
  ['mobile', 'client'],
  ['metrics', 'monitoring'],
  ['logging', 'monitoring'],
  ['observability', 'monitoring'],
  // Products people type for the kind they are (the engine, where archlint knows it, says which).
  ['sqs', 'queue'],
  ['rabbitmq', 'queue'],
  ['pubsub', 'queue'],
  ['kinesis', 'queue'],
  ['sns', 'queue'],
  ['dynamodb', 'database'],
  ['cassandra', 'database'],
  ['mongodb', 'database'],
  ['mongo', 'database'],
  ['postgresql', 'database'],
  ['aurora', 'database'],
  ['rds', 'database'],
  ['spanner', 'database'],
  ['elasticache', 'cache'],
  ['valkey', 'cache'],
  ['cloudfront', 'cdn'],
  ['akamai', 'cdn'],
  ['fastly', 'cdn'],
  ['cloudflare', 'cdn'],
  ['route53', 'dns'],
  ['haproxy', 'lb'],
  ['envoy', 'lb'],
  ['gcs', 'storage'],
  ['prometheus', 'monitoring'],
  ['cloudwatch', 'monitoring'],
  ['datadog', 'monitoring'],
  ['grafana', 'monitoring'],
  ['stripe', 'external'],
  ['apigateway', 'gateway'],
  ['api_gateway', 'gateway'],
  ['api-gateway', 'gateway'],
  ['waf', 'gateway'],
  ['kong', 'gateway'],
  ['paypal', 'external'],
  ['twilio', 'external'],
  ['sendgrid', 'external'],
  ['auth0', 'external'],
  ['okta', 'external'],
  ['saas', 'external'],
  ['thirdparty', 'external'],
  ['third_party', 'external'],
  ['elasticsearch', 'search'],
  ['opensearch', 'search'],
  ['solr', 'search'],
  ['meilisearch', 'search'],
  ['lambda', 'function'],
  ['faas', 'function'],
  ['serverless', 'function'],
  ['cloudfunction', 'function'],
  ['cloud_function', 'function'],
  ['azurefunction', 'function'],
]);

/** Products whose figures archlint knows by `engine` (src/model/figures.ts), by the name people type. */
export const engineAliases: ReadonlyMap<string, string> = new Map([
  ['sqs', 'sqs'],
  ['rabbitmq', 'rabbitmq'],
  ['kafka', 'kafka'],
  ['pubsub', 'pubsub'],
  ['dynamodb', 'dynamodb'],
  ['cassandra', 'cassandra'],
  ['mongodb', 'mongodb'],
  ['mongo', 'mongodb'],
  ['mysql', 'mysql'],
  ['postgres', 'postgresql'],
  ['postgresql', 'postgresql'],
  ['aurora', 'aurora'],
  ['redis', 'redis'],
  ['valkey', 'valkey'],
  ['memcached', 'memcached'],
]);

export function isKind(word: string): word is Kind {
  return (kinds as readonly string[]).includes(word);
}

export const kindDescriptions: Readonly<Record<Kind, string>> = {
  client: 'Web or mobile users: where requests start.',
  dns: 'Name resolution.',
  cdn: 'Content delivery network for static assets.',
  lb: 'Load balancer in front of a pool of servers.',
  service: 'Web or application tier.',
  worker: 'Asynchronous job processor.',
  cache: 'In-memory cache.',
  database: 'Relational or NoSQL store.',
  queue: 'Message queue.',
  storage: 'Object or blob store.',
  monitoring: 'Logs, metrics, alerting and automation.',
  external: 'A service run by someone else (a payment provider, e-mail, an identity provider), with its own SLA.',
  gateway: 'An API gateway or web application firewall at the public entry: routes each request to a service, and can limit rates.',
  search: 'A search index (Elasticsearch, OpenSearch, Solr): a copy of data kept for queries, fed from the store that holds it; not a source of truth.',
  function:
    'A serverless function (AWS Lambda, Cloud Functions, Azure Functions): the platform starts instances as requests come, one request at a time each, up to a concurrency limit.',
};

/** Kinds that are provider services: `managed` unless the model says `managed: false`. */
export const managedByDefault: ReadonlySet<Kind> = new Set<Kind>(['dns', 'cdn', 'storage', 'external', 'function']);

/** Kinds that hold data (ends of replication edges, session stores); a search index holds a copy. */
export const storeKinds: ReadonlySet<Kind> = new Set<Kind>(['database', 'cache', 'storage', 'search']);

/** Stores that keep their data on disk as its source (a cache's data is a copy in memory, a search index's a copy for queries). */
export const durableStoreKinds: ReadonlySet<string> = new Set<Kind>(['database', 'storage']);

/** Kinds that take messages off a queue and do the work. */
export const consumerKinds: ReadonlySet<string> = new Set<Kind>(['worker', 'service', 'function']);

/** The product an `engine` names: its first word, lower case (`Aurora-PostgreSQL 15` → `aurora`). */
export function productName(engine: string | undefined): string | undefined {
  return engine?.trim().split(/[\s-]/)[0]?.toLowerCase();
}
