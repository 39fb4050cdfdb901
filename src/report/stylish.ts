/**
 * `--format stylish` (the default): findings grouped by file, aligned, coloured on a terminal,
 * in the spirit of ESLint's. Prints nothing when there is nothing to report.
 */
import { createColors } from 'picocolors';
import { plural } from '../text/names.js';
import type { Reporter } from './types.js';
import { maxOf } from '../arrays.js';

export const stylish: Reporter = (report, options) => {
  const c = createColors(options.color);
  const out: string[] = [];
  for (const f of report.files) {
    const shown = f.diagnostics.filter((d) => !d.suppressed);
    if (shown.length === 0) continue;
    const rows = shown.map((d) => ({
      where: `${d.span.start.line}:${d.span.start.column}`,
      severity: d.severity,
      message: d.message.replace(/\s*[\r\n]+\s*/g, ' '),
      ruleId: d.ruleId,
    }));
    const whereWidth = maxOf(
      rows.map((r) => r.where.length),
      0,
    );
    const severityWidth = maxOf(
      rows.map((r) => r.severity.length),
      0,
    );
    out.push(c.underline(f.file));
    for (const r of rows) {
      const paint = r.severity === 'error' ? c.red : r.severity === 'warning' ? c.yellow : c.blue;
      out.push(`  ${c.dim(r.where.padEnd(whereWidth))}  ${paint(r.severity.padEnd(severityWidth))}  ${r.message}  ${c.dim(r.ruleId)}`);
    }
    out.push('');
  }
  const { errors, warnings, infos } = report.summary;
  const total = errors + warnings + infos;
  if (total === 0) return '';
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos > 0) parts.push(plural(infos, 'info'));
  const line = `✖ ${plural(total, 'problem')} (${parts.join(', ')})`;
  out.push(errors > 0 ? c.bold(c.red(line)) : warnings > 0 ? c.bold(c.yellow(line)) : c.bold(c.blue(line)));
  return `${out.join('\n')}\n`;
};
