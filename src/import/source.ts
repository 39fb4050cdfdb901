/**
 * Reading deployment files with their positions: YAML (one or many documents) and JSON (which
 * YAML 1.2 contains) through the `yaml` package, keeping every node's source range, so that a
 * finding on an imported component points at the manifest line that produced it.
 *
 * `Node` is the reader's own small view of a parsed value: plain data with a span. The importers
 * read only this, never the `yaml` package's classes.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { Position, Span } from '../../grammar/ast.js';

export type { Span } from '../../grammar/ast.js';

export type Node = MapNode | SeqNode | ScalarNode;

interface Base {
  span: Span;
}

export interface MapNode extends Base {
  type: 'map';
  /** Entries in source order; keys are strings (other keys are written as YAML would print them). */
  entries: { key: string; keySpan: Span; value: Node }[];
}

export interface SeqNode extends Base {
  type: 'seq';
  items: Node[];
}

export interface ScalarNode extends Base {
  type: 'scalar';
  value: string | number | boolean | null;
}

export interface SourceDocument {
  /** The document's root value, or undefined for an empty document. */
  root?: Node;
  span: Span;
}

export interface ReadProblem {
  message: string;
  span: Span;
}

export interface ReadResult {
  documents: SourceDocument[];
  problems: ReadProblem[];
}

/** More values than this copied from aliases, and a file is not a deployment but an attack. */
export const MAX_ALIAS_VALUES = 100_000;

/** Deeper than this, a manifest is not a deployment but an attack; it is refused with a located message. */
export const MAX_DEPTH = 200;

/** Parses every document of `text` (YAML or JSON), with the spans of all nodes. Never throws. */
export function readDocuments(text: string): ReadResult {
  const lineCounter = new LineCounter();
  const problems: ReadProblem[] = [];
  const position = (offset: number): Position => {
    const o = Math.max(0, Math.min(offset, text.length));
    const { line, col } = lineCounter.linePos(o);
    return { line, column: col, offset: o };
  };
  const spanOf = (range: readonly [number, number, number?] | null | undefined): Span => {
    const [start, end] = range ?? [0, 0];
    return { start: position(start), end: position(end) };
  };
  let parsed;
  try {
    parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    // The parser recurses: nesting thousands of levels deep overflows its stack.
    const message =
      error instanceof RangeError
        ? `nesting too deep to read (more than ${MAX_DEPTH} levels is not a deployment)`
        : `cannot read the file: ${(error as Error).message}`;
    return { documents: [], problems: [{ message, span: spanOf([0, 0]) }] };
  }
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  const documents: SourceDocument[] = [];
  const tooDeepToRead = `nesting too deep to read (more than ${MAX_DEPTH} levels is not a deployment)`;
  if (docs.some((doc) => doc.errors.some((e) => e.message.includes('call stack'))))
    return { documents: [], problems: [{ message: tooDeepToRead, span: spanOf([0, 0]) }] };
  for (const doc of docs) {
    for (const error of doc.errors) problems.push({ message: error.message.split('\n')[0]!, span: spanOf([error.pos[0], error.pos[1]]) });
    if (doc.errors.length > 0) continue;
    let tooDeep = false;
    // Values copied from aliases: bounded, so that a few lines of nested aliases (a "billion
    // laughs") cannot expand into billions of values.
    let expanded = 0;
    let tooMany = false;
    const convert = (node: unknown, depth: number, seen: Set<unknown>): Node | undefined => {
      if (seen.size > 0 && ++expanded > MAX_ALIAS_VALUES) {
        if (!tooMany) problems.push({ message: `aliases expand to more than ${MAX_ALIAS_VALUES} values`, span: spanOf((node as YamlNode).range) });
        tooMany = true;
        return undefined;
      }
      if (depth > MAX_DEPTH) {
        if (!tooDeep) problems.push({ message: `nesting deeper than ${MAX_DEPTH} levels`, span: spanOf((node as YamlNode).range) });
        tooDeep = true;
        return undefined;
      }
      if (isAlias(node)) {
        const target = node.resolve(doc);
        if (!target || seen.has(target)) return undefined;
        return convert(target, depth + 1, new Set([...seen, target]));
      }
      if (isMap(node)) {
        const entries: MapNode['entries'] = [];
        for (const pair of node.items) {
          const key = pair.key;
          let keyText: string;
          if (isScalar(key)) keyText = String(key.value);
          else if (key === null || key === undefined) keyText = '';
          else continue;
          // `<<: *base` merges another map's entries, as YAML 1.1 merge keys do.
          if (keyText === '<<' && isAlias(pair.value)) {
            const merged = convert(pair.value, depth + 1, seen);
            if (merged?.type === 'map') for (const e of merged.entries) if (!entries.some((x) => x.key === e.key)) entries.push(e);
            continue;
          }
          const value = convert(pair.value, depth + 1, seen) ?? { type: 'scalar', value: null, span: spanOf((key as YamlNode | null)?.range) };
          entries.push({ key: keyText, keySpan: spanOf((key as YamlNode | null)?.range), value });
        }
        return { type: 'map', entries, span: spanOf(node.range) };
      }
      if (isSeq(node)) {
        const items: Node[] = [];
        for (const item of node.items) {
          const n = convert(item, depth + 1, seen);
          if (n) items.push(n);
        }
        return { type: 'seq', items, span: spanOf(node.range) };
      }
      if (isScalar(node)) {
        const v = node.value;
        // Dates, big integers and binary scalars are read as the text they were written as.
        const value =
          typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
        return { type: 'scalar', value, span: spanOf(node.range) };
      }
      return undefined;
    };
    const root = doc.contents === null ? undefined : convert(doc.contents, 0, new Set());
    documents.push({ ...(root ? { root } : {}), span: spanOf(doc.range) });
  }
  return { documents, problems };
}

/** The value of `key` in a map node. */
export function get(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'map') return undefined;
  for (const e of node.entries) if (e.key === key) return e.value;
  return undefined;
}

/** The entry (key and value) of `key` in a map node. */
export function entry(node: Node | undefined, key: string): { key: string; keySpan: Span; value: Node } | undefined {
  if (node?.type !== 'map') return undefined;
  return node.entries.find((e) => e.key === key);
}

/** Follows a path of keys. */
export function at(node: Node | undefined, ...keys: string[]): Node | undefined {
  return atPath(node, keys);
}

/** `at` for a path held in an array. */
export function atPath(node: Node | undefined, keys: readonly string[]): Node | undefined {
  let n = node;
  for (const k of keys) n = get(n, k);
  return n;
}

/** A scalar as a string (numbers and booleans as written), else undefined. */
export function str(node: Node | undefined): string | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

/** A scalar as a number (a numeric string too), else undefined. */
export function num(node: Node | undefined): number | undefined {
  if (node?.type !== 'scalar') return undefined;
  const v = node.value;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** A scalar as a boolean (`true`/`false`, also as strings), else undefined. */
export function bool(node: Node | undefined): boolean | undefined {
  if (node?.type !== 'scalar') return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.value === 'true') return true;
  if (node.value === 'false') return false;
  return undefined;
}

/** The items of a sequence node, or none. */
export function items(node: Node | undefined): Node[] {
  return node?.type === 'seq' ? node.items : [];
}

/** The entries of a map node, or none. */
export function entries(node: Node | undefined): MapNode['entries'] {
  return node?.type === 'map' ? node.entries : [];
}

/** A plain JavaScript value of a node (for merging and comparing). */
export function plain(node: Node | undefined): unknown {
  if (!node) return undefined;
  if (node.type === 'scalar') return node.value;
  if (node.type === 'seq') return node.items.map(plain);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const e of node.entries) out[e.key] = plain(e.value);
  return out;
}

/** The span of the first line of a node (a map's first key): where a finding about it points. */
export function headSpan(node: Node): Span {
  if (node.type === 'map' && node.entries.length > 0) return node.entries[0]!.keySpan;
  return node.span;
}
