/**
 * Markdown documents: render's .md files and check's markdown report. The escaping of what goes
 * into them (`cell`, `plain`, `fence`); the pieces both are made of (a ```mermaid block, table
 * rows); and `MarkdownDoc`, which builds a document line by line and counts its bytes, so that
 * one with a size limit (a pull-request comment) can tell what still fits.
 */
import { maxOf } from '../arrays.js';

/** Text for a Markdown table cell: code spans kept, `<`, `>` and `&` escaped outside them, `|` escaped everywhere. */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('')
    .replace(/\|/g, '\\|');
}

/** Plain text for a heading or paragraph: Markdown and HTML syntax escaped. */
export function plain(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A fence longer than any run of backticks in the text, so nothing in it can close the block. */
export function fence(text: string): string {
  const longest = maxOf(
    (text.match(/`+/g) ?? []).map((run) => run.length),
    0,
  );
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A ```mermaid block (one string of several lines) around `diagram`, fenced so that nothing in it can close the block. */
export function mermaidBlock(diagram: string): string {
  const text = diagram.trimEnd();
  const f = fence(text);
  return `${f}mermaid\n${text}\n${f}`;
}

/** A table row of cells that are already escaped (with `cell`, or code spans and links). */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * A table's header and delimiter rows. `align` has a letter per column, `l` (the default) or `r`
 * for numbers.
 */
export function tableHead(columns: readonly string[], align = ''): [string, string] {
  return [tableRow(columns), tableRow(columns.map((_, i) => (align[i] === 'r' ? '---:' : '---')))];
}

/**
 * A Markdown document built line by line, with a running count of its UTF-8 bytes (at least the
 * characters GitHub counts), for keeping it within `limit`.
 */
export class MarkdownDoc {
  private readonly lines: string[] = [];
  private size = 0;

  constructor(readonly limit = Infinity) {}

  /** Adds lines (a line may hold several, as a ```mermaid block does). */
  push(...lines: string[]): void {
    this.add(lines);
  }

  /** Adds every line of a list (of any length). */
  add(lines: Iterable<string>): void {
    for (const line of lines) {
      this.lines.push(line);
      this.size += Buffer.byteLength(line) + 1;
    }
  }

  /** The document's size so far: every line's UTF-8 bytes and its newline. */
  get bytes(): number {
    return this.size;
  }

  /** Whether `text`, added as one more line, keeps the document within `limit`. */
  fits(text: string, limit = this.limit): boolean {
    return this.size + Buffer.byteLength(text) + 1 <= limit;
  }

  /** The document: its lines, without trailing blank lines or spaces, ending with a newline. */
  text(): string {
    return `${this.lines.join('\n').trimEnd()}\n`;
  }
}

export { plural } from './names.js';
