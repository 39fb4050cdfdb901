/**
 * `--format compact`: one line per finding, in the form VS Code's built-in `$eslint-compact`
 * problem matcher reads:
 *   /abs/path.arch: line 3, col 5, Error - message (rule-id)
 */
import path from 'node:path';
import type { Reporter } from './types.js';

const word = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

export const compact: Reporter = (report, options) => {
  const lines: string[] = [];
  for (const f of report.files) {
    const file = path.resolve(options.cwd, f.file);
    for (const d of f.diagnostics.filter((x) => !x.suppressed)) {
      const message = d.message.replace(/\s*[\r\n]+\s*/g, ' ');
      lines.push(`${file}: line ${d.span.start.line}, col ${d.span.start.column}, ${word[d.severity]} - ${message} (${d.ruleId})`);
    }
  }
  const total = report.summary.errors + report.summary.warnings + report.summary.infos;
  if (total > 0) lines.push('', `${total} problem${total === 1 ? '' : 's'}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
