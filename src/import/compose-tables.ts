/**
 * The Compose importer's mapping tables: data, read by compose.ts. What each table decides is
 * documented, row by row, in docs/importers/compose.md.
 */
import type { Kind } from '../model/kinds.js';

/**
 * Where each engine keeps its data in its official (and Bitnami) images. A mount counts as the
 * store's persistence when it is at one of these paths or above it. An engine missing here keeps
 * its data wherever it likes, and any writable mount counts.
 */
export const dataDirectories: Readonly<Record<string, readonly string[]>> = {
  postgresql: ['/var/lib/postgresql/data', '/bitnami/postgresql', '/home/postgres/pgdata'],
  mysql: ['/var/lib/mysql', '/bitnami/mysql', '/bitnami/mariadb'],
  mongodb: ['/data/db', '/bitnami/mongodb'],
  cassandra: ['/var/lib/cassandra', '/bitnami/cassandra'],
  cockroachdb: ['/cockroach/cockroach-data'],
  redis: ['/data', '/bitnami/redis/data'],
  rabbitmq: ['/var/lib/rabbitmq', '/bitnami/rabbitmq/mnesia'],
  kafka: ['/var/lib/kafka/data', '/bitnami/kafka', '/var/lib/redpanda/data', '/tmp/kraft-combined-logs'],
  nats: ['/data', '/tmp/nats'],
};

/** Environment variables that move an engine's data directory (`PGDATA=/data/pg`). */
export const dataDirectoryVariables: Readonly<Record<string, readonly string[]>> = {
  postgresql: ['PGDATA', 'POSTGRESQL_DATA_DIR'],
  kafka: ['KAFKA_LOG_DIRS', 'KAFKA_CFG_LOG_DIRS'],
  rabbitmq: ['RABBITMQ_MNESIA_BASE'],
};

/** Engines that keep nothing across a restart whatever is mounted. */
export const memoryOnlyEngines: ReadonlySet<string> = new Set(['memcached']);

/** Database engines whose nodes form one cluster when scaled; others scaled by `replicas` are separate copies (`replication: none`). */
export const clusteringEngines: ReadonlySet<string> = new Set(['cassandra', 'cockroachdb']);

/**
 * Queue engines whose messages survive a restart once the broker's data directory is on a
 * volume: RabbitMQ (durable queues are the default of its clients' frameworks), NATS with
 * JetStream (`-js`), Redis with the append-only file (`--appendonly yes`). Kafka is durable by
 * its engine (the rules know it).
 */
export const durableWhenPersisted: Readonly<Record<string, RegExp | true>> = {
  rabbitmq: true,
  nats: /(^|\s)(-js|--jetstream)(\s|$)/,
  redis: /--appendonly\s+yes/,
};

/** What a monitoring image collects: the `logging`, `metrics` and `alerting` flags. */
export const monitoringFlags: readonly { pattern: RegExp; flags: readonly ('logging' | 'metrics' | 'alerting')[] }[] = [
  { pattern: /^prometheus$/, flags: ['metrics'] },
  { pattern: /^alertmanager$/, flags: ['alerting'] },
  { pattern: /^grafana$/, flags: ['alerting'] },
  { pattern: /^loki$/, flags: ['logging'] },
  { pattern: /^fluent-?bit$|^fluentd$|^logstash$|^filebeat$/, flags: ['logging'] },
  { pattern: /otel.*collector|opentelemetry-collector/, flags: ['logging', 'metrics'] },
  { pattern: /^datadog|^agent$/, flags: ['logging', 'metrics', 'alerting'] },
];

/**
 * Images that are not a tier of the system: tools for the people running the project (database
 * consoles, mail catchers, container dashboards, metric exporters, certificate renewers) and the
 * coordination services clusters keep beside them. Left out, with a note saying which.
 */
export const toolImages: readonly { pattern: RegExp; what: string; part?: true }[] = [
  { pattern: /^(adminer|phpmyadmin|pgadmin4?|mongo-express|redis-commander|redisinsight|pgweb|dbgate|cloudbeaver)$/, what: 'a database console' },
  { pattern: /^(kafka-ui|kafdrop|akhq|redpanda-console|console)$/, what: 'a message broker console' },
  { pattern: /^(mailhog|mailpit|maildev|mailcatcher|smtp4dev)$/, what: 'a mail catcher for development' },
  { pattern: /^(portainer|portainer-ce|dozzle|watchtower|docker-socket-proxy|autoheal)$/, what: 'a container management tool' },
  { pattern: /^(certbot|acme-companion|letsencrypt-nginx-proxy-companion)$/, what: 'a certificate renewer' },
  { pattern: /^(zookeeper|cp-zookeeper)$/, what: 'the coordination service of the brokers that use it', part: true },
  { pattern: /^(swagger-ui|swagger-editor|redoc)$/, what: 'API documentation' },
  { pattern: /^flower$/, what: 'a task queue console' },
  { pattern: /^kibana$/, what: 'a dashboard' },
  { pattern: /(^|-)exporter$|^cadvisor$|^promtail$/, what: 'a metrics or log agent feeding the monitoring' },
];

/** Images that back up a database they name (the backup becomes the database's `backup`). */
export const backupImages: RegExp = /backup|^pgbackrest$|^barman$|^wal-g$/;

/** Variables of backup images giving the schedule (cron, `@daily`), or minutes between dumps. */
export const backupScheduleVariables: readonly string[] = ['SCHEDULE', 'BACKUP_CRON_EXPRESSION', 'BACKUP_SCHEDULE', 'CRON_SCHEDULE', 'CRON', 'BACKUP_CRON'];
export const backupIntervalMinutesVariables: readonly string[] = ['DB_DUMP_FREQ', 'DEFAULT_BACKUP_INTERVAL'];
/** Variables of backup images giving how many days backups are kept. */
export const backupRetentionDaysVariables: readonly string[] = ['BACKUP_KEEP_DAYS', 'BACKUP_RETENTION_DAYS', 'KEEP_DAYS', 'RETENTION_DAYS'];

/** Commands of background workers (job queues' consumers, schedulers). */
export const workerCommands: readonly RegExp[] = [
  /\bcelery\b.*\bworker\b/,
  /\bsidekiq\b/,
  /\brq\s+worker\b|\brqworker\b/,
  /\bdramatiq\b|\bhuey_consumer\b|\brun_huey\b|\barq\b|\btaskiq\b.*\bworker\b/,
  /\bqueue:(work|listen)\b|\bhorizon\b|\bmessenger:consume\b/,
  /\bresque\b|\bjobs:work\b|\bsolid_queue\b|\bgood_job\b|\bdelayed_job\b/,
];

/** A word of a command that names a worker program (`worker`, `bin/consumer`, `worker.py`, `consume_events`); not an option (`--worker-class`). */
export const workerCommandWord: RegExp = /^(?!-)(.*[/_.:-])?(worker|workers|consumer|consumers|consume)([_.:-].*)?$/i;

/** Service names that say a service is a background worker (when it has no ports). */
export const workerNames: RegExp = /(^|[-_.])(worker|workers|consumer|consumers|celery|sidekiq|jobs?)([-_.\d]|$)/i;

/**
 * Schedulers: processes that start jobs on a clock (Celery beat, rq-scheduler, Laravel's
 * `schedule:work`, cron). They are where work comes from, not a tier requests pass through, and
 * run once by design (two Celery beats send every task twice): left out, with a note.
 */
export const schedulerCommands: readonly RegExp[] = [
  /\bcelery\b.*\bbeat\b/,
  /\brqscheduler\b/,
  /\bschedule:(work|run)\b/,
  /(^|[\s/])(crond?|supercronic)(\s|$)/,
];
export const schedulerNames: RegExp = /(^|[-_.])(scheduler|cron|crond|beat|clock)([-_.\d]|$)/i;

/** Commands of tools for people that run from the application's own image (Celery's Flower). */
export const toolCommands: readonly { pattern: RegExp; what: string }[] = [{ pattern: /\bcelery\b.*\bflower\b/, what: 'a task queue console' }];

/**
 * Environment variable names that hold another service's address: a bare service name in one of
 * them that names no service is a dangling reference.
 */
export const addressVariable: RegExp =
  /(^|_)(HOST|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|URL|URLS|URI|DSN|ENDPOINT|ENDPOINTS|BROKER|BROKERS|NODES|SEEDS|BOOTSTRAP_SERVERS|UPSTREAM)$/i;

/** Variables that name the service itself or its public address, never a service it calls. */
export const ownAddressVariable: RegExp =
  /(^|_)(HOSTNAME|BIND|LISTEN|LISTENERS|ADVERTISED|ALLOWED|VIRTUAL_HOST|VIRTUAL_PORT|LETSENCRYPT|TRUSTED|CORS|ORIGIN|ORIGINS|PUBLIC|EXTERNAL|DOMAIN|SERVER_NAME|REDIRECT|CALLBACK)(_|$)|^HOST$|^PORT$/i;

/** Variables that give the address or port a service listens on: it is a server, not a background worker. */
export const listenVariable: RegExp =
  /^(PORT|HTTP_PORT|HTTPS_PORT|SERVER_PORT|LISTEN_PORT|APP_PORT|WEB_PORT|API_PORT)$|(^|_)(LISTEN|BIND)(_ADDR|_ADDRESS|_HOST|_PORT)?$|^ADDRESS$/i;

/** A health check that asks the container for a web page: it serves HTTP. */
export const httpHealthcheck: RegExp = /\b(curl|wget)\b.*\bhttps?:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0)\b/;

/** Host names that are not services: the container itself, the host machine. */
export const notServices: ReadonlySet<string> = new Set(['localhost', 'host.docker.internal', 'gateway.docker.internal', 'host-gateway', 'ip6-localhost']);

/**
 * Reverse proxies that route to services by the services' own labels or environment
 * (Traefik's Docker provider, caddy-docker-proxy, nginx-proxy), and what marks a routed service.
 */
export const labelRouters: readonly { image: RegExp; label?: RegExp; env?: RegExp }[] = [
  { image: /(^|\/)traefik$/, label: /^traefik\./ },
  { image: /caddy-docker-proxy|(^|\/)caddy$/, label: /^caddy(_\d+)?$/ },
  { image: /nginx-proxy$|docker-gen$/, env: /^VIRTUAL_HOST$/ },
];

/** A Traefik label setting a rate limit (`…middlewares.x.ratelimit.average=100`). */
export const traefikRateLimit: RegExp = /^traefik\.http\.middlewares\.[^.]+\.ratelimit\.average$/;

/** Kinds that take the `public` attribute, and those a client's requests go to. */
export const publicKinds: ReadonlySet<Kind> = new Set(['lb', 'service', 'gateway', 'database', 'cache', 'search']);
export const entryKinds: ReadonlySet<Kind> = new Set(['lb', 'service', 'gateway', 'dns']);
/** Kinds that keep data (`persistence`). */
export const persistentKinds: ReadonlySet<Kind> = new Set(['database', 'cache', 'queue']);
/** Kinds with an `engine`. */
export const engineKinds: ReadonlySet<Kind> = new Set(['database', 'cache', 'queue', 'search']);
/** Stores that nothing names get an edge from the one service that can reach them (not queues: who produces and who consumes cannot be told). */
export const guessedStoreKinds: ReadonlySet<Kind> = new Set(['database', 'cache', 'search', 'storage']);
/** Kinds whose `depends_on` is start order only: a store does not call what it waits for. */
export const passiveKinds: ReadonlySet<Kind> = new Set(['database', 'cache', 'queue', 'search', 'storage', 'monitoring', 'external', 'cdn']);
