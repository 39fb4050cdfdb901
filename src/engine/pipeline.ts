/**
 * The compile-and-lint pipeline for one model (a root file and its imports), with staged stops as
 * in Langium: syntax and import errors stop before meaning checks, meaning errors stop before the
 * rules, so that one typo does not bring a cascade of misleading findings. The rules come from the
 * caller (a `RuleRegistry`'s, or any list): the pipeline knows no rule by name but
 * `unused-suppression`, whose findings it makes itself once suppressions are applied.
 */
import type { ParseResult } from '../../grammar/index.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import { buildModel } from '../model/build.js';
import { importDeployment, unknowable, type DeploymentFormat, type ImportOptions } from '../import/index.js';
import { loadModelFiles, nodeHost, type CompilerHost, type LoadResult } from '../model/load.js';
import type { Model } from '../model/model.js';
import type { Rule } from './rule.js';
import { ruleSeverity, runRules, toDiagnostic, type RuleSettings } from './run.js';
import { applySuppressions, parseSuppressions, UNUSED_SUPPRESSION } from './suppressions.js';
import { pushAll } from '../arrays.js';

export interface CheckOptions {
  /** The rules to run (a registry's `all()`); none for compiler checks only. */
  rules: readonly Rule[];
  /** Severities and options by rule id; rules without one run at their defaults. */
  settings?: RuleSettings;
  host?: CompilerHost;
  /** Parser to use (the CLI passes a caching one). */
  parse?: (text: string, file: string) => ParseResult;
  /** The root is a deployment made of these files (the root first): they are imported, not parsed. */
  deployment?: readonly string[];
  /** How deployment files map (the configuration's `import`). */
  importOptions?: Partial<ImportOptions>;
}

export type ModelStatus =
  /** Compiled and linted. */
  | 'checked'
  /** Syntax, import or meaning errors: rules did not run. */
  | 'invalid'
  /** A rule threw: its finding is among the diagnostics. */
  | 'crashed';

export interface ModelResult {
  root: string;
  /** The root and every imported file that was read. */
  files: string[];
  /** Every diagnostic, suppressed ones included (marked `suppressed`), in stable order. */
  diagnostics: Diagnostic[];
  /** Present when the files parsed (even with meaning errors). */
  model?: Model;
  status: ModelStatus;
  /** Files imported by each file, for telling roots from fragments. */
  imports: Map<string, string[]>;
  /** Suppressions that silenced something (`suppressionKey`s), for combining models that share a file. */
  usedSuppressions: Set<string>;
}

export function checkModel(root: string, options: CheckOptions): ModelResult {
  const host = options.host ?? nodeHost();
  const { rules } = options;
  const settings: RuleSettings = options.settings ?? new Map();
  const loaded: LoadResult & { notes: Diagnostic[]; format?: DeploymentFormat } = options.deployment
    ? loadDeployment(root, options.deployment, host, options.importOptions)
    : { ...loadModelFiles(root, host, options.parse), notes: [] };
  const files = options.deployment ? [...options.deployment] : loaded.sources.map((s) => s.file);
  const base = { root, files, imports: loaded.imports, usedSuppressions: new Set<string>() };
  if (loaded.diagnostics.length > 0) {
    return { ...base, diagnostics: [...loaded.diagnostics, ...loaded.notes].sort(compareDiagnostics), status: 'invalid' };
  }
  const built = buildModel(loaded.sources);
  if (built.diagnostics.length > 0) {
    return { ...base, model: built.model, diagnostics: [...built.diagnostics, ...loaded.notes].sort(compareDiagnostics), status: 'invalid' };
  }
  const model = built.model;
  const run = runRules(model, rules, settings);
  // What a deployment's files cannot show is not reported on them (the import stage says which).
  const diagnostics = options.deployment ? run.diagnostics.filter((d) => !unknowable(loaded.format, d.ruleId, d.messageId)) : run.diagnostics;
  pushAll(diagnostics, loaded.notes);
  const suppressions = loaded.sources.flatMap((s) => parseSuppressions(s.file, s.ast.comments));
  if (suppressions.length > 0) {
    const suppressible = new Set(rules.map((r) => r.id).filter((id) => id !== UNUSED_SUPPRESSION));
    const { unused, used } = applySuppressions(diagnostics, suppressions, suppressible);
    base.usedSuppressions = used;
    const unusedRule = rules.find((r) => r.id === UNUSED_SUPPRESSION);
    const setting = settings.get(UNUSED_SUPPRESSION);
    if (unusedRule && ruleSeverity(unusedRule, setting) !== 'off') {
      for (const u of unused)
        diagnostics.push(toDiagnostic(model, unusedRule, setting, { messageId: u.messageId, data: u.data, target: { file: u.file, span: u.span } }));
    }
  }
  diagnostics.sort(compareDiagnostics);
  return { ...base, model, diagnostics, status: run.crashed.length > 0 ? 'crashed' : 'checked' };
}

/** A deployment's files imported into syntax trees, as `loadModelFiles` loads an .arch root and its imports. */
function loadDeployment(
  root: string,
  files: readonly string[],
  host: CompilerHost,
  importOptions: Partial<ImportOptions> = {},
): LoadResult & { notes: Diagnostic[]; format?: DeploymentFormat } {
  const imported = importDeployment(files, (f) => host.readFile(f), importOptions);
  return {
    sources: imported.sources,
    diagnostics: imported.problems,
    rootRead: true,
    imports: new Map([[root, files.filter((f) => f !== root)]]),
    notes: imported.notes,
    ...(imported.format ? { format: imported.format } : {}),
  };
}
