/**
 * Where the input decides how much work there is: suppression matching, the parser's error
 * recovery on broken, deeply nested blocks, and the did-you-mean search (many undeclared names,
 * one very long one), from 1,000 to 100,000. Both must grow linearly (10×
 * the input, about 10× the time). Part of `npm run bench` (bench/run.ts); on its own:
 *
 *   npm run build && node dist/bench/input-decides.js
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArch } from '../grammar/index.js';
import { buildModel } from '../src/model/build.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { applySuppressions, parseSuppressions } from '../src/engine/suppressions.js';
import { fmtInt, fmtMs, fmtRatio, median } from './measure.js';

const sizes = [1_000, 10_000, 100_000] as const;

function time(run: () => void, runs: number): { median: number; min: number } {
  // Two warm-up runs: the first also grows the heap to the size the input needs.
  run();
  run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return { median: median(times), min: Math.min(...times) };
}

/**
 * N services on N lines, each under a next-line suppression, half of which silence its finding
 * (the others name a rule that reports nothing there, and are stale); one file-wide suppression.
 */
function suppressionCase(n: number): () => void {
  const lines: string[] = ['# archlint-disable missing-cdn -- the assets are served elsewhere'];
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`# archlint-disable-next-line ${i % 2 === 0 ? 'spof' : 'missing-cache'} -- reviewed`);
    lines.push(`service s${i}`);
    const line = lines.length;
    diagnostics.push({
      ruleId: 'spof',
      severity: 'error',
      message: `\`s${i}\` is a single point of failure`,
      file: 'main.arch',
      span: { start: { line, column: 9, offset: 0 }, end: { line, column: 10 + String(i).length, offset: 0 } },
    });
  }
  const { ast } = parseArch(lines.join('\n'));
  const suppressible = new Set(['spof', 'missing-cdn', 'missing-cache']);
  return () => {
    const copies = diagnostics.map((d) => ({ ...d }));
    applySuppressions(copies, parseSuppressions('main.arch', ast.comments), suppressible);
  };
}

/**
 * The floor of the suppression case: the same N findings copied and marked, and N lines put in a
 * Map and looked up, with nothing else. At 100,000 it grows by more than 10× too: the objects
 * outlive the young generation, and that cost comes with any algorithm.
 */
function suppressionFloor(n: number): () => void {
  const findings = Array.from({ length: n }, (_, i) => ({ ruleId: 'spof', line: 2 * i + 3, suppressed: undefined as object | undefined }));
  return () => {
    const copies = findings.map((d) => ({ ...d }));
    const lines = new Map<number, { ruleId: string; hit: boolean }[]>();
    for (const d of copies) lines.set(d.line, [{ ruleId: d.ruleId, hit: false }]);
    for (const d of copies) if (lines.get(d.line)) d.suppressed = {};
  };
}

/** N levels of blocks, each left open and broken inside (`region r { service s {` over and over). */
function nestingCase(n: number): () => void {
  const text = 'region r { service s { replicas: \n'.repeat(n / 2);
  return () => void parseArch(text);
}

/**
 * N edges to names nobody declared, among N declared services of names as alike as a generated
 * system's (`svc0001` …): each gets a did-you-mean search of every component. Parsed once; the
 * model build (where the search runs) is timed.
 */
function unknownNamesCase(n: number): () => void {
  const width = String(n).length;
  const name = (i: number) => `svc${String(i).padStart(width, '0')}`;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`service ${name(i)}`);
  // Each edge's target is a declared name with its last two digits swapped and an x added: two
  // edits from one service, so every search has a real answer to find.
  for (let i = 0; i < n; i++) {
    const target = name(i);
    lines.push(`${name(i)} -> ${target.slice(0, -2)}${target.at(-1)}${target.at(-2)}x`);
  }
  const { ast } = parseArch(lines.join('\n'));
  return () => void buildModel([{ file: 'main.arch', ast }]);
}

/** One undeclared name of N letters, one edit from a declared one of the same length. */
function longNameCase(n: number): () => void {
  const long = 'ab'.repeat(n / 2);
  const { ast } = parseArch(`service ${long}\nservice other\nother -> ${long.slice(0, -1)}x\n`);
  return () => void buildModel([{ file: 'main.arch', ast }]);
}

export function measureInputDecides(log: (line?: string) => void): void {
  log('where the input decides (in process; 10× the input should cost about 10× the time):');
  const verdict = (ratio: number) => (ratio <= 13 ? 'linear' : ratio <= 20 ? 'slightly above linear' : 'SUPER-LINEAR');
  for (const [name, make] of [
    ['suppressions: N findings, N next-line suppressions', suppressionCase],
    ['  its floor: N findings copied, N lines in a Map', suppressionFloor],
    ['broken nesting: N levels, never closed', nestingCase],
    ['did you mean: N undeclared names, N components', unknownNamesCase],
    ['did you mean: one undeclared name of N letters', longNameCase],
  ] as const) {
    let previous: number | undefined;
    for (const n of sizes) {
      const t = time(make(n), n >= 100_000 ? 5 : 9);
      const growth = previous === undefined ? '' : `  ${fmtRatio(t.median / previous)} for 10× (${verdict(t.median / previous)})`;
      log(`  ${name.padEnd(52)}${fmtInt(n).padStart(8)}${fmtMs(t.median).padStart(10)} ms (min ${fmtMs(t.min)})${growth}`);
      previous = t.median;
    }
  }
  log('  Judge the suppressions against their floor: from 10,000 to 100,000 even the floor grows by more');
  log('  than 10× (a heap of objects that outlive the young generation); matching stays well below it.');
  log('  Nesting deeper than 100 levels is left out with one error, so recovery does not grow with depth.');
  log('  Did you mean: candidates indexed by length and compared by the letters they hold before their');
  log('  edit distance is computed, in a band as wide as the edits allowed (grammar/suggest.ts).');
  log();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out: string[] = [];
  measureInputDecides((line = '') => out.push(line));
  process.stdout.write(`${out.join('\n')}\n`);
}
