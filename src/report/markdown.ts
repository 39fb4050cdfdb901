/**
 * `--format markdown`: a pull-request comment. A summary line, a table of the findings, and for
 * each model its diagram with the findings marked (a ```mermaid block, which GitHub and GitLab
 * draw) and the evaluator's table of flows.
 *
 * A comment has limits (GitHub takes 65,536 characters and draws at most 500 edges), so the
 * findings table stops after `MAX_ROWS` rows and a diagram that is too large is left out with a
 * sentence saying why; `archlint render` draws it in full.
 */
import { evaluate } from '../evaluate/evaluate.js';
import { renderDiagram } from '../render/mermaid.js';
import { availability, grouped, ms } from './eval.js';
import { cell, fence, plain, plural } from './markdown-text.js';
import { reportPath } from './fingerprint.js';
import type { ReportedModel, Reporter } from './types.js';

export const MAX_ROWS = 200;
/** Mermaid's default limit, and the one GitHub applies. */
export const MAX_DIAGRAM_EDGES = 500;
export const MAX_DIAGRAM_CHARS = 30_000;

const icon = { error: '🔴 error', warning: '🟡 warning', info: '🔵 info' } as const;

function modelSection(entry: ReportedModel, cwd: string): string[] {
  const { model } = entry;
  const name = reportPath(entry.file, cwd);
  const out = [`### ${plain(model.title ?? name)}`, '', `\`${name}\`: ${plural(model.components().length, 'component')}, ${plural(model.edges().length, 'connection')}.`, ''];
  const edges = model.edges().length;
  const diagram = edges <= MAX_DIAGRAM_EDGES ? renderDiagram(model, { findings: entry.findings.filter((d) => !d.suppressed) }) : undefined;
  if (diagram !== undefined && diagram.length <= MAX_DIAGRAM_CHARS) {
    const f = fence(diagram);
    out.push(`${f}mermaid`, diagram.trimEnd(), f, '');
  } else {
    const why = diagram === undefined ? `${grouped(edges)} connections, more than the ${MAX_DIAGRAM_EDGES} a comment's diagram can draw` : `its diagram is ${grouped(diagram.length)} characters, too long for a comment`;
    out.push(`The diagram is left out (${why}); \`archlint render ${name} -o ${name.replace(/\.arch$/, '')}.svg\` draws it.`, '');
  }
  const { flows } = evaluate(model);
  if (flows.length === 0) {
    out.push('No client reaches anything, so there are no flows to estimate.', '');
    return out;
  }
  out.push('Flows as `archlint eval` estimates them:', '');
  out.push('| client | kind | rps | p50 ms | p99 ms | availability | path |', '| --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const f of flows) {
    const note = f.broken ? ' (broken)' : f.saturated ? ` (saturated at ${f.saturated.join(', ')})` : '';
    out.push(`| ${cell(f.client)} | ${f.kind} | ${grouped(f.rps)} | ${ms(f.p50_ms)} | ${ms(f.p99_ms)} | ${availability(f.availability)}${note} | ${cell(f.path.join(' → '))} |`);
  }
  out.push('');
  return out;
}

export const markdown: Reporter = (report, options) => {
  const { errors, warnings, infos } = report.summary;
  const total = errors + warnings + infos;
  const files = report.files.length;
  const out = ['## archlint', ''];
  if (total === 0) {
    out.push(`✅ No problems in ${plural(files, 'file')}.`, '');
  } else {
    const counts = [plural(errors, 'error'), plural(warnings, 'warning')];
    if (infos > 0) counts.push(plural(infos, 'info'));
    out.push(`${errors > 0 ? '❌' : '⚠️'} ${plural(total, 'problem')} (${counts.join(', ')}) in ${plural(files, 'file')}.`, '');
    out.push('| severity | where | rule | message |', '| --- | --- | --- | --- |');
    const shown = report.files.flatMap((f) => f.diagnostics.filter((d) => !d.suppressed));
    for (const d of shown.slice(0, MAX_ROWS)) {
      out.push(`| ${icon[d.severity]} | \`${reportPath(d.file, options.cwd)}:${d.span.start.line}:${d.span.start.column}\` | \`${d.ruleId}\` | ${cell(d.message)} |`);
    }
    if (shown.length > MAX_ROWS) out.push('', `…and ${plural(shown.length - MAX_ROWS, 'more finding')}; \`archlint check\` lists them all.`);
    out.push('');
  }
  for (const entry of report.models ?? []) out.push(...modelSection(entry, options.cwd));
  return `${out.join('\n').trimEnd()}\n`;
};
