/**
 * What model building collects while it walks the files, shared by its steps: the declarations
 * (declarations.ts) fill it file by file; edges, references and shares (edges.ts, references.ts)
 * are checked against it once every file is in; build.ts turns it into the `Model`. Every problem
 * found on the way is an error diagnostic in `diagnostics`, in the order it was found.
 */
import type { EdgeStatement, FileAst, Span } from '../../../grammar/ast.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { Kind } from '../kinds.js';
import type { Component, Model, SettingsBlock } from '../model.js';
import type { SettingsBlockName } from '../schema.js';

export interface SourceFile {
  /** The file's name as diagnostics show it. */
  file: string;
  ast: FileAst;
}

export interface BuildResult {
  /** Built from every valid declaration, even when there are errors (for editors). */
  model: Model;
  diagnostics: Diagnostic[];
}

export interface Declared {
  file: string;
  span: Span;
  what: 'component' | 'region';
}

/** A `sessions:` value that is not one of the fixed words: a component name, resolved at the end. */
export interface PendingRef {
  component: string;
  attribute: string;
  target: string;
  kinds: readonly Kind[];
  file: string;
  span: Span;
}

/** A region as declared so far (a region may be reopened, so its components grow). */
export interface RegionDraft {
  name: string;
  label?: string;
  file: string;
  span: Span;
  components: string[];
  zones?: string[];
  zonesSpan?: Span;
  zonesFile?: string;
}

export class BuildState {
  readonly diagnostics: Diagnostic[] = [];
  /** The root file's `architecture` title. */
  title?: string;
  readonly files: string[] = [];
  /** Components of known kinds with unique names, in declaration order. */
  readonly components: Component[] = [];
  readonly byName = new Map<string, Component>();
  /** Checked once every component is declared, since an edge may name one declared after it. */
  readonly edgeStatements: { statement: EdgeStatement; file: string }[] = [];
  readonly regions = new Map<string, RegionDraft>();
  /** Every declared name (components and regions share one namespace), including components of unknown kinds. */
  readonly names = new Map<string, Declared>();
  readonly pendingRefs: PendingRef[] = [];
  readonly settings = new Map<SettingsBlockName, SettingsBlock<string>>();

  error(ruleId: string, message: string, file: string, span: Span, component?: string): void {
    this.diagnostics.push({ ruleId, severity: 'error', message, file, span, ...(component !== undefined ? { component } : {}) });
  }
}

/** Where an earlier declaration is, as seen from `from`: `line 3`, or `other.arch:3` in another file. */
export const where = (d: { file: string; span: Span }, from: string): string =>
  d.file === from ? `line ${d.span.start.line}` : `${d.file}:${d.span.start.line}`;
