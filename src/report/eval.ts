/**
 * `archlint eval` output: readable tables, or JSON of exactly the documented shape
 * (docs/evaluator.md, schema/archlint-eval.schema.json).
 */
import { allFigures, type Figure } from '../model/figures.js';
import { availabilityFraction, figureText, grouped, tableMs } from '../text/format.js';
import { flowNote, tierCells } from '../text/evaluation.js';
import type { Evaluation, FlowResult, TierResult } from '../evaluate/evaluate.js';
import type { Figures } from '../evaluate/figures.js';
import type { Simulation } from '../evaluate/simulate.js';
import { maxOf } from '../arrays.js';

const ms = tableMs;
const availability = availabilityFraction;

function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const widths = header.map((h, i) =>
    maxOf(
      rows.map((r) => r[i]!.length),
      h.length,
    ),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : alignRight[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function evalText(evaluation: Evaluation, file: string): string {
  const out: string[] = [`${file}`];
  if (evaluation.requested.length > 0) {
    const expanded = evaluation.failed.filter((c) => !evaluation.requested.includes(c));
    out.push(`What if down: ${evaluation.requested.join(', ')}${expanded.length > 0 ? ` (taking down ${evaluation.failed.join(', ')})` : ''}`);
  }
  tables(evaluation, out);
  if (evaluation.afterFailover) {
    out.push('');
    out.push(
      'Just after the failover (the caches that took the moved traffic do not hold its data yet, so its reads all miss; autoscaled tiers still run what they ran before)',
    );
    tables(evaluation.afterFailover, out);
  }
  return `${out.join('\n')}\n`;
}

/** The flows and tiers tables of an evaluation, its bottleneck and its notes, onto `out`. */
function tables(evaluation: Omit<Evaluation, 'figures' | 'afterFailover'>, out: string[]): void {
  out.push('');
  const flows = evaluation.flows.map((f) => [
    f.client,
    f.kind,
    grouped(f.rps),
    ms(f.mean_ms),
    ms(f.p50_ms),
    ms(f.p99_ms),
    availability(f.availability),
    flowNote(f),
    f.path.join(' → '),
  ]);
  out.push('Flows (times in ms; availability as a fraction of requests that succeed)');
  out.push(
    flows.length > 0
      ? table(['client', 'kind', 'rps', 'mean', 'p50', 'p99', 'availability', 'note', 'path'], flows, [
          false,
          false,
          true,
          true,
          true,
          true,
          true,
          false,
          false,
        ])
      : '(no client reaches anything)',
  );
  out.push('');
  // Tiers whose workers wait on their calls: how long a worker is held per request.
  const held = evaluation.tiers.some((t) => t.hold_ms !== undefined);
  const tiers = evaluation.tiers.map((t) => [t.component, ...tierCells(t, held)]);
  out.push(
    `Tiers (λ in requests per second; c servers${evaluation.tiers.some((t) => t.autoscale) ? ' (autoscaled: those running at this load, of min..max)' : ''}; ρ utilisation${held ? '; held: how long a worker is held per request, its calls included' : ''}; times in ms)`,
  );
  const header = ['component', 'c', 'λ', 'ρ', 'wait', 'response', ...(held ? ['held'] : []), 'p99'];
  out.push(
    tiers.length > 0
      ? table(
          header,
          tiers,
          header.map((_, i) => i > 0),
        )
      : '(no load)',
  );
  out.push('');
  if (evaluation.bottleneck) {
    const t = evaluation.tiers.find((x) => x.component === evaluation.bottleneck)!;
    out.push(`Bottleneck: ${t.component} (${t.saturated ? 'saturated' : `${Math.round(t.utilization * 100)}% busy`}).`);
  }
  for (const note of evaluation.notes) out.push(`Note: ${note}.`);
}

/** Exactly the documented shape, and everything the text says: nothing more, nothing less. */
export function evalJson(evaluation: Evaluation, file: string): object {
  const flow = (f: FlowResult) => ({
    client: f.client,
    kind: f.kind,
    rps: f.rps,
    path: f.path,
    mean_ms: f.mean_ms,
    p50_ms: f.p50_ms,
    p99_ms: f.p99_ms,
    availability: f.availability,
    ...(f.broken ? { broken: true } : {}),
    ...(f.saturated ? { saturated: f.saturated } : {}),
    ...(f.bottleneck !== undefined && !f.saturated && !f.broken ? { slowest: f.bottleneck } : {}),
    ...(f.failover !== undefined ? { failover: f.failover } : {}),
  });
  const tier = (t: TierResult) => ({
    component: t.component,
    replicas: t.replicas,
    rps: t.rps,
    utilization: t.utilization,
    wait_ms: t.wait_ms,
    response_ms: t.response_ms,
    p99_ms: t.p99_ms,
    saturated: t.saturated,
    ...(t.autoscale ? { autoscale: t.autoscale } : {}),
    ...(t.hold_ms !== undefined ? { hold_ms: t.hold_ms } : {}),
  });
  const after = evaluation.afterFailover;
  return {
    file,
    method: 'analytic',
    flows: evaluation.flows.map(flow),
    tiers: evaluation.tiers.map(tier),
    bottleneck: evaluation.bottleneck ?? null,
    failed: evaluation.failed,
    requested: evaluation.requested,
    notes: evaluation.notes,
    ...(after
      ? { after_failover: { flows: after.flows.map(flow), tiers: after.tiers.map(tier), bottleneck: after.bottleneck ?? null, notes: after.notes } }
      : {}),
  };
}

const figureValue = (f: Figure, value: number): string => figureText(f.unit, value);

/** `archlint eval --print-defaults`: every figure in use, with where it comes from. */
export function figuresText(figures: Figures | undefined): string {
  const rows = allFigures().map((f) => {
    const value = figures?.byKey.get(f.key) ?? f.value;
    const overridden = figures?.overridden.has(f.key) ?? false;
    return [f.key, figureValue(f, value), overridden ? 'set in the model' : f.source];
  });
  return `${table(['key', 'value', 'source'], rows, [false, true, false])}\n\nOverride any of these in the model's latency { } block (e.g. \`latency { region_round_trip: 70ms }\`), or per component with \`latency\`, \`capacity\`, \`availability\`.\n`;
}

export function figuresJson(figures: Figures | undefined): object {
  return Object.fromEntries(
    allFigures().map((f) => [
      f.key,
      { value: figures?.byKey.get(f.key) ?? f.value, unit: f.unit, source: figures?.overridden.has(f.key) ? 'set in the model' : f.source },
    ]),
  );
}

/** `archlint eval --simulate`: the simulated flows (mean with its 95% interval) and tiers. */
export function simulationText(simulation: Simulation, file: string): string {
  const out: string[] = [
    `${file}`,
    `Simulated: ${grouped(simulation.requests)} requests (seed ${simulation.seed}, ${grouped(simulation.seconds, 1)} s of traffic); the first tenth warm the queues up and are not counted.${simulation.callsPerRequest === undefined ? '' : ` Fewer than asked: each request makes ${grouped(simulation.callsPerRequest, 0)} calls on average (fan-out), and a simulation makes at most 4 million.`}`,
    '',
  ];
  const flows = simulation.flows.map((f) => [
    f.client,
    f.kind,
    grouped(f.rps),
    ms(f.mean_ms),
    f.mean_ci_ms === null ? '' : `±${ms(f.mean_ci_ms)}`,
    ms(f.p50_ms),
    ms(f.p99_ms),
    grouped(f.samples),
  ]);
  out.push('Flows (times in ms; the mean with the half-width of its 95% confidence interval)');
  out.push(
    flows.length > 0
      ? table(['client', 'kind', 'rps', 'mean', '95%', 'p50', 'p99', 'samples'], flows, [false, false, true, true, false, true, true, true])
      : '(no client reaches anything)',
  );
  out.push('');
  const tiers = simulation.tiers.map((t) => [
    t.component,
    String(t.servers),
    grouped(t.rps),
    `${(t.utilization * 100).toFixed(t.utilization < 0.1 ? 1 : 0)}%`,
    ms(t.wait_ms),
  ]);
  out.push('Tiers (measured: λ in requests per second; c servers, instances × concurrency; ρ utilisation; wait in ms)');
  out.push(tiers.length > 0 ? table(['component', 'c', 'λ', 'ρ', 'wait'], tiers, [false, true, true, true, true]) : '(no load)');
  return `${out.join('\n')}\n`;
}

/** `archlint eval --simulate --format json`: the documented shape (schema/archlint-eval.schema.json, `simulation`). */
export function simulationJson(simulation: Simulation, file: string): object {
  return {
    file,
    method: 'simulated',
    requests: simulation.requests,
    ...(simulation.callsPerRequest === undefined ? {} : { calls_per_request: simulation.callsPerRequest }),
    seed: simulation.seed,
    seconds: simulation.seconds,
    flows: simulation.flows,
    tiers: simulation.tiers,
  };
}
