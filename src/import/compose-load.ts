/**
 * A Compose project as Compose itself reads it, before any mapping: each file interpolated from
 * the project's `.env` (compose-env.ts), its services' short forms expanded, `extends` resolved
 * (in the same file or `file:` another), the files merged in order by the rules of the
 * specification's 13-merge.md, and `include`d projects added. Every value keeps the file and span
 * that finally decided it, so that a finding points at the override line when the override decided.
 *
 * Values inherited through `extends` from another file are placed at the `extends:` key of the
 * service that extends it: that file is not part of the deployment, and the `extends` line is
 * where the value enters it.
 */
import path from 'node:path';
import type { ImportNoteId } from './emit.js';
import { interpolate, parseEnvFile, type EnvEntry, type InterpolationIssue, type Lookup } from './compose-env.js';
import { readDocuments, type Node, type Span } from './source.js';
import type { DeploymentFile } from './types.js';
import { pushAll } from '../arrays.js';

export interface CScalar {
  type: 'scalar';
  value: string | number | boolean | null;
  file: string;
  span: Span;
}
export interface CSeq {
  type: 'seq';
  items: CVal[];
  file: string;
  span: Span;
}
export interface CMap {
  type: 'map';
  entries: CEntry[];
  file: string;
  span: Span;
}
export interface CEntry {
  key: string;
  keySpan: Span;
  file: string;
  value: CVal;
  /** `!reset` (remove what earlier files set) or `!override` (replace instead of merging). */
  tag?: 'reset' | 'override';
}
export type CVal = CScalar | CSeq | CMap;

/** A place in a file. */
export interface Where {
  file: string;
  span: Span;
}

export interface ServiceDef {
  name: string;
  def: CMap;
  /** Where the service's key is, in each file that defines or changes it, in merge order. */
  keys: (Where & { index: number })[];
}

export interface Project {
  /** The project name: `name:`, else COMPOSE_PROJECT_NAME from `.env`, else the directory's name. */
  name: string;
  nameAt?: Where;
  /** The project directory: the directory of the first file. */
  dir: string;
  /** The variables of the project's `.env`. */
  env: ReadonlyMap<string, EnvEntry>;
  services: ServiceDef[];
  networks?: CMap;
  volumes?: CMap;
  /** The deployment files in merge order (included and extended files are not among them). */
  files: readonly string[];
}

export interface LoadContext {
  readFile: (file: string) => string;
  note: (id: ImportNoteId, message: string, file: string, span: Span) => void;
}

/** Top-level keys of a Compose file, and what becomes of them (documented in docs/importers/compose.md). */
/** Longest `extends` chain, and most included files, read: beyond, a project is not a deployment but a loop. */
const MAX_CHAIN = 64;

const topLevelKeys = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'include', 'models']);

/** Service keys of the Compose specification (05-services.md), and legacy keys Compose still reads. */
export const serviceKeys = new Set([
  'annotations',
  'attach',
  'build',
  'blkio_config',
  'cpu_count',
  'cpu_percent',
  'cpu_shares',
  'cpu_period',
  'cpu_quota',
  'cpu_rt_runtime',
  'cpu_rt_period',
  'cpus',
  'cpuset',
  'cap_add',
  'cap_drop',
  'cgroup',
  'cgroup_parent',
  'command',
  'configs',
  'container_name',
  'credential_spec',
  'depends_on',
  'deploy',
  'develop',
  'device_cgroup_rules',
  'devices',
  'dns',
  'dns_opt',
  'dns_search',
  'domainname',
  'entrypoint',
  'env_file',
  'environment',
  'expose',
  'extends',
  'external_links',
  'extra_hosts',
  'gpus',
  'group_add',
  'healthcheck',
  'hostname',
  'image',
  'init',
  'ipc',
  'isolation',
  'labels',
  'label_file',
  'links',
  'logging',
  'mac_address',
  'mem_limit',
  'mem_reservation',
  'mem_swappiness',
  'memswap_limit',
  'models',
  'network_mode',
  'networks',
  'oom_kill_disable',
  'oom_score_adj',
  'pid',
  'pids_limit',
  'platform',
  'ports',
  'post_start',
  'pre_start',
  'pre_stop',
  'privileged',
  'profiles',
  'provider',
  'pull_policy',
  'pull_refresh_after',
  'read_only',
  'restart',
  'runtime',
  'scale',
  'secrets',
  'security_opt',
  'shm_size',
  'stdin_open',
  'stop_grace_period',
  'stop_signal',
  'storage_opt',
  'sysctls',
  'tmpfs',
  'tty',
  'ulimits',
  'use_api_socket',
  'user',
  'userns_mode',
  'uts',
  'volumes',
  'volumes_from',
  'working_dir',
  // Legacy (file format 2), still accepted by docker compose.
  'volume_driver',
]);

// ---------------------------------------------------------------------------------------------
// Reading values

export function cget(v: CVal | undefined, key: string): CVal | undefined {
  return centry(v, key)?.value;
}
export function centry(v: CVal | undefined, key: string): CEntry | undefined {
  if (v?.type !== 'map') return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--) if (v.entries[i]!.key === key) return v.entries[i];
  return undefined;
}
export function cat(v: CVal | undefined, ...keys: string[]): CVal | undefined {
  let n = v;
  for (const k of keys) n = cget(n, k);
  return n;
}
export function cstr(v: CVal | undefined): string | undefined {
  if (v?.type !== 'scalar' || v.value === null) return undefined;
  return String(v.value);
}
export function cnum(v: CVal | undefined): number | undefined {
  if (v?.type !== 'scalar') return undefined;
  if (typeof v.value === 'number') return Number.isFinite(v.value) ? v.value : undefined;
  if (typeof v.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v.value)) return Number(v.value);
  return undefined;
}
export function cbool(v: CVal | undefined): boolean | undefined {
  if (v?.type !== 'scalar') return undefined;
  if (typeof v.value === 'boolean') return v.value;
  const s = String(v.value).toLowerCase();
  if (s === 'true' || s === 'yes') return true;
  if (s === 'false' || s === 'no') return false;
  return undefined;
}
export function citems(v: CVal | undefined): CVal[] {
  return v?.type === 'seq' ? v.items : [];
}
export function centries(v: CVal | undefined): CEntry[] {
  return v?.type === 'map' ? v.entries : [];
}
/** The plain JavaScript value (for comparing sequence items). */
export function cplain(v: CVal | undefined): unknown {
  if (!v) return undefined;
  if (v.type === 'scalar') return v.value;
  if (v.type === 'seq') return v.items.map(cplain);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const e of v.entries) out[e.key] = cplain(e.value);
  return out;
}
/** A scalar or a list of scalars as words (`command: a b` and `command: [a, b]`). */
export function cwords(v: CVal | undefined): string[] {
  if (v?.type === 'scalar') return v.value === null ? [] : String(v.value).split(/\s+/).filter(Boolean);
  return citems(v).flatMap((i) => (i.type === 'scalar' && i.value !== null ? [String(i.value)] : []));
}

// ---------------------------------------------------------------------------------------------
// Converting parsed YAML, with interpolation

interface FileReader {
  file: string;
  text: string;
  env: Lookup;
  ctx: LoadContext;
  /** Variables already reported in this file, so each is said once. */
  reported: Set<string>;
}

function convert(node: Node, r: FileReader, interpolated: boolean): CVal {
  if (node.type === 'scalar') {
    let value = node.value;
    if (interpolated && typeof value === 'string' && value.includes('$')) value = interpolateAt(value, node.span, r);
    return { type: 'scalar', value, file: r.file, span: node.span };
  }
  if (node.type === 'seq') return { type: 'seq', items: node.items.map((n) => convert(n, r, interpolated)), file: r.file, span: node.span };
  const entries: CEntry[] = [];
  for (const e of node.entries) {
    const between = r.text.slice(e.keySpan.end.offset, e.value.span.start.offset);
    const tag = /!reset\b/.test(between) ? 'reset' : /!override\b/.test(between) ? 'override' : undefined;
    entries.push({ key: e.key, keySpan: e.keySpan, file: r.file, value: convert(e.value, r, interpolated), ...(tag ? { tag } : {}) });
  }
  return { type: 'map', entries, file: r.file, span: node.span };
}

function interpolateAt(text: string, span: Span, r: FileReader): string {
  const issues: InterpolationIssue[] = [];
  const value = interpolate(text, r.env, issues);
  for (const issue of issues) {
    const key = `${issue.kind}\0${issue.name}`;
    if (r.reported.has(key)) continue;
    r.reported.add(key);
    if (issue.kind === 'unset')
      r.ctx.note(
        'import/dangling-reference',
        `\`${issue.name}\` is not set in the project's .env, so it is read as empty (archlint reads variables from .env only, never from the shell, so that a file always gives the same model)`,
        r.file,
        span,
      );
    else if (issue.kind === 'required')
      r.ctx.note(
        'import/dangling-reference',
        `\`${issue.name}\` must be set (${issue.message || 'required'}), and the project's .env does not set it: Compose would refuse this file; it is read as empty`,
        r.file,
        span,
      );
    else r.ctx.note('import/unsupported', `\`${issue.name}\` is not a variable Compose can interpolate: kept as written`, r.file, span);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Short forms expanded (merges apply to the expanded form)

/** `["A=1", "B"]` → `{A: "1", B: null}`; a map stays a map. */
function listToMap(v: CVal): CVal {
  if (v.type !== 'seq') return v;
  const entries: CEntry[] = [];
  for (const item of v.items) {
    if (item.type !== 'scalar' || item.value === null) continue;
    const text = String(item.value);
    const eq = text.indexOf('=');
    const key = (eq < 0 ? text : text.slice(0, eq)).trim();
    if (key === '') continue;
    const value: CScalar = { type: 'scalar', value: eq < 0 ? null : text.slice(eq + 1), file: item.file, span: item.span };
    entries.push({ key, keySpan: item.span, file: item.file, value });
  }
  return { type: 'map', entries, file: v.file, span: v.span };
}

/** `[a, b]` → `{a: null, b: null}` (depends_on, networks). */
function namesToMap(v: CVal): CVal {
  if (v.type !== 'seq') return v;
  const entries: CEntry[] = [];
  for (const item of v.items) {
    const name = cstr(item);
    if (name === undefined) continue;
    entries.push({ key: name, keySpan: item.span, file: item.file, value: { type: 'scalar', value: null, file: item.file, span: item.span } });
  }
  return { type: 'map', entries, file: v.file, span: v.span };
}

function scalarToList(v: CVal): CVal {
  return v.type === 'scalar' && v.value !== null ? { type: 'seq', items: [v], file: v.file, span: v.span } : v;
}

function scalarToMap(v: CVal, key: string): CVal {
  if (v.type !== 'scalar' || v.value === null) return v;
  return { type: 'map', entries: [{ key, keySpan: v.span, file: v.file, value: v }], file: v.file, span: v.span };
}

const expanders: Readonly<Record<string, (v: CVal) => CVal>> = {
  environment: listToMap,
  labels: listToMap,
  annotations: listToMap,
  extra_hosts: listToMap,
  sysctls: listToMap,
  depends_on: namesToMap,
  networks: namesToMap,
  env_file: scalarToList,
  dns: scalarToList,
  dns_search: scalarToList,
  dns_opt: scalarToList,
  tmpfs: scalarToList,
  label_file: scalarToList,
  extends: (v) => scalarToMap(v, 'service'),
  deploy: (v) => (v.type === 'map' ? { ...v, entries: v.entries.map((e) => (e.key === 'labels' ? { ...e, value: listToMap(e.value) } : e)) } : v),
  build: (v) => {
    const m = scalarToMap(v, 'context');
    if (m.type !== 'map') return m;
    return { ...m, entries: m.entries.map((e) => (e.key === 'args' || e.key === 'labels' ? { ...e, value: listToMap(e.value) } : e)) };
  },
};

/** A service definition with its short forms expanded; a service that is not a map becomes an empty one. */
function expandService(v: CVal, at: Where): CMap {
  if (v.type !== 'map') return { type: 'map', entries: [], file: at.file, span: at.span };
  return { ...v, entries: v.entries.map((e) => (expanders[e.key] ? { ...e, value: expanders[e.key]!(e.value) } : e)) };
}

// ---------------------------------------------------------------------------------------------
// Merging (13-merge.md; 05-services.md#extends)

/** Sequences whose later value replaces the earlier one. */
const replaced = new Set(['command', 'entrypoint', 'healthcheck.test']);

/** The unique key of a port (host ip, target, published, protocol). */
export function portKey(item: CVal): string {
  const p = parsePort(item);
  return p ? `${p.hostIp ?? ''}|${p.target ?? ''}|${p.published ?? ''}|${p.protocol}` : JSON.stringify(cplain(item));
}

/** Where a mount goes in the container. */
export function mountTarget(item: CVal): string | undefined {
  if (item.type === 'map') return cstr(cget(item, 'target'));
  const text = cstr(item);
  if (text === undefined) return undefined;
  const parts = splitMount(text);
  return parts.length === 1 ? parts[0] : parts[1];
}

/** `src:dst:mode` split on the colons that separate fields (not a Windows drive's). */
export function splitMount(text: string): string[] {
  const drive = /^[A-Za-z]:[\\/]/.test(text) ? text.slice(0, 2) : '';
  const parts = text.slice(drive.length).split(':');
  parts[0] = drive + parts[0]!;
  return parts;
}

const keyed: Readonly<Record<string, (item: CVal) => string>> = {
  ports: portKey,
  volumes: (i) => mountTarget(i) ?? JSON.stringify(cplain(i)),
  secrets: (i) => cstr(i) ?? cstr(cget(i, 'target')) ?? cstr(cget(i, 'source')) ?? JSON.stringify(cplain(i)),
  configs: (i) => cstr(i) ?? cstr(cget(i, 'target')) ?? cstr(cget(i, 'source')) ?? JSON.stringify(cplain(i)),
};

function mergeSeq(base: CSeq, over: CSeq, pathKey: string): CSeq {
  if (replaced.has(pathKey)) return over;
  const keyOf = keyed[pathKey] ?? ((i: CVal) => JSON.stringify(cplain(i)));
  const overKeys = new Map(over.items.map((i) => [keyOf(i), i]));
  const items: CVal[] = [];
  const seen = new Set<string>();
  for (const i of base.items) {
    const k = keyOf(i);
    if (seen.has(k)) continue;
    seen.add(k);
    items.push(overKeys.get(k) ?? i);
  }
  for (const i of over.items) {
    const k = keyOf(i);
    if (seen.has(k)) continue;
    seen.add(k);
    items.push(i);
  }
  return { ...over, items };
}

/** `over` merged onto `base`: maps by key, sequences appended (some keyed, some replaced), scalars replaced. */
export function mergeVal(base: CVal | undefined, over: CVal, pathKey: string): CVal {
  if (!base) return over;
  if (base.type === 'map' && over.type === 'map') return mergeMap(base, over, pathKey);
  if (base.type === 'seq' && over.type === 'seq') return mergeSeq(base, over, pathKey);
  return over;
}

export function mergeMap(base: CMap, over: CMap, pathKey = ''): CMap {
  const entries = [...base.entries];
  for (const e of over.entries) {
    const i = entries.findIndex((x) => x.key === e.key);
    if (e.tag === 'reset') {
      if (i >= 0) entries.splice(i, 1);
      continue;
    }
    const childPath = pathKey === '' ? e.key : `${pathKey}.${e.key}`;
    const value = e.tag === 'override' || i < 0 ? e.value : mergeVal(entries[i]!.value, e.value, childPath);
    const merged: CEntry = { key: e.key, keySpan: e.keySpan, file: e.file, value };
    if (i >= 0) entries[i] = merged;
    else entries.push(merged);
  }
  return { ...over, entries };
}

/** A copy of `v` placed at `at` (values inherited from a file outside the deployment). */
function relocate(v: CVal, at: Where): CVal {
  if (v.type === 'scalar') return { ...v, file: at.file, span: at.span };
  if (v.type === 'seq') return { ...v, file: at.file, span: at.span, items: v.items.map((i) => relocate(i, at)) };
  return {
    ...v,
    file: at.file,
    span: at.span,
    entries: v.entries.map((e) => ({ ...e, file: at.file, keySpan: at.span, value: relocate(e.value, at) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Ports

export interface Port {
  hostIp?: string;
  /** The host port or range; undefined: a port the runtime picks. */
  published?: string;
  target?: string;
  protocol: string;
}

/** A `ports` item, short (`[IP:][HOST:]CONTAINER[/PROTO]`) or long syntax. */
export function parsePort(item: CVal): Port | undefined {
  if (item.type === 'map') {
    const target = cstr(cget(item, 'target'));
    if (target === undefined || target === '') return undefined;
    const published = cstr(cget(item, 'published'));
    const hostIp = cstr(cget(item, 'host_ip'));
    return {
      target,
      ...(published !== undefined && published !== '' ? { published } : {}),
      ...(hostIp !== undefined ? { hostIp } : {}),
      protocol: (cstr(cget(item, 'protocol')) ?? 'tcp').toLowerCase(),
    };
  }
  const text = cstr(item)?.trim();
  if (text === undefined || text === '') return undefined;
  let body = text;
  let protocol = 'tcp';
  const slash = body.lastIndexOf('/');
  if (slash >= 0) {
    protocol = body.slice(slash + 1).toLowerCase() || 'tcp';
    body = body.slice(0, slash);
  }
  const last = body.lastIndexOf(':');
  if (last < 0) return body === '' ? undefined : { target: body, protocol };
  const target = body.slice(last + 1);
  if (target === '') return undefined;
  const host = body.slice(0, last);
  const hostColon = host.lastIndexOf(':');
  if (hostColon < 0) return { target, ...(host !== '' ? { published: host } : {}), protocol };
  let hostIp = host.slice(0, hostColon);
  const published = host.slice(hostColon + 1);
  if (hostIp.startsWith('[') && hostIp.endsWith(']')) hostIp = hostIp.slice(1, -1);
  return { target, ...(published !== '' ? { published } : {}), hostIp, protocol };
}

// ---------------------------------------------------------------------------------------------
// Loading a project

const isExtension = (key: string) => key.startsWith('x-');

/** `rel` seen from the directory of `from`. */
export function relativeTo(from: string, rel: string): string {
  return path.isAbsolute(rel) ? path.normalize(rel) : path.normalize(path.join(path.dirname(from), rel));
}

interface FileModel {
  file: string;
  name?: { value: string; at: Where };
  services: Map<string, { def: CMap; key: Where }>;
  networks?: CMap;
  volumes?: CMap;
  include: CVal[];
}

class Loader {
  /** Files read for `extends`, by path: their services, expanded and interpolated. */
  private readonly extendsFiles = new Map<string, Map<string, { def: CMap; key: Where }> | undefined>();

  constructor(
    private readonly ctx: LoadContext,
    private readonly env: Lookup,
  ) {}

  /** One parsed file (any number of documents) as a file model. */
  readFile(file: string, text: string, roots: readonly (Node | undefined)[], topLevel: boolean): FileModel {
    const r: FileReader = { file, text, env: this.env, ctx: this.ctx, reported: new Set() };
    const model: FileModel = { file, services: new Map(), include: [] };
    for (const root of roots) {
      if (!root) continue;
      if (root.type !== 'map') {
        if (topLevel) this.ctx.note('import/unmapped-resource', 'a Compose file is a mapping with a `services` key; this document is not one', file, root.span);
        continue;
      }
      for (const e of root.entries) {
        if (isExtension(e.key)) continue;
        if (!topLevelKeys.has(e.key)) {
          if (topLevel) this.ctx.note('import/unmapped-resource', `\`${e.key}\` is not a top-level key of the Compose specification: ignored`, file, e.keySpan);
          continue;
        }
        const value = convert(e.value, r, true);
        if (e.key === 'name') {
          const name = cstr(value);
          if (name !== undefined && name !== '') model.name = { value: name, at: { file, span: value.span } };
        } else if (e.key === 'services') {
          if (value.type !== 'map') {
            if (topLevel) this.ctx.note('import/unmapped-resource', '`services` should map service names to their definitions: ignored', file, e.keySpan);
            continue;
          }
          for (const s of value.entries) {
            const def = expandService(
              { ...s.value, ...(s.value.type === 'map' ? { entries: s.value.entries.filter((x) => !isExtension(x.key)) } : {}) },
              { file, span: s.keySpan },
            );
            // The documents of one file are merged in order, as files are.
            const earlier = model.services.get(s.key);
            model.services.set(s.key, { def: earlier ? mergeMap(earlier.def, def) : def, key: { file, span: s.keySpan } });
          }
        } else if (e.key === 'networks' && value.type === 'map') {
          model.networks = model.networks ? mergeMap(model.networks, value) : value;
        } else if (e.key === 'volumes' && value.type === 'map') {
          model.volumes = model.volumes ? mergeMap(model.volumes, value) : value;
        } else if (e.key === 'include') {
          pushAll(model.include, value.type === 'seq' ? value.items : [value]);
        }
      }
    }
    this.resolveExtends(model.services, file);
    return model;
  }

  /** Services whose `extends` chain is merged in, for each file's map of services. */
  private readonly resolved = new WeakMap<Map<string, { def: CMap; key: Where }>, Set<string>>();

  /** Every service of `services` with its `extends` chain merged in. */
  private resolveExtends(services: Map<string, { def: CMap; key: Where }>, file: string): void {
    for (const name of services.keys()) this.resolveService(file, services, name, [`${file}\0${name}`]);
  }

  /** One service with its `extends` chain merged in; `stack` holds the services on the way, to cut cycles. */
  private resolveService(file: string, services: Map<string, { def: CMap; key: Where }>, name: string, stack: readonly string[]): CMap | undefined {
    const s = services.get(name);
    if (!s) return undefined;
    let done = this.resolved.get(services);
    if (!done) this.resolved.set(services, (done = new Set()));
    if (done.has(name)) return s.def;
    const ext = centry(s.def, 'extends');
    if (!ext) {
      done.add(name);
      return s.def;
    }
    const local: CMap = { ...s.def, entries: s.def.entries.filter((e) => e.key !== 'extends') };
    const target = cstr(cget(ext.value, 'service'));
    const otherFile = cstr(cget(ext.value, 'file'));
    const other = otherFile === undefined ? file : relativeTo(file, otherFile);
    const sameFile = path.normalize(other) === path.normalize(file);
    const where = sameFile ? 'this file' : other;
    let base: CMap | undefined;
    if (target === undefined) {
      this.ctx.note('import/unmapped-resource', '`extends` names no `service`: ignored', ext.file, ext.keySpan);
    } else if (stack.length >= MAX_CHAIN) {
      this.ctx.note('import/unsupported', `\`extends\` chains more than ${MAX_CHAIN} services: the rest of the chain is not read`, ext.file, ext.keySpan);
    } else if (stack.includes(`${other}\0${target}`)) {
      this.ctx.note(
        'import/dangling-reference',
        `\`extends\` makes a cycle through \`${target}\`${sameFile ? '' : ` in ${other}`}: Compose refuses it; ignored`,
        ext.file,
        ext.keySpan,
      );
    } else {
      const theirs = sameFile ? services : this.servicesOf(other);
      if (!theirs) {
        this.ctx.note('import/dangling-reference', `\`extends\` reads ${other}, which cannot be read as a Compose file`, ext.file, ext.keySpan);
      } else if (!theirs.has(target)) {
        this.ctx.note('import/dangling-reference', `\`extends\` names the service \`${target}\`, which ${where} does not define`, ext.file, ext.keySpan);
      } else {
        const resolved = this.resolveService(other, theirs, target, [...stack, `${other}\0${target}`]);
        if (resolved) base = sameFile ? resolved : (relocate(resolved, { file: ext.file, span: ext.keySpan }) as CMap);
      }
    }
    const def = base ? mergeMap(base, local) : local;
    s.def = def;
    done.add(name);
    return def;
  }

  private servicesOf(file: string): Map<string, { def: CMap; key: Where }> | undefined {
    if (this.extendsFiles.has(file)) return this.extendsFiles.get(file);
    this.extendsFiles.set(file, undefined);
    let text: string;
    try {
      text = this.ctx.readFile(file);
    } catch {
      return undefined;
    }
    const read = readDocuments(text);
    if (read.problems.length > 0) return undefined;
    // Notes about the other file itself (its unset variables) are not reported: only the
    // deployment's files are checked.
    const quiet = new Loader({ readFile: this.ctx.readFile, note: () => undefined }, this.env);
    const services = new Map<string, { def: CMap; key: Where }>();
    for (const doc of read.documents) {
      const svcs = doc.root?.type === 'map' ? doc.root.entries.find((e) => e.key === 'services')?.value : undefined;
      if (svcs?.type !== 'map') continue;
      const r: FileReader = { file, text, env: this.env, ctx: quiet.ctx, reported: new Set() };
      for (const s of svcs.entries) {
        const value = convert(s.value, r, true);
        const def = expandService(
          { ...value, ...(value.type === 'map' ? { entries: value.entries.filter((x) => !isExtension(x.key)) } : {}) },
          {
            file,
            span: s.keySpan,
          },
        );
        services.set(s.key, { def, key: { file, span: s.keySpan } });
      }
    }
    this.extendsFiles.set(file, services);
    return services;
  }
}

/** The variables of the `.env` in `dir`, or none when there is none. */
function readDotEnv(dir: string, ctx: LoadContext): Map<string, EnvEntry> {
  let text: string;
  try {
    text = ctx.readFile(path.join(dir, '.env'));
  } catch {
    return new Map();
  }
  return parseEnvFile(text);
}

/** The project the deployment files make, merged in order. */
export function loadProject(files: readonly DeploymentFile[], ctx: LoadContext): Project {
  const first = files[0]!.file;
  const dir = path.dirname(first);
  const env = readDotEnv(dir, ctx);
  const lookup: Lookup = (name) => env.get(name)?.value;
  const services = new Map<string, ServiceDef>();
  let networks: CMap | undefined;
  let volumes: CMap | undefined;
  let name: { value: string; at: Where } | undefined;
  const includes: { item: CVal; from: string }[] = [];

  const addModel = (m: FileModel, index: number, included: boolean) => {
    if (m.name && !included) name = m.name;
    for (const [svc, { def, key }] of m.services) {
      const existing = services.get(svc);
      if (existing && included) {
        ctx.note(
          'import/unsupported',
          `\`${svc}\` is defined by the project and by the included file ${m.file}: Compose refuses the conflict; the project's is kept`,
          key.file,
          key.span,
        );
        continue;
      }
      if (existing) {
        existing.def = mergeMap(existing.def, def);
        existing.keys.push({ ...key, index });
      } else {
        services.set(svc, { name: svc, def, keys: [{ ...key, index }] });
      }
    }
    if (m.networks) networks = networks ? mergeMap(networks, m.networks) : m.networks;
    if (m.volumes) volumes = volumes ? mergeMap(volumes, m.volumes) : m.volumes;
    for (const item of m.include) includes.push({ item, from: m.file });
  };

  const loader = new Loader(ctx, lookup);
  files.forEach((f, index) => {
    addModel(
      loader.readFile(
        f.file,
        f.text,
        f.documents.map((d) => d.root),
        true,
      ),
      index,
      false,
    );
  });

  // `include`: each path is a project of its own (its directory, its .env under the project's),
  // whose services join this one.
  const seenIncludes = new Set(files.map((f) => path.normalize(f.file)));
  for (let i = 0; i < includes.length; i++) {
    const { item, from } = includes[i]!;
    const paths = item.type === 'map' ? cget(item, 'path') : item;
    const list = paths?.type === 'seq' ? paths.items : paths ? [paths] : [];
    const group: DeploymentFile[] = [];
    for (const p of list) {
      const rel = cstr(p);
      if (rel === undefined) continue;
      const file = relativeTo(from, rel);
      // A file that includes itself through a path that changes each time (`./sub/compose.yaml`
      // in every directory it names) would never end.
      if (seenIncludes.size >= files.length + MAX_CHAIN) {
        ctx.note('import/unsupported', `more than ${MAX_CHAIN} included files: ${file} and the rest are not read`, item.file, item.span);
        continue;
      }
      if (seenIncludes.has(file)) {
        ctx.note('import/unsupported', `${file} is included twice (or includes itself): read once`, item.file, item.span);
        continue;
      }
      seenIncludes.add(file);
      let text: string;
      try {
        text = ctx.readFile(file);
      } catch {
        ctx.note('import/dangling-reference', `\`include\` names ${file}, which cannot be read`, item.file, item.span);
        continue;
      }
      const read = readDocuments(text);
      if (read.problems.length > 0) {
        ctx.note('import/dangling-reference', `\`include\` names ${file}, which is not valid YAML: ${read.problems[0]!.message}`, item.file, item.span);
        continue;
      }
      group.push({ file, text, documents: read.documents });
    }
    if (group.length === 0) continue;
    const theirEnv = readDotEnv(path.dirname(group[0]!.file), ctx);
    const theirLookup: Lookup = (n) => env.get(n)?.value ?? theirEnv.get(n)?.value;
    const theirLoader = new Loader(ctx, theirLookup);
    // The files of one `path:` list are merged in order, as the files of a project are.
    const models = group.map((g) =>
      theirLoader.readFile(
        g.file,
        g.text,
        g.documents.map((d) => d.root),
        true,
      ),
    );
    const merged = models[0]!;
    for (const m of models.slice(1)) {
      for (const [svc, value] of m.services) {
        const existing = merged.services.get(svc);
        merged.services.set(svc, existing ? { def: mergeMap(existing.def, value.def), key: value.key } : value);
      }
      if (m.networks) merged.networks = merged.networks ? mergeMap(merged.networks, m.networks) : m.networks;
      if (m.volumes) merged.volumes = merged.volumes ? mergeMap(merged.volumes, m.volumes) : m.volumes;
      pushAll(merged.include, m.include);
    }
    addModel(merged, files.length + i, true);
  }

  const projectName =
    name?.value ??
    env.get('COMPOSE_PROJECT_NAME')?.value ??
    (path.basename(dir) !== '.' && path.basename(dir) !== '..' && path.basename(dir) !== '' ? path.basename(dir) : path.basename(path.resolve(dir)));
  return {
    name: projectName,
    ...(name ? { nameAt: name.at } : {}),
    dir,
    env,
    services: [...services.values()],
    ...(networks ? { networks } : {}),
    ...(volumes ? { volumes } : {}),
    files: files.map((f) => f.file),
  };
}

/** The variables of an `env_file` entry's file, interpolated from the project's `.env`; undefined when it cannot be read. */
export function readEnvFile(file: string, ctx: LoadContext, env: Lookup): Map<string, EnvEntry> | undefined {
  let text: string;
  try {
    text = ctx.readFile(file);
  } catch {
    return undefined;
  }
  return parseEnvFile(text, env);
}
