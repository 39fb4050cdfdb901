/**
 * The Kubernetes importer's mapping choices, as data: what each resource kind becomes, which
 * containers are sidecars, what each monitoring product collects, which environment variable
 * names say "this is a host" or "this Redis is a queue", and the labels, annotations and
 * commands that carry architecture. kubernetes.ts reads only these tables to decide; the
 * documentation page (docs/importers/kubernetes.md) describes the same tables.
 */

/** What the importer does with a resource kind. */
export type Role =
  /** A workload: a component of its own (kind from its image, then its shape). */
  | 'workload'
  | 'service'
  | 'ingress'
  | 'gateway'
  | 'route'
  | 'hpa'
  | 'pdb'
  | 'service-monitor'
  | 'pod-monitor'
  /** Prometheus Operator's Prometheus and Alertmanager: members of the monitoring stack. */
  | 'prometheus'
  | 'alertmanager'
  | 'prometheus-rule'
  | 'storage-class'
  | 'persistent-volume'
  /** Read for what other resources refer to (ConfigMap, Secret, PVC); no component of its own. */
  | 'data'
  /** Carries no architecture: read and left out without a note. */
  | 'ignored';

/** Resource kinds and their role; `group` is the API group (`''` for the core group), `*` any. */
export const resourceTable: readonly { kind: string; groups: readonly string[]; role: Role; becomes: string }[] = [
  { kind: 'Deployment', groups: ['apps', 'extensions'], role: 'workload', becomes: 'a component' },
  { kind: 'StatefulSet', groups: ['apps'], role: 'workload', becomes: 'a component' },
  { kind: 'DaemonSet', groups: ['apps', 'extensions'], role: 'workload', becomes: 'a component (replicas: 2)' },
  { kind: 'ReplicaSet', groups: ['apps', 'extensions'], role: 'workload', becomes: 'a component unless its Deployment is in the manifests' },
  { kind: 'ReplicationController', groups: [''], role: 'workload', becomes: 'a component' },
  { kind: 'Rollout', groups: ['argoproj.io'], role: 'workload', becomes: 'a component (as a Deployment)' },
  { kind: 'Job', groups: ['batch'], role: 'workload', becomes: 'a worker unless its CronJob is in the manifests' },
  { kind: 'CronJob', groups: ['batch'], role: 'workload', becomes: 'a worker' },
  { kind: 'Pod', groups: [''], role: 'workload', becomes: 'a component unless its owner is in the manifests' },
  { kind: 'Service', groups: [''], role: 'service', becomes: 'an alias of the workloads it selects; `lb` for type LoadBalancer' },
  { kind: 'Ingress', groups: ['networking.k8s.io', 'extensions'], role: 'ingress', becomes: 'a managed, public `lb`' },
  { kind: 'Gateway', groups: ['gateway.networking.k8s.io'], role: 'gateway', becomes: 'a managed, public `lb`' },
  { kind: 'HTTPRoute', groups: ['gateway.networking.k8s.io'], role: 'route', becomes: 'edges from its Gateways to its backends' },
  { kind: 'GRPCRoute', groups: ['gateway.networking.k8s.io'], role: 'route', becomes: 'edges from its Gateways to its backends' },
  { kind: 'TLSRoute', groups: ['gateway.networking.k8s.io'], role: 'route', becomes: 'edges from its Gateways to its backends' },
  { kind: 'TCPRoute', groups: ['gateway.networking.k8s.io'], role: 'route', becomes: 'edges from its Gateways to its backends' },
  { kind: 'UDPRoute', groups: ['gateway.networking.k8s.io'], role: 'route', becomes: 'edges from its Gateways to its backends' },
  { kind: 'HorizontalPodAutoscaler', groups: ['autoscaling'], role: 'hpa', becomes: '`autoscale: min..max` of its target' },
  { kind: 'PodDisruptionBudget', groups: ['policy'], role: 'pdb', becomes: 'nothing (checked to select a workload)' },
  { kind: 'ServiceMonitor', groups: ['monitoring.coreos.com'], role: 'service-monitor', becomes: 'telemetry edges to the monitoring component' },
  { kind: 'PodMonitor', groups: ['monitoring.coreos.com'], role: 'pod-monitor', becomes: 'telemetry edges to the monitoring component' },
  { kind: 'Prometheus', groups: ['monitoring.coreos.com'], role: 'prometheus', becomes: 'the monitoring component (metrics)' },
  { kind: 'Alertmanager', groups: ['monitoring.coreos.com'], role: 'alertmanager', becomes: 'the monitoring component (alerting)' },
  { kind: 'PrometheusRule', groups: ['monitoring.coreos.com'], role: 'prometheus-rule', becomes: '`alerting` when it holds alert rules' },
  { kind: 'StorageClass', groups: ['storage.k8s.io'], role: 'storage-class', becomes: 'the zones of the cluster (allowedTopologies)' },
  { kind: 'PersistentVolume', groups: [''], role: 'persistent-volume', becomes: 'the zones of the cluster (nodeAffinity)' },
  { kind: 'ConfigMap', groups: [''], role: 'data', becomes: 'values of the env vars and files that use it' },
  { kind: 'Secret', groups: [''], role: 'data', becomes: 'values of the env vars that use it' },
  { kind: 'PersistentVolumeClaim', groups: [''], role: 'data', becomes: '`persistence: volume` of the pods that mount it' },
  // No architecture: who may do what, how much, and the cluster's own machinery.
  ...['ServiceAccount', 'Namespace', 'ResourceQuota', 'LimitRange', 'Endpoints', 'Event', 'ComponentStatus', 'Binding', 'PodTemplate'].map((kind) => ({
    kind,
    groups: [''],
    role: 'ignored' as const,
    becomes: 'ignored: no architecture',
  })),
  ...['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].map((kind) => ({
    kind,
    groups: ['rbac.authorization.k8s.io'],
    role: 'ignored' as const,
    becomes: 'ignored: no architecture',
  })),
  { kind: 'NetworkPolicy', groups: ['networking.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'IngressClass', groups: ['networking.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'GatewayClass', groups: ['gateway.networking.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'ReferenceGrant', groups: ['gateway.networking.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'PriorityClass', groups: ['scheduling.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'RuntimeClass', groups: ['node.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'EndpointSlice', groups: ['discovery.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'ControllerRevision', groups: ['apps'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'Lease', groups: ['coordination.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'CustomResourceDefinition', groups: ['apiextensions.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'MutatingWebhookConfiguration', groups: ['admissionregistration.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'ValidatingWebhookConfiguration', groups: ['admissionregistration.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'APIService', groups: ['apiregistration.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'CSIDriver', groups: ['storage.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'VolumeSnapshotClass', groups: ['snapshot.storage.k8s.io'], role: 'ignored', becomes: 'ignored: no architecture' },
  { kind: 'VerticalPodAutoscaler', groups: ['autoscaling.k8s.io'], role: 'ignored', becomes: 'ignored: sizes pods, not their number' },
  ...['Certificate', 'CertificateRequest', 'Issuer', 'ClusterIssuer'].map((kind) => ({
    kind,
    groups: ['cert-manager.io'],
    role: 'ignored' as const,
    becomes: 'ignored: no architecture',
  })),
];

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → `''`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function roleOf(kind: string, apiVersion: string): Role | undefined {
  const group = groupOf(apiVersion);
  return resourceTable.find((r) => r.kind === kind && (r.groups.includes(group) || r.groups.includes('*')))?.role;
}

/**
 * Containers that run beside the application and say nothing of what the pod is: meshes'
 * proxies, log shippers, metric exporters, secret and database proxies. Matched on the
 * container's name or its image's last path segment (without the tag); ignored when deciding a
 * workload's kind unless every container is one.
 */
export const sidecarPatterns: readonly RegExp[] = [
  /^istio-proxy$/,
  /^proxyv2$/,
  /^linkerd-proxy$/,
  /^linkerd2?-proxy/,
  /^envoy-sidecar$/,
  /^consul-(dataplane|connect)/,
  /^vault-agent/,
  /^cloud-?sql-proxy$/,
  /^oauth2-proxy$/,
  /exporter$/,
  /_exporter$/,
  /^fluent-?bit$/,
  /^fluentd$/,
  /^promtail$/,
  /^filebeat$/,
  /^vector$/,
  /^log-?(shipper|forwarder|agent|collector)/,
  /^otel-agent$/,
  /^datadog-agent$/,
];

/** What a monitoring product collects: `logging`, `metrics`, `alerting` (by the image's last segment). */
export const monitoringFlags: readonly { pattern: RegExp; flags: readonly ('logging' | 'metrics' | 'alerting')[] }[] = [
  { pattern: /^prometheus$/, flags: ['metrics'] },
  { pattern: /^(victoria-metrics|vmsingle|vmagent|vmstorage|thanos|mimir|cortex)/, flags: ['metrics'] },
  { pattern: /^alertmanager$/, flags: ['alerting'] },
  { pattern: /^(loki|fluent-?bit|fluentd|promtail|filebeat|logstash|vector)$/, flags: ['logging'] },
  { pattern: /^(otel.*collector.*|opentelemetry-collector.*|grafana-agent|alloy|datadog.*)$/, flags: ['logging', 'metrics'] },
];

/** Log shippers: run as a DaemonSet, they collect the logs of every pod on every node. */
export const logCollectors: RegExp =
  /^(fluent-?bit|fluentd|promtail|filebeat|vector|otel.*collector.*|opentelemetry-collector.*|grafana-agent|alloy|datadog.*)$/;

/**
 * Environment variable names whose value is a host (or a host list, or a URL): the last segment
 * after `_` (`ORDERS_DB_HOST` → `HOST`). Values of other variables count only when they are a URL,
 * a `host:port` or a cluster DNS name.
 */
export const hostNameSegments: ReadonlySet<string> = new Set([
  'HOST',
  'HOSTNAME',
  'HOSTS',
  'ADDR',
  'ADDRESS',
  'SERVER',
  'SERVERS',
  'SERVICE',
  'ENDPOINT',
  'URL',
  'URI',
  'DSN',
  'BROKER',
  'BROKERS',
  'NODES',
]);

/** Values that are not hosts even where a host is expected. */
export const notHosts: ReadonlySet<string> = new Set([
  'localhost',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'none',
  'null',
  'nil',
  'stdout',
  'stderr',
  'local',
  'disabled',
  'enabled',
  'auto',
  'default',
  'kubernetes',
  'kube-dns',
  'unix',
  'memory',
  'inmemory',
  'file',
]);

/** Segments of an environment variable name saying that a Redis it names is a queue, not a cache. */
export const queueNameSegments: ReadonlySet<string> = new Set([
  'QUEUE',
  'QUEUES',
  'BROKER',
  'CELERY',
  'SIDEKIQ',
  'RESQUE',
  'BULL',
  'BULLMQ',
  'RQ',
  'JOB',
  'JOBS',
]);

/** Segments saying that a service reading a queue consumes from it (not only publishes). */
export const consumerNameSegments: ReadonlySet<string> = new Set(['CONSUMER', 'CONSUMERS', 'GROUP', 'SUBSCRIBER', 'SUBSCRIPTION', 'LISTENER']);

/** Node labels that name a zone, a region or a node. */
export const zoneKeys: ReadonlySet<string> = new Set(['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone']);
export const regionKeys: ReadonlySet<string> = new Set(['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region']);
export const hostKeys: ReadonlySet<string> = new Set(['kubernetes.io/hostname']);

/**
 * Annotations that make a cloud `LoadBalancer` Service internal (a private address), by provider.
 * The value must be one of `values` (any value when absent).
 */
export const internalLoadBalancer: readonly { annotation: string; values?: readonly string[] }[] = [
  { annotation: 'service.beta.kubernetes.io/aws-load-balancer-internal', values: ['true', '0.0.0.0/0'] },
  { annotation: 'service.beta.kubernetes.io/aws-load-balancer-scheme', values: ['internal'] },
  { annotation: 'networking.gke.io/load-balancer-type', values: ['Internal', 'internal'] },
  { annotation: 'cloud.google.com/load-balancer-type', values: ['Internal', 'internal'] },
  { annotation: 'service.beta.kubernetes.io/azure-load-balancer-internal', values: ['true'] },
  { annotation: 'service.beta.kubernetes.io/oci-load-balancer-internal', values: ['true'] },
  { annotation: 'service.beta.kubernetes.io/openstack-internal-load-balancer', values: ['true'] },
];

/** Ingress annotations the `lb` takes: sticky sessions and a rate limit per client. */
export const ingressAnnotations: readonly { annotation: string; attribute: 'sticky' | 'rate_limit'; when?: RegExp }[] = [
  { annotation: 'nginx.ingress.kubernetes.io/affinity', attribute: 'sticky', when: /^cookie$/i },
  { annotation: 'alb.ingress.kubernetes.io/target-group-attributes', attribute: 'sticky', when: /stickiness\.enabled=true/i },
  { annotation: 'nginx.ingress.kubernetes.io/limit-rps', attribute: 'rate_limit' },
];

/** Commands of a CronJob that back a database up. */
export const backupCommands: RegExp =
  /\b(pg_dump|pg_dumpall|pg_basebackup|pgbackrest|wal-g|barman|mysqldump|mariadb-dump|mysqlpump|xtrabackup|mariabackup|mongodump|nodetool\s+snapshot|etcdctl\s+snapshot)\b/;

/**
 * Signs that the nodes of a PostgreSQL, MySQL or MongoDB workload replicate (in env names and
 * values, args, mounted configuration files and the image name). Without one, several replicas of
 * these images are separate databases that share a Service, not copies of one another.
 */
export const replicationEvidence: RegExp =
  /repmgr|patroni|spilo|stolon|replicat|replica|standby|primary_conninfo|wal_level|pg_basebackup|galera|wsrep|group_replication|gtid|log[-_]bin|orchestrator|xtradb-cluster|innodb.?cluster|replset|replicaset/i;

/** Engines whose images start each node as a database of its own, unless told to replicate. */
export const enginesNeedingReplicationConfig: ReadonlySet<string> = new Set(['postgresql', 'mysql', 'mongodb']);

/** Redis `maxmemory-policy` values and the `eviction` they are. */
export const redisEviction: Readonly<Record<string, 'lru' | 'lfu' | 'none'>> = {
  'allkeys-lru': 'lru',
  'volatile-lru': 'lru',
  'allkeys-lfu': 'lfu',
  'volatile-lfu': 'lfu',
  noeviction: 'none',
};
