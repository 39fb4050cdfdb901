/**
 * `--format github`: GitHub Actions workflow commands, one line per unsuppressed finding, which the
 * runner turns into annotations on the run and on the pull request's changed files:
 *
 *   ::error file=shop.arch,line=3,col=10,endLine=3,endColumn=12,title=archlint(spof)::message
 *
 * error → `::error`, warning → `::warning`, info → `::notice`.
 *
 * Escaping follows @actions/core (actions/toolkit, packages/core/src/command.ts, `escapeData` and
 * `escapeProperty`): in the message `%` → `%25`, `\r` → `%0D`, `\n` → `%0A`; in property values
 * additionally `:` → `%3A` and `,` → `%2C`. `%` goes first so that nothing is escaped twice.
 *
 * Columns: GitHub's documentation does not say whether `endColumn` is inclusive (github/docs#40038
 * asks exactly that); annotations are created through the Checks API, and tools that have tried it
 * found it exclusive, so we pass our exclusive end column unchanged. The Checks API takes columns
 * only when the annotation starts and ends on the same line, so a finding over several lines gives
 * `line` and `endLine` without columns.
 */
import type { Span } from '../diagnostics.js';
import { reportPath } from './fingerprint.js';
import type { Reporter } from './types.js';

const command = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** A workflow command's message (@actions/core `escapeData`). */
export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A workflow command's property value (@actions/core `escapeProperty`). */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The last line a span covers: an exclusive end at column 1 of a later line stops on the line before. */
export const lastLine = (span: Span): number => (span.end.line > span.start.line && span.end.column === 1 ? span.end.line - 1 : span.end.line);

/** `line`, `col`, `endLine`, `endColumn`, as far as the span allows. */
function position(span: Span): [string, string][] {
  const { line, column } = span.start;
  const endLine = lastLine(span);
  if (endLine !== line)
    return [
      ['line', String(line)],
      ['endLine', String(endLine)],
    ];
  const out: [string, string][] = [
    ['line', String(line)],
    ['col', String(column)],
    ['endLine', String(line)],
  ];
  // An empty span (or one that runs to the end of its line) has no end column to give.
  if (span.end.line === line && span.end.column > column) out.push(['endColumn', String(span.end.column)]);
  return out;
}

export const github: Reporter = (report, options) => {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      if (d.suppressed) continue;
      const properties: [string, string][] = [['file', reportPath(d.file, options.cwd, options.root)], ...position(d.span), ['title', `archlint(${d.ruleId})`]];
      lines.push(`::${command[d.severity]} ${properties.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',')}::${escapeData(d.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
