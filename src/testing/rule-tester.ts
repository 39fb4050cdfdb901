/**
 * `archlint/testing`: test a rule the way archlint tests its own, in the spirit of ESLint's
 * RuleTester. Each case is a model written inline; a valid case must give no finding, an invalid
 * one exactly the listed findings, in order (message id, and where given line, column, severity,
 * component, the whole message or parts of it). A case that is not a valid model fails with its
 * syntax or meaning errors, so a typo in a test never passes as "no finding".
 *
 * Works with any test framework: hand it the framework's `describe` and `it` (vitest, Jest,
 * Mocha, `node:test`); without them, `run` checks every case at once and throws on the first
 * failure. Comparisons use `node:assert`, so a failure shows a diff.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Diagnostic, Severity } from '../diagnostics.js';
import { checkModel, type ModelResult } from '../engine/pipeline.js';
import { ruleProblems } from '../engine/registry.js';
import type { Rule } from '../engine/rule.js';
import type { CompilerHost } from '../model/load.js';

/** A model that must give no finding: its text, or a name, its text and the rule's options. */
export type ValidCase = string | { name?: string; code: string; options?: Record<string, unknown>; files?: Record<string, string> };

/** One finding an invalid case must give. */
export interface ExpectedFinding {
  messageId: string;
  /** 1-based, where the finding starts. */
  line?: number;
  column?: number;
  severity?: Severity;
  /** The component the finding is about. */
  component?: string;
  /** The whole message. */
  message?: string;
  /** Parts the message must contain. */
  includes?: string[];
}

export interface InvalidCase {
  name?: string;
  code: string;
  /** The rule's options (merged over its defaults, as a configuration's would be). */
  options?: Record<string, unknown>;
  /** Other files the model imports, by path relative to the case's own file (`main.arch`). */
  files?: Record<string, string>;
  errors: ExpectedFinding[];
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** The functions of a test framework that RuleTester uses. */
export interface TestFramework {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => void): unknown;
}

/** Files held in memory, as a compiler host. */
export function memoryHost(files: Record<string, string>, cwd = '/rule-tester'): CompilerHost {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [path.resolve(cwd, name), text]));
  return {
    cwd,
    readFile(file) {
      const text = byPath.get(path.resolve(cwd, file));
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return text;
    },
  };
}

/** Checks `code` as `main.arch` (with `files` beside it) with `rules` only. */
export function checkSource(
  code: string,
  rules: readonly Rule[],
  options: { files?: Record<string, string>; settings?: ReadonlyMap<string, { severity?: Severity | 'off'; options?: Record<string, unknown> }> } = {},
): ModelResult {
  return checkModel('main.arch', {
    host: memoryHost({ 'main.arch': code, ...(options.files ?? {}) }),
    rules,
    ...(options.settings ? { settings: options.settings } : {}),
  });
}

/** The rule's findings on a case, after checking that the case is a valid model. */
function findingsOf(rule: Rule, code: string, options: Record<string, unknown> | undefined, files: Record<string, string> | undefined): Diagnostic[] {
  const settings = options !== undefined ? new Map([[rule.id, { options }]]) : undefined;
  const result = checkSource(code, [rule], { ...(files ? { files } : {}), ...(settings ? { settings } : {}) });
  const invalid = result.diagnostics.filter((d) => d.ruleId !== rule.id);
  if (invalid.length > 0 || result.status === 'invalid') {
    const listed = invalid.map((d) => `  ${d.file}:${d.span.start.line}:${d.span.start.column} ${d.ruleId}: ${d.message}`).join('\n');
    assert.fail(`the test case is not a valid model:\n${listed}\n--- the case:\n${code}`);
  }
  return result.diagnostics.filter((d) => d.ruleId === rule.id);
}

/** Checks a valid case: no finding. */
export function assertValid(rule: Rule, c: ValidCase): void {
  const { code, options, files } = typeof c === 'string' ? { code: c, options: undefined, files: undefined } : c;
  const found = findingsOf(rule, code, options, files);
  assert.deepEqual(
    found.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.messageId ?? ''}: ${d.message}`),
    [],
    `${rule.id} should find nothing in:\n${code}`,
  );
}

/** Checks an invalid case: exactly the expected findings, in order. */
export function assertInvalid(rule: Rule, c: InvalidCase): void {
  const found = findingsOf(rule, c.code, c.options, c.files);
  const shape = (d: Diagnostic, e: ExpectedFinding) => ({
    messageId: d.messageId,
    ...(e.line !== undefined ? { line: d.span.start.line } : {}),
    ...(e.column !== undefined ? { column: d.span.start.column } : {}),
    ...(e.severity !== undefined ? { severity: d.severity } : {}),
    ...(e.component !== undefined ? { component: d.component } : {}),
    ...(e.message !== undefined ? { message: d.message } : {}),
  });
  const expected = c.errors.map(({ includes: _, ...e }) => e);
  assert.deepEqual(
    found.map((d, i) => shape(d, c.errors[i] ?? { messageId: '' })),
    expected,
    `${rule.id} should report exactly ${c.errors.length} finding(s); it reported:\n${found.map((d) => `  ${d.span.start.line}:${d.span.start.column} ${d.messageId ?? ''}: ${d.message}`).join('\n')}`,
  );
  c.errors.forEach((e, i) => {
    for (const part of e.includes ?? [])
      assert.ok(found[i]!.message.includes(part), `finding ${i + 1} of ${rule.id} should contain ${JSON.stringify(part)}:\n  ${found[i]!.message}`);
  });
}

/** The cases as named test functions, each case once (a duplicate is a mistake in the tests). */
export function ruleCases(rule: Rule, cases: RuleCases): { valid: [string, () => void][]; invalid: [string, () => void][] } {
  const problems = ruleProblems(rule);
  if (problems.length > 0) throw new TypeError(`\`${rule.id}\` is not a valid rule: ${problems.join('; ')}`);
  const seen = new Set<string>();
  const once = (code: string, options: unknown) => {
    const key = JSON.stringify([code, options]);
    if (seen.has(key)) throw new Error(`duplicate test case for ${rule.id}:\n${code}`);
    seen.add(key);
  };
  return {
    valid: cases.valid.map((c, i) => {
      const code = typeof c === 'string' ? c : c.code;
      once(code, typeof c === 'string' ? undefined : c.options);
      const name = (typeof c === 'string' ? undefined : c.name) ?? `valid #${i + 1}`;
      return [name, () => assertValid(rule, c)];
    }),
    invalid: cases.invalid.map((c, i) => {
      once(c.code, c.options);
      return [c.name ?? `invalid #${i + 1}`, () => assertInvalid(rule, c)];
    }),
  };
}

export class RuleTester {
  constructor(private readonly framework?: TestFramework) {}

  /**
   * Tests `rule` on `cases`. `name` names the suite, and is the rule's id when it has none (a
   * plugin's rule before it is registered).
   */
  run(name: string, rule: Rule, cases: RuleCases): void {
    const named: Rule = rule.id ? rule : { ...rule, id: name };
    const { valid, invalid } = ruleCases(named, cases);
    const framework = this.framework;
    if (!framework) {
      for (const [, test] of [...valid, ...invalid]) test();
      return;
    }
    framework.describe(name, () => {
      framework.describe('valid', () => valid.forEach(([title, test]) => framework.it(title, test)));
      framework.describe('invalid', () => invalid.forEach(([title, test]) => framework.it(title, test)));
    });
  }
}
