/**
 * The Compose importer: the services of one Compose project (its files merged in order, as
 * `docker compose -f a -f b` reads them) as components, the references between them as edges,
 * and the published ports as the public entry. compose-load.ts reads the project as Compose does
 * (interpolation, `extends`, merging, `include`); this module decides what each service is. Its
 * tables are in compose-tables.ts and its page is docs/importers/compose.md.
 *
 * Compose runs every service of a project on one machine, so each component gets `host: <project>`
 * (unless the file is a Swarm stack): they fail together, which shared-fate reports once.
 */
import path from 'node:path';
import type { Span, Value } from '../../grammar/ast.js';
import { managedByDefault, type Kind } from '../model/kinds.js';
import { interpolate, type Lookup } from './compose-env.js';
import {
  cat,
  cbool,
  centries,
  centry,
  cget,
  citems,
  cnum,
  cstr,
  cwords,
  loadProject,
  parsePort,
  readEnvFile,
  relativeTo,
  serviceKeys,
  splitMount,
  type CEntry,
  type CMap,
  type CVal,
  type LoadContext,
  type Port,
  type Project,
  type ServiceDef,
  type Where,
} from './compose-load.js';
import {
  addressVariable,
  backupImages,
  backupIntervalMinutesVariables,
  backupRetentionDaysVariables,
  backupScheduleVariables,
  clusteringEngines,
  dataDirectories,
  dataDirectoryVariables,
  durableWhenPersisted,
  engineKinds,
  entryKinds,
  guessedStoreKinds,
  httpHealthcheck,
  labelRouters,
  listenVariable,
  memoryOnlyEngines,
  monitoringFlags,
  notServices,
  ownAddressVariable,
  passiveKinds,
  persistentKinds,
  publicKinds,
  schedulerCommands,
  schedulerNames,
  toolCommands,
  toolImages,
  traefikRateLimit,
  workerCommands,
  workerCommandWord,
  workerNames,
} from './compose-tables.js';
import { safeName, v, type ModelBuilder } from './emit.js';
import { kindOfImage, repositoryOf, type ImageRule } from './images.js';
import { readDocuments, type Node } from './source.js';
import type { Importer, ImportOptions } from './types.js';
import { pushAll } from '../arrays.js';

export const importCompose: Importer = (files, builder, options) => {
  if (files.length === 0) return;
  const ctx: LoadContext = { readFile: options.readFile, note: (id, message, file, span) => builder.note(id, message, file, span) };
  const project = loadProject(files, ctx);
  new ComposeMapper(project, builder, options, ctx).run();
};

/** How a service names another; when one service names another several ways, the first of these places the edge. */
type Via = 'env' | 'link' | 'label' | 'scrape' | 'logging' | 'depends_on' | 'guess';
const viaRank: Readonly<Record<Via, number>> = { env: 0, link: 1, label: 2, scrape: 3, logging: 4, depends_on: 5, guess: 6 };
const viaText: Readonly<Record<Via, string>> = {
  env: 'environment',
  link: 'links',
  label: 'routing labels',
  scrape: 'scrape configuration',
  logging: 'logging options',
  depends_on: 'depends_on',
  guess: 'a guess',
};

interface Ref {
  /** The name as written (a service, an alias or a container name). */
  to: string;
  via: Via;
  at: Where;
  /** The variable it is written in (env). */
  variable?: string;
  condition?: string;
}

interface Located<T> {
  value: T;
  at: Where;
}

interface PublishedPort {
  port: Port;
  at: Where;
  /** Bound to every interface of the host (no `host_ip`, `0.0.0.0`, `::`). */
  everywhere: boolean;
  /** Bound to the loopback interface only: reachable from the host itself, not from outside. */
  loopback: boolean;
  /** `mode: host` (long syntax): published on the node itself, past a Swarm's routing mesh. */
  nodePort: boolean;
}

interface Svc {
  name: string;
  def: CMap;
  service: ServiceDef;
  /** The service's key in the first file that defines it. */
  at: Where;
  active: boolean;
  /** Active in Compose, but not a component (a tool, a one-shot job, a backup job). */
  leftOut?: boolean;
  isBackup?: boolean;
  image?: Located<string>;
  kind?: Kind;
  engine?: string;
  /** The kind is a guess from what is missing (no ports, no callers), not from what is written. */
  guessed?: boolean;
  /** Where the kind comes from (the image line, or the build). */
  kindAt?: Where;
  env: Map<string, Located<string>>;
  refs: Ref[];
  ports: PublishedPort[];
  exposes: boolean;
  /** `network_mode: host`: the container listens on the host's own interfaces, every port it opens published. */
  hostNetwork?: Where;
  /** Its Dockerfile says it listens (`EXPOSE`). */
  dockerfileExposes?: boolean;
  component?: string;
  backup?: { frequency: Located<string>; retentionDays?: Located<number> };
}

/** A component attribute before its span is fixed: `at` undefined means the service's key. */
interface PendingAttr {
  name: string;
  make: (span: Span) => Value;
  at?: Where;
}

interface PendingEdge {
  from: string;
  to: string;
  via: Via;
  at: Where;
  attrs: PendingAttr[];
  what: string;
}

/** Where a collector's configuration is mounted (`./prometheus.yml:/etc/prometheus/prometheus.yml`). */
const scrapeConfig = /^\/etc\/(prometheus|grafana-agent|agent|vmagent|otelcol[a-z-]*)\/.+\.ya?ml$|prometheus[^/]*\.ya?ml$/;

const notAHost = new Set(['none', 'null', 'true', 'false', 'disabled', 'off', 'on', 'auto', 'default', 'any', 'all', 'yes', 'no']);

class ComposeMapper {
  private readonly svcs: Svc[];
  private readonly byName = new Map<string, Svc>();
  private readonly activeProfiles: Set<string>;
  private readonly lookup: Lookup;
  private readonly swarm: boolean;
  private readonly hostName: string;
  /** The configuration's image rules, then the Compose importer's own. */
  private readonly images: readonly ImageRule[];

  constructor(
    private readonly project: Project,
    private readonly builder: ModelBuilder,
    private readonly options: ImportOptions,
    private readonly ctx: LoadContext,
  ) {
    this.lookup = (name) => project.env.get(name)?.value;
    this.activeProfiles = new Set(
      (project.env.get('COMPOSE_PROFILES')?.value ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    );
    this.svcs = project.services.map((s) => this.prepare(s));
    this.swarm = this.isSwarmStack();
    this.hostName = safeName(project.name);
    this.images = options.images;
  }

  run(): void {
    if (this.project.nameAt) this.builder.title = { text: this.project.name, file: this.project.nameAt.file, span: this.project.nameAt.span };
    for (const s of this.svcs) this.checkService(s);
    this.indexNames();
    for (const s of this.svcs) if (s.active) this.readEnvironment(s);
    for (const s of this.svcs) if (s.active) this.readReferences(s);
    this.leaveOutJobsAndTools();
    this.decideKinds();
    this.readBackups();
    for (const s of this.mapped()) s.component = this.builder.uniqueName(s.name);
    for (const s of this.mapped()) this.emitComponent(s);
    this.emitEdges();
  }

  private mapped(): Svc[] {
    return this.svcs.filter((s) => s.active && !s.leftOut && s.kind !== undefined);
  }

  // -------------------------------------------------------------------------------------------
  // Services as Compose sees them

  private prepare(service: ServiceDef): Svc {
    const def = service.def;
    const first = service.keys[0]!;
    const image = centry(def, 'image');
    const imageText = cstr(image?.value);
    const ports: PublishedPort[] = [];
    for (const item of citems(cget(def, 'ports'))) {
      const port = parsePort(item);
      if (!port) continue;
      const ip = port.hostIp?.trim().toLowerCase();
      const loopback = ip !== undefined && (/^127\./.test(ip) || ip === '::1' || ip === 'localhost');
      const everywhere = ip === undefined || ip === '' || ip === '0.0.0.0' || ip === '::';
      const nodePort = item.type === 'map' && cstr(cget(item, 'mode')) === 'host';
      ports.push({ port, at: { file: item.file, span: item.span }, everywhere, loopback, nodePort });
    }
    const networkMode = centry(def, 'network_mode');
    const hostNetwork = cstr(networkMode?.value) === 'host' ? { file: networkMode!.value.file, span: networkMode!.value.span } : undefined;
    return {
      name: service.name,
      def,
      service,
      ...(hostNetwork ? { hostNetwork } : {}),
      at: { file: first.file, span: first.span },
      active: true,
      ...(imageText !== undefined && imageText.trim() !== ''
        ? { image: { value: imageText.trim(), at: { file: image!.value.file, span: image!.value.span } } }
        : {}),
      env: new Map(),
      refs: [],
      ports,
      exposes: citems(cget(def, 'expose')).length > 0,
    };
  }

  /** Unknown keys, services Compose cannot run, profiles and zero replicas. */
  private checkService(s: Svc): void {
    for (const e of s.def.entries) {
      if (!serviceKeys.has(e.key))
        this.builder.note('import/unmapped-resource', `\`${e.key}\` is not a service key of the Compose specification: ignored`, e.file, e.keySpan);
    }
    const profiles = citems(cget(s.def, 'profiles'))
      .map(cstr)
      .filter((p): p is string => p !== undefined);
    if (profiles.length > 0 && !this.activeProfiles.has('*') && !profiles.some((p) => this.activeProfiles.has(p))) {
      const entry = centry(s.def, 'profiles')!;
      const flags = profiles.map((p) => `--profile ${p}`).join(' or ');
      this.builder.note(
        'import/unmapped-resource',
        `\`${s.name}\` runs only with ${flags}: left out, as \`docker compose up\` leaves it out (\`COMPOSE_PROFILES\` in \`.env\` would take it in)`,
        entry.file,
        entry.keySpan,
      );
      s.active = false;
      return;
    }
    if (centry(s.def, 'provider')) {
      this.builder.note('import/unmapped-resource', `\`${s.name}\` is run by a provider, not from an image: not mapped`, s.at.file, s.at.span);
      s.active = false;
      return;
    }
    const build = cget(s.def, 'build');
    if (!s.image && (build === undefined || (build.type === 'scalar' && (build.value === null || String(build.value).trim() === '')))) {
      this.builder.note(
        'import/unmapped-resource',
        `\`${s.name}\` has neither \`image\` nor \`build\`, so Compose cannot run it: not mapped`,
        s.at.file,
        s.at.span,
      );
      s.active = false;
      return;
    }
    const replicas = this.replicasOf(s);
    if (replicas?.value === 0) {
      this.builder.note('import/unmapped-resource', `\`${s.name}\` runs 0 containers: left out`, replicas.at.file, replicas.at.span);
      s.active = false;
    }
  }

  private replicasOf(s: Svc): Located<number> | undefined {
    const written = cat(s.def, 'deploy', 'replicas') ?? cget(s.def, 'scale');
    const n = cnum(written);
    if (written === undefined || n === undefined || !Number.isInteger(n) || n < 0) return undefined;
    return { value: n, at: { file: written.file, span: written.span } };
  }

  /** Service names, container names and network aliases, each to its service. */
  private indexNames(): void {
    const add = (name: string | undefined, s: Svc) => {
      if (name === undefined) return;
      const key = name.toLowerCase();
      if (!this.byName.has(key)) this.byName.set(key, s);
    };
    for (const s of this.svcs) add(s.name, s);
    for (const s of this.svcs) {
      add(cstr(cget(s.def, 'container_name')), s);
      for (const n of centries(cget(s.def, 'networks'))) for (const a of citems(cget(n.value, 'aliases'))) add(cstr(a), s);
    }
  }

  private resolve(name: string): Svc | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** `env_file` entries, then `environment` over them (as Compose gives them to the container). */
  private readEnvironment(s: Svc): void {
    for (const item of citems(cget(s.def, 'env_file'))) {
      const rel = item.type === 'map' ? cstr(cget(item, 'path')) : cstr(item);
      if (rel === undefined || rel === '') continue;
      const required = item.type === 'map' ? cbool(cget(item, 'required')) !== false : true;
      const file = relativeTo(item.file, rel);
      const vars = readEnvFile(file, this.ctx, this.lookup);
      if (!vars) {
        if (required)
          this.builder.note('import/dangling-reference', `\`env_file\` names ${file}, which cannot be read: its variables are left out`, item.file, item.span);
        continue;
      }
      for (const [name, e] of vars) s.env.set(name, { value: e.value, at: { file: item.file, span: item.span } });
    }
    for (const e of centries(cget(s.def, 'environment'))) {
      const at: Where = { file: e.file, span: joinSpans(e.keySpan, e.value.span) };
      const value = e.value.type === 'scalar' ? e.value.value : undefined;
      if (value === null || value === undefined) {
        const fromDotEnv = this.project.env.get(e.key);
        if (fromDotEnv) s.env.set(e.key, { value: fromDotEnv.value, at });
        else s.env.delete(e.key);
      } else {
        s.env.set(e.key, { value: String(value), at });
      }
    }
  }

  /** What a service names: depends_on, links, addresses in its environment and logging options. */
  private readReferences(s: Svc): void {
    for (const e of centries(cget(s.def, 'depends_on'))) {
      const condition = cstr(cat(e.value, 'condition'));
      s.refs.push({ to: e.key, via: 'depends_on', at: { file: e.file, span: e.keySpan }, ...(condition ? { condition } : {}) });
      if (!this.resolve(e.key))
        this.builder.note(
          'import/dangling-reference',
          `\`depends_on\` names \`${e.key}\`, which is no service of this project: Compose refuses it`,
          e.file,
          e.keySpan,
        );
    }
    for (const item of citems(cget(s.def, 'links'))) {
      const name = cstr(item)?.split(':')[0]?.trim();
      if (!name) continue;
      s.refs.push({ to: name, via: 'link', at: { file: item.file, span: item.span } });
      if (!this.resolve(name))
        this.builder.note(
          'import/dangling-reference',
          `\`links\` names \`${name}\`, which is no service of this project: Compose refuses it`,
          item.file,
          item.span,
        );
    }
    const known = new Set([
      ...centries(cget(s.def, 'extra_hosts')).map((e) => e.key.toLowerCase()),
      ...citems(cget(s.def, 'external_links')).flatMap((i) => (cstr(i) ?? '').split(':').map((x) => x.trim().toLowerCase())),
    ]);
    const reported = new Set<string>();
    for (const [variable, { value, at }] of s.env) {
      if (ownAddressVariable.test(variable)) continue;
      const address = addressVariable.test(variable);
      for (const host of hostsIn(value, address)) {
        const target = this.resolve(host);
        if (target === s) continue;
        if (target) {
          s.refs.push({ to: host, via: 'env', at, variable });
        } else if (address && isServiceLike(host) && !known.has(host.toLowerCase()) && !reported.has(host.toLowerCase())) {
          reported.add(host.toLowerCase());
          this.builder.note(
            'import/dangling-reference',
            `\`${variable}\` names \`${host}\`, which is no service, alias or container name of this project: the name does not resolve, and no edge is drawn`,
            at.file,
            at.span,
          );
        }
      }
    }
    for (const e of centries(cat(s.def, 'logging', 'options'))) {
      const text = cstr(e.value);
      if (text === undefined) continue;
      for (const host of hostsIn(text, false))
        if (this.resolve(host) && this.resolve(host) !== s) s.refs.push({ to: host, via: 'logging', at: { file: e.file, span: e.keySpan } });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Kinds

  /** One-shot jobs (what others wait to complete), tools for people, and backup jobs: not components. */
  private leaveOutJobsAndTools(): void {
    for (const s of this.svcs) {
      if (!s.active) continue;
      for (const r of s.refs) {
        if (r.via !== 'depends_on' || r.condition !== 'service_completed_successfully') continue;
        const job = this.resolve(r.to);
        if (!job || !job.active || job.leftOut) continue;
        job.leftOut = true;
        this.builder.note(
          'import/unmapped-resource',
          `\`${job.name}\` runs to completion before \`${s.name}\` starts (service_completed_successfully): a one-shot job, not part of the running system; left out`,
          job.at.file,
          job.at.span,
        );
      }
    }
    for (const s of this.svcs) {
      if (!s.active || s.leftOut) continue;
      const command = commandOf(s);
      const byCommand = toolCommands.find((t) => t.pattern.test(command));
      const known = s.image !== undefined && kindOfImage(s.image.value, this.images) !== undefined;
      const scheduler = !known && (schedulerCommands.some((r) => r.test(command)) || (schedulerNames.test(s.name) && s.ports.length === 0 && !s.exposes));
      if (byCommand || scheduler) {
        s.leftOut = true;
        this.builder.note(
          'import/unmapped-resource',
          byCommand
            ? `\`${s.name}\` runs ${byCommand.what}, a tool for the people running the project rather than part of the system: left out`
            : `\`${s.name}\` starts jobs on a clock: where work comes from, not a tier requests pass through (and it runs once by design); left out`,
          s.at.file,
          s.at.span,
        );
        continue;
      }
      if (!s.image) continue;
      const last = lastSegment(s.image.value);
      const tool = toolImages.find((t) => t.pattern.test(last));
      if (tool) {
        s.leftOut = true;
        this.builder.note(
          'import/unmapped-resource',
          tool.part
            ? `\`${s.name}\` (${last}) is ${tool.what}, a part of their cluster rather than a tier of its own: left out`
            : `\`${s.name}\` (${last}) is ${tool.what}, a tool for the people running the project rather than part of the system: left out`,
          s.image.at.file,
          s.image.at.span,
        );
      } else if (backupImages.test(last) && !kindOfImage(s.image.value, this.images)) {
        s.leftOut = true;
        s.isBackup = true;
      }
    }
  }

  private decideKinds(): void {
    const candidates = this.svcs.filter((s) => s.active && !s.leftOut);
    for (const s of candidates) this.kindFromImage(s);
    this.readRoutes(candidates);
    const called = new Set<Svc>();
    for (const s of candidates) for (const r of s.refs) if (this.resolve(r.to) && this.resolve(r.to) !== s) called.add(this.resolve(r.to)!);
    for (const s of candidates) {
      if (s.kind) continue;
      const command = [...cwords(cget(s.def, 'entrypoint')), ...cwords(cget(s.def, 'command'))];
      if (s.ports.length > 0 || s.exposes) s.kind = 'service';
      else if (workerCommands.some((r) => r.test(command.join(' '))) || command.some((w) => workerCommandWord.test(w))) s.kind = 'worker';
      else if (workerNames.test(s.name)) s.kind = 'worker';
      else if (this.listens(s) || called.has(s)) s.kind = 'service';
      else {
        s.kind = 'worker';
        s.guessed = true;
        this.builder.note(
          'import/ambiguous-kind',
          `\`${s.name}\` has no ports and nothing in the project calls it: taken as a background worker (say otherwise with \`import.kinds\`)`,
          s.at.file,
          s.at.span,
        );
      }
      s.kindAt = s.at;
    }
    this.guessCallers(new Set(candidates.filter((s) => s.kind !== undefined)));
    // A Redis that a worker takes work from is its queue (Redis lists, Celery, Sidekiq, RQ, BullMQ).
    for (const s of candidates) {
      if (s.kind !== 'cache' || s.engine !== 'redis') continue;
      const consumers = candidates.filter((w) => w.kind === 'worker' && !w.guessed && w.refs.some((r) => this.resolve(r.to) === s));
      if (consumers.length === 0) continue;
      s.kind = 'queue';
      const at = s.kindAt ?? s.at;
      this.builder.note(
        'import/ambiguous-kind',
        `\`${s.name}\` is a Redis that ${listOf(consumers.map((c) => c.name))} take${consumers.length === 1 ? 's' : ''} work from: taken as a queue, not a cache`,
        at.file,
        at.span,
      );
    }
  }

  /** Whether a service says it serves requests: host networking, its Dockerfile's EXPOSE, a port variable, an HTTP health check. */
  private listens(s: Svc): boolean {
    if (s.hostNetwork || s.dockerfileExposes) return true;
    for (const [name, { value }] of s.env) if (listenVariable.test(name) && /\d/.test(value)) return true;
    return httpHealthcheck.test(cwords(cat(s.def, 'healthcheck', 'test')).join(' '));
  }

  /** Proxies that find their backends by the backends' own labels (Traefik) or variables (nginx-proxy): references from the proxy. */
  private readRoutes(candidates: readonly Svc[]): void {
    for (const lb of candidates) {
      if (lb.kind !== 'lb' || !lb.image) continue;
      const router = labelRouters.find((r) => r.image.test(repositoryOf(lb.image!.value)));
      if (!router) continue;
      for (const s of candidates) {
        if (s === lb) continue;
        const labels = labelsOf(s);
        const label = router.label ? labels.find((e) => router.label!.test(e.key)) : undefined;
        const disabled = labels.some((e) => e.key === 'traefik.enable' && cbool(e.value) === false);
        const variable = router.env ? [...s.env].find(([k]) => router.env!.test(k)) : undefined;
        if (label && !disabled) lb.refs.push({ to: s.name, via: 'label', at: { file: label.file, span: label.keySpan } });
        else if (variable) lb.refs.push({ to: s.name, via: 'label', at: variable[1].at, variable: variable[0] });
      }
    }
  }

  private kindFromImage(s: Svc): void {
    if (s.image) {
      const rule = kindOfImage(s.image.value, this.images);
      if (rule) {
        s.kind = rule.kind;
        if (rule.engine) s.engine = rule.engine;
        s.kindAt = s.image.at;
        return;
      }
    }
    const base = this.dockerfileBase(s);
    if (base?.exposes) s.dockerfileExposes = true;
    if (base?.image) {
      const rule = kindOfImage(base.image, this.images);
      if (rule) {
        s.kind = rule.kind;
        if (rule.engine) s.engine = rule.engine;
        s.kindAt = base.at;
      }
    }
  }

  /** The image the service's Dockerfile builds on (its target stage, else its last stage). */
  private dockerfileBase(s: Svc): { image?: string; exposes: boolean; at: Where } | undefined {
    const build = centry(s.def, 'build');
    if (build?.value.type !== 'map') return undefined;
    const at: Where = { file: build.file, span: build.keySpan };
    let text = cstr(cget(build.value, 'dockerfile_inline'));
    if (text === undefined) {
      const contextEntry = centry(build.value, 'context');
      const context = cstr(contextEntry?.value) ?? '.';
      if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|\.git(#.*)?$/i.test(context)) return undefined;
      const dockerfile = cstr(cget(build.value, 'dockerfile')) ?? 'Dockerfile';
      const dir = relativeTo(contextEntry?.file ?? build.file, context);
      try {
        text = this.options.readFile(path.isAbsolute(dockerfile) ? dockerfile : path.join(dir, dockerfile));
      } catch {
        return undefined;
      }
    }
    const args = new Map<string, string>();
    for (const e of centries(cget(build.value, 'args'))) {
      const value = cstr(e.value);
      if (value !== undefined) args.set(e.key, value);
    }
    const stage = finalStage(text, cstr(cget(build.value, 'target')), args);
    if (!stage) return undefined;
    const image = usableImage(stage.image);
    return { ...(image ? { image } : {}), exposes: stage.exposes, at };
  }

  /** Backup jobs: the databases they name get their schedule as `backup`. */
  private readBackups(): void {
    for (const b of this.svcs) {
      if (!b.isBackup) continue;
      const frequency = backupFrequency(b);
      const retentionDays = backupRetention(b);
      const targets = new Set<Svc>();
      for (const r of b.refs) {
        const t = this.resolve(r.to);
        if (t?.kind === 'database') targets.add(t);
      }
      const volumes = new Set(mountsOf(b).flatMap((m) => (m.type === 'volume' && m.source ? [m.source] : [])));
      for (const db of this.svcs)
        if (db.kind === 'database' && mountsOf(db).some((m) => m.type === 'volume' && m.source && volumes.has(m.source))) targets.add(db);
      if (targets.size === 0) {
        this.builder.note(
          'import/unmapped-resource',
          `\`${b.name}\` looks like a backup job, but names no database of the project: left out`,
          b.image?.at.file ?? b.at.file,
          b.image?.at.span ?? b.at.span,
        );
        continue;
      }
      for (const db of targets) db.backup = { frequency, ...(retentionDays ? { retentionDays } : {}) };
    }
  }

  // -------------------------------------------------------------------------------------------
  // Components

  private emitComponent(s: Svc): void {
    const kind = s.kind!;
    const attrs: PendingAttr[] = [];
    const def = s.def;
    const replicas = this.replicasOf(s);
    let count = replicas?.value;
    const containerName = centry(def, 'container_name');
    if (containerName && count !== undefined && count > 1) {
      this.builder.note(
        'import/unsupported',
        `\`${s.name}\` has a \`container_name\` and ${count} replicas: Compose cannot run a second container under one name, so it counts as 1`,
        containerName.file,
        containerName.keySpan,
      );
      count = 1;
    }
    const mode = cstr(cat(def, 'deploy', 'mode'));
    if (mode === 'global') {
      const e = centry(cget(def, 'deploy'), 'mode')!;
      this.builder.note(
        'import/unsupported',
        `\`${s.name}\` runs one container on every node (mode: global); how many nodes there are is not in the files, so it counts as 1`,
        e.file,
        e.keySpan,
      );
    }
    if (count !== undefined && count >= 1 && replicas) attrs.push({ name: 'replicas', make: (span) => v.int(count, span), at: replicas.at });
    const host = this.hostOf(s);
    if (host) attrs.push({ name: 'host', make: (span) => v.word(host.value, span), ...(host.at ? { at: host.at } : {}) });
    // A container the project runs is not a provider's managed service, whatever its kind.
    if (managedByDefault.has(kind)) attrs.push({ name: 'managed', make: (span) => v.word('false', span), ...(s.kindAt ? { at: s.kindAt } : {}) });
    if (engineKinds.has(kind) && s.engine) attrs.push({ name: 'engine', make: (span) => v.word(s.engine!, span), ...(s.kindAt ? { at: s.kindAt } : {}) });
    let persisted = false;
    if (persistentKinds.has(kind)) {
      const p = this.persistence(s);
      persisted = p.value !== 'none';
      attrs.push({ name: 'persistence', make: (span) => v.word(p.value, span), ...(p.at ? { at: p.at } : {}) });
    }
    if (publicKinds.has(kind)) {
      const open = s.ports.find((p) => p.everywhere)?.at ?? s.hostNetwork;
      if (open) attrs.push({ name: 'public', make: (span) => v.flag(span), at: open });
    }
    if (kind === 'queue' && persisted && s.engine) {
      const rule = durableWhenPersisted[s.engine];
      if (rule === true || (rule instanceof RegExp && rule.test(commandOf(s))))
        attrs.push({ name: 'durable', make: (span) => v.flag(span), ...(s.kindAt ? { at: s.kindAt } : {}) });
    }
    if (kind === 'database' && count !== undefined && count > 1 && replicas && !(s.engine && clusteringEngines.has(s.engine)))
      attrs.push({ name: 'replication', make: (span) => v.word('none', span), at: replicas.at });
    if (kind === 'database' && s.backup) {
      const { frequency, retentionDays } = s.backup;
      attrs.push({ name: 'backup', make: (span) => v.word(frequency.value, span), at: frequency.at });
      if (retentionDays) attrs.push({ name: 'retention', make: (span) => v.duration(retentionDays.value * 86400e3, span), at: retentionDays.at });
    }
    if (kind === 'cache') {
      const eviction = this.eviction(s);
      if (eviction) attrs.push({ name: 'eviction', make: (span) => v.word(eviction.value, span), at: eviction.at });
    }
    if (kind === 'monitoring' && s.image) {
      const last = lastSegment(s.image.value);
      const flags = monitoringFlags.find((m) => m.pattern.test(last))?.flags ?? [];
      for (const f of flags) attrs.push({ name: f, make: (span) => v.flag(span), at: s.image.at });
    }
    if (entryKinds.has(kind)) {
      const limit = this.rateLimit(s);
      if (limit) attrs.push({ name: 'rate_limit', make: (span) => v.int(limit.value, span), at: limit.at });
    }

    // The component is declared in the last file whose lines decided one of its attributes (an
    // override that publishes a port places it there); what other files decided points at its key.
    const keys = s.service.keys;
    let home = keys[0]!;
    for (const a of attrs) {
      if (!a.at) continue;
      const k = keys.find((x) => x.file === a.at!.file);
      if (k && k.index > home.index) home = k;
    }
    const placed = attrs.map((a) => ({ name: a.name, value: a.make(a.at && a.at.file === home.file ? a.at.span : home.span) }));
    const span = def.file === home.file && def.span.end.offset > home.span.start.offset ? { start: home.span.start, end: def.span.end } : home.span;
    this.builder.component({
      kind,
      name: s.component!,
      file: home.file,
      span,
      nameSpan: home.span,
      attrs: placed,
      origin: { what: `compose service ${s.name}`, file: home.file, line: home.span.start.line },
      ...(s.component !== s.name ? { label: s.name } : {}),
    });
  }

  /** A Swarm stack spreads over nodes; a plain project runs on one machine. */
  private isSwarmStack(): boolean {
    if (this.project.files.some((f) => /stack/i.test(path.basename(f)))) return true;
    for (const n of centries(this.project.networks)) if (cstr(cget(n.value, 'driver')) === 'overlay') return true;
    return this.svcs.some((s) => {
      const deploy = cget(s.def, 'deploy');
      return (
        ['placement', 'update_config', 'rollback_config', 'endpoint_mode'].some((k) => cget(deploy, k) !== undefined) || cstr(cget(deploy, 'mode')) === 'global'
      );
    });
  }

  /** The machine a service runs on: the project's, or the node a Swarm constraint pins it to. */
  private hostOf(s: Svc): { value: string; at?: Where } | undefined {
    for (const c of citems(cat(s.def, 'deploy', 'placement', 'constraints'))) {
      const m = /^\s*node\.hostname\s*==\s*(\S+)\s*$/.exec(cstr(c) ?? '');
      if (m) return { value: safeName(m[1]!), at: { file: c.file, span: c.span } };
    }
    if (this.swarm) return undefined;
    return { value: this.hostName };
  }

  /** Where a store's data survives a restart: the mount at its data directory, if any. */
  private persistence(s: Svc): { value: 'none' | 'disk' | 'volume'; at?: Where } {
    const volumesEntry = centry(s.def, 'volumes');
    const none = { value: 'none' as const, ...(volumesEntry ? { at: { file: volumesEntry.file, span: volumesEntry.keySpan } } : {}) };
    if (s.engine && memoryOnlyEngines.has(s.engine)) return { value: 'none', ...(s.kindAt ? { at: s.kindAt } : {}) };
    const known = s.engine !== undefined ? dataDirectories[s.engine] : undefined;
    const dirs = [...(known ?? [])];
    for (const variable of (s.engine && dataDirectoryVariables[s.engine]) || []) {
      const value = s.env.get(variable)?.value;
      if (value)
        pushAll(
          dirs,
          value.split(',').map((d) => d.trim()),
        );
    }
    const mounts = [...mountsOf(s)];
    for (const item of citems(cget(s.def, 'volumes_from'))) {
      const name = cstr(item)?.split(':')[0];
      const other = name && !name.startsWith('container') ? this.resolve(name) : undefined;
      if (other && other !== s)
        pushAll(
          mounts,
          mountsOf(other).map((m) => ({ ...m, at: { file: item.file, span: item.span } })),
        );
    }
    for (const m of mounts) {
      if ((m.type !== 'volume' && m.type !== 'bind') || m.readOnly || !m.target) continue;
      const holdsData = known ? dirs.some((d) => isAtOrAbove(m.target!, d)) : !looksLikeConfig(m.target);
      if (!holdsData) continue;
      if (m.type === 'bind') return { value: 'disk', at: m.at };
      return { value: this.volumeKind(m.source!, m.at), at: m.at };
    }
    return none;
  }

  /** A named volume on the machine's disk (the `local` driver), or on network storage (another driver, NFS, CIFS). */
  private volumeKind(name: string, at: Where): 'disk' | 'volume' {
    const declared = centry(this.project.volumes, name);
    if (!declared) {
      this.builder.note(
        'import/dangling-reference',
        `the volume \`${name}\` is not declared under the top-level \`volumes\`: Compose refuses it`,
        at.file,
        at.span,
      );
      return 'disk';
    }
    const driver = cstr(cget(declared.value, 'driver'));
    const type = cstr(cat(declared.value, 'driver_opts', 'type'))?.toLowerCase();
    if ((driver && driver !== 'local') || (type && /^(nfs4?|cifs|smb)$/.test(type))) return 'volume';
    return 'disk';
  }

  /** A cache's eviction policy: memcached evicts LRU; Redis says so with `--maxmemory-policy`. */
  private eviction(s: Svc): Located<'lru' | 'lfu' | 'none'> | undefined {
    if (s.engine === 'memcached') return { value: 'lru', at: s.kindAt ?? s.at };
    const command = cget(s.def, 'command');
    const words = cwords(command);
    const i = words.indexOf('--maxmemory-policy');
    const policy = i >= 0 ? words[i + 1] : undefined;
    if (!policy || !command) return undefined;
    const at = { file: command.file, span: command.span };
    if (/lru$/.test(policy)) return { value: 'lru', at };
    if (/lfu$/.test(policy)) return { value: 'lfu', at };
    if (policy === 'noeviction') return { value: 'none', at };
    return undefined;
  }

  /** A rate limit a Traefik middleware label sets on this service or proxy. */
  private rateLimit(s: Svc): Located<number> | undefined {
    for (const e of labelsOf(s)) {
      if (!traefikRateLimit.test(e.key)) continue;
      const n = cnum(e.value);
      if (n !== undefined && n > 0 && Number.isInteger(n)) return { value: n, at: { file: e.file, span: e.keySpan } };
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Edges

  private networksOf(s: Svc, seen = new Set<Svc>()): Set<string> | 'all' | 'none' {
    const mode = cstr(cget(s.def, 'network_mode'));
    if (mode === 'host' || mode?.startsWith('container:')) return 'all';
    if (mode === 'none') return 'none';
    if (mode?.startsWith('service:')) {
      const other = this.resolve(mode.slice('service:'.length));
      if (!other || seen.has(other)) return 'all';
      seen.add(s);
      return this.networksOf(other, seen);
    }
    const names = centries(cget(s.def, 'networks')).map((e) => e.key);
    return new Set(names.length > 0 ? names : ['default']);
  }

  private canTalk(a: Svc, b: Svc): boolean {
    const na = this.networksOf(a);
    const nb = this.networksOf(b);
    if (na === 'none' || nb === 'none') return false;
    if (na === 'all' || nb === 'all') return true;
    for (const n of na) if (nb.has(n)) return true;
    return false;
  }

  private emitEdges(): void {
    const edges = new Map<string, PendingEdge>();
    const add = (e: PendingEdge) => {
      const key = `${e.from}\0${e.to}`;
      const old = edges.get(key);
      if (!old || viaRank[e.via] < viaRank[old.via]) edges.set(key, e);
    };
    const mapped = new Set(this.mapped());
    const cut = new Set<string>();
    for (const s of mapped) {
      for (const r of s.refs) {
        const t = this.resolve(r.to);
        if (!t || t === s || !mapped.has(t)) continue;
        const from = s.kind!;
        const to = t.kind!;
        const what = r.via === 'guess' ? `compose service ${s.name} (taken to use ${t.name}, which nothing names)` : `compose ${viaText[r.via]} of ${s.name}`;
        if (from === 'database' && to === 'database' && s.engine === t.engine) {
          add({ from: t.component!, to: s.component!, via: r.via, at: r.at, attrs: [{ name: 'replication', make: (span) => v.word('async', span) }], what });
          continue;
        }
        if (to === 'worker' || passiveKinds.has(from)) continue;
        if (!this.canTalk(s, t)) {
          const key = `${s.name}\0${t.name}`;
          if (r.via !== 'depends_on' && !cut.has(key)) {
            cut.add(key);
            this.builder.note(
              'import/dangling-reference',
              `\`${s.name}\` names \`${t.name}\` (${r.variable ?? viaText[r.via]}), but they share no network, so it cannot reach it: no edge is drawn`,
              r.at.file,
              r.at.span,
            );
          }
          continue;
        }
        if (to === 'queue') {
          if (from === 'worker') add({ from: t.component!, to: s.component!, via: r.via, at: r.at, attrs: [], what });
          else add({ from: s.component!, to: t.component!, via: r.via, at: r.at, attrs: [{ name: 'async', make: (span) => v.flag(span) }], what });
          continue;
        }
        add({ from: s.component!, to: t.component!, via: r.via, at: r.at, attrs: [], what });
      }
    }
    // A metrics collector scrapes the services its mounted configuration names (Prometheus' targets).
    for (const m of mapped) {
      if (m.kind !== 'monitoring') continue;
      for (const { host, at } of this.scrapeTargets(m)) {
        const t = this.resolve(host);
        if (!t || t === m || !mapped.has(t) || t.kind === 'monitoring') continue;
        add({ from: t.component!, to: m.component!, via: 'scrape', at, attrs: [], what: `compose scrape configuration of ${m.name}` });
      }
    }
    // The public entry: users reach each service with a published port. A Swarm publishes through
    // its routing mesh, a load balancer on every node in front of the service's replicas.
    const direct: PendingEdge[] = [];
    const meshed: PendingEdge[] = [];
    for (const s of mapped) {
      if (!entryKinds.has(s.kind!)) continue;
      const open = s.ports.find((p) => !p.loopback);
      const at = open?.at ?? s.hostNetwork;
      if (!at) continue;
      const e: PendingEdge = { from: '', to: s.component!, via: 'env', at, attrs: [], what: `compose ports of ${s.name}` };
      // A proxy published through the mesh is still the entry that matters; a service is spread over its replicas by it.
      (this.swarm && open && !open.nodePort && s.kind === 'service' ? meshed : direct).push(e);
    }
    const entries = [...direct, ...meshed].sort((a, b) => (a.at.file === b.at.file ? a.at.span.start.offset - b.at.span.start.offset : 0));
    if (entries.length > 0) {
      const first = entries[0]!;
      const users = this.builder.uniqueName('users');
      this.builder.component({
        kind: 'client',
        name: users,
        file: first.at.file,
        span: first.at.span,
        nameSpan: first.at.span,
        attrs: [],
        origin: { what: 'compose published ports (users on the internet)', file: first.at.file, line: first.at.span.start.line },
        label: 'Users',
      });
      for (const e of direct) this.emitEdge({ ...e, from: users });
      if (meshed.length > 0) {
        const mesh = meshed[0]!;
        const ingress = this.builder.uniqueName('ingress');
        this.builder.component({
          kind: 'lb',
          name: ingress,
          file: mesh.at.file,
          span: mesh.at.span,
          nameSpan: mesh.at.span,
          attrs: [
            { name: 'managed', value: v.flag(mesh.at.span) },
            { name: 'public', value: v.flag(mesh.at.span) },
          ],
          origin: { what: 'compose published ports (the Swarm routing mesh)', file: mesh.at.file, line: mesh.at.span.start.line },
          label: 'Swarm routing mesh',
        });
        this.emitEdge({ ...mesh, from: users, to: ingress, what: 'compose published ports (the Swarm routing mesh)' });
        for (const e of meshed) this.emitEdge({ ...e, from: ingress });
      }
    }
    for (const e of edges.values()) this.emitEdge(e);
  }

  /**
   * A store that nothing in the project names, and that only one service or worker can reach
   * (one on its networks): that one uses it, with the address written in its code or its
   * configuration (`jdbc:mysql://db/…` in a properties file). Any more candidates, and no edge is guessed.
   */
  private guessCallers(mapped: ReadonlySet<Svc>): void {
    const named = new Set<Svc>();
    for (const s of mapped) for (const r of s.refs) if (this.resolve(r.to)) named.add(this.resolve(r.to)!);
    for (const store of mapped) {
      if (!guessedStoreKinds.has(store.kind!) || named.has(store)) continue;
      const callers = [...mapped].filter((c) => (c.kind === 'service' || c.kind === 'worker') && this.canTalk(c, store));
      if (callers.length === 0) continue;
      // On networks of its own (not `default`), what shares them is there to use it; on the
      // default network, only one program can be told to (`web1` and `web2`, both `build: ./web`, are one).
      const nets = this.networksOf(store);
      const dedicated = nets !== 'all' && nets !== 'none' && !nets.has('default');
      const programs = new Set(callers.map((c) => programOf(c)));
      if (!dedicated && (programs.size !== 1 || programs.has(undefined))) continue;
      for (const caller of callers) caller.refs.push({ to: store.name, via: 'guess', at: caller.at });
      const names = listOf(callers.map((c) => c.name));
      const who = dedicated
        ? `${names} share${callers.length === 1 ? 's' : ''} its network${nets.size === 1 ? '' : 's'} (${listOf([...nets])})`
        : callers.length === 1
          ? `${names} is the only service that can reach it`
          : `${names}, one program, are the only services that can reach it`;
      this.builder.note(
        'import/dangling-reference',
        `nothing in the project names \`${store.name}\`; ${who}, so ${callers.length === 1 ? 'it is' : 'they are'} taken to use it (the address is likely written in the code)`,
        store.at.file,
        store.at.span,
      );
    }
  }

  /** The `host:port` targets in the configuration files a monitoring service mounts (a bind mount under /etc/<tool>/). */
  private scrapeTargets(m: Svc): { host: string; at: Where }[] {
    const found: { host: string; at: Where }[] = [];
    for (const mount of mountsOf(m)) {
      if (mount.type !== 'bind' || !mount.source || !mount.target || !scrapeConfig.test(mount.target)) continue;
      let text: string;
      try {
        text = this.options.readFile(relativeTo(mount.at.file, mount.source));
      } catch {
        continue;
      }
      const strings: string[] = [];
      const walk = (n: Node | undefined, depth: number) => {
        if (!n || depth > 50) return;
        if (n.type === 'scalar') {
          if (typeof n.value === 'string') strings.push(n.value);
        } else if (n.type === 'seq') for (const i of n.items) walk(i, depth + 1);
        else for (const e of n.entries) walk(e.value, depth + 1);
      };
      for (const d of readDocuments(text).documents) walk(d.root, 0);
      for (const s of strings) for (const host of hostsIn(s, false)) found.push({ host, at: mount.at });
    }
    return found;
  }

  private emitEdge(e: PendingEdge): void {
    this.builder.edge({
      from: e.from,
      to: e.to,
      file: e.at.file,
      span: e.at.span,
      attrs: e.attrs.map((a) => ({ name: a.name, value: a.make(e.at.span) })),
      origin: { what: e.what, file: e.at.file, line: e.at.span.start.line },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** The service's entrypoint and command, as one line. */
function commandOf(s: Svc): string {
  return [...cwords(cget(s.def, 'entrypoint')), ...cwords(cget(s.def, 'command'))].join(' ');
}

/** The service's labels and its `deploy.labels` (where a Swarm stack puts Traefik's). */
function labelsOf(s: Svc): CEntry[] {
  return [...centries(cget(s.def, 'labels')), ...centries(cat(s.def, 'deploy', 'labels'))];
}

/** What a service runs: its image, or the directory and Dockerfile it is built from. */
function programOf(s: Svc): string | undefined {
  if (s.image) return `image ${s.image.value}`;
  const build = cget(s.def, 'build');
  const context = cstr(cget(build, 'context'));
  if (context === undefined) return undefined;
  return `build ${relativeTo(centry(build, 'context')!.file, context)} ${cstr(cget(build, 'dockerfile')) ?? 'Dockerfile'} ${cstr(cget(build, 'target')) ?? ''}`;
}

function joinSpans(a: Span, b: Span): Span {
  return b.end.offset >= a.start.offset ? { start: a.start, end: b.end } : a;
}

function lastSegment(image: string): string {
  const repository = repositoryOf(image);
  return repository.split('/').pop() ?? repository;
}

function listOf(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]!}`;
}

const URL_PATTERN = /[a-z][a-z0-9+.-]*:\/\/([^\s/?#'"]*)/gi;
const HOST = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * The host names a value gives: those of URLs (`postgres://user@db:5432/x`, several in
 * `mongodb://a,b/`), `host:port` words, and with `bare`, a plain word (`REDIS_HOST=cache`).
 */
export function hostsIn(value: string, bare: boolean): string[] {
  const hosts: string[] = [];
  const add = (hostPort: string) => {
    let h = hostPort.trim();
    if (h.startsWith('[')) return; // an IPv6 address
    h = h.replace(/:\d*$/, '');
    if (HOST.test(h) && !hosts.includes(h)) hosts.push(h);
  };
  for (const m of value.matchAll(URL_PATTERN)) {
    const authority = m[1]!;
    const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
    for (const hp of hostPart.split(',')) add(hp);
  }
  const rest = value.replace(URL_PATTERN, ' ');
  for (const token of rest.split(/[\s,;]+/)) {
    if (token === '') continue;
    if (/^[A-Za-z0-9_][A-Za-z0-9_.-]*:\d+$/.test(token)) add(token);
    else if (bare && HOST.test(token)) add(token);
  }
  return hosts;
}

/** A host name that could only be a service of the project: one label, not an address, not the host machine. */
function isServiceLike(host: string): boolean {
  const h = host.toLowerCase();
  return /^[a-z0-9_][a-z0-9_-]*$/.test(h) && !/^\d+$/.test(h) && !notServices.has(h) && !notAHost.has(h);
}

interface Mount {
  type: 'volume' | 'bind' | 'tmpfs' | 'anonymous' | 'other';
  source?: string;
  target?: string;
  readOnly: boolean;
  at: Where;
}

function mountsOf(s: Svc): Mount[] {
  return citems(cget(s.def, 'volumes')).flatMap((item) => {
    const m = parseMount(item);
    return m ? [m] : [];
  });
}

export function parseMount(item: CVal): Mount | undefined {
  const at = { file: item.file, span: item.span };
  if (item.type === 'map') {
    const source = cstr(cget(item, 'source'));
    const target = cstr(cget(item, 'target'));
    const written = cstr(cget(item, 'type'));
    const type: Mount['type'] =
      written === 'bind' || written === 'tmpfs' ? written : written === 'volume' || written === undefined ? (source ? 'volume' : 'anonymous') : 'other';
    return { type, ...(source ? { source } : {}), ...(target ? { target } : {}), readOnly: cbool(cget(item, 'read_only')) === true, at };
  }
  const text = cstr(item)?.trim();
  if (!text) return undefined;
  const parts = splitMount(text);
  if (parts.length === 1) return { type: 'anonymous', target: parts[0]!, readOnly: false, at };
  const [source, target, mode] = parts as [string, string, string | undefined];
  const bind = /^[.~/\\$]/.test(source) || /[/\\]/.test(source);
  return { type: bind ? 'bind' : 'volume', source, target, readOnly: (mode ?? '').split(',').includes('ro'), at };
}

const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** Whether a mount at `target` holds `dir`: it is `dir` or a directory above it. */
function isAtOrAbove(target: string, dir: string): boolean {
  const t = trim(target);
  const d = trim(dir);
  return t === d || t === '/' || d.startsWith(`${t}/`);
}

/** A mount that brings configuration or scripts in, not a place data is written. */
function looksLikeConfig(target: string): boolean {
  return (
    /\.(conf|cnf|ini|ya?ml|json|sh|sql|js|properties|xml|toml|lua|env|pem|crt|key|sock)$/i.test(target) ||
    /^\/(etc|run|var\/run|docker-entrypoint-initdb\.d)(\/|$)/.test(target)
  );
}

interface Stage {
  name?: string;
  image: string;
  /** This stage or one it builds on has an `EXPOSE`. */
  exposes: boolean;
}

/**
 * The final (or `target`) stage of a Dockerfile, with the image it builds on found through the
 * stages it builds on; `ARG` defaults before the first `FROM` and the build's `args` fill in
 * variables.
 */
function finalStage(text: string, target: string | undefined, args: ReadonlyMap<string, string>): Stage | undefined {
  const globals = new Map(args);
  const stages: Stage[] = [];
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/i.exec(line);
    if (arg && stages.length === 0) {
      if (!globals.has(arg[1]!) && arg[2] !== undefined) globals.set(arg[1]!, arg[2].trim().replace(/^(["'])(.*)\1$/, '$2'));
      continue;
    }
    if (/^EXPOSE\s+\S/i.test(line) && stages.length > 0) stages[stages.length - 1]!.exposes = true;
    const from = /^FROM\s+(.+)$/i.exec(line);
    if (!from) continue;
    const words = from[1]!.split(/\s+/).filter((w) => !w.startsWith('--'));
    if (words.length === 0) continue;
    const image = interpolate(words[0]!, (n) => globals.get(n), []);
    const name = words[1]?.toLowerCase() === 'as' ? words[2] : undefined;
    const parent = stages.find((st) => st.name !== undefined && st.name === image.toLowerCase());
    stages.push({ image: parent ? parent.image : image, exposes: parent?.exposes ?? false, ...(name ? { name: name.toLowerCase() } : {}) });
  }
  return target ? stages.find((st) => st.name === target.toLowerCase()) : stages[stages.length - 1];
}

/** An image name that says something (not `scratch`, not an unresolved variable). */
function usableImage(image: string): string | undefined {
  return image === '' || image.toLowerCase() === 'scratch' || image.includes('$') ? undefined : image;
}

/** The image the final (or `target`) stage of a Dockerfile builds on; undefined for `scratch`, or when it cannot be told. */
export function baseImage(text: string, target: string | undefined, args: ReadonlyMap<string, string>): string | undefined {
  const stage = finalStage(text, target, args);
  return stage ? usableImage(stage.image) : undefined;
}

/** How often a backup job runs, from its schedule variables (cron or `@daily`), else daily (the images' default). */
function backupFrequency(b: Svc): Located<string> {
  const fallback = b.image?.at ?? b.at;
  for (const name of backupScheduleVariables) {
    const e = b.env.get(name);
    if (!e) continue;
    const f = cronFrequency(e.value);
    if (f) return { value: f, at: e.at };
  }
  for (const name of backupIntervalMinutesVariables) {
    const e = b.env.get(name);
    const minutes = e ? Number(e.value) : NaN;
    if (e && Number.isFinite(minutes) && minutes > 0) return { value: minutes <= 60 ? 'hourly' : minutes <= 1440 ? 'daily' : 'weekly', at: e.at };
  }
  return { value: 'daily', at: fallback };
}

export function cronFrequency(expression: string): 'hourly' | 'daily' | 'weekly' | undefined {
  const text = expression.trim().toLowerCase();
  if (text === '@hourly') return 'hourly';
  if (text === '@daily' || text === '@midnight') return 'daily';
  if (text === '@weekly' || text === '@monthly' || text === '@yearly' || text === '@annually') return 'weekly';
  const every = /^@every\s+(\d+)([smhd])$/.exec(text);
  if (every) {
    const hours = Number(every[1]) * { s: 1 / 3600, m: 1 / 60, h: 1, d: 24 }[every[2] as 's' | 'm' | 'h' | 'd'];
    return hours <= 1 ? 'hourly' : hours <= 24 ? 'daily' : 'weekly';
  }
  let fields = text.split(/\s+/);
  if (fields.length === 6) fields = fields.slice(1);
  if (fields.length !== 5) return undefined;
  const [, hour, dom, , dow] = fields as [string, string, string, string, string];
  if (hour === '*' || hour.startsWith('*/')) return 'hourly';
  if (dow !== '*' || dom !== '*') return 'weekly';
  return 'daily';
}

function backupRetention(b: Svc): Located<number> | undefined {
  for (const name of backupRetentionDaysVariables) {
    const e = b.env.get(name);
    const days = e ? Number(e.value) : NaN;
    if (e && Number.isInteger(days) && days > 0 && days < 36500) return { value: days, at: e.at };
  }
  return undefined;
}
