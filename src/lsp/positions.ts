/**
 * Coordinates between archlint and LSP. archlint's spans are 1-based lines and columns counted in
 * UTF-16 code units of the JS string (chevrotain reads the string), with an exclusive end, in the
 * text after a leading byte-order mark is stripped (grammar/index.ts `stripBom`). LSP positions are
 * 0-based lines and UTF-16 characters in the document as the editor holds it, so the conversion is
 * a shift by one, plus one column on the first line when the text starts with a byte-order mark.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position, Range } from 'vscode-languageserver/node';
import type { Span } from '../../grammar/ast.js';

/** How many code units the parser dropped at the start of the text (1 for a byte-order mark). */
export function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** An archlint span as an LSP range of a text whose leading BOM, if any, is `bom` code units long. */
export function toRange(span: Span, bom = 0): Range {
  return {
    start: { line: span.start.line - 1, character: span.start.column - 1 + (span.start.line === 1 ? bom : 0) },
    end: { line: span.end.line - 1, character: span.end.column - 1 + (span.end.line === 1 ? bom : 0) },
  };
}

/** The start of the document: where file-wide notes go. */
export const documentStart: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/**
 * The path a document URI stands for. Documents that are not files (an editor's `untitled:`
 * buffers) get a stand-in path under `base`, so that they can still be checked as a model.
 */
export function uriToPath(uri: string, base: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      // A file URI with a host or a malformed escape: fall through to a stand-in path.
    }
  }
  return path.join(base, '.archlint-untitled', encodeURIComponent(uri));
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}
