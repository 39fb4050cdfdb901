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
  log();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out: string[] = [];
  measureSimulation((line = '') => out.push(line));
  process.stdout.write(`${out.join('\n')}\n`);
}
