/** What reporters read: the findings of a run, grouped by file. Reporters never import rules. */
import type { Diagnostic } from '../diagnostics.js';

export interface FileReport {
  /** The path as given (or as joined from an import). */
  file: string;
  /** Findings to show, in stable order. Suppressed ones are present only when asked for, marked `suppressed`. */
  diagnostics: Diagnostic[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface LintReport {
  files: FileReport[];
  summary: Summary;
}

export interface ReporterOptions {
  /** For absolute paths (the compact format). */
  cwd: string;
  /** Whether to colour the output (stylish only). */
  color: boolean;
}

/** A pure function from the report to the text to print. */
export type Reporter = (report: LintReport, options: ReporterOptions) => string;

export function summarize(files: readonly FileReport[]): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0 };
  for (const f of files) {
    for (const d of f.diagnostics) {
      if (d.suppressed) continue;
      if (d.severity === 'error') summary.errors++;
      else if (d.severity === 'warning') summary.warnings++;
      else summary.infos++;
    }
  }
  return summary;
}
