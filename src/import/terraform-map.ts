/**
 * The working state of a Terraform import: the components being made (units), the edges between
 * them, and the look-ups every mapping needs: values at a path, the resources an attribute links
 * to (by a plan's references, or by the IDs, ARNs, names and endpoints that state values share),
 * the availability zones of subnets and the region of each resource. Nothing is written to the
 * model builder until the whole file is mapped (terraform.ts does that), so a file that cannot be
 * read leaves nothing half-built.
 */
import type { Value, Span } from '../../grammar/ast.js';
import type { Kind } from '../model/kinds.js';
import { safeName, v, type ImportNoteId } from './emit.js';
import { get, str, num, bool, type Node } from './source.js';
import { addTo, pushAll } from '../arrays.js';
import {
  byStrippedAddress,
  nodesAt,
  referencesIn,
  resolveReferences,
  stringsIn,
  stripKeys,
  type TfInstance,
  type TfResource,
  type TfSource,
} from './terraform-read.js';

export interface Unit {
  name: string;
  kind: Kind;
  resource: TfResource;
  /** The instance this unit is, when each instance of the resource is a component of its own. */
  instance?: TfInstance;
  span: Span;
  nameSpan: Span;
  attrs: Map<string, Value>;
  /** Attributes that name another unit (`dead_letter`), written once every unit has its name. */
  refs: Map<string, { unit: Unit; span: Span }>;
  /** Copies of it in other regions (a DynamoDB global table), by region: calls from there go to them. */
  regional?: Map<string, Unit>;
  region?: { name: string; span: Span };
  zones?: { list: string[]; span: Span };
  /** A service or a worker: which, is decided once the routing is known. */
  compute?: boolean;
  /** Reachable from the internet, and where the file says so. */
  entry?: Span;
  /** Resources whose configuration holds its calls: a launch template's user data, a task definition. */
  definitions: TfResource[];
  /** Other resources that are part of it (cluster instances, replicas, subnet groups). */
  parts: TfResource[];
  label?: string;
  /** Short type word for names: `lb`, `asg`, `db`. */
  short: string;
  /** The name it should have, when not its resource's (`users`, `cloudwatch`). */
  wanted?: string;
}

export interface PlannedEdge {
  from: Unit;
  to: Unit;
  attrs: Map<string, Value>;
  span: Span;
  origin: string;
}

export interface Link {
  resource: TfResource;
  instances: TfInstance[];
  /** The field that made the link. */
  span: Span;
}

export interface LinkOptions {
  /** Only resources of these types. */
  types?: readonly string[];
  /** Search inside the values (user data, JSON documents) for endpoints, URLs and ARNs. */
  blob?: boolean;
  /** The values are host names (a DNS alias, a CloudFront origin): they match an endpoint or URL that holds them. */
  host?: boolean;
  /** Only these instances of the linking resource. */
  insts?: readonly TfInstance[];
}

export interface PlannedNote {
  ruleId: ImportNoteId;
  message: string;
  span: Span;
}

/** Identifiers shorter than this are not looked for inside texts (they could occur by chance). */
const DISTINCTIVE = 10;

/** More resources than this with one identifier value, and the value identifies none. */
const MAX_SHARED = 4;

const azPattern = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]$/;

/** The region of an availability zone name (`us-east-1a` → `us-east-1`). */
export function regionOfZone(zone: string): string | undefined {
  return azPattern.exec(zone)?.[1];
}

/** Attributes whose values name other resources, indexed for the links of state files. */
const identifierFields = [
  'id',
  'arn',
  'name',
  'dns_name',
  'endpoint',
  'address',
  'url',
  'fqdn',
  'domain_name',
  'bucket',
  'bucket_domain_name',
  'bucket_regional_domain_name',
  'website_endpoint',
  'identifier',
  'cluster_identifier',
  'replication_group_id',
  'cluster_id',
  'function_name',
  'invoke_arn',
  'qualified_arn',
  'primary_endpoint_address',
  'reader_endpoint_address',
  'configuration_endpoint_address',
  'reader_endpoint',
  'api_endpoint',
  'execution_arn',
  'stream_arn',
  'global_cluster_identifier',
  'arn_suffix',
  'configuration_endpoint',
  'cluster_address',
  'public_ip',
  'public_dns',
];

/** Decoded base64 (user data), when the text is base64 of printable text. */
function decodeBase64(text: string): string | undefined {
  const t = text.replace(/\s+/g, '');
  if (t.length < 8 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]+=*$/.test(t)) return undefined;
  const decoded = Buffer.from(t, 'base64').toString('utf8');
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(decoded) ? decoded : undefined;
}

export class MapContext {
  readonly units: Unit[] = [];
  readonly edges: PlannedEdge[] = [];
  readonly notes: PlannedNote[] = [];
  private readonly unitByKey = new Map<string, Unit>();
  private readonly ids = new Map<string, { resource: TfResource; inst: TfInstance }[]>();
  private readonly learnedRegion = new Map<string, { name: string; span: Span }>();
  /** Resources that something reads (a mapping used them), so they need no note of their own. */
  readonly used = new Set<TfResource>();

  constructor(readonly src: TfSource) {
    for (const resource of src.resources) {
      for (const inst of resource.instances) {
        for (const field of identifierFields) {
          const text = str(get(inst.values, field));
          if (text === undefined || text.length < 3) continue;
          let list = this.ids.get(text);
          if (!list) this.ids.set(text, (list = []));
          if (list.length <= MAX_SHARED && !list.some((x) => x.resource === resource && x.inst === inst)) list.push({ resource, inst });
        }
      }
    }
  }

  private distinctiveIds?: { lower: string; hits: { resource: TfResource; inst: TfInstance }[] }[];
  /** Identifiers that cannot occur by chance in a text (endpoints, URLs, ARNs), lower case. */
  private distinctive(): { lower: string; hits: { resource: TfResource; inst: TfInstance }[] }[] {
    this.distinctiveIds ??= [...this.ids]
      .filter(([id, hits]) => id.length >= DISTINCTIVE && /[.:/]/.test(id) && hits.length <= MAX_SHARED)
      .map(([id, hits]) => ({ lower: id.toLowerCase(), hits }));
    return this.distinctiveIds;
  }

  private byId?: Map<string, { resource: TfResource; inst: TfInstance }[]>;
  private longestId = 0;
  private byHost?: Map<string, { resource: TfResource; inst: TfInstance }[]>;

  /**
   * The distinctive identifiers inside `text`, each starting a word: from each word start, the
   * run of identifier characters is read once, and each of its prefixes that ends before a
   * separator (`/`, `:`, `.`, `@`, `?`, `#`) or at the run's end is looked up in an index of the
   * identifiers. A text is scanned once whatever the number of identifiers.
   */
  private within(text: string): { resource: TfResource; inst: TfInstance }[] {
    if (!this.byId) {
      this.byId = new Map();
      for (const d of this.distinctive()) {
        for (const hit of d.hits) addTo(this.byId, d.lower, hit);
        this.longestId = Math.max(this.longestId, d.lower.length);
      }
    }
    const out: { resource: TfResource; inst: TfInstance }[] = [];
    const word = /[a-z0-9_-]/;
    const inId = /[a-z0-9._:/@%+=?#-]/;
    const separator = /[/:.@?#]/;
    for (let i = 0; i + DISTINCTIVE <= text.length; i++) {
      // An identifier starts a word: after the start, a quote, a space, `/`, `@`, `=`, `.`…, not
      // inside a longer name.
      if ((i > 0 && word.test(text[i - 1]!)) || !inId.test(text[i]!)) continue;
      let j = i;
      // No identifier is longer than the longest one: the scan from a word start stops there.
      while (j < text.length && j - i < this.longestId && inId.test(text[j]!)) {
        j++;
        if (j - i >= DISTINCTIVE && (j === text.length || !inId.test(text[j]!) || separator.test(text[j]!))) {
          const hits = this.byId.get(text.slice(i, j));
          if (hits) pushAll(out, hits);
        }
      }
    }
    return out;
  }

  /**
   * The distinctive identifiers whose host is `host` (an endpoint `host:5432`, a URL
   * `https://host/…`), from an index of their hosts.
   */
  private hostedAt(host: string): { resource: TfResource; inst: TfInstance }[] {
    if (!this.byHost) {
      this.byHost = new Map();
      for (const d of this.distinctive()) {
        const bare = d.lower.replace(/^[a-z]+:\/\//, '').split(/[/:]/)[0]!;
        for (const key of new Set([bare, bare.replace(/^dualstack\./, '')])) {
          const list = this.byHost.get(key);
          if (list) pushAll(list, d.hits);
          else this.byHost.set(key, [...d.hits]);
        }
      }
    }
    return this.byHost.get(host.replace(/\.$/, '').replace(/^dualstack\./, '')) ?? [];
  }

  get file(): string {
    return this.src.file;
  }

  // ---- values ----

  /** The value at a path in an instance (the first instance by default). */
  val(res: TfResource, path: readonly string[], inst: TfInstance | undefined = res.instances[0]): Node | undefined {
    const n = nodesAt(inst?.values, path)[0];
    return n?.type === 'scalar' && n.value === null ? undefined : n;
  }
  str(res: TfResource, path: readonly string[], inst?: TfInstance): string | undefined {
    return str(this.val(res, path, inst));
  }
  num(res: TfResource, path: readonly string[], inst?: TfInstance): number | undefined {
    return num(this.val(res, path, inst));
  }
  bool(res: TfResource, path: readonly string[], inst?: TfInstance): boolean | undefined {
    return bool(this.val(res, path, inst));
  }
  /** The span of a field: its value in the instance, else its expression in the configuration, else the resource's head. */
  spanOf(res: TfResource, path: readonly string[], inst?: TfInstance): Span {
    const n = nodesAt((inst ?? res.instances[0])?.values, path)[0];
    if (n) return n.span;
    const c = nodesAt(get(res.config, 'expressions'), path)[0];
    return c?.span ?? (inst ?? res.instances[0])?.head ?? res.head;
  }
  /** Whether a field is set (a value, or an expression in the configuration). */
  has(res: TfResource, path: readonly string[]): boolean {
    return this.val(res, path) !== undefined || nodesAt(get(res.config, 'expressions'), path).length > 0;
  }
  /** The tags of a resource (`tags`, or `tags_all` as the provider merged them). */
  tag(res: TfResource, key: string): { text: string; span: Span } | undefined {
    for (const field of ['tags', 'tags_all']) {
      const n = this.val(res, [field, key]);
      const text = str(n);
      if (text !== undefined) return { text, span: n!.span };
    }
    return undefined;
  }

  // ---- links ----

  /**
   * The resources an attribute names: in a plan, its expression's references (module outputs and
   * variables followed); in any file, the values at that path that equal another resource's ID,
   * ARN, name or endpoint. With `blob`, values are searched for endpoints, URLs and ARNs inside
   * them (a user-data script, a JSON container definition), base64 decoded first.
   */
  links(res: TfResource, path: readonly string[], opts: LinkOptions = {}): Link[] {
    const valueNodes = (opts.insts ?? res.instances).flatMap((inst) => nodesAt(inst.values, path));
    const exprNodes = nodesAt(get(res.config, 'expressions'), path);
    return this.linksAt(res, valueNodes, exprNodes, opts);
  }

  /** `links` for given value and expression nodes (one block of a list: a CloudFront origin). */
  linksAt(res: TfResource, valueNodes: readonly Node[], exprNodes: readonly Node[], opts: LinkOptions = {}): Link[] {
    const found = new Map<string, Link>();
    const accept = (target: TfResource, insts: readonly TfInstance[], span: Span) => {
      if (target === res) return;
      if (opts.types && !opts.types.includes(target.type)) return;
      const existing = found.get(target.address);
      if (existing) {
        for (const i of insts) if (!existing.instances.includes(i)) existing.instances.push(i);
      } else {
        found.set(target.address, { resource: target, instances: [...insts], span });
      }
    };
    const valueSpan = valueNodes[0]?.span;
    // A plan's references say what an expression names: values that happen to equal another
    // resource's name (an ALB and its group both called `shop-web`) are not looked up then.
    const referenced = exprNodes.some((n) => referencesIn(n).length > 0);
    for (const n of exprNodes) {
      for (const ref of resolveReferences(this.src, referencesIn(n), res.module)) {
        const insts = ref.key === undefined ? ref.resource.instances : ref.resource.instances.filter((i) => i.key === ref.key);
        accept(ref.resource, insts.length > 0 ? insts : ref.resource.instances, valueSpan ?? n.span);
      }
    }
    for (const n of referenced ? [] : valueNodes) {
      for (const s of stringsIn(n)) {
        const exact = this.ids.get(s.text) ?? [];
        // A value many resources share (a default name) identifies none of them.
        if (exact.length <= MAX_SHARED) for (const hit of exact) accept(hit.resource, [hit.inst], s.span);
        if (!opts.blob && !opts.host) continue;
        const texts = [s.text.toLowerCase()];
        const decoded = opts.blob ? decodeBase64(s.text) : undefined;
        if (decoded !== undefined) texts.push(decoded.toLowerCase());
        const hits = opts.blob ? texts.flatMap((t) => this.within(t)) : this.hostedAt(texts[0]!);
        for (const hit of hits) accept(hit.resource, [hit.inst], s.span);
      }
    }
    return [...found.values()];
  }

  /** The resources a resource depends on: a plan's `depends_on`, a state file's `dependencies`. */
  dependencies(res: TfResource, types?: readonly string[]): Link[] {
    const out = new Map<string, Link>();
    const accept = (target: TfResource | undefined, span: Span) => {
      if (!target || target === res || (types && !types.includes(target.type)) || out.has(target.address)) return;
      out.set(target.address, { resource: target, instances: target.instances, span });
    };
    const dependsOn = get(res.config, 'depends_on');
    if (dependsOn)
      for (const ref of resolveReferences(
        this.src,
        stringsIn(dependsOn).map((s) => s.text),
        res.module,
      ))
        accept(ref.resource, dependsOn.span);
    // A state file lists every resource a resource depends on, through others too: one that
    // another listed dependency depends on is taken as reached through it (a queue's dead-letter
    // queue), not as one of its own.
    const listed = new Map<string, TfResource>();
    for (const inst of res.instances) {
      for (const dep of inst.deps) {
        const target = this.src.byAddress.get(dep) ?? byStrippedAddress(this.src, dep)[0];
        if (target) listed.set(target.address, target);
      }
    }
    const through = new Set<string>();
    for (const t of listed.values()) for (const i of t.instances) for (const d of i.deps) if (d !== t.address) through.add(stripKeys(d));
    for (const t of listed.values()) if (!through.has(stripKeys(t.address))) accept(t, res.instances[0]?.head ?? res.head);
    return [...out.values()];
  }

  private readonly linkingIndex = new Map<string, Map<TfResource, { resource: TfResource; link: Link }[]>>();

  /**
   * The resources of the given types that link to `target` through an attribute of theirs. The
   * links of those types are worked out once per (types, path) and indexed by target, so asking
   * for every target is linear.
   */
  linking(target: TfResource, types: readonly string[], path: readonly string[]): { resource: TfResource; link: Link }[] {
    const key = `${types.join(',')}\0${path.join('\0')}`;
    let index = this.linkingIndex.get(key);
    if (!index) {
      index = new Map();
      for (const r of this.ofTypes(types)) {
        for (const link of this.links(r, path)) {
          const list = index.get(link.resource);
          // The first link to a target, as one look at the resource's links would find it.
          if (list?.some((x) => x.resource === r)) continue;
          if (list) list.push({ resource: r, link });
          else index.set(link.resource, [{ resource: r, link }]);
        }
      }
      this.linkingIndex.set(key, index);
    }
    return index.get(target) ?? [];
  }

  private readonly typeIndex = new Map<string, TfResource[]>();

  /** The managed resources of the given types, in the file's order (indexed once per list of types). */
  ofType(...types: string[]): TfResource[] {
    return this.ofTypes(types);
  }

  /** `ofType` for a list of types held in an array. */
  ofTypes(types: readonly string[]): TfResource[] {
    const key = types.join(',');
    let list = this.typeIndex.get(key);
    if (!list) this.typeIndex.set(key, (list = this.src.resources.filter((r) => r.mode === 'managed' && types.includes(r.type))));
    return list;
  }

  // ---- zones and regions ----

  /**
   * The availability zones of the subnets (or subnet groups) an attribute names, or of the zone
   * names written in it.
   */
  zones(res: TfResource, paths: readonly (readonly string[])[], inst?: TfInstance): { list: string[]; span: Span } | undefined {
    const list: string[] = [];
    let span: Span | undefined;
    const add = (z: string | undefined, s: Span) => {
      if (z === undefined || !azPattern.test(z)) return;
      span ??= s;
      if (!list.includes(z)) list.push(z);
    };
    for (const path of paths) {
      for (const i of inst ? [inst] : res.instances) for (const n of nodesAt(i.values, path)) for (const s of stringsIn(n)) add(s.text, s.span);
      for (const link of this.links(res, path, { types: subnetTypes, ...(inst ? { insts: [inst] } : {}) })) {
        this.used.add(link.resource);
        for (const z of this.subnetZones(link.resource, link.instances, 0)) add(z, link.span);
      }
    }
    return list.length > 0 ? { list: list.sort(), span: span! } : undefined;
  }

  private subnetZones(res: TfResource, insts: readonly TfInstance[], depth: number): string[] {
    if (depth > 3) return [];
    if (res.type === 'aws_subnet') return insts.map((i) => this.str(res, ['availability_zone'], i)).filter((z): z is string => z !== undefined);
    const out: string[] = [];
    for (const link of this.links(res, ['subnet_ids'], { types: ['aws_subnet'] })) {
      this.used.add(link.resource);
      pushAll(out, this.subnetZones(link.resource, link.instances, depth + 1));
    }
    return out;
  }

  /** The region a resource is in: its provider configuration's `region`, else what its values say (region, ARN, zone). */
  region(res: TfResource, inst?: TfInstance): { name: string; span: Span } | undefined {
    if (globalTypes.has(res.type)) return undefined;
    const learnedKey = res.providerKey ?? res.alias ?? '';
    const fromProvider = this.providerRegion(res.providerKey);
    if (fromProvider) return fromProvider;
    const i = inst ?? res.instances[0];
    let found: { name: string; span: Span } | undefined;
    const region = this.val(res, ['region'], i);
    const arn = this.val(res, ['arn'], i);
    const az = this.val(res, ['availability_zone'], i);
    if (str(region) && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(str(region)!)) found = { name: str(region)!, span: region!.span };
    else if (str(arn)?.startsWith('arn:') && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(str(arn)!.split(':')[3] ?? ''))
      found = { name: str(arn)!.split(':')[3]!, span: arn!.span };
    else if (str(az) && regionOfZone(str(az)!)) found = { name: regionOfZone(str(az)!)!, span: az!.span };
    if (found) {
      if (!this.learnedRegion.has(learnedKey)) this.learnedRegion.set(learnedKey, found);
      return found;
    }
    return this.learnedRegion.get(learnedKey);
  }

  /** Learns the regions of every resource first, so that one without a region of its own takes its provider's. */
  learnRegions(): void {
    for (const r of this.src.resources) if (r.provider === 'aws') this.region(r);
  }

  private providerRegion(key: string | undefined): { name: string; span: Span } | undefined {
    if (key === undefined) return undefined;
    const expr = get(get(get(this.src.providers, key), 'expressions'), 'region');
    const constant = get(expr, 'constant_value');
    if (str(constant)) return { name: str(constant)!, span: constant!.span };
    for (const ref of referencesIn(expr)) {
      const m = /^var\.([\w-]+)$/.exec(ref);
      const value = m ? get(get(this.src.variables, m[1]!), 'value') : undefined;
      if (str(value)) return { name: str(value)!, span: value!.span };
    }
    return undefined;
  }

  // ---- units and edges ----

  private key(res: TfResource, inst?: TfInstance): string {
    return inst ? `${res.address}\0${String(inst.key)}` : res.address;
  }

  unit(input: {
    kind: Kind;
    resource: TfResource;
    instance?: TfInstance;
    short: string;
    nameSpan?: Span;
    compute?: boolean;
    definitions?: TfResource[];
    label?: string;
    /** A unit of its own beside the resource's (a replica in another region): links to the resource do not reach it. */
    extra?: boolean;
    region?: { name: string; span: Span };
  }): Unit {
    const inst = input.instance ?? input.resource.instances[0];
    const u: Unit = {
      name: '',
      kind: input.kind,
      resource: input.resource,
      ...(input.instance ? { instance: input.instance } : {}),
      span: inst?.node.span ?? input.resource.span,
      nameSpan: input.nameSpan ?? inst?.head ?? input.resource.head,
      attrs: new Map(),
      refs: new Map(),
      ...(input.compute ? { compute: true } : {}),
      definitions: input.definitions ?? [],
      parts: [],
      short: input.short,
      ...(input.label !== undefined ? { label: input.label } : {}),
    };
    const region = input.region ?? this.region(input.resource, input.instance);
    if (region) u.region = region;
    this.units.push(u);
    if (!input.extra) this.unitByKey.set(this.key(input.resource, input.instance), u);
    this.used.add(input.resource);
    return u;
  }

  /** The unit a resource (or one of its instances) became, or is part of. */
  unitOf(res: TfResource, inst?: TfInstance): Unit | undefined {
    return (inst ? this.unitByKey.get(this.key(res, inst)) : undefined) ?? this.unitByKey.get(res.address) ?? this.partOf.get(res.address);
  }

  private readonly partOf = new Map<string, Unit>();
  /** Makes `res` a part of `unit`: links to it are links to the unit. */
  absorb(unit: Unit, res: TfResource): void {
    unit.parts.push(res);
    this.partOf.set(res.address, unit);
    this.used.add(res);
  }

  /** The units a link reaches (one per instance when the resource's instances are units of their own). */
  unitsOf(link: Link): Unit[] {
    const out: Unit[] = [];
    for (const inst of link.instances) {
      const u = this.unitOf(link.resource, inst);
      if (u && !out.includes(u)) out.push(u);
    }
    if (out.length === 0) {
      const u = this.unitOf(link.resource);
      if (u) out.push(u);
    }
    return out;
  }

  /** Takes a unit out (a bucket nothing uses), with the edges that touch it. */
  drop(u: Unit): void {
    const i = this.units.indexOf(u);
    if (i >= 0) this.units.splice(i, 1);
    for (let j = this.edges.length - 1; j >= 0; j--) if (this.edges[j]!.from === u || this.edges[j]!.to === u) this.edges.splice(j, 1);
    for (const [key, unit] of this.unitByKey) if (unit === u) this.unitByKey.delete(key);
    for (const [key, unit] of this.partOf) if (unit === u) this.partOf.delete(key);
  }

  set(u: Unit, name: string, value: Value): void {
    u.attrs.set(name, value);
  }
  flag(u: Unit, name: string, span: Span): void {
    u.attrs.set(name, v.flag(span));
  }

  edge(from: Unit, to: Unit, span: Span, origin: string, attrs: Record<string, Value> = {}): void {
    if (from === to) return;
    const signature = (m: Map<string, Value>) => [...m.keys()].sort().join(',');
    const wanted = new Map(Object.entries(attrs));
    const existing = this.edges.find((e) => e.from === from && e.to === to);
    if (existing) {
      const a = signature(existing.attrs);
      const b = signature(wanted);
      if (a === b) return;
      // A plain edge carries reads and writes: it covers `reads` or `writes` alone.
      if (a === '') return;
      if (b === '' && (a === 'reads' || a === 'writes')) {
        existing.attrs = wanted;
        return;
      }
      if (this.edges.some((e) => e.from === from && e.to === to && signature(e.attrs) === b)) return;
    }
    this.edges.push({ from, to, attrs: wanted, span, origin });
  }

  note(ruleId: ImportNoteId, message: string, span: Span): void {
    this.notes.push({ ruleId, message, span });
  }
}

export const subnetTypes = ['aws_subnet', 'aws_db_subnet_group', 'aws_elasticache_subnet_group', 'aws_docdb_subnet_group', 'aws_neptune_subnet_group'];

/** Resource types that belong to no region (global services). */
export const globalTypes = new Set([
  'aws_cloudfront_distribution',
  'aws_route53_zone',
  'aws_route53_record',
  'aws_route53_health_check',
  'aws_iam_role',
  'aws_iam_policy',
  'aws_rds_global_cluster',
]);

/** Names that say nothing of what a resource is (`aws_lb.this`): the module's name or the type's short word is used instead. */
const genericNames = new Set(['this', 'main', 'default', 'primary', 'example', 'current', 'this_resource']);

/** Gives every unit a readable, unique name: its resource name, else its module's, else its type's short word. */
export function nameUnits(units: readonly Unit[], taken: (name: string) => boolean): void {
  const moduleName = (u: Unit) => /module\.([\w-]+)(?:\[([^\]]*)\])?$/.exec(u.resource.module);
  const keySuffix = (u: Unit) => (u.instance?.key !== undefined && u.resource.instances.length > 1 ? `_${String(u.instance.key).replace(/"/g, '')}` : '');
  const first = (u: Unit) => {
    if (u.wanted) return u.wanted;
    const m = moduleName(u);
    const base = genericNames.has(u.resource.name) ? (m ? m[1]! + (m[2] ? `_${m[2].replace(/"/g, '')}` : '') : u.short) : u.resource.name;
    return base + keySuffix(u);
  };
  const candidates = units.map(first);
  // How often each name occurs, and which units want it: counted once, not per unit.
  const tally = (list: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const n of list) counts.set(n, (counts.get(n) ?? 0) + 1);
    return counts;
  };
  const candidateCounts = tally(candidates);
  const byCandidate = new Map<string, Unit[]>();
  units.forEach((u, j) => {
    const list = byCandidate.get(candidates[j]!);
    if (list) list.push(u);
    else byCandidate.set(candidates[j]!, [u]);
  });
  // On a clash, the unit that does the work (a service, a database) keeps the name and the ones
  // in front of it or beside it (a load balancer, a dns) take their type's word: `web`, `web_alb`.
  const rank = (u: Unit) => (['service', 'worker', 'function', 'database', 'cache', 'queue', 'storage', 'search'].includes(u.kind) ? 0 : 1);
  const second = candidates.map((c, i) => {
    const u = units[i]!;
    if (candidateCounts.get(c) === 1 || u.wanted) return c;
    const clashing = byCandidate.get(c)!;
    const keepers = clashing.filter((x) => rank(x) === 0);
    if (keepers.length === 1 && keepers[0] === u) return c;
    return c === u.short || c.endsWith(`_${u.short}`) ? c : `${c}_${u.short}`;
  });
  const secondCounts = tally(second);
  const third = second.map((c, i) => {
    const u = units[i]!;
    const m = moduleName(u);
    if (secondCounts.get(c) === 1 || !m || c.startsWith(`${m[1]}_`)) return c;
    return `${m[1]}_${c}`;
  });
  const used = new Set<string>();
  units.forEach((u, i) => {
    let name = safeName(third[i]!);
    const base = name;
    for (let n = 2; used.has(name) || taken(name); n++) name = `${base}_${n}`;
    used.add(name);
    u.name = name;
  });
}
