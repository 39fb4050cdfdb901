/**
 * One fuzz input through every stage it can reach, in memory: the parser, the formatter, the model
 * build and the rules (under a generated configuration, its options validated as the command line
 * validates them), the evaluator with what-if targets (the analytic solution, the moment after a
 * failover and a short simulation), the diagram, every reporter, the eval report, and baselines
 * read and applied. Argument vectors go through the command line itself, in a scratch directory.
 *
 * A crash is anything thrown that is not a usage error (which the command line turns into a
 * message and exit 2), a rule that threw, a position that is not a position, or an exit code that
 * is not 0, 1 or 2 or that comes with "internal error".
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatArch } from '../../grammar/format.js';
import { parseArch } from '../../grammar/index.js';
import { applyBaseline, loadBaseline } from '../../src/cli/baseline.js';
import { run } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/config.js';
import { effectiveRules, ruleSettings } from '../../src/config/effective.js';
import { builtinRegistry } from '../../src/config/registry.js';
import type { Diagnostic, Span } from '../../src/diagnostics.js';
import { checkModel } from '../../src/engine/pipeline.js';
import type { RuleSettings } from '../../src/engine/run.js';
import { UsageError } from '../../src/errors.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { simulate } from '../../src/evaluate/simulate.js';
import { linkClasses, renderDiagram } from '../../src/render/mermaid.js';
import { evalJson, evalText } from '../../src/report/eval.js';
import { reporters, summarize } from '../../src/report/index.js';
import { memoryHost } from '../../src/testing/rule-tester.js';
import { argvOf, baselineText, configText, failTargets, modelText, mutate } from './inputs.js';
import type { Tape } from './tape.js';

export class Crash extends Error {}

/** Where an input's parts go as they are made (an array, or the console when one input is replayed). */
export interface Trace {
  push(entry: string): unknown;
}

const fail = (stage: string, message: string): never => {
  throw new Crash(`${stage}: ${message}`);
};

function checkSpan(stage: string, span: Span, text?: string): void {
  const { start, end } = span;
  const ok =
    Number.isInteger(start.line) &&
    start.line >= 1 &&
    Number.isInteger(start.column) &&
    start.column >= 1 &&
    end.offset >= start.offset &&
    // A problem at the end of the text ("end of file expected") covers the place just past it.
    (text === undefined || end.offset <= text.length + 1);
  if (!ok) fail(stage, `a span that is not a position: ${JSON.stringify(span)}`);
}

/** Runs `body`, turning anything it throws but a usage error into a crash of `stage`. */
function guard<T>(stage: string, body: () => T): T | undefined {
  try {
    return body();
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    if (error instanceof Crash) throw error;
    return fail(stage, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}

const CWD = '/mem';

/** A model (and sometimes a configuration and a baseline) through every stage. */
export async function fuzzModel(t: Tape, trace: Trace = []): Promise<void> {
  let text = modelText(t);
  if (t.chance(0.35)) text = mutate(t, text);
  trace.push(`main.arch:\n${text}`);
  const parsed = guard('parse', () => parseArch(text))!;
  for (const p of parsed.problems) {
    checkSpan('parse', p.span, text);
    if (p.message.length === 0) fail('parse', 'an empty message');
  }
  guard('fmt', () => formatArch(text));

  let settings: RuleSettings | undefined;
  let registry = builtinRegistry;
  if (t.chance(0.3)) {
    const configFile = path.join(CWD, 'archlint.config.json');
    const configSource = configText(t);
    trace.push(`archlint.config.json:\n${configSource}`);
    let loaded;
    try {
      loaded = await loadConfig(configFile, CWD, configSource);
    } catch (error) {
      if (!(error instanceof UsageError)) fail('config', error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    for (const d of loaded?.diagnostics ?? []) checkSpan('config', d.span, configSource);
    if (loaded?.config) {
      const config = loaded.config;
      registry = config.registry;
      settings = guard('config', () => ruleSettings(config.registry, effectiveRules(config.registry, config, new Map()), config, new Map()));
    }
  }

  const host = memoryHost({ 'main.arch': text }, CWD);
  const result = guard('check', () => checkModel('main.arch', { host, rules: registry.all(), ...(settings ? { settings } : {}) }))!;
  if (result.status === 'crashed') fail('rules', result.diagnostics.find((d) => d.ruleId === 'rule-error')?.message ?? 'a rule threw');
  for (const d of result.diagnostics) checkSpan('check', d.span);
  report(t, result.diagnostics);

  const model = result.status === 'checked' ? result.model : undefined;
  if (model) {
    const fails = failTargets(t, text);
    trace.push(`--fail ${JSON.stringify(fails)}`);
    const evaluation = guard('eval', () => evaluate(model, { fail: fails, samples: 500, ...(t.chance(0.3) ? { coldFailover: true } : {}) }));
    if (evaluation) {
      guard('eval report', () => evalText(evaluation, 'main.arch'));
      guard('eval report', () => JSON.stringify(evalJson(evaluation, 'main.arch')));
    }
    if (t.chance(0.05)) guard('simulate', () => simulate(model, { fail: fails, requests: 300, seed: t.int(100) }));
    const names = model.components().map((c) => c.name);
    guard('render', () =>
      renderDiagram(model, {
        direction: t.pick(['LR', 'TB'] as const),
        layout: t.pick(['dagre', 'elk'] as const),
        findings: result.diagnostics,
        withSuppressed: t.chance(0.5),
        ...(evaluation && t.chance(0.5) ? { evaluation } : {}),
        ...(t.chance(0.3) ? { hide: t.many(2, () => t.pick(linkClasses)) } : {}),
        ...(t.chance(0.2) ? { only: new Set(t.many(3, () => t.pick(names.length > 0 ? names : ['x']))) } : {}),
      }),
    );
  }

  if (t.chance(0.15)) {
    const source = baselineText(t);
    trace.push(`archlint-baseline.json:\n${source}`);
    const file = path.join(CWD, 'archlint-baseline.json');
    const loaded = guard('baseline', () => loadBaseline(file, CWD, source))!;
    for (const d of loaded.diagnostics) checkSpan('baseline', d.span, source);
    if (loaded.baseline) {
      const baseline = loaded.baseline;
      guard('baseline', () => applyBaseline([{ file: 'main.arch', diagnostics: result.diagnostics }], baseline, CWD));
    }
  }
}

function report(t: Tape, diagnostics: readonly Diagnostic[]): void {
  const files = [{ file: 'main.arch', diagnostics: [...diagnostics] }];
  const name = t.pick([...reporters.keys()]);
  guard(`report ${name}`, () => reporters.get(name)!({ files, summary: summarize(files) }, { cwd: CWD, color: t.chance(0.5) }));
}

/** A scratch directory's files, written afresh before each argument vector (a command may have changed them). */
export function resetScratch(dir: string, t: Tape, trace: Trace = []): void {
  for (const [file, text] of [
    ['main.arch', modelText(t)],
    ['archlint.config.json', configText(t)],
    ['archlint-baseline.json', baselineText(t)],
  ] as const) {
    writeFileSync(path.join(dir, file), text);
    trace.push(`${file}:\n${text}`);
  }
}

/** An argument vector through the command line, in `dir`. */
export async function fuzzArgv(t: Tape, dir: string, trace: Trace = []): Promise<void> {
  resetScratch(dir, t, trace);
  const argv = argvOf(t);
  trace.push(`argv: ${JSON.stringify(argv)}`);
  let stderr = '';
  const io = {
    stdout: { write: () => true },
    stderr: { write: (s: string) => ((stderr += s), true) },
    cwd: dir,
    env: { NO_COLOR: '1' },
  };
  let code: number;
  try {
    code = await run(argv, io);
  } catch (error) {
    return fail(`cli ${JSON.stringify(argv)}`, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  if (![0, 1, 2].includes(code) || /internal error/i.test(stderr)) fail(`cli ${JSON.stringify(argv)}`, `exit ${code}: ${stderr.slice(0, 2000)}`);
}

/** One input: a model through the stages, or (given a scratch directory, one time in ten) a command line; `trace` gets what was generated. */
export async function fuzzOne(t: Tape, scratch?: string, trace: Trace = []): Promise<void> {
  if (scratch !== undefined && t.chance(0.1)) await fuzzArgv(t, scratch, trace);
  else await fuzzModel(t, trace);
}
