/**
 * Results: what the evaluation reports — per flow its path, rate, latency, percentiles and
 * availability (FlowResult); per tier its load, utilisation, queueing delay and p99 (TierResult);
 * and the whole Evaluation with the busiest tier, the failures and the notes.
 */
import { running } from './failures.js';
import { truncationNotes } from './flows.js';
import { flowQuantiles, meanAndBottleneck, sampledTierQuantile } from './percentiles.js';
import { mixtureQuantile, responseQuantile } from './queueing.js';
import { fanoutMemo, type FanoutMemo } from './sampling.js';
import type { Context, Evaluation, Flow, FlowResult, Pool, TierResult, Visit } from './types.js';
import { maxOf } from '../arrays.js';

/**
 * The synchronous part of a flow's tree: the components in the order it first reaches them, the
 * saturated tiers among them, how many visits go to a random tier (service time > 0), and whether
 * the tree branches (a visit made with a probability, or a choice between alternatives).
 */
function summarise(root: Visit): { path: string[]; saturated: Set<string>; served: number; randomTiers: number; branching: boolean } {
  const path: string[] = [];
  const seen = new Set<string>();
  const saturated = new Set<string>();
  /**
   * The share of requests the most saturated tier on the path lets through: of those that reach
   * it (`reach`, the probability a request visits it), it serves 1 / ρ.
   */
  let served = 1;
  let randomTiers = 0;
  let branching = false;
  const walk = (v: Visit, reach: number) => {
    if (v.async) return;
    if (!seen.has(v.component.name)) {
      seen.add(v.component.name);
      path.push(v.component.name);
    }
    if (v.component.kind !== 'client') {
      const pool = v.served;
      if (pool && pool.result!.saturated) {
        saturated.add(v.component.name);
        served = Math.min(served, 1 - reach * (1 - 1 / pool.result!.utilization));
      }
      if (pool && pool.serviceMs > 0) randomTiers++;
    }
    if (v.probability < 1 || v.fanout > 1 || (v.split && v.children.length > 1)) branching = true;
    v.children.forEach((child, i) => walk(child, reach * child.probability * (v.split ? (v.weights[i] ?? 0) : 1)));
  };
  walk(root, 1);
  return { path, saturated, served, randomTiers, branching };
}

/**
 * One flow's result; `availability` is its share of requests that succeed (fraction 0..1) and
 * `samples` the Monte Carlo draws it may use.
 */
function flowResult(ctx: Context, flow: Flow, availability: number, samples: number, fanouts: FanoutMemo): FlowResult {
  const { client, kind, rate, root, broken, failover } = flow;
  const { path, saturated, served, randomTiers, branching } = summarise(root);
  const base = { client: client.name, kind, path, rps: rate, ...(failover ? { failover } : {}) };
  if (broken) return { ...base, mean_ms: null, p50_ms: null, p99_ms: null, availability: 0, broken: true, sampled: false };
  if (saturated.size > 0) {
    const list = [...saturated];
    // A saturated tier serves what its capacity allows, 1/ρ of what arrives; the rest wait without
    // bound and time out. The flow succeeds at most that often.
    return { ...base, mean_ms: null, p50_ms: null, p99_ms: null, availability: availability * served, saturated: list, bottleneck: list[0]!, sampled: false };
  }
  const { meanMs, bottleneck } = meanAndBottleneck(root, fanouts);
  const { p50_ms, p99_ms, sampled } = flowQuantiles(ctx.options, root, kind, meanMs, randomTiers <= 1 && !branching, samples, fanouts);
  return { ...base, mean_ms: meanMs, p50_ms, p99_ms, availability, ...(bottleneck ? { bottleneck } : {}), sampled };
}

/**
 * A tier's p99 (ms): the M/M/c closed form; with exponential service under the G/G/c
 * approximation, the same form with its probability and rate of waiting; otherwise sampled.
 */
function tierP99(p: Pool): number {
  // A tier that takes no time to serve (DNS, whose answers are cached on the way) has no queue
  // either: requests sent straight at it (an edge's `rps`) wait for nothing.
  if (!(p.serviceMs > 0)) return 0;
  if (p.markovian) return responseQuantile(p.queue!, p.serviceMs / 1000, 0.99) * 1000;
  if (p.cs2 === 1 && p.serviceMs > 0 && p.waitRate! > 0) return mixtureQuantile(p.waitProbability!, p.waitRate! * 1000, p.serviceMs / 1000, 0.99) * 1000;
  return sampledTierQuantile(p, 0.99);
}

/** One result per tier that has a pool, in the model's order; a database's two pools weighted by their λ. */
function tierResults(ctx: Context, pools: Iterable<Pool>): TierResult[] {
  const byComponent = new Map<string, Pool[]>();
  for (const pool of pools) {
    const list = byComponent.get(pool.component.name) ?? [];
    list.push(pool);
    byComponent.set(pool.component.name, list);
  }
  const out: TierResult[] = [];
  for (const c of ctx.model.components()) {
    const pools = byComponent.get(c.name);
    if (!pools) continue;
    const total = pools.reduce((s, p) => s + p.lambda, 0);
    const results = pools.map((p) => ({ p, r: p.result! }));
    const saturated = results.some((x) => x.r.saturated);
    const weighted = (f: (x: (typeof results)[number]) => number) =>
      total > 0 ? results.reduce((s, x) => s + (x.p.lambda / total) * f(x), 0) : f(results[0]!);
    out.push({
      component: c.name,
      replicas: c.kind === 'database' ? running(ctx, c) * (c.attrs.shards ?? 1) : pools[0]!.instances,
      rps: total,
      utilization: maxOf(results.map((x) => x.r.utilization)),
      wait_ms: saturated ? null : weighted((x) => x.p.waitMs!),
      response_ms: saturated ? null : weighted((x) => x.p.waitMs! + x.p.serviceMs),
      p99_ms: saturated || ctx.options.tierQuantiles === false ? null : maxOf(results.map((x) => tierP99(x.p))),
      saturated,
      ...(c.attrs.host !== undefined ? { host: c.attrs.host, ...(pools[0]!.hostDemand !== undefined ? { host_demand: pools[0]!.hostDemand } : {}) } : {}),
      ...(c.attrs.autoscale ? { autoscale: { min: c.attrs.autoscale.min, max: c.attrs.autoscale.max } } : {}),
      ...(pools.some((p) => p.holdMs !== undefined || p.blockedBy !== undefined)
        ? { hold_ms: saturated ? null : weighted((x) => x.p.holdMs ?? x.p.serviceMs) }
        : {}),
    });
  }
  return out;
}

/** What the reader is told of tiers full because their workers wait on a saturated tier. */
function blockedNotes(pools: Iterable<Pool>): string[] {
  const notes = new Set<string>();
  for (const p of pools) {
    if (p.blockedBy === undefined) continue;
    notes.add(
      p.blockedBy === p.component.name
        ? `\`${p.component.name}\`'s workers wait on calls whose times feed back on each other without settling: taken as saturated`
        : `every worker of \`${p.component.name}\` is held waiting on \`${p.blockedBy}\`, which is saturated: \`${p.component.name}\` is saturated too`,
    );
  }
  return [...notes];
}

/** Below this utilisation no tier is named the bottleneck ("0% busy" names nothing). */
const MIN_BOTTLENECK = 0.005;

/**
 * The Evaluation: a result per flow (with its availability, fraction 0..1, by index) and per
 * tier, the busiest tier, what was taken down, and the notes.
 */
export function evaluation(ctx: Context, flows: readonly Flow[], availabilities: readonly number[], pools: Iterable<Pool>, samples: number): Evaluation {
  // One memo of fan-out draws for every flow: the waits are settled now.
  const fanouts = fanoutMemo(flows.filter((f) => !f.broken).map((f) => f.root));
  const flowResults = flows.map((p, i) => flowResult(ctx, p, availabilities[i]!, samples, fanouts));
  const tiers = tierResults(ctx, pools);
  // The busiest tier, when one is busy enough to be worth naming (at least half a percent).
  const busiest = [...tiers].filter((t) => t.rps > 0 && t.utilization >= MIN_BOTTLENECK).sort((a, b) => b.utilization - a.utilization)[0];
  return {
    flows: flowResults,
    tiers,
    ...(busiest ? { bottleneck: busiest.component } : {}),
    failed: [...ctx.failed].sort(),
    requested: [...(ctx.options.fail ?? [])],
    notes: [...truncationNotes(ctx.truncated), ...blockedNotes(pools)],
    figures: ctx.figures,
  };
}
