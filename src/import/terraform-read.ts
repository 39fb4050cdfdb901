/**
 * Reading Terraform JSON into resources: the plan and state representations of `terraform show
 * -json` (planned_values / values, with the plan's configuration for the references between
 * resources) and raw `.tfstate` files (version 4). Every resource keeps the nodes it was read
 * from, so that what is made of it points at its place in the file.
 *
 * References are resolved as Terraform writes them in a plan's configuration: module-local
 * addresses (`aws_db_instance.main.address`), outputs of child modules (`module.db.endpoint`,
 * followed into the child's output expression) and input variables of a child module (`var.x`,
 * followed to the parent's module call). `local.*` values are not in the JSON, so references
 * through them are lost.
 */
import { entries, get, items, str, type Node, type Span } from './source.js';
import { pushAll } from '../arrays.js';

export type Mode = 'managed' | 'data';

export interface TfInstance {
  /** `index` (plan, state) or `index_key` (tfstate): a count index or a for_each key. */
  key?: string | number;
  /** The instance's attribute values (a map node), when there are any. */
  values?: Node;
  /** The node the instance was read from. */
  node: Node;
  /** Where the instance is named: its `"address"` (show -json) or its resource's `"name"` (tfstate). */
  head: Span;
  /** Addresses it depends on (tfstate `dependencies`). */
  deps: string[];
}

export interface TfResource {
  /** Module instance path and `type.name` (data sources `data.type.name`), without an instance key. */
  address: string;
  /** The module instance path (`module.web[0]`), '' in the root module. */
  module: string;
  /** The module path without instance keys (`module.web`): where its configuration is. */
  configModule: string;
  type: string;
  name: string;
  mode: Mode;
  /** The provider's type name (`aws`, `google`). */
  provider: string;
  /** The provider configuration's alias (tfstate), when there is one. */
  alias?: string;
  /** The key into `configuration.provider_config` (plan). */
  providerKey?: string;
  instances: TfInstance[];
  /** The resource's configuration block (plan): `expressions`, `count_expression`, `depends_on`. */
  config?: Node;
  span: Span;
  head: Span;
}

export interface TfSource {
  file: string;
  format: 'plan' | 'state' | 'tfstate';
  resources: TfResource[];
  byAddress: Map<string, TfResource>;
  /** Configuration modules by module path ('' for the root module). */
  modules: Map<string, Node>;
  /** `configuration.provider_config`. */
  providers?: Node;
  /** The plan's root `variables`. */
  variables?: Node;
  /** Why the file cannot be read (an unsupported format version), with where. */
  refused?: { message: string; span: Span };
}

const zero: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** A module path without instance keys: `module.a[0].module.b["x"]` → `module.a.module.b`. */
export function stripKeys(path: string): string {
  return path.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, '');
}

function providerOf(type: string, providerName: string | undefined): string {
  if (providerName) {
    const last = providerName.split('/').pop() ?? providerName;
    if (last) return last;
  }
  return type.split('_')[0] ?? type;
}

function keyOf(node: Node | undefined): string | number | undefined {
  if (node?.type !== 'scalar' || node.value === null || typeof node.value === 'boolean') return undefined;
  return node.value;
}

/** Reads one parsed Terraform JSON document. Never throws; what it cannot read it leaves out. */
export function readTerraform(file: string, root: Node | undefined): TfSource {
  const source: TfSource = { file, format: 'plan', resources: [], byAddress: new Map(), modules: new Map() };
  if (root?.type !== 'map') return source;
  const add = (r: TfResource) => {
    const existing = source.byAddress.get(r.address);
    if (existing) {
      pushAll(existing.instances, r.instances);
      return;
    }
    source.byAddress.set(r.address, r);
    source.resources.push(r);
  };
  const formatVersion = str(get(root, 'format_version'));
  const stateVersion = get(root, 'version');
  if (formatVersion === undefined && get(root, 'resources')?.type === 'seq') {
    source.format = 'tfstate';
    const version = str(stateVersion);
    if (version !== undefined && version !== '4') {
      source.refused = {
        message: `this is a version ${version} state file; archlint reads version 4 (Terraform 0.12 and later): run \`terraform show -json > state.json\` and check state.json`,
        span: stateVersion!.span,
      };
      return source;
    }
    readTfstate(root, add);
    return source;
  }
  if (formatVersion !== undefined && !/^[01](\.|$)/.test(formatVersion)) {
    source.refused = {
      message: `format_version ${formatVersion} is not one archlint reads (it reads 0.x and 1.x, as Terraform 0.12 to 1.x write them)`,
      span: get(root, 'format_version')!.span,
    };
    return source;
  }
  const planned = get(root, 'planned_values');
  const values = get(root, 'values');
  source.format = planned ? 'plan' : 'state';
  const config = get(root, 'configuration');
  source.providers = get(config, 'provider_config');
  source.variables = get(root, 'variables');
  collectModules(get(config, 'root_module'), '', source.modules, 0);
  if (planned) readValues(get(planned, 'root_module'), '', add, 0);
  else if (values) readValues(get(values, 'root_module'), '', add, 0);
  else readChanges(get(root, 'resource_changes'), add);
  // Data sources read while planning are in the prior state only.
  const prior = get(get(get(root, 'prior_state'), 'values'), 'root_module');
  if (prior) readValues(prior, '', (r) => (r.mode === 'data' && !source.byAddress.has(r.address) ? add(r) : undefined), 0);
  for (const r of source.resources) {
    const c = configResource(source, r);
    if (c) {
      r.config = c;
      const key = str(get(c, 'provider_config_key'));
      if (key !== undefined) r.providerKey = key;
    }
  }
  return source;
}

function collectModules(module: Node | undefined, path: string, out: Map<string, Node>, depth: number): void {
  if (module?.type !== 'map' || depth > 50) return;
  out.set(path, module);
  for (const call of entries(get(module, 'module_calls'))) {
    collectModules(get(call.value, 'module'), `${path ? `${path}.` : ''}module.${call.key}`, out, depth + 1);
  }
}

function readValues(module: Node | undefined, path: string, add: (r: TfResource) => void, depth: number): void {
  if (module?.type !== 'map' || depth > 50) return;
  for (const r of items(get(module, 'resources'))) {
    const type = str(get(r, 'type'));
    const name = str(get(r, 'name'));
    if (type === undefined || name === undefined) continue;
    add(oneInstance(r, type, name, path, get(r, 'values')));
  }
  for (const child of items(get(module, 'child_modules'))) {
    const address = str(get(child, 'address'));
    if (address !== undefined) readValues(child, address, add, depth + 1);
  }
}

/**
 * A resource of `terraform show -json` (planned values, a state's values, a resource change):
 * one object per instance, its `values` the instance's attributes, at module `path`.
 */
function oneInstance(node: Node, type: string, name: string, path: string, values: Node | undefined): TfResource {
  const mode: Mode = str(get(node, 'mode')) === 'data' ? 'data' : 'managed';
  const head = get(node, 'address')?.span ?? node.span;
  const key = keyOf(get(node, 'index'));
  const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  return {
    address: path ? `${path}.${local}` : local,
    module: path,
    configModule: stripKeys(path),
    type,
    name,
    mode,
    provider: providerOf(type, str(get(node, 'provider_name'))),
    instances: [{ ...(key !== undefined ? { key } : {}), ...(values?.type === 'map' ? { values } : {}), node, head, deps: [] }],
    span: node.span,
    head,
  };
}

/** Without planned values (an unusual plan), the changes' `after` values. */
function readChanges(changes: Node | undefined, add: (r: TfResource) => void): void {
  for (const c of items(changes)) {
    const type = str(get(c, 'type'));
    const name = str(get(c, 'name'));
    if (type === undefined || name === undefined) continue;
    const actions = items(get(get(c, 'change'), 'actions')).map(str);
    if (actions.length === 1 && actions[0] === 'delete') continue;
    add(oneInstance(c, type, name, str(get(c, 'module_address')) ?? '', get(get(c, 'change'), 'after')));
  }
}

function readTfstate(root: Node, add: (r: TfResource) => void): void {
  for (const r of items(get(root, 'resources'))) {
    const type = str(get(r, 'type'));
    const name = str(get(r, 'name'));
    if (type === undefined || name === undefined) continue;
    const mode: Mode = str(get(r, 'mode')) === 'data' ? 'data' : 'managed';
    const path = str(get(r, 'module')) ?? '';
    const provider = str(get(r, 'provider')) ?? '';
    // provider["registry.terraform.io/hashicorp/aws"].west
    const m = /^provider\["([^"]*)"\](?:\.([\w-]+))?$/.exec(provider);
    const head = get(r, 'name')?.span ?? r.span;
    const local = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const instances: TfInstance[] = [];
    for (const i of items(get(r, 'instances'))) {
      const key = keyOf(get(i, 'index_key'));
      const attributes = get(i, 'attributes');
      const deps = items(get(i, 'dependencies'))
        .map(str)
        .filter((d): d is string => d !== undefined);
      instances.push({ ...(key !== undefined ? { key } : {}), ...(attributes?.type === 'map' ? { values: attributes } : {}), node: i, head, deps });
    }
    if (instances.length === 0) continue;
    add({
      address: path ? `${path}.${local}` : local,
      module: path,
      configModule: stripKeys(path),
      type,
      name,
      mode,
      provider: providerOf(type, m?.[1]),
      ...(m?.[2] ? { alias: m[2] } : {}),
      instances,
      span: r.span,
      head,
    });
  }
}

function configResource(source: TfSource, r: TfResource): Node | undefined {
  const module = source.modules.get(r.configModule);
  for (const c of items(get(module, 'resources'))) {
    const mode: Mode = str(get(c, 'mode')) === 'data' ? 'data' : 'managed';
    if (mode === r.mode && str(get(c, 'type')) === r.type && str(get(c, 'name')) === r.name) return c;
  }
  return undefined;
}

/** A resolved reference: a resource, and the instance it names (none: every instance). */
export interface Ref {
  resource: TfResource;
  key?: string | number;
}

const resourceRef = /^(data\.)?([A-Za-z][\w-]*)\.([A-Za-z_][\w-]*)(?:\[(\d+|"(?:[^"\\]|\\.)*")\])?/;
const moduleRef = /^module\.([\w-]+)(?:\[(\d+|"(?:[^"\\]|\\.)*")\])?(?:\.([\w-]+))?/;
const notResources = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'self', 'terraform']);

function parseKey(text: string | undefined): string | number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

/** Every `references` string at or below an expression node. */
export function referencesIn(node: Node | undefined, depth = 0): string[] {
  if (!node || depth > 30) return [];
  if (node.type === 'seq') return node.items.flatMap((n) => referencesIn(n, depth + 1));
  if (node.type !== 'map') return [];
  const refs = get(node, 'references');
  if (refs?.type === 'seq' && refs.items.every((i) => i.type === 'scalar')) {
    return refs.items.map(str).filter((s): s is string => s !== undefined);
  }
  return node.entries.flatMap((e) => referencesIn(e.value, depth + 1));
}

/**
 * The resources that reference strings name, seen from the module instance `from`. Terraform lists
 * a reference with each of its prefixes (`aws_subnet.a[0].id`, `aws_subnet.a[0]`, `aws_subnet.a`):
 * a resource named with an instance key is taken at those instances only.
 */
export function resolveReferences(source: TfSource, refs: readonly string[], from: string, depth = 0): Ref[] {
  const found = new Map<string, { resource: TfResource; keys: Set<string | number>; all: boolean }>();
  const note = (resource: TfResource, key: string | number | undefined) => {
    let f = found.get(resource.address);
    if (!f) found.set(resource.address, (f = { resource, keys: new Set(), all: false }));
    if (key === undefined) f.all = true;
    else f.keys.add(key);
  };
  for (const ref of refs) {
    for (const r of resolveOne(source, ref, from, depth)) note(r.resource, r.key);
  }
  const out: Ref[] = [];
  for (const f of found.values()) {
    if (f.keys.size === 0) out.push({ resource: f.resource });
    else for (const key of f.keys) out.push({ resource: f.resource, key });
  }
  return out;
}

function resolveOne(source: TfSource, ref: string, from: string, depth: number): Ref[] {
  if (depth > 12) return [];
  const prefix = from ? `${from}.` : '';
  const mod = moduleRef.exec(ref);
  if (mod) {
    const [, call, keyText, output] = mod;
    if (output === undefined) return [];
    const child = `${prefix}module.${call}${keyText !== undefined ? `[${keyText}]` : ''}`;
    const module = source.modules.get(stripKeys(child));
    const expression = get(get(get(module, 'outputs'), output), 'expression');
    return resolveReferences(source, referencesIn(expression), child, depth + 1);
  }
  const variable = /^var\.([\w-]+)/.exec(ref);
  if (variable) {
    const parent = /^(?:(.*)\.)?module\.([\w-]+)(?:\[[^\]]*\])?$/.exec(from);
    if (!parent) return [];
    const parentPath = parent[1] ?? '';
    const call = get(get(source.modules.get(stripKeys(parentPath)), 'module_calls'), parent[2]!);
    return resolveReferences(source, referencesIn(get(get(call, 'expressions'), variable[1]!)), parentPath, depth + 1);
  }
  const m = resourceRef.exec(ref);
  if (!m || (!m[1] && notResources.has(m[2]!))) return [];
  const local = `${m[1] ?? ''}${m[2]}.${m[3]}`;
  const key = parseKey(m[4]);
  const exact = source.byAddress.get(`${prefix}${local}`);
  if (exact) return [{ resource: exact, ...(key !== undefined ? { key } : {}) }];
  // A module with count or for_each, referred to without its key: every instance of it.
  return byStrippedAddress(source, `${prefix}${local}`).map((resource) => ({ resource, ...(key !== undefined ? { key } : {}) }));
}

const strippedIndex = new WeakMap<TfSource, Map<string, TfResource[]>>();

/** The resources whose address, without module instance keys, is `address` without them. */
export function byStrippedAddress(source: TfSource, address: string): TfResource[] {
  let index = strippedIndex.get(source);
  if (!index) {
    index = new Map();
    for (const r of source.resources) {
      const key = stripKeys(r.address);
      const list = index.get(key);
      if (list) list.push(r);
      else index.set(key, [r]);
    }
    strippedIndex.set(source, index);
  }
  return index.get(stripKeys(address)) ?? [];
}

/** The node at a path of keys, through lists (every item); the nodes found. */
export function nodesAt(node: Node | undefined, path: readonly string[]): Node[] {
  let current: Node[] = node ? [node] : [];
  for (const key of path) {
    const next: Node[] = [];
    for (const n of current) {
      const targets = n.type === 'seq' ? n.items : [n];
      for (const t of targets) {
        const v = get(t, key);
        if (v) next.push(v);
      }
    }
    current = next;
  }
  return current;
}

/** Every scalar string at or below a node (numbers as written). */
export function stringsIn(node: Node | undefined, depth = 0): { text: string; span: Span }[] {
  if (!node || depth > 30) return [];
  if (node.type === 'scalar') return typeof node.value === 'string' && node.value !== '' ? [{ text: node.value, span: node.span }] : [];
  if (node.type === 'seq') return node.items.flatMap((n) => stringsIn(n, depth + 1));
  return node.entries.flatMap((e) => stringsIn(e.value, depth + 1));
}

export { zero as zeroSpan };
