/**
 * What a container image is: the table that maps image names to component kinds and engines,
 * shared by the Kubernetes and Compose importers. The configuration's `import.kinds` patterns
 * (globs on the image name without its registry and tag) come first, then this table.
 */
import picomatch from 'picomatch';
import type { Kind } from '../model/kinds.js';

export interface ImageRule {
  /** A glob on the image's repository name (`bitnami/redis`, `*redis*`). */
  pattern: string;
  kind: Kind;
  /** The product, for the `engine` attribute of databases, caches and queues. */
  engine?: string;
}

/**
 * Built-in image table, by the image's last path segment (`docker.io/bitnami/postgresql:16` →
 * `postgresql`), or by its repository for a pattern with a `/` (`datadog/agent`). Ordered: the
 * first match wins.
 */
export const imageTable: readonly ImageRule[] = [
  // Proxies, gateways and stores Compose projects often run (added with the Compose importer).
  { pattern: 'nginx-proxy', kind: 'lb' },
  { pattern: 'caddy-docker-proxy', kind: 'lb' },
  { pattern: 'kong', kind: 'gateway' },
  { pattern: 'krakend', kind: 'gateway' },
  { pattern: 'apisix', kind: 'gateway' },
  { pattern: 'tyk-gateway', kind: 'gateway' },
  { pattern: 'datadog/agent', kind: 'monitoring' },
  { pattern: 'victoria-metrics', kind: 'monitoring' },
  { pattern: 'redismod', kind: 'cache', engine: 'redis' },
  { pattern: 'azure-sql-edge', kind: 'database', engine: 'sqlserver' },
  { pattern: 'mssql/server', kind: 'database', engine: 'sqlserver' },
  { pattern: 'pihole', kind: 'dns' },
  { pattern: 'postgres', kind: 'database', engine: 'postgresql' },
  { pattern: 'postgresql', kind: 'database', engine: 'postgresql' },
  { pattern: 'postgis', kind: 'database', engine: 'postgresql' },
  { pattern: 'timescaledb*', kind: 'database', engine: 'postgresql' },
  { pattern: 'mysql', kind: 'database', engine: 'mysql' },
  { pattern: 'mariadb', kind: 'database', engine: 'mysql' },
  { pattern: 'percona*', kind: 'database', engine: 'mysql' },
  { pattern: 'mongo', kind: 'database', engine: 'mongodb' },
  { pattern: 'mongodb', kind: 'database', engine: 'mongodb' },
  { pattern: 'cassandra', kind: 'database', engine: 'cassandra' },
  { pattern: 'scylla', kind: 'database', engine: 'cassandra' },
  { pattern: 'cockroach', kind: 'database', engine: 'cockroachdb' },
  { pattern: 'redis', kind: 'cache', engine: 'redis' },
  { pattern: 'redis-stack*', kind: 'cache', engine: 'redis' },
  { pattern: 'valkey', kind: 'cache', engine: 'redis' },
  { pattern: 'keydb', kind: 'cache', engine: 'redis' },
  { pattern: 'memcached', kind: 'cache', engine: 'memcached' },
  { pattern: 'rabbitmq', kind: 'queue', engine: 'rabbitmq' },
  { pattern: 'kafka', kind: 'queue', engine: 'kafka' },
  { pattern: 'cp-kafka', kind: 'queue', engine: 'kafka' },
  { pattern: 'redpanda', kind: 'queue', engine: 'kafka' },
  { pattern: 'nats', kind: 'queue', engine: 'nats' },
  { pattern: 'nginx', kind: 'lb' },
  { pattern: 'nginx-unprivileged', kind: 'lb' },
  { pattern: 'envoy', kind: 'lb' },
  { pattern: 'haproxy', kind: 'lb' },
  { pattern: 'traefik', kind: 'lb' },
  { pattern: 'caddy', kind: 'lb' },
  { pattern: 'elasticsearch', kind: 'search', engine: 'elasticsearch' },
  { pattern: 'opensearch', kind: 'search', engine: 'opensearch' },
  { pattern: 'solr', kind: 'search', engine: 'solr' },
  { pattern: 'meilisearch', kind: 'search', engine: 'meilisearch' },
  { pattern: 'minio', kind: 'storage' },
  { pattern: 'prometheus', kind: 'monitoring' },
  { pattern: 'grafana', kind: 'monitoring' },
  { pattern: 'loki', kind: 'monitoring' },
  { pattern: 'jaeger*', kind: 'monitoring' },
  { pattern: 'otel*collector*', kind: 'monitoring' },
  { pattern: 'opentelemetry-collector*', kind: 'monitoring' },
  { pattern: 'fluent-bit', kind: 'monitoring' },
  { pattern: 'fluentd', kind: 'monitoring' },
  { pattern: 'datadog*', kind: 'monitoring' },
  // Added for the Kubernetes importer: replicated PostgreSQL images, and the rest of a
  // monitoring stack (exporters, shippers and stores of metrics, logs and alerts).
  { pattern: 'postgresql-repmgr', kind: 'database', engine: 'postgresql' },
  { pattern: 'spilo*', kind: 'database', engine: 'postgresql' },
  { pattern: 'alertmanager', kind: 'monitoring' },
  { pattern: 'node-exporter', kind: 'monitoring' },
  { pattern: '*-exporter', kind: 'monitoring' },
  { pattern: '*_exporter', kind: 'monitoring' },
  { pattern: 'kube-state-metrics', kind: 'monitoring' },
  { pattern: 'promtail', kind: 'monitoring' },
  { pattern: 'filebeat', kind: 'monitoring' },
  { pattern: 'logstash', kind: 'monitoring' },
  { pattern: 'tempo', kind: 'monitoring' },
  { pattern: 'thanos', kind: 'monitoring' },
  { pattern: 'victoria-metrics*', kind: 'monitoring' },
  { pattern: 'vmagent', kind: 'monitoring' },
  { pattern: 'vmsingle', kind: 'monitoring' },
  { pattern: 'mimir', kind: 'monitoring' },
  { pattern: 'grafana-agent', kind: 'monitoring' },
  { pattern: 'alloy', kind: 'monitoring' },
];

/** The image's repository without registry, tag or digest: `ghcr.io/acme/redis:7@sha…` → `acme/redis`. */
export function repositoryOf(image: string): string {
  let ref = image.trim().split('@')[0]!;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  // A first segment with a dot or a port, or `localhost`, is a registry.
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/').toLowerCase();
}

const matchers = new Map<string, (s: string) => boolean>();
function matcher(pattern: string): (s: string) => boolean {
  let m = matchers.get(pattern);
  if (!m) matchers.set(pattern, (m = picomatch(pattern.toLowerCase(), { dot: true })));
  return m;
}

/**
 * The kind an image is: the first configured pattern matching its repository (or its last
 * segment), then the built-in table on the last segment; undefined when neither knows it.
 */
export function kindOfImage(image: string, configured: readonly ImageRule[]): ImageRule | undefined {
  const repository = repositoryOf(image);
  const last = repository.split('/').pop() ?? repository;
  for (const rule of configured) if (matcher(rule.pattern)(repository) || matcher(rule.pattern)(last)) return rule;
  return imageTable.find((rule) => matcher(rule.pattern)(rule.pattern.includes('/') ? repository : last));
}
