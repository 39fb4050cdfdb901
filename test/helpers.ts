/** Shared test helpers: an in-memory file host, checking a model from its text, and the rule tester. */
import { expect } from 'vitest';
import { parseArch } from '../grammar/index.js';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel, type ModelResult } from '../src/engine/pipeline.js';
import { buildModel } from '../src/model/build.js';
import type { Diagnostic } from '../src/diagnostics.js';
import type { Rule } from '../src/engine/rule.js';
import type { RuleSettings } from '../src/engine/run.js';
import type { CompilerHost } from '../src/model/load.js';
import { memoryHost as memoryHostOf } from '../src/testing/rule-tester.js';

/** Files in memory as a compiler host (under `/mem`). */
export const memoryHost = (files: Record<string, string>, cwd = '/mem'): CompilerHost => memoryHostOf(files, cwd);

/** Checks `source` as `main.arch` (plus any extra files) with the given rules (the built-in ones by default). */
export function check(source: string, options: { files?: Record<string, string>; rules?: readonly Rule[]; settings?: RuleSettings } = {}): ModelResult {
  const host = memoryHost({ 'main.arch': source, ...(options.files ?? {}) });
  return checkModel('main.arch', { host, rules: options.rules ?? builtinRegistry.all(), ...(options.settings ? { settings: options.settings } : {}) });
}

/**
 * Like ESLint's RuleTester: valid sources give no finding; invalid ones exactly the listed ones, in
 * order. archlint's own rules are tested with the same functions plugin authors get from
 * `archlint/testing`.
 */
export { ruleCases, type ExpectedFinding, type RuleCases } from '../src/testing/rule-tester.js';

/** The model of one valid source, asserting it has no syntax or meaning errors. */
export function validModel(source: string, file = 'm.arch') {
  const { ast, problems } = parseArch(source);
  expect(problems).toEqual([]);
  const built = buildModel([{ file, ast }]);
  expect(built.diagnostics).toEqual([]);
  return built.model;
}

/** Diagnostics reduced to what tests compare. */
export function brief(diagnostics: readonly Diagnostic[]): { ruleId: string; line: number; column: number; message: string }[] {
  return diagnostics.map((d) => ({ ruleId: d.ruleId, line: d.span.start.line, column: d.span.start.column, message: d.message }));
}
