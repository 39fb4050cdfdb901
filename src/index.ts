/**
 * archlint as a library: `import { check, format, defineRule } from 'archlint'` (docs/api.md).
 *
 * - Check files, directories, globs or a text as `archlint check --format json` does, with
 *   `check`, and write the result in any of the command line's formats with `format`.
 * - Write rules with `defineRule` (the rule contract and the model's types are here); test them
 *   with `archlint/testing`.
 * - Check one model and get the model itself with `checkFile`, or run the pipeline yourself:
 *   `checkModel` with a `RuleRegistry`'s rules.
 * - Read and evaluate models: `parseArch`, `buildModel`, `evaluate`; draw them: `renderDiagram`;
 *   report findings in any of the command line's formats: `reporters`.
 */
import path from 'node:path';
import { ConfigResolver } from './config/resolver.js';
import { checkModel, type ModelResult } from './engine/pipeline.js';
import { nodeHost, type CompilerHost } from './model/load.js';
import { lint } from './cli/check.js';
import { toolInfo } from './cli/tool-info.js';
import { UsageError } from './errors.js';
import { repositoryRoot } from './io/root.js';
import { reporters } from './report/index.js';
import { jsonReport, type JsonReport } from './report/json.js';
import type { LintReport } from './report/types.js';
import type { RuleRegistry } from './engine/registry.js';

export * from './engine/rule.js';
export type { Diagnostic, Span, CompilerRuleId } from './diagnostics.js';
export { compareDiagnostics, compilerRuleIds } from './diagnostics.js';
export { checkModel, type CheckOptions as CheckModelOptions, type ModelResult, type ModelStatus } from './engine/pipeline.js';
export type { RuleSetting, RuleSettings } from './engine/run.js';
export { resolveOptions } from './engine/options.js';
export { RuleRegistry, ruleProblems, type RegisteredRule, type RuleOrigin } from './engine/registry.js';
export { builtinRegistry } from './config/registry.js';
export { CONFIG_FILE, findConfig, loadConfig, type Config, type LoadedConfig } from './config/config.js';
export { ConfigResolver, type ResolvedConfig, type ResolverOptions } from './config/resolver.js';
export { parseArch, type ParseResult } from '../grammar/index.js';
export { buildModel, type SourceFile, type BuildResult } from './model/build.js';
export { loadModelFiles, nodeHost, type CompilerHost } from './model/load.js';
export { evaluate, type EvaluateOptions } from './evaluate/evaluate.js';
export { renderDiagram, type DiagramOptions } from './render/mermaid.js';
export type { JsonReport, JsonDiagnostic } from './report/json.js';
export { UsageError } from './errors.js';
export { reporters, summarize, type FileReport, type LintReport, type Reporter, type ReporterOptions, type Summary } from './report/index.js';

export interface CheckOptions {
  /** The directory paths are read from and reported relative to (default: the process's). */
  cwd?: string;
  /** A configuration to use instead of the nearest `archlint.config.json` of each file. */
  config?: string;
  /** Called with what `archlint check` would say on stderr (a file its configuration ignores). */
  warn?: (message: string) => void;
}

/** A model given as text: `file` names it in findings and is where its imports are read from. */
export interface TextInput {
  text: string;
  /** Default: `input.arch` in `cwd`. */
  file?: string;
}

/**
 * What `check` returns: exactly what `archlint check --format json` prints (`JSON.stringify(result,
 * null, 2)` is that text). `exitCode(result)` says what the command line would exit with, and
 * `format(result, …)` writes it in any other format.
 */
export type CheckResult = JsonReport;

const runs = new WeakMap<CheckResult, { report: LintReport; registries: RuleRegistry[]; cwd: string; invalid: boolean }>();

/**
 * Checks files, directories and globs (`paths`, as on the command line) or a model's text, each
 * under the configuration that governs it (presets, severities, options, plugins and policies),
 * suppressions applied. Throws `UsageError` when a path matches nothing.
 */
export async function check(input: string | readonly string[] | TextInput, options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const common = { cwd, ...(options.config !== undefined ? { config: options.config } : {}), ...(options.warn ? { warn: options.warn } : {}) };
  let run;
  if (typeof input === 'string' || Array.isArray(input)) {
    const operands: readonly string[] = typeof input === 'string' ? [input] : input;
    if (operands.length === 0) throw new UsageError('check: give at least one file, directory or glob');
    run = await lint(operands, common);
  } else {
    const { text, file = 'input.arch' } = input as TextInput;
    run = await lint([file], { ...common, overlay: new Map([[path.resolve(cwd, file), text]]) });
  }
  const result = jsonReport(run.report, { includeSuppressed: false });
  runs.set(result, { report: run.report, registries: run.registries, cwd, invalid: run.invalid });
  return result;
}

/** Whether some input of a `check` could not be used (the command line's exit code 2). */
export function isInvalid(result: CheckResult): boolean {
  return resultRun(result).invalid;
}

/** The exit code `archlint check` gives for this result: 0 clean, 1 errors, 2 invalid input. */
export function exitCode(result: CheckResult): 0 | 1 | 2 {
  if (isInvalid(result)) return 2;
  return result.summary.errors > 0 ? 1 : 0;
}

function resultRun(result: CheckResult) {
  const run = runs.get(result);
  if (!run) throw new UsageError('format: give it a result that check() returned (a copy or a parsed JSON report has lost its findings)');
  return run;
}

/** The output formats `format` writes: those of `archlint check --format`. */
export const formats: readonly string[] = [...reporters.keys()];

/**
 * A `check` result written in one of the command line's formats (`stylish`, `compact`, `json`,
 * `sarif`, `junit`, `github`, `gitlab`, `markdown`), exactly as `archlint check --format` prints
 * it. `includeSuppressed` lists suppressed findings in the formats that can; `root` is the
 * directory the CI formats name files relative to (default: as the command line finds it, the
 * repository's root).
 */
export function format(result: CheckResult, name: string, options: { includeSuppressed?: boolean; color?: boolean; root?: string } = {}): string {
  const reporter = reporters.get(name);
  if (!reporter) throw new UsageError(`format: unknown format \`${name}\`; one of ${formats.join(', ')}`);
  const run = resultRun(result);
  return reporter(run.report, {
    cwd: run.cwd,
    root: options.root ?? repositoryRoot(run.cwd, process.env),
    color: options.color === true,
    includeSuppressed: options.includeSuppressed === true,
    ...(name === 'sarif' ? { tool: toolInfo(run.registries) } : {}),
  });
}

export interface CheckFileOptions {
  /** The directory relative paths are read from (default: the process's). */
  cwd?: string;
  /** A configuration to use instead of the nearest `archlint.config.json`. */
  config?: string;
  /** Where files are read from (default: the file system); an editor passes one that holds unsaved text. */
  host?: CompilerHost;
}

/**
 * Checks the one model rooted at `file` and returns it with its findings, as the language server
 * does: under the configuration that governs it, suppressions applied. A configuration with errors
 * gives those errors, located in it, and no model.
 */
export async function checkFile(file: string, options: CheckFileOptions = {}): Promise<ModelResult> {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new ConfigResolver({ cwd, ...(options.config !== undefined ? { explicit: options.config } : {}) });
  const resolved = await resolver.resolve(file);
  if (resolved.diagnostics.length > 0) {
    return { root: file, files: [path.normalize(file)], diagnostics: resolved.diagnostics, status: 'invalid', imports: new Map(), usedSuppressions: new Set() };
  }
  return checkModel(file, { host: options.host ?? nodeHost(cwd), rules: resolved.registry.all(), settings: resolved.settings });
}
