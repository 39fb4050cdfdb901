/**
 * Kubernetes manifests as a model: every file of one run together (`kubectl apply -f` of them
 * all, `helm template` or `kustomize build` output, `kubectl get -o yaml` lists), references
 * resolved across files.
 *
 * Workloads (Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, Pods) become
 * components, their kind from their image, then their shape; Services are aliases of the
 * workloads they select (kube-proxy is no single point of failure), except that a cloud
 * `LoadBalancer`, an Ingress and a Gateway are managed, public load balancers that a client
 * (`internet`) reaches; a NodePort or hostPort is a public entry straight to its pods. Env vars,
 * args and mounted files that name a Service become edges; HorizontalPodAutoscalers, volumes,
 * node selection, ServiceMonitors and backup CronJobs become attributes and telemetry edges.
 * What the model cannot hold is an `import/*` note at its line. The mapping choices are the
 * tables of kubernetes-table.ts; docs/importers/kubernetes.md says what each becomes and why.
 */
import type { Kind } from '../model/kinds.js';
import { attributesByKind } from '../model/schema.js';
import { safeName, v, type AttrInput, type ModelBuilder, type Origin } from './emit.js';
import { podTemplate, readResources, selects, spanOfText, stringMap, type Container, type Resource } from './kubernetes-read.js';
import { clusterName, dependencySchemes, isHostVariable, mentionsInArgs, mentionsInText, mentionsInVariable, type Mention } from './kubernetes-refs.js';
import {
  backupCommands,
  consumerNameSegments,
  enginesNeedingReplicationConfig,
  ingressAnnotations,
  internalLoadBalancer,
  logCollectors,
  monitoringFlags,
  queueNameSegments,
  regionKeys,
  replicationEvidence,
  roleOf,
  zoneKeys,
} from './kubernetes-table.js';
import {
  annotations,
  argNodes,
  configurationText,
  decideKind,
  environment,
  evictionOf,
  mountedConfigMaps,
  persistenceOf,
  placement,
  writtenReplicas,
  type EnvVar,
  type Workload,
} from './kubernetes-workloads.js';
import { repositoryOf } from './images.js';
import { at, entries, get, items, num, str, type Node, type Span } from './source.js';
import type { DeploymentFile, Importer, ImportOptions } from './types.js';

/** Kinds whose data a public entry must not reach. */
const dataTier = new Set<Kind>(['database', 'cache', 'search']);
/** Kinds that hold data: their edges to other components are not requests. */
const storeKinds = new Set<Kind>(['database', 'cache', 'queue', 'search', 'storage']);

interface ServiceInfo {
  res: Resource;
  type: string;
  typeSpan: Span;
  selector?: Node;
  selected: Workload[];
  labels: Map<string, string>;
  annotations: Map<string, { value: string; span: Span }>;
  /** An ExternalName, or a Service without a selector (endpoints set by hand): something outside the manifests. */
  outside: boolean;
}

interface Planned {
  kind: Kind;
  name: string;
  file: string;
  span: Span;
  nameSpan: Span;
  attrs: AttrInput[];
  origin: Origin;
  label?: string;
  inRegion: boolean;
  /** Where it sorts, when not at its span (a client: just before the first resource it reaches). */
  order?: number;
}

interface Reference {
  from: Workload;
  service: ServiceInfo;
  variable?: string;
  file: string;
  span: Span;
}

type Flag = 'logging' | 'metrics' | 'alerting';

export const importKubernetes: Importer = (files, builder, options) => {
  new KubernetesImport(files, builder, options).run();
};

class KubernetesImport {
  private readonly texts = new Map<string, string>();
  private resources: Resource[] = [];
  private readonly data = new Map<string, Map<string, EnvVar>>();
  private readonly namespaces = new Set<string>();
  private readonly workloads: Workload[] = [];
  private readonly services = new Map<string, ServiceInfo>();
  private readonly refs: Reference[] = [];
  /** Hosts outside the cluster that workloads depend on (a managed database's address). */
  private readonly outside: { from: Workload; host: string; file: string; span: Span }[] = [];
  private readonly taken = new Set<string>();
  private readonly planned: Planned[] = [];
  private readonly byName = new Map<string, Planned>();
  private readonly edges: { from: string; to: string; file: string; span: Span; attrs: AttrInput[]; origin?: Origin }[] = [];
  private readonly edgeKeys = new Set<string>();
  private readonly notedSpans = new Set<string>();
  /** The monitoring stack's one component, and what its members collect. */
  private monitoring?: Planned;
  private readonly monitoringFlags = new Set<Flag>();
  private readonly monitoringMembers: { res: Resource; flags: Flag[]; replicas?: { count: number; span: Span } }[] = [];
  /** The external component of each ExternalName or selector-less Service that something names. */
  private readonly externals = new Map<ServiceInfo, string>();
  /** Services that an Ingress or a route sends to. */
  private readonly backends = new Set<ServiceInfo>();
  private readonly clients = new Map<string, Planned>();
  /** Attributes set from other resources (HPA, Services, CronJobs), by component name. */
  private readonly extra = new Map<string, Map<string, AttrInput>>();

  constructor(
    private readonly files: readonly DeploymentFile[],
    private readonly builder: ModelBuilder,
    private readonly options: ImportOptions,
  ) {
    for (const f of files) this.texts.set(f.file, f.text);
  }

  run(): void {
    this.resources = this.dedupe(readResources(this.files, (id, message, file, span) => this.note(id, message, file, span)));
    for (const r of this.resources) {
      this.namespaces.add(r.namespace);
      if (r.kind === 'Namespace') this.namespaces.add(r.name);
    }
    const roles = new Map<Resource, ReturnType<typeof roleOf>>();
    for (const r of this.resources) {
      const role = roleOf(r.kind, r.apiVersion);
      roles.set(r, role);
      if (role === 'data') this.readData(r);
      if (role === undefined) {
        this.note(
          'import/unmapped-resource',
          `${r.kind} \`${r.name}\` (${r.apiVersion}) is not mapped: archlint reads workloads, Services, Ingresses, Gateway API routes, autoscalers, disruption budgets and Prometheus Operator monitors`,
          r.file,
          r.kindSpan,
        );
      }
    }
    const ofRole = (role: NonNullable<ReturnType<typeof roleOf>>) => this.resources.filter((r) => roles.get(r) === role);
    this.readWorkloads(ofRole('workload'));
    for (const r of ofRole('service')) this.readService(r);
    this.decideKinds();
    this.collectReferences(this.ownHosts([...ofRole('ingress'), ...ofRole('gateway'), ...ofRole('route')]));
    this.redisQueues();
    this.readMonitoring(ofRole('prometheus'), ofRole('alertmanager'), ofRole('prometheus-rule'), ofRole('service-monitor'), ofRole('pod-monitor'));
    this.nameComponents(ofRole('ingress'), ofRole('gateway'));
    this.planWorkloads();
    this.autoscalers(ofRole('hpa'));
    this.disruptionBudgets(ofRole('pdb'));
    this.entries(ofRole('ingress'), ofRole('gateway'), ofRole('route'));
    this.referenceEdges();
    this.outsideEdges();
    this.telemetry(ofRole('service-monitor'), ofRole('pod-monitor'));
    this.backups();
    this.schedules();
    this.zones(ofRole('storage-class'), ofRole('persistent-volume'));
    this.emit();
  }

  // --- reading ---------------------------------------------------------------------------------

  private note(id: Parameters<ModelBuilder['note']>[0], message: string, file: string, span: Span): void {
    const key = `${id}\0${file}\0${span.start.offset}\0${message}`;
    if (this.notedSpans.has(key)) return;
    this.notedSpans.add(key);
    this.builder.note(id, message, file, span);
  }

  /** The same resource twice: `kubectl apply` applies both in turn, so the later one is what runs. */
  private dedupe(resources: Resource[]): Resource[] {
    const last = new Map<string, Resource>();
    for (const r of resources) {
      const key = `${r.kind}/${r.namespace}/${r.name}`;
      const before = last.get(key);
      if (before) {
        this.note(
          'import/unsupported',
          `${r.kind} \`${r.name}\` is defined again at ${r.file}:${r.kindSpan.start.line}: as \`kubectl apply\` does, the later definition is the one read`,
          before.file,
          before.kindSpan,
        );
      }
      last.set(key, r);
    }
    const kept = new Set(last.values());
    return resources.filter((r) => kept.has(r));
  }

  private readData(r: Resource): void {
    const values = new Map<string, EnvVar>();
    for (const e of entries(get(r.node, 'data'))) {
      let value = str(e.value);
      if (value === undefined) continue;
      if (r.kind === 'Secret') {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        value = /^[\x20-\x7e\t\r\n]*$/.test(decoded) ? decoded : '';
      }
      values.set(e.key, { name: e.key, value, file: r.file, span: e.value.span });
    }
    if (r.kind === 'Secret') {
      for (const e of entries(get(r.node, 'stringData'))) {
        const value = str(e.value);
        if (value !== undefined) values.set(e.key, { name: e.key, value, file: r.file, span: e.value.span });
      }
    }
    this.data.set(`${r.kind}/${r.namespace}/${r.name}`, values);
  }

  private readWorkloads(resources: readonly Resource[]): void {
    const present = new Set(this.resources.map((r) => `${r.kind}/${r.namespace}/${r.name}`));
    for (const r of resources) {
      // A ReplicaSet of a Deployment, a Job of a CronJob, a Pod of either: its owner stands for it.
      if (r.owners.some((o) => present.has(`${o.kind}/${r.namespace}/${o.name}`))) continue;
      const pod = podTemplate(r);
      if (pod.containers.length === 0) {
        this.note('import/unsupported', `${r.kind} \`${r.name}\` has no containers: it is left out`, r.file, r.kindSpan);
        continue;
      }
      const env = [...pod.containers, ...pod.initContainers].map((container) => ({
        container,
        vars: environment(container, r.namespace, r.file, this.data),
      }));
      this.workloads.push({
        res: r,
        pod,
        job: r.kind === 'CronJob' || r.kind === 'Job',
        primary: pod.containers[0]!,
        mains: pod.containers,
        kind: 'worker',
        name: r.name,
        env,
        mountedFiles: mountedConfigMaps(pod, r.namespace, this.data),
      });
    }
  }

  /**
   * The workloads of a namespace that may match a Service's selector: those carrying one of its
   * labels, from an index built once, so that matching every Service is linear in the manifests
   * (a selector is then checked against its candidates only).
   */
  private candidates(namespace: string, selector: Node): readonly Workload[] {
    if (!this.byLabel) {
      this.byLabel = new Map();
      for (const w of this.workloads) {
        for (const [k, v] of w.pod.labels) {
          const key = `${w.res.namespace}\0${k}\0${v}`;
          const list = this.byLabel.get(key);
          if (list) list.push(w);
          else this.byLabel.set(key, [w]);
        }
      }
    }
    const plain =
      get(selector, 'matchLabels') !== undefined || get(selector, 'matchExpressions') !== undefined
        ? stringMap(get(selector, 'matchLabels'))
        : stringMap(selector);
    const first = [...plain][0];
    if (!first) return this.workloads.filter((w) => w.res.namespace === namespace);
    return this.byLabel.get(`${namespace}\0${first[0]}\0${first[1].value}`) ?? [];
  }

  private byLabel: Map<string, Workload[]> | undefined;

  private readService(r: Resource): void {
    const spec = get(r.node, 'spec');
    const typeNode = get(spec, 'type');
    const type = str(typeNode) ?? 'ClusterIP';
    const selector = get(spec, 'selector');
    const hasSelector = stringMap(selector).size > 0;
    const selected = hasSelector ? this.candidates(r.namespace, selector!).filter((w) => selects(selector, w.pod.labels)) : [];
    const labels = new Map<string, string>();
    for (const [k, x] of stringMap(at(r.node, 'metadata', 'labels'))) labels.set(k, x.value);
    const info: ServiceInfo = {
      res: r,
      type,
      typeSpan: typeNode?.span ?? r.kindSpan,
      ...(hasSelector ? { selector: selector! } : {}),
      selected,
      labels,
      annotations: stringMap(at(r.node, 'metadata', 'annotations')),
      outside: type === 'ExternalName' || !hasSelector,
    };
    this.services.set(`${r.namespace}/${r.name}`, info);
    if (hasSelector && selected.length === 0) {
      this.note(
        'import/dangling-reference',
        `Service \`${r.name}\` selects no workload of these manifests: nothing it routes to is modelled`,
        r.file,
        selector!.span,
      );
    }
  }

  private decideKinds(): void {
    const selected = new Set<Workload>();
    for (const s of this.services.values()) for (const w of s.selected) selected.add(w);
    for (const w of this.workloads) {
      const ports = w.pod.containers.some((c) => c.ports.some((p) => p.containerPort !== undefined || p.hostPort !== undefined));
      const shape = w.job ? 'worker' : selected.has(w) || ports ? 'service' : 'worker';
      const decided = decideKind(w.res, w.pod, shape, this.options.images);
      w.kind = decided.kind;
      if (decided.engine !== undefined) w.engine = decided.engine;
      w.primary = decided.primary;
      w.mains = decided.mains;
      // A CronJob running a database's image to dump it is a backup job: what it is is not in doubt.
      const backup = w.res.kind === 'CronJob' && isBackupJob(w);
      if (!backup) for (const a of decided.ambiguous) this.note('import/ambiguous-kind', a.message, w.res.file, a.span);
    }
  }

  // --- references --------------------------------------------------------------------------------

  /** The Service a host names, as seen from `namespace`; `missing` when it looks like a Service of the cluster that is not in the manifests. */
  private resolve(host: string, namespace: string): { service?: ServiceInfo; missing?: string } {
    const name = clusterName(host, this.namespaces);
    if (!name || name.service === 'kubernetes') return {};
    const ns = name.namespace ?? namespace;
    const service = this.services.get(`${ns}/${name.service}`);
    if (service) return { service };
    if (name.pod !== undefined && name.namespace === undefined) return {};
    return { missing: name.namespace !== undefined ? `${ns}/${name.service}` : name.service };
  }

  /** The host names the system answers on (Ingress rules and TLS, Gateway listeners, route hostnames): its own, not dependencies. */
  private ownHosts(entries: readonly Resource[]): Set<string> {
    const hosts = new Set<string>();
    const add = (n: Node | undefined) => {
      const h = str(n);
      if (h !== undefined) hosts.add(h.toLowerCase());
    };
    for (const r of entries) {
      const spec = get(r.node, 'spec');
      for (const rule of items(get(spec, 'rules'))) add(get(rule, 'host'));
      for (const tls of items(get(spec, 'tls'))) for (const h of items(get(tls, 'hosts'))) add(h);
      for (const l of items(get(spec, 'listeners'))) add(get(l, 'hostname'));
      for (const h of items(get(spec, 'hostnames'))) add(h);
    }
    return hosts;
  }

  /**
   * Whether a host outside the cluster that a variable names is a dependency of the workload: a
   * database's or a broker's URL, or the value of a host variable (`REPORTING_DB_HOST`), with a
   * dot in it (a name the cluster does not resolve) and not the system's own host.
   */
  private isDependency(m: Mention, variable: string | undefined, own: ReadonlySet<string>): boolean {
    if (variable === undefined || !m.host.includes('.') || own.has(m.host) || /\.(svc|cluster\.local)$/.test(m.host)) return false;
    return m.scheme !== undefined ? dependencySchemes.has(m.scheme) : isHostVariable(variable);
  }

  private collectReferences(own: ReadonlySet<string>): void {
    for (const w of this.workloads) {
      const mention = (m: Mention, variable: string | undefined, file: string, within: Span) => {
        const { service, missing } = this.resolve(m.host, w.res.namespace);
        const span = spanOfText(this.texts.get(file) ?? '', within, m.needle) ?? within;
        if (!service && missing === undefined && this.isDependency(m, variable, own)) {
          this.outside.push({ from: w, host: m.host, file, span });
          return;
        }
        if (service) {
          if (service.selected.includes(w)) return; // its own Service
          this.refs.push({ from: w, service, ...(variable !== undefined ? { variable } : {}), file, span });
        } else if (missing !== undefined && missing !== w.res.name) {
          const workload = this.workloads.find((o) => o.res.name === missing.split('/').pop() && o !== w);
          const hint = workload ? `: the ${workload.res.kind} \`${workload.res.name}\` has no Service to be reached by` : '';
          const what = variable !== undefined ? `\`${variable}\` names` : `\`${w.res.name}\` names`;
          this.note('import/dangling-reference', `${what} \`${m.host}\`, but no Service \`${missing}\` is in these manifests${hint}`, file, span);
        }
      };
      for (const { container, vars } of w.env) {
        for (const e of vars) for (const m of mentionsInVariable(e.name, e.value)) mention(m, e.name, e.file, e.span);
        const args = argNodes(container);
        const found = mentionsInArgs(args.map((n) => str(n)!));
        for (const m of found) {
          const node = args.find((n) => str(n)!.toLowerCase().includes(m.needle.toLowerCase())) ?? args[0]!;
          mention(m, undefined, w.res.file, node.span);
        }
      }
      for (const f of w.mountedFiles) for (const m of mentionsInText(f.value)) mention(m, undefined, f.file, f.span);
    }
  }

  /** A Redis that some workload reaches through a queue's variable (`CELERY_BROKER_URL`, `REDIS_QUEUE`) is a queue. */
  private redisQueues(): void {
    const segments = (name: string | undefined) => (name ?? '').toUpperCase().split(/[^A-Z0-9]+/);
    for (const w of this.workloads) {
      if (w.kind !== 'cache' || w.engine !== 'redis') continue;
      const refs = this.refs.filter((r) => r.service.selected.includes(w));
      const asQueue = refs.find((r) => segments(r.variable).some((s) => queueNameSegments.has(s)));
      if (!asQueue) continue;
      w.kind = 'queue';
      const asCache = refs.find((r) => segments(r.variable).some((s) => s === 'CACHE' || s === 'SESSION' || s === 'SESSIONS'));
      if (asCache) {
        this.note(
          'import/ambiguous-kind',
          `\`${w.res.name}\` is reached as a queue (\`${asQueue.variable}\`) and as a cache (\`${asCache.variable}\`): mapped as a queue`,
          w.res.file,
          w.primary.imageSpan,
        );
      }
    }
  }

  // --- monitoring --------------------------------------------------------------------------------

  private readMonitoring(
    prometheus: readonly Resource[],
    alertmanagers: readonly Resource[],
    rules: readonly Resource[],
    serviceMonitors: readonly Resource[],
    podMonitors: readonly Resource[],
  ): void {
    for (const w of this.workloads) {
      if (w.kind !== 'monitoring') continue;
      const last = w.primary.image !== undefined ? (repositoryOf(w.primary.image).split('/').pop() ?? '') : '';
      const flags = monitoringFlags.find((m) => m.pattern.test(last))?.flags ?? [];
      const replicas = writtenReplicas(w.res);
      const count = w.res.kind === 'DaemonSet' ? 2 : (replicas.count ?? 1);
      this.monitoringMembers.push({
        res: w.res,
        flags: [...flags],
        replicas: { count: Math.max(1, count), span: w.res.kind === 'DaemonSet' ? w.res.kindSpan : replicas.span },
      });
    }
    const operated = (r: Resource, flags: Flag[]) => {
      const node = at(r.node, 'spec', 'replicas');
      const count = num(node);
      this.monitoringMembers.push({
        res: r,
        flags,
        replicas: { count: count !== undefined && Number.isInteger(count) && count >= 1 ? count : 1, span: node?.span ?? r.kindSpan },
      });
    };
    for (const r of prometheus) operated(r, ['metrics']);
    for (const r of alertmanagers) operated(r, ['alerting']);
    for (const r of rules) {
      const alerts = items(at(r.node, 'spec', 'groups')).some((g) => items(get(g, 'rules')).some((x) => str(get(x, 'alert')) !== undefined));
      if (alerts) this.monitoringFlags.add('alerting');
    }
    for (const m of this.monitoringMembers) for (const f of m.flags) this.monitoringFlags.add(f);
    // A ServiceMonitor or PodMonitor means a Prometheus Operator scrapes them, whether or not its Prometheus is in these files.
    const monitor = serviceMonitors[0] ?? podMonitors[0];
    if (this.monitoringMembers.length === 0 && monitor) {
      this.monitoringMembers.push({ res: monitor, flags: ['metrics'] });
      this.monitoringFlags.add('metrics');
    }
  }

  // --- names ---------------------------------------------------------------------------------------

  private claim(wanted: string): string {
    const base = this.builder.uniqueName(wanted);
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  /** Components are named by `metadata.name`; a name used in several namespaces gets its namespace in front. */
  private nameComponents(ingresses: readonly Resource[], gateways: readonly Resource[]): void {
    const named: Resource[] = [
      ...this.workloads.filter((w) => w.kind !== 'monitoring').map((w) => w.res),
      ...[...this.services.values()].filter((s) => s.type === 'LoadBalancer').map((s) => s.res),
      ...ingresses,
      ...gateways,
    ];
    const namespacesOf = new Map<string, Set<string>>();
    for (const r of named) namespacesOf.set(r.name, (namespacesOf.get(r.name) ?? new Set()).add(r.namespace));
    this.qualified = (r: Resource) => ((namespacesOf.get(r.name)?.size ?? 0) > 1 ? `${r.namespace}.${r.name}` : r.name);
    for (const w of this.workloads) if (w.kind !== 'monitoring') w.name = this.claim(this.qualified(w.res));
  }

  private qualified: (r: Resource) => string = (r) => r.name;

  /** A name for a component made from a resource that may share its name with a workload (`web` → `web-lb`). */
  private claimBeside(r: Resource, suffix: string): string {
    const wanted = this.qualified(r);
    return this.taken.has(this.builder.uniqueName(wanted)) ? this.claim(`${wanted}-${suffix}`) : this.claim(wanted);
  }

  private origin(r: Resource): Origin {
    const where = r.explicitNamespace ? `${r.namespace}/${r.name}` : r.name;
    return { what: `k8s ${r.kind} ${where}${r.source !== undefined ? ` (${r.source})` : ''}`, file: r.file, line: r.kindSpan.start.line };
  }

  private plan(p: Planned): Planned {
    this.planned.push(p);
    this.byName.set(p.name, p);
    return p;
  }

  /** An attribute of a component, at `span` when it is in the component's file, else at the component's name. */
  private setAttr(name: string, attribute: string, value: (span: Span) => AttrInput['value'], file: string, span: Span): void {
    const p = this.byName.get(name);
    if (!p || !attributesByKind.get(p.kind)?.has(attribute)) return;
    let attrs = this.extra.get(name);
    if (!attrs) this.extra.set(name, (attrs = new Map<string, AttrInput>()));
    if (attrs.has(attribute) || p.attrs.some((a) => a.name === attribute)) return;
    attrs.set(attribute, { name: attribute, value: value(file === p.file ? span : p.nameSpan) });
  }

  private dropAttr(name: string, attribute: string): void {
    const p = this.byName.get(name);
    if (p) p.attrs = p.attrs.filter((a) => a.name !== attribute);
  }

  // --- components ----------------------------------------------------------------------------------

  private planWorkloads(): void {
    // The monitoring stack is one component: the rules want logs and metrics collected in one place.
    const members = this.monitoringMembers;
    if (members.length > 0) {
      const first = members[0]!;
      const single = members.length === 1;
      const implied = first.res.kind === 'ServiceMonitor' || first.res.kind === 'PodMonitor';
      const name = this.claim(implied ? 'prometheus' : single ? this.qualified(first.res) : 'monitoring');
      const attrs: AttrInput[] = [];
      // As redundant as its least redundant member.
      const least = members.map((m) => m.replicas).reduce((a, b) => (b && (!a || b.count < a.count) ? b : a), undefined);
      if (least && least.count > 1) {
        const from = members.find((m) => m.replicas === least)!;
        attrs.push({ name: 'replicas', value: v.int(least.count, from.res.file === first.res.file ? least.span : first.res.nameSpan) });
      }
      for (const f of ['logging', 'metrics', 'alerting'] as const) if (this.monitoringFlags.has(f)) attrs.push({ name: f, value: v.flag(first.res.kindSpan) });
      const origin = this.origin(first.res);
      if (implied) origin.what = `Prometheus, implied by ${origin.what}`;
      this.monitoring = this.plan({
        kind: 'monitoring',
        name,
        file: first.res.file,
        span: first.res.node.span,
        nameSpan: first.res.nameSpan,
        attrs,
        origin,
        ...(single ? {} : { label: members.map((m) => `${m.res.kind} ${m.res.name}`).join(', ') }),
        inRegion: true,
      });
    }
    for (const w of this.workloads) {
      if (w.kind === 'monitoring') {
        w.name = this.monitoring!.name;
        continue;
      }
      this.plan({
        kind: w.kind,
        name: w.name,
        file: w.res.file,
        span: w.res.node.span,
        nameSpan: w.res.nameSpan,
        attrs: this.workloadAttributes(w),
        origin: this.origin(w.res),
        inRegion: true,
      });
    }
  }

  private workloadAttributes(w: Workload): AttrInput[] {
    const attrs: AttrInput[] = [];
    const r = w.res;
    const replicas = writtenReplicas(r);
    const where = placement(w.pod);
    if (replicas.invalid !== undefined) {
      this.note('import/unsupported', `${replicas.invalid}: \`${r.name}\` is modelled with one instance`, r.file, replicas.span);
    } else if (r.kind === 'DaemonSet') {
      // One pod per node, and the manifests do not say how many nodes: at least two are assumed.
      if (where.host === undefined) attrs.push({ name: 'replicas', value: v.int(2, r.kindSpan) });
    } else if (replicas.count === 0) {
      this.note('import/unsupported', `\`${r.name}\` is scaled to zero (not running): it is modelled with one instance`, r.file, replicas.span);
    } else if (replicas.count !== undefined && replicas.count > 1) {
      attrs.push({ name: 'replicas', value: v.int(replicas.count, replicas.span) });
    } else if (replicas.count === 1) {
      attrs.push({ name: 'replicas', value: v.int(1, replicas.span) });
    }
    if (w.engine !== undefined && (w.kind === 'database' || w.kind === 'cache' || w.kind === 'queue' || w.kind === 'search'))
      attrs.push({ name: 'engine', value: v.word(w.engine, w.primary.imageSpan) });
    const persistence = w.kind === 'database' || w.kind === 'cache' || w.kind === 'queue' ? persistenceOf(w) : undefined;
    if (persistence) attrs.push({ name: 'persistence', value: v.word(persistence.value, persistence.span) });
    const text = configurationText(w);
    if (
      w.kind === 'database' &&
      w.engine !== undefined &&
      enginesNeedingReplicationConfig.has(w.engine) &&
      (replicas.count ?? 1) > 1 &&
      !replicationEvidence.test(text)
    ) {
      // Plain postgres, mysql or mongo images start each replica as a database of its own.
      attrs.push({ name: 'replication', value: v.word('none', replicas.span) });
    }
    if (w.kind === 'cache') {
      const eviction = evictionOf(w);
      if (eviction) attrs.push({ name: 'eviction', value: v.word(eviction.value, eviction.span) });
    }
    if (w.kind === 'queue' && persistence && persistence.value !== 'none') {
      const durable =
        w.engine === 'rabbitmq' ||
        (w.engine === 'nats' && /(^|\s)(-js|--jetstream)\b|jetstream\s*[{:]/i.test(text)) ||
        (w.engine === 'redis' && /appendonly\s+['"]?yes/i.test(text));
      if (durable) attrs.push({ name: 'durable', value: v.flag(persistence.span) });
    }
    if (where.host !== undefined) attrs.push({ name: 'host', value: v.word(safeName(where.host), where.hostSpan!) });
    return attrs;
  }

  private autoscalers(hpas: readonly Resource[]): void {
    for (const h of hpas) {
      const spec = get(h.node, 'spec');
      const target = get(spec, 'scaleTargetRef');
      const targetKind = str(get(target, 'kind'));
      const targetName = str(get(target, 'name'));
      const minNode = get(spec, 'minReplicas');
      const maxNode = get(spec, 'maxReplicas');
      const min = minNode === undefined ? 1 : num(minNode);
      const max = num(maxNode);
      if (targetName === undefined) {
        this.note('import/unsupported', `HorizontalPodAutoscaler \`${h.name}\` names no \`scaleTargetRef\`: it is not read`, h.file, (target ?? h.node).span);
        continue;
      }
      const w = this.workloads.find(
        (x) => x.res.namespace === h.namespace && x.res.name === targetName && (targetKind === undefined || x.res.kind === targetKind),
      );
      if (!w) {
        this.note(
          'import/dangling-reference',
          `HorizontalPodAutoscaler \`${h.name}\` scales ${targetKind ?? 'a workload'} \`${targetName}\`, which is not in these manifests`,
          h.file,
          get(target, 'name')?.span ?? h.kindSpan,
        );
        continue;
      }
      if (min === undefined || max === undefined || !Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < 1 || min > max) {
        this.note(
          'import/unsupported',
          `HorizontalPodAutoscaler \`${h.name}\` has no valid \`minReplicas\`..\`maxReplicas\` range: it is not read`,
          h.file,
          (maxNode ?? h.node).span,
        );
        continue;
      }
      const span = minNode?.span ?? maxNode!.span;
      if (w.kind === 'service' || w.kind === 'worker') {
        // The autoscaler owns the replica count: the Deployment's `replicas` no longer applies.
        this.dropAttr(w.name, 'replicas');
        this.setAttr(w.name, 'autoscale', (s) => v.range(min, max, s), h.file, span);
      } else if (min >= 1) {
        this.dropAttr(w.name, 'replicas');
        this.setAttr(w.name, 'replicas', (s) => v.int(min, s), h.file, span);
      }
    }
  }

  private disruptionBudgets(pdbs: readonly Resource[]): void {
    for (const p of pdbs) {
      const selector = at(p.node, 'spec', 'selector');
      if (!this.workloads.some((w) => w.res.namespace === p.namespace && selects(selector, w.pod.labels, 'label-selector')))
        this.note(
          'import/dangling-reference',
          `PodDisruptionBudget \`${p.name}\` selects no workload of these manifests`,
          p.file,
          selector?.span ?? p.kindSpan,
        );
    }
  }

  // --- entries -------------------------------------------------------------------------------------

  /** The client of a kind, placed just before the first resource (in the manifests' order) that it reaches, at `span` in it. */
  private client(kind: 'internet' | 'internal' | 'schedule', entry: Resource, span: Span): string {
    const file = entry.file;
    const order = this.position(file, entry.node.span) - 0.5;
    const existing = this.clients.get(kind);
    if (existing) {
      if (order < existing.order!) {
        existing.file = file;
        existing.span = span;
        existing.nameSpan = span;
        existing.order = order;
        existing.origin = { ...existing.origin, file, line: span.start.line };
        for (const a of existing.attrs) a.value = { ...a.value, span };
      }
      return existing.name;
    }
    const wanted = { internet: 'internet', internal: 'private-network', schedule: 'schedule' }[kind];
    const label = {
      internet: 'users on the internet',
      internal: 'callers on the private network',
      schedule: 'the CronJob and Job controllers',
    }[kind];
    const what = {
      internet: 'the internet, reaching the public entries',
      internal: 'the private network, reaching the internal load balancers',
      schedule: 'the schedule that starts the Jobs and CronJobs',
    }[kind];
    const p: Planned = {
      kind: 'client',
      name: this.claim(wanted),
      file,
      span,
      nameSpan: span,
      attrs: kind === 'schedule' ? [{ name: 'share', value: v.percent(0, span) }] : [],
      origin: { what, file, line: span.start.line },
      label,
      inRegion: false,
      order,
    };
    this.clients.set(kind, p);
    this.plan(p);
    return p.name;
  }

  /** A sortable position: the file's place in the run, then the offset. */
  private position(file: string, span: Span): number {
    return this.files.findIndex((f) => f.file === file) * 2 ** 40 + span.start.offset;
  }

  private edge(from: string, to: string, file: string, span: Span, attrs: AttrInput[] = [], origin?: Origin): void {
    if (from === to || !this.byName.has(from) || !this.byName.has(to)) return;
    const key = `${from}\0${to}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ from, to, file, span, attrs, ...(origin ? { origin } : {}) });
  }

  /** The components a Service leads to: the workloads it selects, or an external component for what is outside. */
  private targetsOf(s: ServiceInfo): string[] {
    if (!s.outside) return [...new Set(s.selected.map((w) => w.name))];
    let name = this.externals.get(s);
    if (name === undefined) {
      name = this.claimBeside(s.res, 'external');
      this.externals.set(s, name);
      const external = str(at(s.res.node, 'spec', 'externalName'));
      this.plan({
        kind: 'external',
        name,
        file: s.res.file,
        span: s.res.node.span,
        nameSpan: s.res.nameSpan,
        attrs: [],
        origin: this.origin(s.res),
        label: external ?? `Service ${s.res.name} (endpoints outside these manifests)`,
        inRegion: false,
      });
    }
    return [name];
  }

  /** The data-tier components behind a public load balancer are reachable from the internet. */
  private exposed(targets: readonly string[], file: string, span: Span): void {
    for (const t of targets) if (dataTier.has(this.byName.get(t)?.kind ?? 'client')) this.setAttr(t, 'public', (s) => v.flag(s), file, span);
  }

  private entries(ingresses: readonly Resource[], gateways: readonly Resource[], routes: readonly Resource[]): void {
    for (const i of ingresses) {
      const name = this.claimBeside(i, 'ingress');
      const attrs: AttrInput[] = [
        { name: 'managed', value: v.flag(i.kindSpan) },
        { name: 'public', value: v.flag(i.kindSpan) },
      ];
      const notes = stringMap(at(i.node, 'metadata', 'annotations'));
      for (const a of ingressAnnotations) {
        const found = notes.get(a.annotation);
        if (!found || attrs.some((x) => x.name === a.attribute)) continue;
        if (a.attribute === 'sticky' && a.when!.test(found.value)) attrs.push({ name: 'sticky', value: v.flag(found.span) });
        const rps = Number(found.value);
        if (a.attribute === 'rate_limit' && Number.isFinite(rps) && rps > 0) attrs.push({ name: 'rate_limit', value: v.int(rps, found.span) });
      }
      this.plan({ kind: 'lb', name, file: i.file, span: i.node.span, nameSpan: i.nameSpan, attrs, origin: this.origin(i), inRegion: true });
      this.edge(this.client('internet', i, i.kindSpan), name, i.file, i.kindSpan);
      const spec = get(i.node, 'spec');
      const backends: Node[] = [];
      const backend = (b: Node | undefined) => {
        const n = at(b, 'service', 'name') ?? get(b, 'serviceName');
        if (n) backends.push(n);
      };
      backend(get(spec, 'defaultBackend'));
      backend(get(spec, 'backend'));
      for (const rule of items(get(spec, 'rules'))) for (const path of items(at(rule, 'http', 'paths'))) backend(get(path, 'backend'));
      for (const b of backends) this.routeTo(name, i, b, i.namespace);
    }
    const gatewayNames = new Map<string, string>();
    for (const g of gateways) {
      const name = this.claimBeside(g, 'gateway');
      gatewayNames.set(`${g.namespace}/${g.name}`, name);
      const attrs: AttrInput[] = [
        { name: 'managed', value: v.flag(g.kindSpan) },
        { name: 'public', value: v.flag(g.kindSpan) },
      ];
      this.plan({ kind: 'lb', name, file: g.file, span: g.node.span, nameSpan: g.nameSpan, attrs, origin: this.origin(g), inRegion: true });
      this.edge(this.client('internet', g, g.kindSpan), name, g.file, g.kindSpan);
    }
    for (const r of routes) {
      const spec = get(r.node, 'spec');
      const parents: string[] = [];
      for (const p of items(get(spec, 'parentRefs'))) {
        const kind = str(get(p, 'kind')) ?? 'Gateway';
        const pn = get(p, 'name');
        if (kind !== 'Gateway' || str(pn) === undefined) continue;
        const gateway = gatewayNames.get(`${str(get(p, 'namespace')) ?? r.namespace}/${str(pn)}`);
        if (gateway !== undefined) parents.push(gateway);
        else
          this.note(
            'import/dangling-reference',
            `${r.kind} \`${r.name}\` attaches to Gateway \`${str(pn)}\`, which is not in these manifests`,
            r.file,
            pn!.span,
          );
      }
      const refs: { node: Node; namespace: string }[] = [];
      for (const rule of items(get(spec, 'rules'))) {
        for (const b of items(get(rule, 'backendRefs'))) {
          const kind = str(get(b, 'kind')) ?? 'Service';
          const n = get(b, 'name');
          if (kind === 'Service' && n) refs.push({ node: n, namespace: str(get(b, 'namespace')) ?? r.namespace });
        }
      }
      for (const parent of parents) for (const ref of refs) this.routeTo(parent, r, ref.node, ref.namespace);
    }
    for (const s of this.services.values()) {
      if (s.type === 'LoadBalancer') {
        const internal = internalLoadBalancer.some((a) => {
          const value = s.annotations.get(a.annotation)?.value;
          return value !== undefined && (a.values === undefined || a.values.includes(value));
        });
        const attrs: AttrInput[] = [{ name: 'managed', value: v.flag(s.typeSpan) }];
        if (!internal) attrs.push({ name: 'public', value: v.flag(s.typeSpan) });
        const affinity = get(get(s.res.node, 'spec'), 'sessionAffinity');
        if (str(affinity) === 'ClientIP') attrs.push({ name: 'sticky', value: v.flag(affinity!.span) });
        const name = this.claimBeside(s.res, 'lb');
        this.plan({ kind: 'lb', name, file: s.res.file, span: s.res.node.span, nameSpan: s.res.nameSpan, attrs, origin: this.origin(s.res), inRegion: true });
        const targets = s.selector ? this.targetsOf(s) : [];
        for (const t of targets) this.edge(name, t, s.res.file, s.typeSpan);
        this.edge(this.client(internal ? 'internal' : 'internet', s.res, s.typeSpan), name, s.res.file, s.typeSpan);
        if (!internal) this.exposed(targets, s.res.file, s.typeSpan);
      } else if (s.type === 'NodePort' && !this.backends.has(s)) {
        // A port open on every node, straight to the pods: a public entry that no load balancer
        // guards (unless it is the backend of an Ingress, as ALB's instance mode needs).
        for (const t of s.outside ? [] : this.targetsOf(s)) this.edge(this.client('internet', s.res, s.typeSpan), t, s.res.file, s.typeSpan);
      }
    }
    for (const w of this.workloads) {
      for (const c of w.pod.containers) {
        for (const p of c.ports) {
          if (p.hostPort === undefined || w.kind === 'monitoring') continue;
          this.edge(this.client('internet', w.res, p.hostPortSpan!), w.name, w.res.file, p.hostPortSpan!);
        }
      }
    }
  }

  /** Edges from a load balancer to what a backend Service name leads to. */
  private routeTo(lb: string, from: Resource, nameNode: Node, namespace: string): void {
    const serviceName = str(nameNode);
    if (serviceName === undefined) return;
    const s = this.services.get(`${namespace}/${serviceName}`);
    if (s) this.backends.add(s);
    if (!s) {
      this.note(
        'import/dangling-reference',
        `${from.kind} \`${from.name}\` routes to Service \`${serviceName}\`, which is not in these manifests`,
        from.file,
        nameNode.span,
      );
      return;
    }
    const targets = this.targetsOf(s);
    for (const t of targets) this.edge(lb, t, from.file, nameNode.span);
    this.exposed(targets, from.file, nameNode.span);
  }

  // --- edges from references -------------------------------------------------------------------

  private referenceEdges(): void {
    const segments = (name: string | undefined) => (name ?? '').toUpperCase().split(/[^A-Z0-9]+/);
    for (const ref of this.refs) {
      const from = this.byName.get(ref.from.name);
      if (!from) continue;
      for (const to of this.targetsOf(ref.service)) {
        const target = this.byName.get(to);
        if (!target) continue;
        if (from.kind === 'monitoring') continue; // scrapes and dashboards, not requests
        if (storeKinds.has(from.kind) && storeKinds.has(target.kind)) {
          // A replica naming its primary: replication from the primary, not a request. Other
          // stores a store names are its peers or its sentinels: no request either. (What it
          // depends on that is no store, ZooKeeper for Kafka, is an ordinary edge.)
          if (from.kind === 'database' && target.kind === 'database')
            this.edge(to, from.name, ref.file, ref.span, [{ name: 'replication', value: v.word('async', ref.span) }]);
          continue;
        }
        if (target.kind === 'queue') {
          const consumes = from.kind === 'worker' || segments(ref.variable).some((s) => consumerNameSegments.has(s));
          if (consumes) this.edge(to, from.name, ref.file, ref.span);
          else this.edge(from.name, to, ref.file, ref.span, [{ name: 'async', value: v.flag(ref.span) }]);
          continue;
        }
        this.edge(from.name, to, ref.file, ref.span);
      }
    }
  }

  /** Hosts outside the cluster: an external component each, named by the host. */
  private outsideEdges(): void {
    const hosts = new Map<string, string>();
    for (const o of this.outside) {
      const from = this.byName.get(o.from.name);
      if (!from || from.kind === 'monitoring' || storeKinds.has(from.kind)) continue;
      let name = hosts.get(o.host);
      if (name === undefined) {
        name = this.claim(o.host);
        hosts.set(o.host, name);
        this.plan({
          kind: 'external',
          name,
          file: o.file,
          span: o.span,
          nameSpan: o.span,
          attrs: [],
          origin: { what: `${o.host}, outside the manifests`, file: o.file, line: o.span.start.line },
          label: o.host,
          inRegion: false,
        });
      }
      this.edge(from.name, name, o.file, o.span);
    }
  }

  // --- telemetry -----------------------------------------------------------------------------------

  private telemetry(serviceMonitors: readonly Resource[], podMonitors: readonly Resource[]): void {
    const m = this.monitoring;
    if (!m) return;
    const inNamespaces = (r: Resource, ns: string) => {
      const selector = at(r.node, 'spec', 'namespaceSelector');
      if (get(selector, 'any') !== undefined && str(get(selector, 'any')) === 'true') return true;
      const names = items(get(selector, 'matchNames')).map(str);
      return names.length > 0 ? names.includes(ns) : ns === r.namespace;
    };
    for (const sm of serviceMonitors) {
      const selector = at(sm.node, 'spec', 'selector');
      const span = selector?.span ?? sm.kindSpan;
      const services = [...this.services.values()].filter((s) => inNamespaces(sm, s.res.namespace) && selects(selector, s.labels, 'label-selector'));
      if (services.length === 0) this.note('import/dangling-reference', `ServiceMonitor \`${sm.name}\` selects no Service of these manifests`, sm.file, span);
      for (const s of services) for (const w of s.selected) this.edge(w.name, m.name, sm.file, span);
    }
    for (const pm of podMonitors) {
      const selector = at(pm.node, 'spec', 'selector');
      const span = selector?.span ?? pm.kindSpan;
      const selected = this.workloads.filter((w) => inNamespaces(pm, w.res.namespace) && selects(selector, w.pod.labels, 'label-selector'));
      if (selected.length === 0) this.note('import/dangling-reference', `PodMonitor \`${pm.name}\` selects no workload of these manifests`, pm.file, span);
      for (const w of selected) this.edge(w.name, m.name, pm.file, span);
    }
    if (this.monitoringFlags.has('metrics')) {
      for (const w of this.workloads) {
        const scrape = annotations(w.res, w.pod).get('prometheus.io/scrape');
        if (scrape?.value === 'true') this.edge(w.name, m.name, w.res.file, scrape.span);
      }
      for (const s of this.services.values()) {
        const scrape = s.annotations.get('prometheus.io/scrape');
        if (scrape?.value === 'true') for (const w of s.selected) this.edge(w.name, m.name, s.res.file, scrape.span);
      }
    }
    // A log shipper on every node collects the logs of every pod.
    const shipper = this.workloads.find((w) => w.res.kind === 'DaemonSet' && w.kind === 'monitoring' && logCollectors.test(lastSegment(w.primary)));
    if (shipper) for (const w of this.workloads) if (w.kind !== 'monitoring') this.edge(w.name, m.name, shipper.res.file, shipper.res.kindSpan);
  }

  // --- CronJobs ------------------------------------------------------------------------------------

  /** A CronJob that dumps a database is that database's backup, as often as its schedule runs. */
  private backups(): void {
    for (const w of this.workloads) {
      if (w.res.kind !== 'CronJob') continue;
      if (!isBackupJob(w)) continue;
      const schedule = at(w.res.node, 'spec', 'schedule');
      const frequency = backupFrequency(str(schedule) ?? '');
      const databases = this.refs.filter((r) => r.from === w).flatMap((r) => this.targetsOf(r.service).filter((t) => this.byName.get(t)?.kind === 'database'));
      for (const db of new Set(databases)) {
        if (frequency) this.setAttr(db, 'backup', (s) => v.word(frequency, s), w.res.file, schedule!.span);
        else
          this.note(
            'import/unsupported',
            `\`${w.res.name}\` backs \`${db}\` up less often than weekly (or on a schedule archlint cannot read): the model's least frequent backup is \`weekly\``,
            w.res.file,
            schedule?.span ?? w.res.kindSpan,
          );
      }
    }
  }

  /** Jobs and CronJobs are started by their controllers: a client that takes no share of the workload, whose runs fail no request. */
  private schedules(): void {
    for (const w of this.workloads) {
      if (!w.job || w.kind === 'monitoring') continue;
      const span = at(w.res.node, 'spec', 'schedule')?.span ?? w.res.kindSpan;
      const client = this.client('schedule', w.res, span);
      this.edge(client, w.name, w.res.file, span, [
        { name: 'async', value: v.flag(span) },
        { name: 'optional', value: v.flag(span) },
      ]);
    }
  }

  // --- zones and hosts -----------------------------------------------------------------------------

  /**
   * Zones are only known when the manifests name them (StorageClass allowedTopologies, a
   * PersistentVolume's or a pod's node selection): with two or more, the cluster is a region with
   * those zones, every component is in it, and a pod pinned to some of them has `zones`. With
   * fewer, the model says nothing of zones (it cannot know them, and one named zone does not make
   * a single-zone cluster).
   */
  private zones(storageClasses: readonly Resource[], volumes: readonly Resource[]): void {
    const known: string[] = [];
    const sources: { file: string; span: Span }[] = [];
    const regions = new Set<string>();
    const add = (values: readonly string[], file: string, span: Span) => {
      for (const z of values) if (!known.includes(z)) known.push(z);
      sources.push({ file, span });
    };
    const classZones = new Map<string, { values: string[]; span: Span }>();
    const readTerms = (terms: readonly Node[], file: string, name?: string) => {
      for (const t of terms) {
        for (const e of [...items(get(t, 'matchLabelExpressions')), ...items(get(t, 'matchExpressions'))]) {
          const key = str(get(e, 'key')) ?? '';
          const list = get(e, 'values');
          const values = items(list)
            .map(str)
            .filter((x): x is string => x !== undefined);
          if (zoneKeys.has(key) && values.length > 0) {
            add(values, file, list!.span);
            if (name !== undefined) classZones.set(name, { values, span: list!.span });
          }
          if (regionKeys.has(key)) for (const r of values) regions.add(r);
        }
      }
    };
    for (const sc of storageClasses) readTerms(items(get(sc.node, 'allowedTopologies')), sc.file, sc.name);
    for (const pv of volumes) readTerms(items(at(pv.node, 'spec', 'nodeAffinity', 'required', 'nodeSelectorTerms')), pv.file);
    const pinned = new Map<Workload, { values: string[]; span: Span; file: string }>();
    for (const w of this.workloads) {
      const where = placement(w.pod);
      if (where.zones) {
        add(where.zones, w.res.file, where.zoneSpan!);
        pinned.set(w, { values: where.zones, span: where.zoneSpan!, file: w.res.file });
      } else if (w.res.kind === 'StatefulSet') {
        // Zonal volumes keep each pod in its volume's zone.
        const classes = items(at(w.res.node, 'spec', 'volumeClaimTemplates')).map((t) => str(at(t, 'spec', 'storageClassName')));
        const zones = classes.map((c) => (c !== undefined ? classZones.get(c) : undefined)).find((z) => z !== undefined);
        if (zones) pinned.set(w, { values: zones.values, span: zones.span, file: w.res.file });
      }
      for (const r of nodeRegion(w)) regions.add(r);
    }
    if (known.length < 2) return;
    const regionName = this.claimRegion(regions.size === 1 ? [...regions][0]! : 'cluster');
    this.region = { name: regionName, zones: known.map(safeName), sources };
    for (const [w, z] of pinned) {
      const p = this.byName.get(w.name);
      if (!p || z.values.length >= known.length) continue;
      this.setAttr(w.name, 'zones', (s) => v.list(z.values.map(safeName), s), z.file, z.span);
    }
  }

  private region?: { name: string; zones: string[]; sources: { file: string; span: Span }[] };

  private claimRegion(wanted: string): string {
    let name = this.builder.uniqueName(wanted);
    for (let i = 2; this.taken.has(name); i++) name = `${this.builder.uniqueName(wanted)}_${i}`;
    return name;
  }

  // --- output --------------------------------------------------------------------------------------

  private emit(): void {
    // The schedule takes no share beside other clients; alone it is the only source of requests,
    // and a share of 0% would leave the shares adding up to nothing.
    const schedule = this.clients.get('schedule');
    if (schedule && this.clients.size === 1) schedule.attrs = [];
    const region = this.region;
    let zonesWritten = false;
    // In the manifests' order; with a region, what is outside it first, as `archlint import` writes them.
    const key = (p: Planned) => (region !== undefined && p.inRegion ? 2 ** 52 : 0) + (p.order ?? this.position(p.file, p.span));
    const ordered = [...this.planned].sort((a, b) => key(a) - key(b));
    for (const p of ordered) {
      const extra = [...(this.extra.get(p.name)?.values() ?? [])];
      const allowed = attributesByKind.get(p.kind)!;
      const attrs = [...p.attrs, ...extra].filter((a, i, all) => allowed.has(a.name) && all.findIndex((b) => b.name === a.name) === i);
      const inRegion = region !== undefined && p.inRegion;
      this.builder.component({
        kind: p.kind,
        name: p.name,
        file: p.file,
        span: p.span,
        nameSpan: p.nameSpan,
        attrs,
        origin: p.origin,
        ...(p.label !== undefined ? { label: p.label } : {}),
        ...(inRegion ? { region: { name: region.name, span: p.nameSpan } } : {}),
      });
      if (inRegion && !zonesWritten) {
        // Written once, in the first file with a component in the region, at a zone source there if any.
        const source = region.sources.find((s) => s.file === p.file)?.span ?? p.nameSpan;
        this.builder.regionZones(p.file, region.name, region.zones, source);
        zonesWritten = true;
      }
    }
    for (const e of this.edges) this.builder.edge(e);
    // What a Service without pods of its own leads to is only modelled where something uses it.
    for (const s of this.services.values()) {
      if (!s.outside || this.externals.has(s) || s.type === 'LoadBalancer') continue;
      const external = str(at(s.res.node, 'spec', 'externalName'));
      const what =
        s.type === 'ExternalName'
          ? `ExternalName Service \`${s.res.name}\`${external !== undefined ? ` (to ${external})` : ''}:`
          : `Service \`${s.res.name}\` has no selector (its endpoints are set by hand), and`;
      this.note('import/unmapped-resource', `${what} nothing in these manifests refers to it, so it is left out`, s.res.file, s.res.kindSpan);
    }
  }
}

/** Whether a workload's commands back a database up (`pg_dump`, `mysqldump`, `mongodump`, …). */
function isBackupJob(w: Workload): boolean {
  return [...w.pod.containers, ...w.pod.initContainers].some((c) => argNodes(c).some((n) => backupCommands.test(str(n)!)));
}

function lastSegment(c: Container): string {
  return c.image !== undefined ? (repositoryOf(c.image).split('/').pop() ?? '') : '';
}

/** The regions a pod's node selection names. */
function nodeRegion(w: Workload): string[] {
  const out: string[] = [];
  for (const e of entries(get(w.pod.spec, 'nodeSelector'))) if (regionKeys.has(e.key) && str(e.value) !== undefined) out.push(str(e.value)!);
  return out;
}

/**
 * How often a cron schedule runs, as the model's backup frequencies (the most frequent one it
 * runs at least as often as): every hour or more often → hourly, every day → daily, every week →
 * weekly; undefined for less often or what cannot be read.
 */
export function backupFrequency(schedule: string): 'hourly' | 'daily' | 'weekly' | undefined {
  const s = schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  const named: Record<string, 'hourly' | 'daily' | 'weekly' | undefined> = {
    '@hourly': 'hourly',
    '@daily': 'daily',
    '@midnight': 'daily',
    '@weekly': 'weekly',
  };
  if (s.startsWith('@')) return named[s];
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (month !== '*' || dom !== '*') return undefined;
  if (hour === '*') return dow === '*' ? 'hourly' : 'weekly';
  if (dow !== '*') return 'weekly';
  return 'daily';
}
