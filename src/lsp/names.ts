/**
 * Where the names are. `indexFile` walks a file's syntax tree once (per parse) and lists its
 * declarations and every located word that a feature can act on (kinds, component and region
 * names, references in edges and attributes, attribute names), sorted so that the word under the
 * cursor is a binary search away. `ModelIndex` merges the file indexes of a model (a root and its
 * imports) into maps from a name to its declarations and references.
 */
import type { AttributeBlock, Attribute, FileAst, Span, Statement } from '../../grammar/ast.js';
import { loadModelFiles } from '../model/load.js';
import { attributesByKind, isKind, type SettingsBlockName } from '../model/schema.js';
import type { Workspace } from './workspace.js';

export interface ComponentDecl {
  name: string;
  kind: string;
  kindSpan: Span;
  nameSpan: Span;
  span: Span;
  label?: string;
  region?: string;
  attributes?: AttributeBlock;
}

export interface RegionDecl {
  name: string;
  nameSpan: Span;
  span: Span;
  label?: string;
}

/** Whose attribute an attribute name is. */
export type Owner = { type: 'component'; kind: string } | { type: 'edge' } | { type: 'settings'; block: SettingsBlockName } | { type: 'region' };

export type Occurrence =
  | { type: 'kind'; span: Span; component: ComponentDecl }
  | { type: 'declaration'; span: Span; name: string; what: 'component' | 'region' }
  | { type: 'reference'; span: Span; name: string }
  | { type: 'attribute'; span: Span; name: string; owner: Owner }
  | { type: 'settings'; span: Span; block: SettingsBlockName };

export interface FileIndex {
  components: ComponentDecl[];
  regions: RegionDecl[];
  /** Sorted by position; they never overlap. */
  occurrences: Occurrence[];
}

const fileIndexes = new WeakMap<FileAst, FileIndex>();

export function indexFile(ast: FileAst): FileIndex {
  let index = fileIndexes.get(ast);
  if (!index) {
    index = { components: [], regions: [], occurrences: [] };
    for (const s of ast.statements) walk(s, undefined, index);
    index.occurrences.sort((a, b) => a.span.start.offset - b.span.start.offset);
    fileIndexes.set(ast, index);
  }
  return index;
}

function walk(s: Statement, region: string | undefined, index: FileIndex): void {
  const occ = index.occurrences;
  switch (s.type) {
    case 'region':
      index.regions.push({ name: s.name, nameSpan: s.nameSpan, span: s.span, ...(s.label !== undefined ? { label: s.label } : {}) });
      occ.push({ type: 'declaration', span: s.nameSpan, name: s.name, what: 'region' });
      for (const inner of s.body) walk(inner, s.name, index);
      return;
    case 'component': {
      const c: ComponentDecl = {
        name: s.name,
        kind: s.kind,
        kindSpan: s.kindSpan,
        nameSpan: s.nameSpan,
        span: s.span,
        ...(s.label !== undefined ? { label: s.label } : {}),
        ...(region !== undefined ? { region } : {}),
        ...(s.attributes ? { attributes: s.attributes } : {}),
      };
      index.components.push(c);
      occ.push({ type: 'kind', span: s.kindSpan, component: c }, { type: 'declaration', span: s.nameSpan, name: s.name, what: 'component' });
      for (const a of s.attributes?.attributes ?? []) {
        occ.push({ type: 'attribute', span: a.nameSpan, name: a.name, owner: { type: 'component', kind: s.kind } });
        const target = referenceIn(s.kind, a);
        if (target) occ.push({ type: 'reference', ...target });
      }
      return;
    }
    case 'edge':
      for (const end of s.ends) occ.push({ type: 'reference', span: end.span, name: end.name });
      for (const a of s.attributes?.attributes ?? []) occ.push({ type: 'attribute', span: a.nameSpan, name: a.name, owner: { type: 'edge' } });
      return;
    case 'settings':
      occ.push({ type: 'settings', span: s.keywordSpan, block: s.block });
      for (const a of s.attributes.attributes) occ.push({ type: 'attribute', span: a.nameSpan, name: a.name, owner: { type: 'settings', block: s.block } });
      return;
    case 'property':
      occ.push({ type: 'attribute', span: s.attribute.nameSpan, name: s.attribute.name, owner: { type: 'region' } });
      return;
    default:
  }
}

/** A component named in an attribute value (`sessions: store`): its name and where it is written. */
function referenceIn(kind: string, a: Attribute): { name: string; span: Span } | undefined {
  if (!isKind(kind)) return undefined;
  const spec = attributesByKind.get(kind)?.get(a.name);
  if (spec?.value.type !== 'enum-or-ref') return undefined;
  const v = a.value;
  if (v.type === 'word' && !spec.value.values.includes(v.value)) return { name: v.value, span: v.span };
  // A quoted name: the span of the text between the quotes, when the string has no escapes.
  if (v.type === 'string' && !spec.value.values.includes(v.value) && v.span.end.offset - v.span.start.offset === v.value.length + 2) {
    const shift = (p: Span['start'], by: number) => ({ line: p.line, column: p.column + by, offset: p.offset + by });
    return { name: v.value, span: { start: shift(v.span.start, 1), end: shift(v.span.end, -1) } };
  }
  return undefined;
}

/** The occurrence at an offset; a word's end counts as on it (the cursor just after a word). */
export function occurrenceAt(index: FileIndex, offset: number): Occurrence | undefined {
  const list = index.occurrences;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.span.start.offset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const o = list[found];
  return o && offset <= o.span.end.offset ? o : undefined;
}

export interface Place {
  /** The file's path. */
  file: string;
  span: Span;
}

export interface Declaration extends Place {
  component?: ComponentDecl;
  region?: RegionDecl;
}

/** The names of a model: declarations and references by name, over all its files. */
export class ModelIndex {
  readonly declarations = new Map<string, Declaration[]>();
  readonly references = new Map<string, Place[]>();
  /** Each component name's first declaration, in model order. */
  readonly components: { file: string; component: ComponentDecl }[] = [];

  constructor(readonly files: readonly { file: string; ast: FileAst; index: FileIndex }[]) {
    for (const { file, index } of files) {
      for (const c of index.components) {
        const list = this.declarations.get(c.name);
        if (!list) this.components.push({ file, component: c });
        this.add(this.declarations, c.name, { file, span: c.nameSpan, component: c });
      }
      for (const r of index.regions) this.add(this.declarations, r.name, { file, span: r.nameSpan, region: r });
      for (const o of index.occurrences) if (o.type === 'reference') this.add(this.references, o.name, { file, span: o.span });
    }
  }

  private add<T>(map: Map<string, T[]>, name: string, item: T): void {
    const list = map.get(name);
    if (list) list.push(item);
    else map.set(name, [item]);
  }

  /** The component declared under a name first in the model, with its file. */
  component(name: string): { file: string; component: ComponentDecl } | undefined {
    const d = this.declarations.get(name)?.find((x) => x.component);
    return d ? { file: d.file, component: d.component! } : undefined;
  }
}

/**
 * Builds the index of a model for the editor features, reusing the last one while no file of the
 * model was re-parsed.
 */
export class ModelIndexes {
  private readonly cache = new Map<string, ModelIndex>();

  constructor(private readonly workspace: Workspace) {}

  /** The index of the model rooted at `root` (a path); `file` must be in it, else its own model is used. */
  forFile(file: string, root: string): ModelIndex {
    const index = this.build(root);
    return index.files.some((f) => f.file === file) ? index : this.build(file);
  }

  private build(root: string): ModelIndex {
    const ws = this.workspace;
    const { sources } = loadModelFiles(ws.nameOf(root), ws.host, ws.parse);
    const cached = this.cache.get(root);
    if (cached && cached.files.length === sources.length && cached.files.every((f, i) => f.ast === sources[i]!.ast)) return cached;
    const index = new ModelIndex(sources.map((s) => ({ file: ws.keyOf(s.file), ast: s.ast, index: indexFile(s.ast) })));
    this.cache.delete(root);
    this.cache.set(root, index);
    // A few models at a time (the ones being edited); the oldest goes first.
    if (this.cache.size > 8) this.cache.delete(this.cache.keys().next().value!);
    return index;
  }
}
