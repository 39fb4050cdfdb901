/**
 * archlint as a library: `import { check, defineRule } from 'archlint'`.
 *
 * - Write rules with `defineRule` (the rule contract and the model's types are here); test them
 *   with `archlint/testing`.
 * - Check a model under its configuration with `check` (plugins and policies included), or run
 *   the pipeline yourself: `checkModel` with a `RuleRegistry`'s rules.
 * - Read and evaluate models: `parseArch`, `buildModel`, `evaluate`; draw them: `renderDiagram`;
 *   report findings in any of the command line's formats: `reporters`.
 */
import path from 'node:path';
import { ConfigResolver } from './config/resolver.js';
import { checkModel, type ModelResult } from './engine/pipeline.js';
import { nodeHost, type CompilerHost } from './model/load.js';

export * from './engine/rule.js';
export type { Diagnostic, Span, CompilerRuleId } from './diagnostics.js';
export { compareDiagnostics, compilerRuleIds } from './diagnostics.js';
export { checkModel, type CheckOptions, type ModelResult, type ModelStatus } from './engine/pipeline.js';
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
export { reporters, summarize, type FileReport, type LintReport, type Reporter, type ReporterOptions, type Summary } from './report/index.js';

export interface CheckFileOptions {
  /** The directory relative paths are read from (default: the process's). */
  cwd?: string;
  /** A configuration to use instead of the nearest `archlint.config.json`. */
  config?: string;
  /** Where files are read from (default: the file system); an editor passes one that holds unsaved text. */
  host?: CompilerHost;
}

/**
 * Checks the model rooted at `file` as `archlint check` does: under the configuration that
 * governs it (presets, severities, options, its plugins and policies), suppressions applied. A
 * configuration with errors gives those errors, located in it, and no model.
 */
export async function check(file: string, options: CheckFileOptions = {}): Promise<ModelResult> {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new ConfigResolver({ cwd, ...(options.config !== undefined ? { explicit: options.config } : {}) });
  const resolved = await resolver.resolve(file);
  if (resolved.diagnostics.length > 0) {
    return { root: file, files: [path.normalize(file)], diagnostics: resolved.diagnostics, status: 'invalid', imports: new Map(), usedSuppressions: new Set() };
  }
  return checkModel(file, { host: options.host ?? nodeHost(cwd), rules: resolved.registry.all(), settings: resolved.settings });
}
