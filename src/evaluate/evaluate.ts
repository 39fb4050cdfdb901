/**
 * The evaluator: what a design will do under its workload — per client, the latency and
 * availability of its static, read and write flows; per tier, the load, utilisation and queueing
 * delay; with components or regions failed on request. The method is described in
 * docs/evaluator.md.
 *
 * This module is the evaluator's entry point (what the rest of archlint imports) and runs its
 * stages in order, each in its own module, handing them one Context (types.ts):
 * - failures.ts: the components and instances taken down (`--fail`), broken flows, geo failover;
 * - flows.ts: the visit tree of each client's static, read and write flow;
 * - load.ts: the rate of every flow and visit, edge `rps` overrides (two passes), each tier's pool
 *   and arrival rate λ, each pool solved as an M/M/c queue (queueing.ts);
 * - blocking.ts: the hold times of workers that wait on their calls, by fixed-point iteration;
 * - availability.ts: each flow's share of requests that succeed;
 * - percentiles.ts: each flow's mean, bottleneck, p50 and p99 (exact or Monte Carlo);
 * - results.ts: the FlowResults, TierResults and the Evaluation.
 * A request's time in a tier is its own service time S plus the queue's wait; ρ ≥ 1 means the
 * tier is saturated, and flows through it have no finite latency.
 */
import type { Model } from '../model/model.js';
import { flowAvailabilities } from './availability.js';
import { figuresFor } from './figures.js';
import { failOver, isBroken, takeDown } from './failures.js';
import { appEntries, entries, tree } from './flows.js';
import { solveWithBlocking } from './blocking.js';
import { classRate, clientShares, clientWorkload, loadPools, scaleEdges, shareHosts, workloadOf } from './load.js';
import { samplesPerFlow } from './percentiles.js';
import { evaluation } from './results.js';
import type { Context, EvaluateOptions, Evaluation, Flow, FlowKind, Pool } from './types.js';

export type { EvaluateOptions, Evaluation, FlowKind, FlowResult, TierResult } from './types.js';
export { parseFailure } from './failures.js';
export { MAX_DEPTH } from './flows.js';
export { clientShares } from './load.js';

/**
 * Every client's static, read and write flows, each with its rate (requests per second) and visit
 * tree, and whether it is broken; broken flows failed over where DNS routing allows. A flow with
 * no entry edge is left out, and so is a dynamic flow whose kind the workload never sends.
 */
function plan(ctx: Context): Flow[] {
  const workload = workloadOf(ctx.model);
  const clients = ctx.model.components().filter((c) => c.kind === 'client');
  const shares = clientShares(clients);
  const kinds: FlowKind[] = ['static', 'read', 'write'];
  const flows: Flow[] = [];
  for (const client of clients) {
    const mix = clientWorkload(workload, client);
    for (const kind of kinds) {
      const rate = workload.rps * shares.get(client.name)! * classRate(mix, kind);
      let along = entries(ctx.model, client, kind);
      const fromApp = kind === 'static' && along.length === 0 && mix.staticRatio > 0;
      if (fromApp) along = appEntries(ctx.model, client); // served by the application itself
      if (along.length === 0) continue;
      if (kind !== 'static' && classRate(mix, kind) === 0 && workload.rps > 0) continue;
      const root = tree(ctx, client, along, kind, 0, fromApp);
      flows.push({ client, kind, rate, root, broken: isBroken(ctx.failed, root) });
    }
  }
  failOver(ctx, flows);
  return flows;
}

/** The flows of `model` with their trees, and every tier's pool, loaded and solved: what both the analytic evaluation and the simulation start from. */
export function prepare(model: Model, options: EvaluateOptions = {}): { ctx: Context; flows: Flow[]; pools: Pool[] } {
  const { failed, lost } = takeDown(model, options.fail ?? []);
  const ctx: Context = { model, options, figures: figuresFor(model), failed, lost, edgeScale: new Map(), truncated: new Set(), instances: new Map() };
  // Pass 1: derived rates per edge (for `rps` overrides); pass 2: the real evaluation.
  let flows = plan(ctx);
  const overrides = model.edges().filter((e) => e.rps !== undefined);
  let edgeRates = new Map<number, number>();
  if (overrides.length > 0) {
    edgeRates = scaleEdges(ctx, flows, overrides);
    flows = plan(ctx);
  }
  const pools = [...loadPools(ctx, flows, overrides, edgeRates).values()];
  shareHosts(pools);
  solveWithBlocking(ctx, pools);
  return { ctx, flows, pools };
}

/** Evaluates `model` under its workload, with `options.fail` taken down. */
export function evaluate(model: Model, options: EvaluateOptions = {}): Evaluation {
  const { ctx, flows, pools } = prepare(model, options);
  const availabilities = flowAvailabilities(ctx, flows);
  const result = evaluation(ctx, flows, availabilities, pools, samplesPerFlow(options, flows));
  if (options.coldFailover || !flows.some((f) => f.failover !== undefined && !f.broken)) return result;
  // Traffic moved to another region: also the moment after, before its caches hold that traffic's
  // data and before its autoscaled tiers have grown from what they ran with nothing failed.
  const runningBefore = prepare(model, {}).ctx.instances;
  const { figures: _, afterFailover: __, ...after } = evaluate(model, { ...options, coldFailover: true, runningBefore });
  return { ...result, afterFailover: after };
}
