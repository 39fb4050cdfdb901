/**
 * Percentiles: a flow's mean time and its bottleneck, exactly, by expectation over its tree; its
 * p50 and p99 from the distribution of the whole path — exact when the path has one random tier
 * and no branching, otherwise a Monte Carlo over the path with a fixed seed (deterministic
 * output). A tier's time is T = S + Wq: its service time S exponential, its wait Wq zero or
 * exponential (M/M/c). Every time here is in milliseconds.
 */
import { mixtureQuantile, responseQuantile } from './queueing.js';
import { fnv1a, mulberry32 } from './random.js';
import { drawVisit, fanoutMemo, fanoutMoments, tierSample, type FanoutMemo } from './sampling.js';
import type { EvaluateOptions, Flow, FlowKind, Pool, Visit } from './types.js';

/** The tier serving a visit, once loads are known (none for a client). */
function poolOf(v: Visit): Pool | undefined {
  return v.served;
}

/**
 * The flow's mean time (ms), exact, by expectation over the tree; and the bottleneck, the tier
 * that spends the most time on the flow's requests (network excluded).
 */
export function meanAndBottleneck(root: Visit, fanouts: FanoutMemo = fanoutMemo([root])): { meanMs: number; bottleneck: string | undefined } {
  const contribution = new Map<string, number>();
  const mean = (v: Visit, weight: number): number => {
    if (v.async) return 0;
    let own = v.network;
    if (v.component.kind !== 'client') {
      const pool = poolOf(v);
      const inTier = pool ? pool.serviceMs + pool.waitMs! : 0;
      own += inTier;
      contribution.set(v.component.name, (contribution.get(v.component.name) ?? 0) + weight * inTier);
    }
    let total = own;
    v.children.forEach((c, i) => {
      const w = (v.split ? (v.weights[i] ?? 0) : 1) * c.probability;
      const single = mean(c, weight * w);
      // Calls made at once: the caller waits for the slowest.
      total += w * (c.fanout > 1 ? fanoutMoments(c, fanouts, false)[0] : single);
    });
    return total;
  };
  const meanMs = mean(root, 1);
  const bottleneck = [...contribution].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { meanMs, bottleneck };
}

/** What one pass over a flow's visits keeps: each visit's moments, and each fanned-out visit's draws. */
export interface Memo {
  moments: Map<Visit, [number, number]>;
  fanouts: FanoutMemo;
}

export const newMemo = (fanouts: FanoutMemo): Memo => ({ moments: new Map(), fanouts });

/**
 * [E[T], E[T²]] (ms, ms²) of the time a visit's calls take: each child's subtree made with its
 * probability (a Bernoulli mixture), or one of the alternatives (a mixture), the rest
 * independent and summed. Async calls take no time.
 */
export function callMoments(v: Visit, memo: Memo): [number, number] {
  let m1 = 0;
  let variance = 0;
  if (v.split) {
    let e1 = 0;
    let e2 = 0;
    v.children.forEach((child, i) => {
      const w = (v.weights[i] ?? 0) * child.probability;
      if (w === 0) return;
      const [c1, c2] = callOf(child, memo);
      e1 += w * c1;
      e2 += w * c2;
    });
    m1 = e1;
    variance = e2 - e1 * e1;
  } else {
    for (const child of v.children) {
      const p = child.probability;
      if (p === 0) continue;
      const [c1, c2] = callOf(child, memo);
      m1 += p * c1;
      variance += p * c2 - p * p * c1 * c1;
    }
  }
  return [m1, variance + m1 * m1];
}

/**
 * [E[T], E[T²]] of a visit's subtree (ms, ms²), exactly: the hop's network time, the tier's
 * S + Wq (S of the tier's mean and variation, Wq zero or exponential once waiting), and its calls.
 * Infinite through a saturated tier. `memo` keeps what was found per visit.
 */
export function visitMoments(v: Visit, memo: Memo): [number, number] {
  if (v.async) return [0, 0];
  const known = memo.moments.get(v);
  if (known) return known;
  let m1 = v.network;
  let variance = 0;
  const pool = v.component.kind === 'client' ? undefined : poolOf(v);
  if (pool?.result?.saturated) return [Infinity, Infinity];
  if (pool) {
    const s = pool.serviceMs;
    const c = pool.waitProbability!;
    const r = pool.waitRate!;
    const w1 = r > 0 ? c / r : 0;
    const w2 = r > 0 ? (2 * c) / (r * r) : 0;
    m1 += s + w1;
    variance += pool.cs2 * s * s + (w2 - w1 * w1);
  }
  const [k1, k2] = callMoments(v, memo);
  m1 += k1;
  variance += k2 - k1 * k1;
  const moments: [number, number] = [m1, variance + m1 * m1];
  memo.moments.set(v, moments);
  return moments;
}

/** The moments of a call to `child`: of its subtree, or of the slowest of its fanned-out calls. */
function callOf(child: Visit, memo: Memo): [number, number] {
  const single = visitMoments(child, memo);
  return child.fanout > 1 ? fanoutMoments(child, memo.fanouts, !Number.isFinite(single[0])) : single;
}

/** Variance of the flow's time (ms²), exactly (but for fan-outs, whose moments come from their draws). */
function variance(root: Visit, fanouts: FanoutMemo): number {
  const [m1, m2] = visitMoments(root, newMemo(fanouts));
  return Math.max(0, m2 - m1 * m1);
}

function firstRandomPool(root: Visit): Pool | undefined {
  let found: Pool | undefined;
  const walk = (v: Visit) => {
    if (v.async || found) return;
    const pool = v.component.kind === 'client' ? undefined : poolOf(v);
    if (pool && pool.serviceMs > 0) found = pool;
    for (const c of v.children) walk(c);
  };
  walk(root);
  return found;
}

/** Network time of the whole synchronous tree, ms. */
function totalNetwork(root: Visit): number {
  let total = 0;
  const walk = (v: Visit) => {
    if (v.async) return;
    total += v.network;
    for (const c of v.children) walk(c);
  };
  walk(root);
  return total;
}

/**
 * Monte Carlo samples per flow: at most `options.samples` (20,000 by default), fewer when the
 * model has very many flows — a budget of about three million sampled visits for the whole model
 * keeps large models fast — but at least 500 (or the cap, if lower). Counts the synchronous visits
 * of the flows whose percentiles are wanted.
 */
export function samplesPerFlow(options: EvaluateOptions, flows: readonly Flow[]): number {
  let visits = 0;
  const count = (v: Visit) => {
    visits += v.async ? 0 : 1;
    for (const child of v.children) count(child);
  };
  for (const p of flows) {
    if (!p.broken && (!options.quantiles || options.quantiles.has(p.kind))) count(p.root);
  }
  const cap = options.samples ?? 20_000;
  return Math.max(Math.min(cap, 500), Math.min(cap, Math.floor(3e6 / Math.max(1, visits))));
}

/** The p99 of a tier's time (ms), from `n` draws with a seed of its own, for queues without a closed form. */
export function sampledTierQuantile(pool: Pool, p: number, n = 20_000): number {
  const random = mulberry32(fnv1a(pool.component.name));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = tierSample(random, pool);
  values.sort();
  return values[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
}

/** p50 and p99 (ms) of `n` samples of the flow's time. */
function sampleQuantiles(root: Visit, key: string, n: number, fanouts: FanoutMemo): [number, number] {
  // One fixed seed per kind of flow: flows of the same shape get the same figures.
  const random = mulberry32(fnv1a(key));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = drawVisit(random, root, fanouts);
  values.sort();
  const at = (p: number) => values[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  return [at(0.5), at(0.99)];
}

/**
 * A flow's p50 and p99 (ms), `null` when not wanted (its kind is not in `options.quantiles`, or
 * Cantelli's inequality shows its p99 within the limit); exact when `exact` (at most one random
 * tier, no branching), otherwise sampled (`samples` draws).
 */
export function flowQuantiles(
  options: EvaluateOptions,
  root: Visit,
  kind: FlowKind,
  meanMs: number,
  exact: boolean,
  samples: number,
  fanouts: FanoutMemo = fanoutMemo([root]),
): { p50_ms: number | null; p99_ms: number | null; sampled: boolean } {
  let p50: number;
  let p99: number;
  let sampled = false;
  // The one random tier of an exact path: its closed form gives the quantiles.
  const tier = exact ? firstRandomPool(root) : undefined;
  const limit = options.quantileLimits?.get(kind);
  if (options.quantiles && !options.quantiles.has(kind)) {
    p50 = p99 = NaN;
  } else if (limit !== undefined && meanMs + Math.sqrt(99) * Math.sqrt(variance(root, fanouts)) <= limit) {
    p50 = p99 = NaN;
  } else if (exact && (tier?.cs2 ?? 1) === 1) {
    // One random tier with exponential service: T = S + W in closed form (M/M/c, or the G/G/c
    // approximation's probability and rate of waiting).
    const network = totalNetwork(root);
    if (tier) {
      const quantile = (p: number) =>
        tier.markovian || !(tier.waitRate! > 0)
          ? responseQuantile(tier.queue!, tier.serviceMs / 1000, p)
          : mixtureQuantile(tier.waitProbability!, tier.waitRate! * 1000, tier.serviceMs / 1000, p);
      p50 = network + quantile(0.5) * 1000;
      p99 = network + quantile(0.99) * 1000;
    } else {
      p50 = p99 = network;
    }
  } else {
    sampled = true;
    [p50, p99] = sampleQuantiles(root, kind, samples, fanouts);
  }
  const known = (x: number) => (Number.isNaN(x) ? null : x);
  return { p50_ms: known(p50), p99_ms: known(p99), sampled };
}
