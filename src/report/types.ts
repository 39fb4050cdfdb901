/** What reporters read: the findings of a run, grouped by file. Reporters never import rules. */
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { FlowResult } from '../evaluate/evaluate.js';
import type { Model } from '../model/model.js';

export interface FileReport {
  /** The path as given (or as joined from an import). */
  file: string;
  /** Findings in stable order, suppressed ones included (marked `suppressed`); each format decides whether to show those. */
  diagnostics: Diagnostic[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * A checked model, for formats that show it (markdown): what the command drew and estimated of it
 * is handed over here, so that reporters only ever format what they are given.
 */
export interface ReportedModel {
  /** The root file it was checked from. */
  file: string;
  model: Model;
  /** Its findings (suppressed ones marked). */
  findings: readonly Diagnostic[];
  /** The Mermaid diagram with the unsuppressed findings marked; absent when it was not drawn (too many edges). */
  diagram?: string;
  /** The evaluator's flows under the model's workload. */
  flows: readonly FlowResult[];
}

export interface LintReport {
  files: FileReport[];
  summary: Summary;
  /** The valid models behind the findings, in the order they were checked. */
  models?: readonly ReportedModel[];
}

export interface ReporterOptions {
  /** For absolute paths (the compact format). */
  cwd: string;
  /**
   * The directory that the CI formats (sarif, github, gitlab) name files relative to: the
   * repository's root (src/io/root.ts). Default: `cwd`.
   */
  root?: string;
  /** Whether to colour the output (stylish only). */
  color: boolean;
  /**
   * Whether formats that list findings (json) should list suppressed ones too. Formats with a place
   * for them (sarif's `suppressions`) always carry them; the rest never show them.
   */
  includeSuppressed?: boolean;
  /** The tool and its rules (sarif). */
  tool?: ToolInfo;
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

/** What SARIF says about a rule (the compiler's own checks included). */
export interface RuleDescriptor {
  id: string;
  /** One line. */
  shortDescription: string;
  /** A paragraph: what the rule checks and why. */
  fullDescription: string;
  /** The rule's whole documentation page, as Markdown. */
  helpMarkdown: string;
  /** Where that page is published (a plugin's rule may not say). */
  helpUri?: string;
  defaultSeverity: Severity | 'off';
}

/** About archlint itself, for formats that name the tool (sarif). */
export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
  rules: readonly RuleDescriptor[];
}
