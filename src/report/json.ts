/**
 * `--format json`: the shape documented in docs/json-output.md and schema/archlint-output.schema.json.
 * Lines and columns are 1-based; `endLine`/`endColumn` are exclusive. Suppressed findings (present
 * only with `--include-suppressed`) carry `suppressed` with the reason and are not counted.
 */
import type { Reporter } from './types.js';

export const json: Reporter = (report, options) => {
  const out = {
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
        })),
    })),
    summary: report.summary,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
};
