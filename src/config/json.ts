/**
 * archlint's own JSON inputs (the configuration, the baseline), read with locations: jsonc-parser
 * keeps every value's offset (comments and trailing commas are allowed, as in tsconfig.json), and
 * ajv's errors become one readable message per wrong place, located at that place.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { createScanner, findNodeAtLocation, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import type { Span } from '../../grammar/ast.js';
import { closest } from '../../grammar/suggest.js';
import { describeFsError } from '../io/errors.js';

/** A JSON document that parsed: its text (without a byte-order mark), its tree and its value. */
export interface JsonDocument {
  text: string;
  root: Node;
  value: unknown;
}

function positionAt(text: string, offset: number): { line: number; column: number; offset: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

export function spanAt(text: string, offset: number, length: number): Span {
  return { start: positionAt(text, offset), end: positionAt(text, offset + Math.max(length, 1)) };
}

/** The span of a value in a document (of the document's start when it is not there). */
export function spanOf(doc: Pick<JsonDocument, 'text' | 'root'>, node: Node | undefined): Span {
  return node ? spanAt(doc.text, node.offset, node.length) : spanAt(doc.text, doc.root.offset, 1);
}

/** The value at a path, or, with `key`, the property name `key` of the object there. */
export function nodeAt(root: Node, segments: readonly (string | number)[], key?: string): Node | undefined {
  let node = findNodeAtLocation(root, [...segments]);
  if (node && key !== undefined) {
    const property = node.children?.find((p) => p.children?.[0]?.value === key);
    node = property?.children?.[0] ?? node;
  }
  return node;
}

/** `rules.spof[1].threshold` from a JSON pointer's segments. */
export function pathText(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out || 'the configuration';
}

export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A plain value from a tree; objects are built without a prototype, so keys such as `__proto__` are data. */
export function parseJsonc(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const property of node.children ?? []) {
        const [key, child] = property.children ?? [];
        if (key && child) Object.defineProperty(out, String(key.value), { value: parseJsonc(child), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(parseJsonc);
    default:
      return node.value;
  }
}

/**
 * How deep objects and lists may nest in archlint's own JSON files. Real configurations and
 * baselines nest four or five levels; the limit keeps the (recursive) tree building and schema
 * checking far from the stack's end.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * The first bracket that opens a level deeper than MAX_JSON_DEPTH, found with jsonc-parser's
 * scanner (a loop, not a recursion), so that a hostile file is refused before anything recursive
 * reads it.
 */
function tooDeep(text: string): { offset: number; length: number } | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_JSON_DEPTH) return { offset: scanner.getTokenOffset(), length: 1 };
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/**
 * A JSON text parsed into a located tree, or the problem that stops it: only the first syntax
 * error (the later ones at the same place are its echoes: a missing comma reported as "comma
 * expected", "value expected" and "end of file expected"), and nesting deeper than MAX_JSON_DEPTH.
 */
export function parseJsonText(text: string, what: string): { ok: true; root: Node } | { ok: false; problem: { message: string; span: Span } } {
  const deep = tooDeep(text);
  if (deep) {
    return {
      ok: false,
      problem: {
        message: `${what} nests objects and lists more than ${MAX_JSON_DEPTH} levels deep; this bracket opens level ${MAX_JSON_DEPTH + 1}`,
        span: spanAt(text, deep.offset, deep.length),
      },
    };
  }
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  const first = parseErrors[0];
  if (first) {
    const words = printParseErrorCode(first.error)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
    return { ok: false, problem: { message: `${what} is not valid JSON: ${words}`, span: spanAt(text, first.offset, first.length) } };
  }
  if (!root) return { ok: false, problem: { message: `${what} is not valid JSON: value expected`, span: spanAt(text, 0, 0) } };
  return { ok: true, root };
}

export type ReadJson = { ok: true; doc: JsonDocument } | { ok: false; problems: { message: string; span: Span }[] };

/**
 * Reads and parses a JSON document. `what` names it in messages (`the configuration`); `missing`
 * says what to do when the file does not exist; `unsaved` is its text when an editor holds a
 * version not yet on disk.
 */
export function readJson(file: string, cwd: string, what: string, options: { missing?: string; empty: string; unsaved?: string }): ReadJson {
  const zero = spanAt('', 0, 0);
  let text: string;
  try {
    text = options.unsaved ?? readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    return { ok: false, problems: [{ message: `cannot read ${what}: ${describeFsError(e, options.missing ?? 'no such file')}`, span: zero }] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, problems: [{ message: options.empty, span: zero }] };
  const parsed = parseJsonText(text, what);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const root = parsed.root;
  return { ok: true, doc: { text, root, value: JSON.parse(JSON.stringify(parseJsonc(root))) as unknown } };
}

export const quoteList = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** One problem found by a schema, at a place of the document: a value, or (with `key`) a property name. */
export interface SchemaProblem {
  segments: (string | number)[];
  key?: string;
  message: string;
}

/** How the messages of a particular document read, place by place. */
export interface ErrorWording {
  /** An unknown property `key` at `segments`, and the closest known one. */
  unknownKey(segments: readonly (string | number)[], key: string, near: string | undefined): string;
  /** A wrong value at `segments` (ajv's errors there); undefined for the generic wording. */
  wrongValue?(segments: readonly (string | number)[], errors: readonly ErrorObject[]): string | undefined;
}

/** A wrong value, in words, from the first of ajv's errors at its place. */
function genericMessage(where: string, e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'enum') {
    const allowed = params.allowedValues as unknown[];
    const near =
      typeof e.data === 'string'
        ? closest(
            e.data,
            allowed.filter((v): v is string => typeof v === 'string'),
          )
        : undefined;
    return `${where} must be one of ${quoteList(allowed)}${near !== undefined ? `; did you mean "${near}"?` : ''}`;
  }
  if (e.keyword === 'type')
    return `${where} must be ${params.type === 'array' ? 'a list' : params.type === 'object' ? 'an object' : `a ${String(params.type)}`}`;
  if (e.keyword === 'format') return `${where} must be a valid ${String(params.format)}`;
  if (e.keyword === 'required') return `${where} needs \`${String(params.missingProperty)}\``;
  if (e.keyword === 'pattern') return `${where} must match ${String(params.pattern)}`;
  return `${where} ${e.message ?? 'is not valid'}`;
}

/**
 * One readable message per wrong place, from ajv's errors (ajv must run with `verbose: true`, so
 * that an unknown key can be matched against the keys its schema knows). The most specific place
 * wins: a place is left out when a deeper place under it has errors of its own, since the deeper
 * one is the cause and the rest are its consequences (the alternatives of an `anyOf` failing).
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], wording: ErrorWording): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  const deepest = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const segments = pointerSegments(e.instancePath);
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const id = `${e.instancePath}/${key}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.push({ segments, key, message: wording.unknownKey(segments, key, closest(key, known)) });
      }
      continue;
    }
    const group = deepest.get(e.instancePath) ?? [];
    group.push(e);
    deepest.set(e.instancePath, group);
  }
  const paths = [...deepest.keys(), ...out.map((o) => `${o.segments.length ? '/' : ''}${o.segments.join('/')}/${o.key}`)];
  for (const [pointer, group] of deepest) {
    if (paths.some((p) => p !== pointer && p.startsWith(`${pointer}/`))) continue;
    const segments = pointerSegments(pointer);
    const message = wording.wrongValue?.(segments, group) ?? genericMessage(`\`${pathText(segments)}\``, group[0]!);
    out.push({ segments, message });
  }
  return out;
}
