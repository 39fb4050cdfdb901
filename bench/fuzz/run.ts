/**
 * The long fuzz run: `npm run fuzz -- --iterations N [--seed S] [--workers W]`.
 *
 * Input i is made from the tape seeded by S + i (tape.ts), so any input it reports is made again
 * from those two numbers (`--only i`). Workers (one per core by default) take inputs in turn; each
 * tells the main thread which input it starts, and a worker silent for 10 s is stopped and its
 * input counted as a hang (a new worker takes over after it). An input that takes more than 2 s is a
 * hang too. Prints the inputs run, crashes and hangs, each with its index, and exits 1 when there
 * was any.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Command, InvalidArgumentError } from 'commander';
import { fuzzOne } from './stages.js';
import { TAPE_LENGTH, seededTape } from './tape.js';

const SLOW_MS = 2000;
const SILENT_MS = 10_000;

interface Job {
  /** A scratch directory for the command lines, made and removed by the main thread. */
  scratch: string;
  seed: number;
  from: number;
  to: number;
  step: number;
}
type Message =
  { type: 'start'; index: number } | { type: 'crash'; index: number; message: string } | { type: 'slow'; index: number; ms: number } | { type: 'done' };

async function work(job: Job): Promise<void> {
  for (let i = job.from; i < job.to; i += job.step) {
    parentPort!.postMessage({ type: 'start', index: i } satisfies Message);
    const started = performance.now();
    try {
      await fuzzOne(seededTape(job.seed + i, TAPE_LENGTH), job.scratch);
    } catch (error) {
      parentPort!.postMessage({ type: 'crash', index: i, message: error instanceof Error ? error.message : String(error) } satisfies Message);
    }
    const ms = performance.now() - started;
    if (ms > SLOW_MS) parentPort!.postMessage({ type: 'slow', index: i, ms } satisfies Message);
  }
  parentPort!.postMessage({ type: 'done' } satisfies Message);
}

/** Scratch directories, removed however the run ends (a worker stopped, the run interrupted). */
const scratches = new Set<string>();
const makeScratch = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archlint-fuzz-'));
  scratches.add(dir);
  return dir;
};
const removeScratch = (dir: string): void => {
  rmSync(dir, { recursive: true, force: true });
  scratches.delete(dir);
};

const whole = (what: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number for ${what}`);
  return Number(value);
};

async function main(): Promise<number> {
  const program = new Command('fuzz')
    .option('--iterations <n>', 'inputs to run', whole('--iterations'), 10_000)
    .option('--seed <n>', 'seed of input 0', whole('--seed'), 1)
    .option('--workers <n>', 'worker threads (default: one per core)', whole('--workers'), os.availableParallelism())
    .option('--only <i>', 'run input i alone, in this thread, and print what it was made of', whole('--only'))
    .parse();
  const { iterations, seed, workers, only } = program.opts<{ iterations: number; seed: number; workers: number; only?: number }>();
  if (only !== undefined) {
    // The same as in a worker, scratch directory included, and what it was printed.
    const scratch = makeScratch();
    // Each part is printed as it is made, so that an input that hangs is seen before it hangs.
    const trace = { push: (entry: string) => console.log(`${entry}\n`) };
    try {
      await fuzzOne(seededTape(seed + only, TAPE_LENGTH), scratch, trace);
      console.log(`input ${only} (seed ${seed}): no crash`);
      return 0;
    } catch (error) {
      console.log(`input ${only} (seed ${seed}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return 1;
    } finally {
      removeScratch(scratch);
    }
  }
  const crashes: { index: number; message: string }[] = [];
  const hangs: { index: number; ms?: number }[] = [];
  let ran = 0;
  const started = performance.now();
  const file = fileURLToPath(import.meta.url);

  // Worker w runs inputs w, w + W, w + 2W, …; when one is stopped for silence, its replacement goes
  // on after the input that hung.
  const runWorker = (from: number, step: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const scratch = makeScratch();
      const worker = new Worker(file, { workerData: { scratch, seed, from, to: iterations, step } satisfies Job });
      const end = (next?: number) => {
        removeScratch(scratch);
        resolve(next !== undefined && next < iterations ? runWorker(next, step) : undefined);
      };
      let current = -1;
      let heard = performance.now();
      const timer = setInterval(() => {
        if (performance.now() - heard < SILENT_MS) return;
        clearInterval(timer);
        hangs.push({ index: current });
        void worker.terminate().then(() => end(current + step));
      }, 1000);
      worker.on('message', (m: Message) => {
        heard = performance.now();
        if (m.type === 'start') {
          current = m.index;
          ran++;
          if (ran % 50_000 === 0) console.log(`… ${ran.toLocaleString('en-US')} inputs, ${Math.round((performance.now() - started) / 1000)} s`);
        } else if (m.type === 'crash') crashes.push(m);
        else if (m.type === 'slow') hangs.push(m);
        else {
          clearInterval(timer);
          void worker.terminate().then(() => end());
        }
      });
      worker.on('error', (error) => {
        clearInterval(timer);
        crashes.push({ index: current, message: `the worker died: ${error.message}` });
        end(current + step);
      });
    });
  const count = Math.max(1, Math.min(workers, iterations));
  await Promise.all(Array.from({ length: count }, (_, w) => runWorker(w, count)));

  crashes.sort((a, b) => a.index - b.index);
  hangs.sort((a, b) => a.index - b.index);
  for (const c of crashes) console.log(`crash: input ${c.index} (--seed ${seed} --only ${c.index}): ${c.message.split('\n').slice(0, 6).join('\n  ')}`);
  for (const h of hangs)
    console.log(
      `hang: input ${h.index} (--seed ${seed} --only ${h.index}): ${h.ms !== undefined ? `${Math.round(h.ms)} ms` : `no answer in ${SILENT_MS / 1000} s`}`,
    );
  console.log(`${ran.toLocaleString('en-US')} inputs run (seed ${seed}), ${crashes.length} crashes, ${hangs.length} hangs`);
  return crashes.length + hangs.length > 0 ? 1 : 0;
}

if (isMainThread) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const dir of scratches) removeScratch(dir);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 2;
    },
  );
} else {
  void work(workerData as Job);
}
