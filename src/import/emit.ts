/**
 * What every importer produces: the syntax tree of an .arch model, built statement by statement,
 * whose spans are positions in the deployment file that produced each part. The model builder
 * then reads it as it reads a parsed .arch file, so the rules, the evaluator and the diagrams work
 * on a deployment unchanged, and every finding points at a manifest line. `printImported`
 * (print.ts) writes the same statements as .arch text for `archlint import`.
 */
import type { Attribute, AttributeBlock, ComponentStatement, EdgeStatement, FileAst, RegionStatement, Span, Statement, Value } from '../../grammar/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Kind } from '../model/kinds.js';

/** An attribute to write: its name, its value, and the source that says so. */
export interface AttrInput {
  name: string;
  value: Value;
}

/** Value constructors; `span` is where the value comes from in the deployment file. */
export const v = {
  int: (value: number, span: Span): Value => ({ type: 'number', value, quantity: 'plain', unit: '', raw: String(value), span }),
  /** A duration in milliseconds, written in the largest unit that divides it. */
  duration: (ms: number, span: Span): Value => ({ type: 'number', value: ms, quantity: 'duration', unit: '', raw: durationRaw(ms), span }),
  /** A percentage, as written (99.95 → `99.95%`). */
  percent: (value: number, span: Span): Value => ({ type: 'number', value, quantity: 'percent', unit: '%', raw: `${value}%`, span }),
  range: (low: number, high: number, span: Span): Value => ({
    type: 'range',
    low: { type: 'number', value: low, quantity: 'plain', unit: '', raw: String(low), span },
    high: { type: 'number', value: high, quantity: 'plain', unit: '', raw: String(high), span },
    span,
  }),
  word: (value: string, span: Span): Value => ({ type: 'word', value, span }),
  string: (value: string, span: Span): Value => ({ type: 'string', value, span }),
  list: (values: readonly string[], span: Span): Value => ({ type: 'list', items: values.map((w) => ({ type: 'word', value: w, span })), span }),
  flag: (span: Span): Value => ({ type: 'flag', span }),
};

function durationRaw(ms: number): string {
  const units: [string, number][] = [
    ['d', 86400e3],
    ['h', 3600e3],
    ['m', 60e3],
    ['s', 1e3],
  ];
  for (const [unit, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** Where an imported statement came from, for the comment `archlint import` writes above it. */
export interface Origin {
  /** `k8s Deployment shop/cart`, `compose service web`, `aws_db_instance.main`. */
  what: string;
  file: string;
  line: number;
}

/** One model's statements, file by file, with the notes (`import/*` findings) found on the way. */
export class ModelBuilder {
  private readonly byFile = new Map<string, Statement[]>();
  private readonly regions = new Map<string, RegionStatement>();
  readonly origins = new Map<Statement, Origin>();
  readonly notes: Diagnostic[] = [];
  /** Component names taken, for unique names. */
  private readonly names = new Set<string>();
  title?: { text: string; file: string; span: Span };

  /** `names`: the configuration's `import.names`, deployed names to the names the design uses. */
  constructor(
    readonly files: readonly string[],
    private readonly rename: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const f of files) this.byFile.set(f, []);
  }

  /**
   * A name not yet taken, made from `wanted` (characters a name cannot hold become `_`), or the
   * name the configuration gives it (`import.names`). Every importer names components through this.
   */
  uniqueName(wanted: string): string {
    const base = safeName(this.rename.get(wanted) ?? wanted);
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`;
    return name;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  component(input: {
    kind: Kind;
    name: string;
    file: string;
    span: Span;
    nameSpan: Span;
    attrs: readonly AttrInput[];
    region?: { name: string; span: Span };
    origin: Origin;
    label?: string;
  }): ComponentStatement {
    this.names.add(input.name);
    const statement: ComponentStatement = {
      type: 'component',
      kind: input.kind,
      kindSpan: input.nameSpan,
      name: input.name,
      nameSpan: input.nameSpan,
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.attrs.length > 0 ? { attributes: block(input.attrs, input.span) } : {}),
      span: input.span,
    };
    this.origins.set(statement, input.origin);
    if (input.region) {
      let region = this.regions.get(`${input.file}\0${input.region.name}`);
      if (!region) {
        region = { type: 'region', name: input.region.name, nameSpan: input.region.span, body: [], span: input.region.span };
        this.regions.set(`${input.file}\0${input.region.name}`, region);
        this.push(input.file, region);
      }
      region.body.push(statement);
    } else {
      this.push(input.file, statement);
    }
    return statement;
  }

  /** A `zones: [...]` property of a region (the zones the deployment uses there). */
  regionZones(file: string, region: string, zones: readonly string[], span: Span): void {
    const r = this.regions.get(`${file}\0${region}`);
    if (!r || zones.length === 0) return;
    const attribute: Attribute = { name: 'zones', nameSpan: span, value: v.list(zones, span), span };
    r.body.unshift({ type: 'property', attribute, span });
  }

  edge(input: { from: string; to: string; file: string; span: Span; attrs: readonly AttrInput[]; origin?: Origin }): EdgeStatement {
    const statement: EdgeStatement = {
      type: 'edge',
      ends: [
        { name: input.from, span: input.span },
        { name: input.to, span: input.span },
      ],
      ...(input.attrs.length > 0 ? { attributes: block(input.attrs, input.span) } : {}),
      span: input.span,
    };
    if (input.origin) this.origins.set(statement, input.origin);
    this.push(input.file, statement);
    return statement;
  }

  note(ruleId: ImportNoteId, message: string, file: string, span: Span): void {
    this.notes.push({ ruleId, severity: 'info', message, file, span });
  }

  /** The syntax tree of each file, in the order of `files`. */
  asts(): { file: string; ast: FileAst }[] {
    return [...this.byFile].map(([file, statements], i) => {
      const all: Statement[] = i === 0 && this.title ? [{ type: 'title', title: this.title.text, span: this.title.span }, ...statements] : statements;
      const end = all.reduce((e, s) => Math.max(e, s.span.end.offset), 0);
      const last = all.find((s) => s.span.end.offset === end)?.span.end ?? { line: 1, column: 1, offset: 0 };
      return { file, ast: { statements: all, comments: [], span: { start: { line: 1, column: 1, offset: 0 }, end: last } } };
    });
  }

  private push(file: string, statement: Statement): void {
    let list = this.byFile.get(file);
    if (!list) this.byFile.set(file, (list = []));
    list.push(statement);
  }
}

function block(attrs: readonly AttrInput[], span: Span): AttributeBlock {
  return {
    attributes: attrs.map((a) => ({ name: a.name, nameSpan: a.value.span, value: a.value, span: a.value.span })),
    span,
  };
}

/** Words the language reserves, which a component cannot be named. */
const reserved = new Set(['architecture', 'import', 'region', 'workload', 'budget', 'latency', 'true', 'false']);

/** A valid component name for `wanted`: letters, digits, `_` and inner `-`; `.`, `/` and the rest become `_`. */
export function safeName(wanted: string): string {
  let name = wanted
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/-{2,}/g, '-')
    .replace(/-(?=_|$)|(?<=_)-/g, '_')
    .replace(/^-+/, '');
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  if (reserved.has(name)) name = `${name}_`;
  return name;
}

/** The info-level findings an importer makes about what it could not map. */
export const importNoteIds = ['import/unmapped-resource', 'import/dangling-reference', 'import/ambiguous-kind', 'import/unsupported'] as const;
export type ImportNoteId = (typeof importNoteIds)[number];
