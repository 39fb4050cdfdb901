/**
 * Render's `.md` output: a Markdown document with the system's title, where it comes from, the
 * diagram in a ```mermaid block (which GitHub and GitLab draw) and a table of the unsuppressed
 * findings, each linked to its line in the source.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { Model } from '../model/model.js';
import { cell, MarkdownDoc, mermaidBlock, plain, plural, tableHead, tableRow } from '../text/markdown.js';

/** What the document is made from. */
export interface DocumentSource {
  /** The root .arch file, as given on the command line. */
  input: string;
  model: Model;
  /** The Mermaid text. */
  diagram: string;
  /** The model's findings (suppressed ones are left out of the Markdown table). */
  findings: readonly Diagnostic[];
}

/**
 * The Markdown document: the system's title, where it comes from, the diagram in a ```mermaid
 * block (which GitHub and GitLab render), and a table of the unsuppressed findings. Paths in the
 * table are links relative to `relativeTo` (the document's directory), with a `#L<line>` anchor.
 */
export function markdownDocument(job: DocumentSource, cwd: string, relativeTo: string): string {
  const link = (file: string) => {
    const relative = path.relative(relativeTo, path.resolve(cwd, file)).split(path.sep).join('/');
    return encodeURI(relative || path.basename(file)).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  };
  const title = job.model.title ?? path.basename(job.input, path.extname(job.input));
  const findings = job.findings.filter((d) => !d.suppressed);
  const bySeverity = (s: Diagnostic['severity']) => findings.filter((d) => d.severity === s).length;
  const doc = new MarkdownDoc();
  doc.push(
    `# ${plain(title)}`,
    '',
    `Rendered by archlint from [${plain(path.basename(job.input))}](${link(job.input)}): ` +
      `${plural(job.model.components().length, 'component')}, ${plural(job.model.edges().length, 'connection')}.`,
    '',
    mermaidBlock(job.diagram),
    '',
    '## Findings',
    '',
  );
  if (findings.length === 0) {
    doc.push('`archlint check` finds nothing to report.');
  } else {
    const counts = [plural(bySeverity('error'), 'error'), plural(bySeverity('warning'), 'warning')];
    if (bySeverity('info') > 0) counts.push(plural(bySeverity('info'), 'info'));
    doc.push(`${plural(findings.length, 'finding')} (${counts.join(', ')}).`, '');
    doc.add(tableHead(['rule', 'severity', 'where', 'message']));
    for (const d of findings) {
      const where = `[${plain(path.basename(d.file))}:${d.span.start.line}:${d.span.start.column}](${link(d.file)}#L${d.span.start.line})`;
      doc.push(tableRow([`\`${d.ruleId}\``, d.severity, where, cell(d.message)]));
    }
  }
  return doc.text();
}
