/**
 * `--format markdown`: a pull-request comment. A summary line, a table of the findings, and for
 * each model its diagram with the findings marked (a ```mermaid block, which GitHub and GitLab
 * draw) and the evaluator's table of flows.
 *
 * A comment has limits: GitHub takes 65,536 characters and draws diagrams of at most 500 edges. So
 * the document keeps within `MAX_CHARS` (counted as UTF-8 bytes): the findings table takes at most `MAX_ROWS` rows and
 * `FINDINGS_SHARE` of the room, a diagram that has too many edges or does not fit is left out,
 * the flow tables stop when the room runs out, and so do the models, with room always kept for
 * the note that says so. Each cut says what was left out and which command shows it in full.
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

/** The note that ends the document when some models did not fit. */
const moreModels = (n: number) =>
  `…and ${plural(n, 'more model')}; \`archlint check <file> --format markdown\`, \`archlint render\` and \`archlint eval\` show each.`;
/** Room always kept for that note, so it can be written wherever the models stop. */
const RESERVE = Buffer.byteLength(moreModels(1_000_000)) + 2;

/** Whether `lines`, added one after another, keep the document within `limit`. */
const hasRoom = (doc: MarkdownDoc, lines: readonly string[], limit: number) => doc.fits(lines.join('\n'), limit);

/**
 * A model's section: its heading, its diagram (or why it is left out) and its flows, each part
 * only as far as `limit` leaves room for. False when not even the heading fits.
 */
function modelSection(doc: MarkdownDoc, entry: ReportedModel, cwd: string, limit: number): boolean {
  const { model } = entry;
  const name = reportPath(entry.file, cwd);
  const edges = model.edges().length;
  const draw = `\`archlint render ${name} -o ${name.replace(/\.arch$/, '')}.svg\` draws it`;
  const heading = [
    `### ${plain(model.title ?? name)}`,
    '',
    `\`${name}\`: ${plural(model.components().length, 'component')}, ${plural(edges, 'connection')}.`,
    '',
  ];
  const tooMany = `The diagram is left out (${grouped(edges)} connections, more than the ${MAX_DIAGRAM_EDGES} a comment's diagram can draw); ${draw}.`;
  if (!hasRoom(doc, [...heading, tooMany, ''], limit)) return false;
  doc.add(heading);
  if (entry.diagram === undefined) {
    doc.push(tooMany, '');
  } else {
    const block = mermaidBlock(entry.diagram);
    if (hasRoom(doc, [block, ''], limit)) doc.push(block, '');
    else doc.push(`The diagram is left out (${grouped(block.length)} characters, more than the comment has room for); ${draw}.`, '');
  }
  const { flows } = entry;
  if (flows.length === 0) {
    const none = 'No client reaches anything, so there are no flows to estimate.';
    if (hasRoom(doc, [none, ''], limit)) doc.push(none, '');
    return true;
  }
  const head = ['Flows as `archlint eval` estimates them:', '', ...tableHead(['client', 'kind', 'rps', 'p50 ms', 'p99 ms', 'availability', 'path'], 'llrrrrl')];
  const more = (n: number) => `…and ${plural(n, 'more flow')}; \`archlint eval ${name}\` lists them all.`;
  const rows = flows.map((f) => {
    const note = f.broken ? ' (broken)' : f.saturated ? ` (saturated at ${f.saturated.join(', ')})` : '';
    return tableRow([cell(f.client), f.kind, grouped(f.rps), ms(f.p50_ms), ms(f.p99_ms), `${availability(f.availability)}${note}`, cell(f.path.join(' → '))]);
  });
  // Room for the sentence that says how many rows were left out, wherever the table stops.
  const room = limit - Buffer.byteLength(more(flows.length)) - 2;
  if (!hasRoom(doc, [...head, rows[0]!], room)) {
    const leftOut = `The flows are left out, for lack of room; \`archlint eval ${name}\` lists them.`;
    if (hasRoom(doc, [leftOut, ''], limit)) doc.push(leftOut, '');
    return true;
  }
  doc.add(head);
  for (const [i, row] of rows.entries()) {
    if (!doc.fits(row, room)) {
      doc.push('', more(flows.length - i));
      break;
    }
    doc.push(row);
  }
  doc.push('');
  return true;
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
    doc.add(tableHead(['severity', 'where', 'rule', 'message']));
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
  const models = report.models ?? [];
  for (const [i, entry] of models.entries()) {
    if (modelSection(doc, entry, options.cwd, MAX_CHARS - RESERVE)) continue;
    doc.push(moreModels(models.length - i));
    break;
  }
  return doc.text();
};
