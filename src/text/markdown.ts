/** Escaping for Markdown documents (render's .md files and check's markdown report). */

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
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export { plural } from './names.js';
