/**
 * `--format json`: the shape documented in docs/json-output.md and schema/archlint-output.schema.json.
 * Lines and columns are 1-based; `endLine`/`endColumn` are exclusive. Suppressed findings (present
 * only with `--include-suppressed`) carry `suppressed` with the reason and are not counted.
 */
import type { Severity } from '../diagnostics.js';
import type { LintReport, Reporter, ReporterOptions, Summary } from './types.js';

/** One finding as `--format json` prints it. */
export interface JsonDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  component?: string;
  suppressed?: { reason?: string };
  /** Other places the finding is about (drift: the design's line). */
  related?: { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

/** What `--format json` prints (docs/json-output.md). */
export interface JsonReport {
  version: 1;
  files: { file: string; diagnostics: JsonDiagnostic[] }[];
  summary: Summary;
}

export function jsonReport(report: LintReport, options: Pick<ReporterOptions, 'includeSuppressed'>): JsonReport {
  return {
    version: 1,
    files: report.files.map((f) => ({
      file: f.file,
      diagnostics: f.diagnostics
        .filter((d) => !d.suppressed || options.includeSuppressed)
        .map((d) => ({
          ruleId: d.ruleId,
          severity: d.severity,
          message: d.message,
          line: d.span.start.line,
          column: d.span.start.column,
          endLine: d.span.end.line,
          endColumn: d.span.end.column,
          ...(d.component !== undefined ? { component: d.component } : {}),
          ...(d.suppressed ? { suppressed: d.suppressed.reason !== undefined ? { reason: d.suppressed.reason } : {} } : {}),
          ...(d.related && d.related.length > 0
            ? {
                related: d.related.map((r) => ({
                  file: r.file,
                  line: r.span.start.line,
                  column: r.span.start.column,
                  endLine: r.span.end.line,
                  endColumn: r.span.end.column,
                  message: r.message,
                })),
              }
            : {}),
        })),
    })),
    summary: report.summary,
  };
}

export const json: Reporter = (report, options) => `${JSON.stringify(jsonReport(report, options), null, 2)}\n`;
