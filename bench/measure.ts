/** The benchmark's measurements (bench/run.ts runs them): timing in process and of whole processes, the rows of the report. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArch } from '../grammar/index.js';
import { builtinRegistry } from '../src/config/registry.js';
import { compareDiagnostics, type Diagnostic } from '../src/diagnostics.js';
import { runRules } from '../src/engine/run.js';
import { buildModel } from '../src/model/build.js';
import { loadConfig } from '../src/config/config.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { renderDiagram } from '../src/render/mermaid.js';
import { toolInfo } from '../src/cli/tool-info.js';
import { fingerprints } from '../src/report/fingerprint.js';
import { reporters, summarize, type FileReport, type LintReport } from '../src/report/index.js';
import { floor } from './floor.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const outDir = path.join(root, 'bench', 'out');
export const bin = path.join(root, 'bin', 'archlint.js');
export const floorScript = path.join(root, 'dist', 'bench', 'floor.js');

export const GOAL_MS = 1000;
export const FLOOR_FACTOR = 3;
/** Region size of the many-clients shape (one client per region). */
export const MANY_CLIENTS_REGION = 8;

/** Warm-up and measured runs per size (kept small enough for ~1 minute on 2 cores). */
export const plan = {
  1000: { warmup: 3, runs: 9, spawnWarmup: 1, spawnRuns: 5 },
  10000: { warmup: 2, runs: 7, spawnWarmup: 1, spawnRuns: 5 },
} as const;
export type Size = keyof typeof plan;
export const sizes: Size[] = [1000, 10000];

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const fmtInt = (n: number) => n.toLocaleString('en-US');
export const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
export const fmtRatio = (x: number) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;

export interface Row {
  stage: string;
  n: number;
  ms: number;
  /** Fastest run: less disturbed by other processes on a shared machine. */
  min?: number;
  runs: number;
  note?: string;
}
export const rows: Row[] = [];

export function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

/** One pass of the in-process pipeline, each stage timed; fresh objects every pass. */
export interface PassTimes {
  parse: number;
  model: number;
  rules: number;
  json: number;
  stylish: number;
  findings: number;
}

export function pass(file: string, text: string): PassTimes {
  let t = performance.now();
  const parsed = parseArch(text);
  const parse = performance.now() - t;
  if (parsed.problems.length > 0)
    fail(`${file}: ${parsed.problems.length} syntax problems, the first: line ${parsed.problems[0]!.span.start.line}: ${parsed.problems[0]!.message}`);

  t = performance.now();
  const built = buildModel([{ file, ast: parsed.ast }]);
  const model = performance.now() - t;
  if (built.diagnostics.length > 0)
    fail(`${file}: ${built.diagnostics.length} meaning errors, the first: line ${built.diagnostics[0]!.span.start.line}: ${built.diagnostics[0]!.message}`);

  t = performance.now();
  const run = runRules(built.model, builtinRegistry.all());
  const rules = performance.now() - t;
  if (run.crashed.length > 0) fail(`${file}: rules crashed: ${run.crashed.join(', ')}`);

  // What the CLI hands a reporter: findings grouped by file, in stable order, with a summary.
  const diagnostics: Diagnostic[] = [...run.diagnostics].sort(compareDiagnostics);
  const files: FileReport[] = [{ file, diagnostics }];
  const report: LintReport = { files, summary: summarize(files) };
  const options = { cwd: root, color: false };

  t = performance.now();
  const jsonText = reporters.get('json')!(report, options);
  const json = performance.now() - t;

  t = performance.now();
  const stylishText = reporters.get('stylish')!(report, options);
  const stylish = performance.now() - t;
  if (jsonText.length === 0 || (diagnostics.length > 0 && stylishText.length === 0)) fail('a reporter printed nothing');

  return { parse, model, rules, json, stylish, findings: diagnostics.length };
}

export interface Measured {
  median: PassTimes;
  min: PassTimes;
}

export function measurePipeline(label: string, file: string, text: string, n: number, warmup: number, runs: number, stages: (keyof PassTimes)[]): Measured {
  for (let i = 0; i < warmup; i++) pass(file, text);
  const samples: PassTimes[] = [];
  for (let i = 0; i < runs; i++) samples.push(pass(file, text));
  const pick = (f: (xs: number[]) => number): PassTimes => {
    const of = (k: keyof PassTimes) => f(samples.map((s) => s[k]));
    return { parse: of('parse'), model: of('model'), rules: of('rules'), json: of('json'), stylish: of('stylish'), findings: samples[0]!.findings };
  };
  const result = { median: pick(median), min: pick((xs) => Math.min(...xs)) };
  const names: Record<keyof PassTimes, string> = {
    parse: 'lex+parse',
    model: 'model',
    rules: 'rules',
    json: 'report (json)',
    stylish: 'report (stylish)',
    findings: '',
  };
  for (const k of stages) {
    rows.push({
      stage: `${label}${names[k]}`,
      n,
      ms: result.median[k],
      min: result.min[k],
      runs,
      ...(k === 'rules' ? { note: `${fmtInt(result.median.findings)} findings` } : {}),
    });
  }
  return result;
}

/** Mermaid text of a model built once (with its findings marked). */
export function measureDiagram(label: string, file: string, text: string, n: number, warmup: number, runs: number): void {
  const built = buildModel([{ file, ast: parseArch(text).ast }]);
  const findings = runRules(built.model, builtinRegistry.all()).diagnostics;
  for (let i = 0; i < warmup; i++) renderDiagram(built.model, { findings });
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    size = renderDiagram(built.model, { findings }).length;
    times.push(performance.now() - t);
  }
  rows.push({ stage: `${label}mermaid text`, n, ms: median(times), min: Math.min(...times), runs, note: `${fmtInt(Math.round(size / 1024))} KB` });
}

/** The evaluator (`archlint eval`: every flow's percentiles) on a model built once. */
export function measureEvaluate(label: string, file: string, text: string, n: number, warmup: number, runs: number): number {
  const built = buildModel([{ file, ast: parseArch(text).ast }]);
  if (built.diagnostics.length > 0) fail(`${file}: the generated model is invalid`);
  for (let i = 0; i < warmup; i++) evaluate(built.model);
  const times: number[] = [];
  let flows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    flows = evaluate(built.model).flows.length;
    times.push(performance.now() - t);
  }
  const ms = median(times);
  rows.push({ stage: `${label}evaluate`, n, ms, min: Math.min(...times), runs, note: `${fmtInt(flows)} flows` });
  return ms;
}

/**
 * The CI formats and baseline fingerprints over one report (a model's findings, built once): the
 * chain's one finding per service makes them work. The markdown report is handed the model's flows,
 * worked out once beforehand (as `archlint check` does), so its time is that of writing the report.
 */
export function measureFormats(label: string, file: string, text: string, n: number, warmup: number, runs: number): void {
  const built = buildModel([{ file, ast: parseArch(text).ast }]);
  const diagnostics = [...runRules(built.model, builtinRegistry.all()).diagnostics].sort(compareDiagnostics);
  const files: FileReport[] = [{ file, diagnostics }];
  const report: LintReport = {
    files,
    summary: summarize(files),
    models: [{ file, model: built.model, findings: diagnostics, flows: evaluate(built.model).flows }],
  };
  const options = { cwd: root, color: false, tool: toolInfo([builtinRegistry]) };
  const jobs: [string, () => unknown][] = [
    ...['sarif', 'github', 'gitlab', 'junit', 'markdown'].map((f): [string, () => unknown] => [`report (${f})`, () => reporters.get(f)!(report, options)]),
    ['baseline fingerprints', () => fingerprints(files, root)],
  ];
  for (const [name, job] of jobs) {
    for (let i = 0; i < warmup; i++) job();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      job();
      times.push(performance.now() - t);
    }
    rows.push({
      stage: `${label}${name}`,
      n,
      ms: median(times),
      min: Math.min(...times),
      runs,
      ...(name === 'baseline fingerprints' ? { note: `${fmtInt(diagnostics.length)} findings` } : {}),
    });
  }
}

export function measureFloor(jsonText: string, n: number, warmup: number, runs: number): { median: number; min: number } {
  for (let i = 0; i < warmup; i++) floor(jsonText);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const g = floor(jsonText);
    samples.push(performance.now() - t);
    if (g.nodeCount() !== n) fail(`floor graph has ${g.nodeCount()} nodes, expected ${n}`);
  }
  const ms = median(samples);
  const min = Math.min(...samples);
  rows.push({ stage: 'floor (JSON.parse + graphlib)', n, ms, min, runs });
  return { median: ms, min };
}

/** Median wall time of a whole process; fails on exit code 2 (invalid input) or a crash. */
export function measureSpawn(args: string[], warmup: number, runs: number, okCodes: readonly number[]): { ms: number; min: number; code: number } {
  const once = () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
    const ms = performance.now() - t;
    if (r.error) fail(`${args.join(' ')}: ${r.error.message}`);
    if (r.status === null || !okCodes.includes(r.status))
      fail(`${args.join(' ')} exited with ${r.status ?? r.signal}: ${(r.stderr || r.stdout).slice(0, 800)}`);
    return { ms, code: r.status };
  };
  for (let i = 0; i < warmup; i++) once();
  const samples: number[] = [];
  let code = 0;
  for (let i = 0; i < runs; i++) {
    const r = once();
    samples.push(r.ms);
    code = r.code;
  }
  return { ms: median(samples), min: Math.min(...samples), code };
}

/** Policies of each form, the path forms searching from every client. */
export const benchPolicies = [
  { id: 'databases', where: { kind: 'database' }, require: { replicas: { gte: 2 }, shard_key: { exists: true } } },
  { id: 'no-client-reaches-db', forbid: { from: { kind: 'client' }, to: { kind: 'database' }, path: true } },
  { id: 'through-lb', 'require-path-through': { from: { kind: 'client' }, to: { kind: 'database' }, through: { kind: 'lb' } } },
  // Every service a client reaches: on the chain, 10,000 findings, each with a path as long as the chain so far.
  { id: 'no-client-reaches-service', forbid: { from: { kind: 'client' }, to: { kind: 'service' }, path: true } },
];

/** The policies of `benchPolicies` as rules (compiled once), run over a freshly built model. */
export async function measurePolicies(label: string, file: string, text: string, n: number, warmup: number, runs: number): Promise<number> {
  const loaded = await loadConfig('archlint.config.json', root, JSON.stringify({ policies: benchPolicies }));
  if (!loaded.config) fail(`the benchmark's policies are invalid: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  const rules = loaded.config.registry.all().filter((r) => r.id.startsWith('policy/'));
  const built = buildModel([{ file, ast: parseArch(text).ast }]);
  for (let i = 0; i < warmup; i++) runRules(built.model, rules);
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    findings = runRules(built.model, rules).diagnostics.length;
    times.push(performance.now() - t);
  }
  const ms = median(times);
  rows.push({ stage: `${label}policies`, n, ms, min: Math.min(...times), runs, note: `${fmtInt(findings)} findings` });
  return ms;
}
