/** Shared test helpers: an in-memory file host and a RuleTester in the spirit of ESLint's. */
import path from 'node:path';
import { expect } from 'vitest';
import { parseArch } from '../grammar/index.js';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel, type ModelResult } from '../src/engine/pipeline.js';
import { buildModel } from '../src/model/build.js';
import type { Diagnostic } from '../src/diagnostics.js';
import type { Rule } from '../src/engine/rule.js';
import type { RuleSettings } from '../src/engine/run.js';
import type { CompilerHost } from '../src/model/load.js';

export function memoryHost(files: Record<string, string>, cwd = '/mem'): CompilerHost {
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

/** Checks `source` as `main.arch` (plus any extra files) with the given rules (the built-in ones by default). */
export function check(source: string, options: { files?: Record<string, string>; rules?: readonly Rule[]; settings?: RuleSettings } = {}): ModelResult {
  const host = memoryHost({ 'main.arch': source, ...(options.files ?? {}) });
  return checkModel('main.arch', { host, rules: options.rules ?? builtinRegistry.all(), ...(options.settings ? { settings: options.settings } : {}) });
}

export interface ExpectedFinding {
  messageId: string;
  line: number;
  column: number;
  component?: string;
  severity?: 'error' | 'warning' | 'info';
  /** Substrings the message must contain. */
  includes?: string[];
}

export interface RuleCases {
  valid: (string | { name: string; code: string })[];
  invalid: { name: string; code: string; errors: ExpectedFinding[] }[];
}

function findingsOf(rule: Rule, code: string): Diagnostic[] {
  const result = check(code, { rules: [rule] });
  const invalid = result.diagnostics.filter((d) => d.ruleId !== rule.id);
  expect(invalid, `the test source must be a valid model:\n${code}`).toEqual([]);
  expect(result.status).toBe('checked');
  return result.diagnostics.filter((d) => d.ruleId === rule.id);
}

/** Like ESLint's RuleTester: valid sources give no finding; invalid ones exactly the listed ones, in order. */
export function ruleCases(rule: Rule, cases: RuleCases): { valid: [string, () => void][]; invalid: [string, () => void][] } {
  const seen = new Set<string>();
  const unique = (code: string) => {
    if (seen.has(code)) throw new Error(`duplicate test case for ${rule.id}:\n${code}`);
    seen.add(code);
  };
  return {
    valid: cases.valid.map((c, i) => {
      const { name, code } = typeof c === 'string' ? { name: `valid #${i + 1}`, code: c } : c;
      unique(code);
      return [name, () => expect(findingsOf(rule, code)).toEqual([])];
    }),
    invalid: cases.invalid.map((c) => {
      unique(c.code);
      return [
        c.name,
        () => {
          const found = findingsOf(rule, c.code);
          expect(found.map((d) => ({ messageId: d.messageId, line: d.span.start.line, column: d.span.start.column }))).toEqual(
            c.errors.map((e) => ({ messageId: e.messageId, line: e.line, column: e.column })),
          );
          c.errors.forEach((e, i) => {
            const d = found[i]!;
            if (e.component !== undefined) expect(d.component).toBe(e.component);
            if (e.severity !== undefined) expect(d.severity).toBe(e.severity);
            for (const s of e.includes ?? []) expect(d.message).toContain(s);
          });
        },
      ];
    }),
  };
}

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
