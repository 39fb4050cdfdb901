/**
 * The files `archlint render` writes, named by their extension: `.mmd` (the Mermaid text), `.md`
 * (a Markdown document around the diagram), `.svg`, `.png` and `.html` (the picture laid out by
 * Mermaid in headless Chromium; the HTML report around it). Those three need a browser.
 */
import path from 'node:path';

export type OutputFormat = 'svg' | 'png' | 'html' | 'md' | 'mmd';
export const outputFormats: readonly OutputFormat[] = ['svg', 'png', 'html', 'md', 'mmd'];

/** The format an output path asks for by its extension (case-insensitive), if it is one of ours. */
export function formatOf(file: string): OutputFormat | undefined {
  const ext = path.extname(file).slice(1).toLowerCase();
  return (outputFormats as readonly string[]).includes(ext) ? (ext as OutputFormat) : undefined;
}

export function needsBrowser(format: OutputFormat): boolean {
  return format === 'svg' || format === 'png' || format === 'html';
}
