/**
 * `--format markdown`: a pull-request comment. A summary line, a table of the findings, and for
 * each model its diagram with the findings marked (a ```mermaid block, which GitHub and GitLab
 * draw) and the evaluator's table of flows.
 *
 * A comment has limits: GitHub takes 65,536 characters and draws diagrams of at most 500 edges. So
 * the document keeps within `MAX_CHARS` (counted as UTF-8 bytes): the findings table takes at most `MAX_ROWS` rows and
 * `FINDINGS_SHARE` of the room, a diagram that has too many edges or does not fit is left out,
 * and the flow tables stop when the room runs out. Each cut says what was left out and which
 * command shows it in full.
 */
import { availabilityFraction as availability, grouped, tableMs as ms } from '../text/format.js';
import { cell, MarkdownDoc, mermaidBlock, plain, plural, tableHead, tableRow } from '../text/markdown.js';
import { reportPath } from './fingerprint.js';
import type { ReportedModel, Reporter } from './types.js';

export const MAX_CHARS = 60_000;
export const MAX_ROWS = 200;
const FINDINGS_SHARE = 0.5;
/** Mermaid's default limit, and the one GitHub applies. */
export const MAX_DIAGRAM_EDGES = 500;

const icon = { error: '🔴 error', warning: '🟡 warning', info: '🔵 info' } as const;

function modelSection(doc: MarkdownDoc, entry: ReportedModel, cwd: string): void {
  const { model } = entry;
  const name = reportPath(entry.file, cwd);
  const edges = model.edges().length;
  doc.push(`### ${plain(model.title ?? name)}`, '', `\`${name}\`: ${plural(model.components().length, 'component')}, ${plural(edges, 'connection')}.`, '');
  const draw = `\`archlint render ${name} -o ${name.replace(/\.arch$/, '')}.svg\` draws it`;
  if (entry.diagram === undefined) {
    doc.push(`The diagram is left out (${grouped(edges)} connections, more than the ${MAX_DIAGRAM_EDGES} a comment's diagram can draw); ${draw}.`, '');
  } else {
    const block = mermaidBlock(entry.diagram);
    if (doc.fits(block)) doc.push(block, '');
    else doc.push(`The diagram is left out (${grouped(block.length)} characters, more than the comment has room for); ${draw}.`, '');
  }
  const { flows } = entry;
  if (flows.length === 0) {
    doc.push('No client reaches anything, so there are no flows to estimate.', '');
    return;
  }
  doc.push('Flows as `archlint eval` estimates them:', '', ...tableHead(['client', 'kind', 'rps', 'p50 ms', 'p99 ms', 'availability', 'path'], 'llrrrrl'));
  const more = (n: number) => `…and ${plural(n, 'more flow')}; \`archlint eval ${name}\` lists them all.`;
  for (const [i, f] of flows.entries()) {
    const note = f.broken ? ' (broken)' : f.saturated ? ` (saturated at ${f.saturated.join(', ')})` : '';
    const row = tableRow([
      cell(f.client),
      f.kind,
      grouped(f.rps),
      ms(f.p50_ms),
      ms(f.p99_ms),
      `${availability(f.availability)}${note}`,
      cell(f.path.join(' → ')),
    ]);
    // Keep room for the sentence that says how many rows were left out.
    if (!doc.fits(row, MAX_CHARS - more(flows.length).length - 2)) {
      doc.push('', more(flows.length - i));
      break;
    }
    doc.push(row);
  }
  doc.push('');
}

export const markdown: Reporter = (report, options) => {
  const { errors, warnings, infos } = report.summary;
  const total = errors + warnings + infos;
  const files = report.files.length;
  const doc = new MarkdownDoc(MAX_CHARS);
  doc.push('## archlint', '');
  if (total === 0) {
    doc.push(`✅ No problems in ${plural(files, 'file')}.`, '');
  } else {
    const counts = [plural(errors, 'error'), plural(warnings, 'warning')];
    if (infos > 0) counts.push(plural(infos, 'info'));
    doc.push(`${errors > 0 ? '❌' : '⚠️'} ${plural(total, 'problem')} (${counts.join(', ')}) in ${plural(files, 'file')}.`, '');
    doc.push(...tableHead(['severity', 'where', 'rule', 'message']));
    const shown = report.files.flatMap((f) => f.diagnostics.filter((d) => !d.suppressed));
    for (const [i, d] of shown.entries()) {
      const where = `\`${reportPath(d.file, options.cwd)}:${d.span.start.line}:${d.span.start.column}\``;
      const row = tableRow([icon[d.severity], cell(where), `\`${d.ruleId}\``, cell(d.message)]);
      if (i === MAX_ROWS || !doc.fits(row, MAX_CHARS * FINDINGS_SHARE)) {
        doc.push('', `…and ${plural(shown.length - i, 'more finding')}; \`archlint check\` lists them all.`);
        break;
      }
      doc.push(row);
    }
    doc.push('');
  }
  for (const entry of report.models ?? []) modelSection(doc, entry, options.cwd);
  return doc.text();
};
