/**
 * One open .arch document as the editor features see it: its text, its parse and file index (both
 * computed once per text), the index of the model it belongs to (built on first use), and the
 * conversion between LSP positions and the parser's offsets.
 */
import type { Position, Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { stripBom, type ParseResult, type Span } from '../../grammar/index.js';
import { indexFile, type FileIndex, type ModelIndex } from './names.js';
import { bomLength, toRange } from './positions.js';
import type { RuleRegistry } from '../engine/registry.js';
import type { Workspace } from './workspace.js';

export class DocumentView {
  /** The text as parsed (without a leading byte-order mark): spans' offsets index it. */
  readonly text: string;
  readonly bom: number;
  readonly parse: ParseResult;
  readonly index: FileIndex;
  private modelIndex: ModelIndex | undefined;

  constructor(
    readonly workspace: Workspace,
    readonly document: TextDocument,
    /** The document's path. */
    readonly key: string,
    private readonly buildModel: () => ModelIndex,
    /** The rules of the configuration that governs the document (the built-in ones when it is invalid). */
    readonly registry: RuleRegistry,
  ) {
    const full = document.getText();
    this.bom = bomLength(full);
    this.text = stripBom(full);
    this.parse = workspace.parse(full, workspace.nameOf(key));
    this.index = indexFile(this.parse.ast);
  }

  /** The names of the whole model (this file and its imports, or the model that imports it). */
  get model(): ModelIndex {
    this.modelIndex ??= this.buildModel();
    return this.modelIndex;
  }

  offsetAt(position: Position): number {
    return Math.max(0, this.document.offsetAt(position) - this.bom);
  }

  positionAt(offset: number): Position {
    return this.document.positionAt(offset + this.bom);
  }

  range(span: Span): Range {
    return toRange(span, this.bom);
  }

  /** A span of another file of the model (or this one) as an LSP range. */
  rangeIn(file: string, span: Span): Range {
    return toRange(span, file === this.key ? this.bom : this.workspace.bomOf(file));
  }

  /** The parsed text of another file of the model (or this one), for quoting what it says. */
  textOf(file: string): string | undefined {
    if (file === this.key) return this.text;
    const text = this.workspace.textOf(file);
    return text === undefined ? undefined : stripBom(text);
  }
}
