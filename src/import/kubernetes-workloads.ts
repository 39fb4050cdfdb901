/**
 * What one workload is, from its pod template: its kind (the first container whose image the
 * table knows, sidecars aside, then its shape), its replicas, where its data lives
 * (`persistence`), whether its nodes replicate, its Redis or memcached eviction policy, the
 * zones and host it is pinned to, and the text of its configuration (env, args, mounted files)
 * that other decisions search.
 */
import type { Kind } from '../model/kinds.js';
import { kindOfImage, repositoryOf, type ImageRule } from './images.js';
import { nodeLabelValues, stringMap, type Container, type PodTemplate, type Resource } from './kubernetes-read.js';
import { hostKeys, redisEviction, sidecarPatterns, zoneKeys } from './kubernetes-table.js';
import { at, atPath, entries, get, items, num, str, type Node, type Span } from './source.js';

/** An environment variable as the container sees it (from `env`, a ConfigMap or a Secret). */
export interface EnvVar {
  name: string;
  value: string;
  file: string;
  span: Span;
}

/** ConfigMap and Secret data by `Kind/namespace/name`, key by key. */
export type DataStore = ReadonlyMap<string, ReadonlyMap<string, EnvVar>>;

export interface Workload {
  res: Resource;
  pod: PodTemplate;
  /** CronJob or Job: a run to completion. */
  job: boolean;
  /** The container the kind was decided from (else the first non-sidecar one). */
  primary: Container;
  /** Non-sidecar containers (all of them when every one is a sidecar). */
  mains: Container[];
  kind: Kind;
  engine?: string;
  /** The component's name (set once names are given out). */
  name: string;
  /** Environment of every container, init containers included. */
  env: { container: Container; vars: EnvVar[] }[];
  /** Text of the ConfigMaps the pod mounts as files. */
  mountedFiles: EnvVar[];
}

const isSidecar = (c: Container): boolean => {
  const last = c.image !== undefined ? (repositoryOf(c.image).split('/').pop() ?? '') : '';
  return sidecarPatterns.some((p) => p.test(c.name ?? '') || (last !== '' && p.test(last)));
};

/** The kind of a workload and the notes its choice needs (ambiguous containers, a Job running a database image). */
export function decideKind(
  r: Resource,
  pod: PodTemplate,
  shape: 'service' | 'worker',
  images: readonly ImageRule[],
): { kind: Kind; engine?: string; primary: Container; mains: Container[]; ambiguous: { message: string; span: Span }[] } {
  const nonSidecars = pod.containers.filter((c) => !isSidecar(c));
  const mains = nonSidecars.length > 0 ? nonSidecars : pod.containers;
  const defaultName = pod.annotations.get('kubectl.kubernetes.io/default-container')?.value;
  const ordered = defaultName !== undefined ? [...mains.filter((c) => c.name === defaultName), ...mains.filter((c) => c.name !== defaultName)] : mains;
  const matched = ordered.map((c) => ({ c, rule: c.image !== undefined ? kindOfImage(c.image, images) : undefined }));
  const first = matched.find((m) => m.rule !== undefined);
  const ambiguous: { message: string; span: Span }[] = [];
  const job = r.kind === 'CronJob' || r.kind === 'Job';
  if (!first) return { kind: shape, primary: ordered[0]!, mains, ambiguous };
  const rule = first.rule!;
  if (job && rule.kind !== 'worker') {
    ambiguous.push({
      message: `the ${r.kind} \`${r.name}\` runs \`${first.c.image}\`, the image of a ${rule.kind}: a ${r.kind} runs to completion, so it is mapped as a worker`,
      span: first.c.imageSpan,
    });
    return { kind: 'worker', primary: first.c, mains, ambiguous };
  }
  const unknownFirst = matched[0]!.rule === undefined ? matched[0]!.c : undefined;
  if (unknownFirst) {
    ambiguous.push({
      message: `\`${r.name}\` runs \`${unknownFirst.image ?? unknownFirst.name ?? 'a container'}\` (a ${shape} by its shape) and \`${first.c.image}\` (a ${rule.kind}): mapped as a ${rule.kind}, from the first image archlint knows; configure \`import.kinds\` to say otherwise`,
      span: first.c.imageSpan,
    });
  }
  for (const other of matched) {
    if (other === first || !other.rule || other.rule.kind === rule.kind) continue;
    ambiguous.push({
      message: `\`${r.name}\` runs \`${first.c.image}\` (a ${rule.kind}) and \`${other.c.image}\` (a ${other.rule.kind}) in one pod: mapped as a ${rule.kind}, from the first`,
      span: other.c.imageSpan,
    });
  }
  return { kind: rule.kind, ...(rule.engine !== undefined ? { engine: rule.engine } : {}), primary: first.c, mains, ambiguous };
}

/** The strings of a container's `command` and `args`, with their nodes. */
export function argNodes(c: Container): Node[] {
  return [...items(get(c.node, 'command')), ...items(get(c.node, 'args'))].filter((n) => str(n) !== undefined);
}

/** The environment of a container: `env` (values and references to ConfigMaps and Secrets) and `envFrom`. */
export function environment(c: Container, namespace: string, file: string, data: DataStore): EnvVar[] {
  const out: EnvVar[] = [];
  for (const e of items(get(c.node, 'env'))) {
    const name = str(get(e, 'name'));
    if (name === undefined) continue;
    const valueNode = get(e, 'value');
    const value = str(valueNode);
    if (value !== undefined) {
      out.push({ name, value, file, span: valueNode!.span });
      continue;
    }
    for (const [refKey, kind] of [
      ['configMapKeyRef', 'ConfigMap'],
      ['secretKeyRef', 'Secret'],
    ] as const) {
      const ref = at(e, 'valueFrom', refKey);
      const source = str(get(ref, 'name'));
      const key = str(get(ref, 'key'));
      if (source === undefined || key === undefined) continue;
      const found = data.get(`${kind}/${namespace}/${source}`)?.get(key);
      if (found) out.push({ ...found, name });
    }
  }
  for (const e of items(get(c.node, 'envFrom'))) {
    const prefix = str(get(e, 'prefix')) ?? '';
    for (const [refKey, kind] of [
      ['configMapRef', 'ConfigMap'],
      ['secretRef', 'Secret'],
    ] as const) {
      const source = str(at(e, refKey, 'name'));
      if (source === undefined) continue;
      for (const v of data.get(`${kind}/${namespace}/${source}`)?.values() ?? []) out.push({ ...v, name: `${prefix}${v.name}` });
    }
  }
  return out;
}

/** The data of the ConfigMaps a pod mounts as files (volumes and projected volumes). */
export function mountedConfigMaps(pod: PodTemplate, namespace: string, data: DataStore): EnvVar[] {
  const names: string[] = [];
  for (const v of items(get(pod.spec, 'volumes'))) {
    const direct = str(at(v, 'configMap', 'name'));
    if (direct !== undefined) names.push(direct);
    for (const s of items(at(v, 'projected', 'sources'))) {
      const projected = str(at(s, 'configMap', 'name'));
      if (projected !== undefined) names.push(projected);
    }
  }
  return names.flatMap((n) => [...(data.get(`ConfigMap/${namespace}/${n}`)?.values() ?? [])]);
}

/** Volume kinds whose data outlives the pod and the machine, the machine only, or neither. */
const networkVolumes = new Set([
  'persistentVolumeClaim',
  'awsElasticBlockStore',
  'gcePersistentDisk',
  'azureDisk',
  'azureFile',
  'nfs',
  'cephfs',
  'rbd',
  'iscsi',
  'cinder',
  'glusterfs',
  'csi',
  'fc',
  'portworxVolume',
  'vsphereVolume',
]);

/**
 * Where the primary container's data lives: `volume` when it mounts a PersistentVolumeClaim (a
 * pod volume or a StatefulSet's volumeClaimTemplates) or another network volume, `disk` for a
 * hostPath, else `none` (emptyDir, a generic ephemeral volume, or nothing: the container's own
 * file system). The best of its mounts counts: the data directory is not known.
 */
export function persistenceOf(w: Pick<Workload, 'res' | 'pod' | 'primary'>): { value: 'none' | 'disk' | 'volume'; span: Span } {
  const volumes = new Map<string, Node>();
  for (const v of items(get(w.pod.spec, 'volumes'))) {
    const n = str(get(v, 'name'));
    if (n !== undefined) volumes.set(n, v);
  }
  const templates = new Map<string, Span>();
  if (w.res.kind === 'StatefulSet') {
    for (const t of items(at(w.res.node, 'spec', 'volumeClaimTemplates'))) {
      const n = get(get(t, 'metadata'), 'name');
      const name = str(n);
      if (name !== undefined) templates.set(name, n!.span);
    }
  }
  let best: { value: 'none' | 'disk' | 'volume'; span: Span } | undefined;
  const rank = { none: 0, disk: 1, volume: 2 } as const;
  const consider = (value: 'none' | 'disk' | 'volume', span: Span) => {
    if (!best || rank[value] > rank[best.value]) best = { value, span };
  };
  for (const m of items(get(w.primary.node, 'volumeMounts'))) {
    const name = str(get(m, 'name'));
    if (name === undefined) continue;
    const template = templates.get(name);
    if (template) {
      consider('volume', template);
      continue;
    }
    const volume = volumes.get(name);
    if (!volume) continue;
    for (const e of entries(volume)) {
      if (e.key === 'persistentVolumeClaim') consider('volume', get(e.value, 'claimName')?.span ?? e.keySpan);
      else if (networkVolumes.has(e.key)) consider('volume', e.keySpan);
      else if (e.key === 'hostPath') consider('disk', e.keySpan);
      else if (e.key === 'emptyDir' || e.key === 'ephemeral') consider('none', e.keySpan);
    }
  }
  return best ?? { value: 'none', span: w.primary.imageSpan };
}

/** The replicas a workload's manifest writes (`spec.replicas`; a Job's `parallelism`). */
export function writtenReplicas(r: Resource): { count?: number; span: Span; invalid?: string } {
  const path = r.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'parallelism'] : r.kind === 'Job' ? ['spec', 'parallelism'] : ['spec', 'replicas'];
  const node = atPath(r.node, path);
  if (node === undefined || (node.type === 'scalar' && node.value === null)) return { span: r.kindSpan };
  const count = num(node);
  if (count === undefined || !Number.isInteger(count) || count < 0) return { span: node.span, invalid: `\`${path[path.length - 1]}\` is not a whole number` };
  return { count, span: node.span };
}

/** The zones a pod is pinned to by node selection, and the node it is pinned to. */
export function placement(pod: PodTemplate): { zones?: string[]; zoneSpan?: Span; host?: string; hostSpan?: Span } {
  const out: { zones?: string[]; zoneSpan?: Span; host?: string; hostSpan?: Span } = {};
  const zones = nodeLabelValues(pod.spec, zoneKeys);
  if (zones) {
    out.zones = zones.values;
    out.zoneSpan = zones.span;
  }
  const nodeName = get(pod.spec, 'nodeName');
  const named = str(nodeName);
  if (named !== undefined && named.trim() !== '') {
    out.host = named;
    out.hostSpan = nodeName!.span;
  } else {
    const hosts = nodeLabelValues(pod.spec, hostKeys);
    if (hosts && hosts.values.length === 1) {
      out.host = hosts.values[0]!;
      out.hostSpan = hosts.span;
    }
  }
  return out;
}

/** Every token of a container's command and args. */
function tokens(c: Container): { text: string; span: Span }[] {
  return argNodes(c).flatMap((n) =>
    str(n)!
      .split(/\s+/)
      .filter(Boolean)
      .map((text) => ({ text, span: n.span })),
  );
}

/**
 * A cache's eviction policy: Redis's `--maxmemory-policy` (in args, or `maxmemory-policy` in a
 * mounted configuration file), memcached's LRU unless `-M` turns eviction off. Undefined when the
 * manifests do not say (Redis's own default, `noeviction`, may be changed by a file archlint
 * cannot see).
 */
export function evictionOf(w: Pick<Workload, 'primary' | 'engine' | 'mountedFiles'>): { value: 'lru' | 'lfu' | 'none'; span: Span } | undefined {
  const ts = tokens(w.primary);
  if (w.engine === 'memcached') {
    const off = ts.find((t) => t.text === '-M' || t.text === '--disable-evictions');
    return off ? { value: 'none', span: off.span } : { value: 'lru', span: w.primary.imageSpan };
  }
  if (w.engine !== 'redis') return undefined;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    let policy: string | undefined;
    if (t.text === '--maxmemory-policy') policy = ts[i + 1]?.text;
    else if (t.text.startsWith('--maxmemory-policy=')) policy = t.text.slice('--maxmemory-policy='.length);
    const mapped = policy !== undefined ? redisEviction[policy.replace(/^['"]|['"]$/g, '')] : undefined;
    if (mapped) return { value: mapped, span: ts[i + 1]?.span ?? t.span };
  }
  for (const f of w.mountedFiles) {
    const m = /^\s*maxmemory-policy\s+([a-z-]+)/m.exec(f.value);
    const mapped = m ? redisEviction[m[1]!] : undefined;
    if (mapped) return { value: mapped, span: f.span };
  }
  return undefined;
}

/** All the configuration text of a workload: env names and values, args, commands, mounted files, images. */
export function configurationText(w: Pick<Workload, 'pod' | 'env' | 'mountedFiles'>): string {
  const parts: string[] = [];
  for (const c of [...w.pod.containers, ...w.pod.initContainers]) {
    if (c.image !== undefined) parts.push(c.image);
    for (const n of argNodes(c)) parts.push(str(n)!);
  }
  for (const e of w.env) for (const v of e.vars) parts.push(`${v.name}=${v.value}`);
  for (const f of w.mountedFiles) parts.push(f.value);
  return parts.join('\n');
}

/** A map of the pod template's annotations and the workload's own, the pod's first. */
export function annotations(r: Resource, pod: PodTemplate): Map<string, { value: string; span: Span }> {
  const own = stringMap(at(r.node, 'metadata', 'annotations'));
  for (const [k, v] of pod.annotations) own.set(k, v);
  return own;
}
