/**
 * `archlint drift --format markdown`: a section a pull request can show — a heading naming the
 * design and the deployment, a line that says whether they agree, and a table of the drift
 * findings with both places (the deployment's line and the design's).
 */
import type { Diagnostic } from '../diagnostics.js';
import { cell, plain, plural, tableHead, tableRow } from '../text/markdown.js';
import { reportPath } from './fingerprint.js';
import { pushAll } from '../arrays.js';

const icon = { error: '🔴 error', warning: '🟡 warning', info: '🔵 info' } as const;

export function driftMarkdown(findings: readonly Diagnostic[], options: { design: string; against: readonly string[]; cwd: string }): string {
  const shown = (f: string) => reportPath(f, options.cwd);
  const against = options.against.map((f) => `\`${shown(f)}\``).join(', ');
  const lines = [`### Drift: \`${shown(options.design)}\` against ${against}`, ''];
  if (findings.length === 0) {
    lines.push('✅ The deployment keeps every promise of the design that its files can show.');
    return `${lines.join('\n')}\n`;
  }
  const errors = findings.filter((d) => d.severity === 'error').length;
  const warnings = findings.filter((d) => d.severity === 'warning').length;
  lines.push(`**${plural(findings.length, 'difference')}** (${plural(errors, 'error')}, ${plural(warnings, 'warning')}).`, '');
  pushAll(lines, tableHead(['Severity', 'Finding', 'Deployed', 'Designed', 'Rule']));
  for (const d of findings) {
    const here = `\`${shown(d.file)}:${d.span.start.line}\``;
    const design = d.related?.[0];
    const deployedAt = d.file === options.design ? '' : here;
    const designedAt = d.file === options.design ? here : design ? `\`${shown(design.file)}:${design.span.start.line}\`` : '';
    lines.push(tableRow([icon[d.severity], cell(d.message), deployedAt, designedAt, `\`${d.ruleId}\``]));
  }
  lines.push('', plain('archlint drift compares only what the deployment files can say: see docs/drift.md.'));
  return `${lines.join('\n')}\n`;
}
