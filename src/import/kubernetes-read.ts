/**
 * Reading Kubernetes manifests into resources: documents and `kind: List` items flattened, each
 * resource with its identity (kind, namespace, name), where its `kind:` and `metadata.name` are,
 * and the Helm template it came from (`# Source:`); pod templates read into containers, volumes,
 * labels and scheduling constraints; label selectors matched. Nothing here throws on malformed
 * input: a value of the wrong type reads as absent.
 */
import { at, entries, entry, get, headSpan, items, num, str, type MapNode, type Node, type Span } from './source.js';
import type { DeploymentFile } from './types.js';

export interface Resource {
  file: string;
  node: MapNode;
  apiVersion: string;
  kind: string;
  /** The value of `kind:`, where notes about the resource point. */
  kindSpan: Span;
  name: string;
  nameSpan: Span;
  /** `default` when the manifest names none (where `kubectl apply` puts it). */
  namespace: string;
  explicitNamespace: boolean;
  /** The Helm template (`# Source: chart/templates/x.yaml`) the resource was rendered from. */
  source?: string;
  owners: { kind: string; name: string }[];
}

export type Note = (id: 'import/unmapped-resource' | 'import/unsupported', message: string, file: string, span: Span) => void;

/** How deep `kind: List` items may nest before the rest is refused. */
const MAX_LIST_DEPTH = 8;

/** Every resource of the files, in order (List items in place of their List). */
export function readResources(files: readonly DeploymentFile[], note: Note): Resource[] {
  const out: Resource[] = [];
  for (const f of files) {
    const sources = helmSources(f.text);
    const visit = (node: Node, depth: number): void => {
      // An empty document (`---` twice, a trailing `---`) holds nothing.
      if (node.type === 'scalar' && node.value === null && depth === 0) return;
      if (node.type !== 'map') {
        note(
          'import/unmapped-resource',
          `not a Kubernetes resource: a YAML ${node.type === 'seq' ? 'list' : 'value'} where a resource (a map with \`apiVersion\` and \`kind\`) was expected`,
          f.file,
          headSpan(node),
        );
        return;
      }
      const kind = str(get(node, 'kind'));
      const apiVersion = str(get(node, 'apiVersion'));
      const list = get(node, 'items');
      // `items: []`, `items: ~`: an empty list.
      if (kind !== undefined && /List$/.test(kind) && (list === undefined || (list.type === 'scalar' && list.value === null))) return;
      if (kind !== undefined && /List$/.test(kind) && list?.type === 'seq') {
        if (depth >= MAX_LIST_DEPTH) {
          note('import/unsupported', `a \`${kind}\` nested deeper than ${MAX_LIST_DEPTH} lists is not read`, f.file, entry(node, 'kind')!.value.span);
          return;
        }
        for (const item of list.items) visit(item, depth + 1);
        return;
      }
      if (kind === undefined || apiVersion === undefined) {
        const missing = [apiVersion === undefined ? '`apiVersion`' : '', kind === undefined ? '`kind`' : ''].filter(Boolean).join(' and ');
        note('import/unmapped-resource', `not a Kubernetes resource: it has no ${missing}`, f.file, headSpan(node));
        return;
      }
      const kindSpan = entry(node, 'kind')!.value.span;
      const metadata = get(node, 'metadata');
      const nameNode = get(metadata, 'name') ?? get(metadata, 'generateName');
      const name = str(nameNode);
      if (name === undefined || name.trim() === '') {
        note('import/unsupported', `this ${kind} has no \`metadata.name\`, so nothing can refer to it: it is left out`, f.file, kindSpan);
        return;
      }
      const ns = str(get(metadata, 'namespace'));
      const owners: Resource['owners'] = [];
      for (const o of items(get(metadata, 'ownerReferences'))) {
        const ok = str(get(o, 'kind'));
        const on = str(get(o, 'name'));
        if (ok !== undefined && on !== undefined) owners.push({ kind: ok, name: on });
      }
      const source = sourceBefore(sources, node.span.start.offset);
      out.push({
        file: f.file,
        node,
        apiVersion,
        kind,
        kindSpan,
        name,
        nameSpan: nameNode!.span,
        namespace: ns !== undefined && ns.trim() !== '' ? ns : 'default',
        explicitNamespace: ns !== undefined,
        ...(source !== undefined ? { source } : {}),
        owners,
      });
    };
    for (const d of f.documents) if (d.root) visit(d.root, 0);
  }
  return out;
}

/** `# Source: path` comments of `helm template` output, with their offsets. */
function helmSources(text: string): { offset: number; path: string }[] {
  const found: { offset: number; path: string }[] = [];
  const re = /^#\s*Source:\s*(\S.*?)\s*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push({ offset: m.index, path: m[1]! });
  return found;
}

function sourceBefore(sources: readonly { offset: number; path: string }[], offset: number): string | undefined {
  let found: string | undefined;
  for (const s of sources) {
    if (s.offset > offset) break;
    found = s.path;
  }
  return found;
}

/** A map node's scalar entries as strings (labels, annotations, selectors). */
export function stringMap(node: Node | undefined): Map<string, { value: string; span: Span }> {
  const out = new Map<string, { value: string; span: Span }>();
  for (const e of entries(node)) {
    const v = str(e.value);
    if (v !== undefined) out.set(e.key, { value: v, span: e.value.span });
  }
  return out;
}

export interface Container {
  node: Node;
  name?: string;
  image?: string;
  imageSpan: Span;
  /** `containerPort`s and `hostPort`s. */
  ports: { containerPort?: number; hostPort?: number; hostPortSpan?: Span }[];
  init: boolean;
}

export interface PodTemplate {
  /** The pod spec (`spec.template.spec`, a Pod's `spec`). */
  spec?: Node;
  labels: Map<string, string>;
  annotations: Map<string, { value: string; span: Span }>;
  containers: Container[];
  initContainers: Container[];
}

/** Where a workload kind keeps its pod template. */
export function podTemplate(r: Resource): PodTemplate {
  let template: Node | undefined;
  let spec: Node | undefined;
  if (r.kind === 'Pod') {
    template = r.node;
    spec = get(r.node, 'spec');
  } else if (r.kind === 'CronJob') {
    template = at(r.node, 'spec', 'jobTemplate', 'spec', 'template');
    spec = get(template, 'spec');
  } else {
    template = at(r.node, 'spec', 'template');
    spec = get(template, 'spec');
  }
  const labels = new Map<string, string>();
  for (const [k, v] of stringMap(at(template, 'metadata', 'labels'))) labels.set(k, v.value);
  const annotations = stringMap(at(template, 'metadata', 'annotations'));
  const read = (node: Node | undefined, init: boolean): Container[] =>
    items(node)
      .filter((c) => c.type === 'map')
      .map((c) => {
        const image = get(c, 'image');
        const ports = items(get(c, 'ports')).map((p) => {
          const containerPort = num(get(p, 'containerPort'));
          const hostPort = num(get(p, 'hostPort'));
          const hostNode = get(p, 'hostPort');
          return {
            ...(containerPort !== undefined ? { containerPort } : {}),
            ...(hostPort !== undefined && hostPort > 0 ? { hostPort, hostPortSpan: hostNode!.span } : {}),
          };
        });
        const name = str(get(c, 'name'));
        const imageText = str(image);
        return {
          node: c,
          ...(name !== undefined ? { name } : {}),
          ...(imageText !== undefined && imageText.trim() !== '' ? { image: imageText.trim() } : {}),
          imageSpan: image?.span ?? headSpan(c),
          ports,
          init,
        };
      });
  return {
    ...(spec ? { spec } : {}),
    labels,
    annotations,
    containers: read(get(spec, 'containers'), false),
    initContainers: read(get(spec, 'initContainers'), true),
  };
}

/**
 * Whether `labels` satisfy a selector: a Service's `selector` (a plain map; empty, it selects
 * nothing), or a LabelSelector (`matchLabels` and `matchExpressions` with In, NotIn, Exists,
 * DoesNotExist; `{}` selects everything, as in a PodDisruptionBudget or a ServiceMonitor).
 */
export function selects(selector: Node | undefined, labels: ReadonlyMap<string, string>, kind: 'service' | 'label-selector' = 'service'): boolean {
  if (selector?.type !== 'map') return false;
  const hasStructure = kind === 'label-selector' || get(selector, 'matchLabels') !== undefined || get(selector, 'matchExpressions') !== undefined;
  const plainLabels = hasStructure ? stringMap(get(selector, 'matchLabels')) : stringMap(selector);
  const expressions = hasStructure ? items(get(selector, 'matchExpressions')) : [];
  if (plainLabels.size === 0 && expressions.length === 0) return kind === 'label-selector' && selector.entries.length === 0;
  for (const [k, v] of plainLabels) if (labels.get(k) !== v.value) return false;
  for (const e of expressions) {
    const key = str(get(e, 'key'));
    const operator = str(get(e, 'operator'));
    const values = items(get(e, 'values'))
      .map(str)
      .filter((x): x is string => x !== undefined);
    if (key === undefined) return false;
    const has = labels.has(key);
    if (operator === 'In' && !(has && values.includes(labels.get(key)!))) return false;
    if (operator === 'NotIn' && has && values.includes(labels.get(key)!)) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
    if (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist') return false;
  }
  return true;
}

/**
 * The values a pod's node constraints allow for a node label: `nodeSelector`, and the required
 * node affinity (its terms are alternatives, so every term must constrain the label with `In`
 * for the values to be known). Undefined when the label is not constrained.
 */
export function nodeLabelValues(spec: Node | undefined, keys: ReadonlySet<string>): { values: string[]; span: Span } | undefined {
  for (const e of entries(get(spec, 'nodeSelector'))) {
    const v = str(e.value);
    if (keys.has(e.key) && v !== undefined) return { values: [v], span: e.value.span };
  }
  const terms = items(at(spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'));
  if (terms.length === 0) return undefined;
  const values: string[] = [];
  let span: Span | undefined;
  for (const term of terms) {
    const expression = items(get(term, 'matchExpressions')).find((x) => keys.has(str(get(x, 'key')) ?? '') && str(get(x, 'operator')) === 'In');
    if (!expression) return undefined;
    const list = get(expression, 'values');
    for (const v of items(list)) {
      const s = str(v);
      if (s !== undefined && !values.includes(s)) values.push(s);
    }
    span ??= list?.span ?? headSpan(expression);
  }
  return values.length > 0 && span ? { values, span } : undefined;
}

/** A 1-based line/column position of `offset` in `text`, counted from a known position. */
export function spanOfText(text: string, within: Span, needle: string): Span | undefined {
  const start = within.start.offset;
  const end = Math.min(within.end.offset, text.length);
  const index = text.slice(start, end).indexOf(needle);
  if (index < 0) return undefined;
  const from = advance(text, within.start, start + index);
  const to = advance(text, from, start + index + needle.length);
  return { start: from, end: to };
}

function advance(text: string, from: Span['start'], offset: number): Span['start'] {
  let { line, column } = from;
  for (let i = from.offset; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column, offset };
}
