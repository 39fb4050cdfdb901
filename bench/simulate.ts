/**
 * The simulation's cost (`archlint eval --simulate`): in process, on the generated models of
 * 1,000 and 10,000 components, per model and per simulated request. Part of `npm run bench`
 * (bench/run.ts); on its own:
 *
 *   npm run build && node dist/bench/simulate.js
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArch } from '../grammar/index.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { simulate } from '../src/evaluate/simulate.js';
import { buildModel } from '../src/model/build.js';
import { generateModel } from './generate.js';
import { fmtInt, fmtMs } from './measure.js';

const REQUESTS = 100_000;

export function measureSimulation(log: (line?: string) => void): void {
  log(`eval, analytic and simulated (in process; the simulation draws ${fmtInt(REQUESTS)} requests):`);
  for (const n of [1000, 10_000]) {
    const { model } = buildModel([{ file: `model-${n}.arch`, ast: parseArch(generateModel(n).arch).ast }]);
    evaluate(model);
    let start = performance.now();
    evaluate(model);
    const analytic = performance.now() - start;
    start = performance.now();
    const sim = simulate(model, { requests: REQUESTS });
    const simulated = performance.now() - start;
    const steps = sim.flows.reduce((s, f) => s + f.samples, 0);
    log(
      `  N = ${fmtInt(n).padStart(6)}: eval ${fmtMs(analytic).padStart(7)} ms; eval --simulate ${fmtMs(simulated).padStart(7)} ms, ${((simulated * 1000) / REQUESTS).toFixed(1)} µs per simulated request (${fmtInt(steps)} counted)`,
    );
  }
  // The shapes that make the evaluator iterate or draw: a chain of services that hold their
  // workers while they call the next (blocking, settled by fixed-point rounds), and one service
  // fanning out to N tiers ten calls each (each fan-out drawn).
  const shapes: [string, (n: number) => string][] = [
    [
      'blocking chain',
      (n) =>
        [
          'workload { rps: 1, read_ratio: 100% }',
          'client u',
          ...Array.from({ length: n }, (_, i) => `service s${i} { concurrency: 100, latency: 1ms }`),
          `u -> ${Array.from({ length: n }, (_, i) => `s${i}`).join(' -> ')}`,
        ].join('\n'),
    ],
    [
      'fan-outs',
      (n) =>
        [
          'workload { rps: 100, read_ratio: 100% }',
          'client u',
          'service api { replicas: 50 }',
          'u -> api',
          ...Array.from({ length: n }, (_, i) => `service f${i} { replicas: 10 }\napi -> f${i} { fanout: 10 }`),
        ].join('\n'),
    ],
  ];
  for (const [name, source] of shapes) {
    let previous = 0;
    for (const n of [1000, 10_000]) {
      const { model } = buildModel([{ file: `${name}.arch`, ast: parseArch(source(n)).ast }]);
      evaluate(model);
      const start = performance.now();
      evaluate(model);
      const ms = performance.now() - start;
      log(`  ${name}, N = ${fmtInt(n).padStart(6)}: eval ${fmtMs(ms).padStart(7)} ms${previous > 0 ? `, ${(ms / previous).toFixed(1)}× for 10×` : ''}`);
      previous = ms;
    }
  }
  log();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out: string[] = [];
  measureSimulation((line = '') => out.push(line));
  process.stdout.write(`${out.join('\n')}\n`);
}
