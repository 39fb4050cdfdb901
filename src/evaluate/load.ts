/**
 * Load: the rate of every flow and of every visit in it, the queue (pool) of every tier, the
 * arrival rate λ each pool gets, and each pool solved as an M/M/c queue.
 *
 * The workload's rps is split by client share, then into static (static_ratio), reads and writes
 * (read_ratio of the rest); each tier's arrival rate λ sums the rates of the visits that reach it.
 * A database's reads are served by its replicas (all nodes with multi-primary), its writes by the
 * primary (one node per shard). An edge's `rps` fixes the rate on that edge: a first pass derives
 * every edge's rate, and the second scales what goes through the edge by `rps` / derived.
 *
 * Each tier is an M/M/c queue: c servers (instances, or the database pool), service rate
 * μ = capacity (or 1/S), mean wait by Erlang C. ρ ≥ 1 means saturated: no finite latency.
 */
import type { Component, Edge, Model } from '../model/model.js';
import { capacity, coldStartOf, concurrency, serviceCs2, serviceTime } from './figures.js';
import { autoscaledInstances, running } from './failures.js';
import { tree } from './flows.js';
import { mmc } from './queueing.js';
import type { Context, Flow, FlowKind, Pool, Visit } from './types.js';

/** Share of the workload per client: given shares, the rest split evenly among clients without one. */
export function clientShares(clients: readonly Component[]): Map<string, number> {
  const given = clients.filter((c) => c.attrs.share !== undefined);
  const rest = clients.length - given.length;
  const left = Math.max(0, 1 - given.reduce((s, c) => s + c.attrs.share!, 0));
  return new Map(clients.map((c) => [c.name, c.attrs.share ?? (rest > 0 ? left / rest : 0)]));
}

/** The model's workload: requests per second, and fractions 0..1 of static requests and of reads. */
export interface Workload {
  rps: number;
  staticRatio: number;
  readRatio: number;
}

export function workloadOf(model: Model): Workload {
  return {
    rps: model.workload?.values.rps ?? 0,
    staticRatio: model.workload?.values.static_ratio ?? 0,
    readRatio: model.workload?.values.read_ratio ?? 1,
  };
}

/** The workload as one client sends it: its own `read_ratio` and `static_ratio` over the workload's. */
export function clientWorkload(w: Workload, client: Component): Workload {
  return { rps: w.rps, staticRatio: client.attrs.static_ratio ?? w.staticRatio, readRatio: client.attrs.read_ratio ?? w.readRatio };
}

/** The fraction (0..1) of all requests that are of `kind`. */
export function classRate(w: Workload, kind: FlowKind): number {
  return kind === 'static' ? w.staticRatio : kind === 'read' ? (1 - w.staticRatio) * w.readRatio : (1 - w.staticRatio) * (1 - w.readRatio);
}

/** Calls `each` for every visit with the rate reaching it (requests per second). */
export function walkRates(root: Visit, rate: number, each: (v: Visit, rate: number) => void): void {
  const go = (v: Visit, r: number) => {
    const here = r * v.probability * v.scale * v.fanout;
    each(v, here);
    if (v.split) v.children.forEach((child, i) => go(child, here * (v.weights[i] ?? 0)));
    else for (const child of v.children) go(child, here);
  };
  go(root, rate);
}

/**
 * The first pass of edge `rps` overrides: the rate the flows put on every edge (requests per
 * second, by edge id); sets the scale of each override edge that some flow crosses in
 * `ctx.edgeScale`, for the second pass.
 */
export function scaleEdges(ctx: Context, flows: readonly Flow[], overrides: readonly Edge[]): Map<number, number> {
  const edgeRates = new Map<number, number>();
  for (const p of flows) {
    if (p.broken) continue;
    walkRates(p.root, p.rate, (v, r) => {
      if (v.edge) edgeRates.set(v.edge.id, (edgeRates.get(v.edge.id) ?? 0) + r);
    });
  }
  for (const e of overrides) {
    const derived = edgeRates.get(e.id) ?? 0;
    if (derived > 0) ctx.edgeScale.set(e.id, e.rps! / derived);
  }
  return edgeRates;
}

/**
 * Servers per instance for a concurrency: the nearest whole number (at least 1; at most
 * MAX_CONCURRENCY, beyond which more servers change nothing a model can show).
 */
const MAX_CONCURRENCY = 10_000;
function serversPerInstance(k: number): number {
  return Math.min(MAX_CONCURRENCY, Math.max(1, Math.round(k)));
}

/**
 * How requests are spread over `c`'s instances: by the policy of the load balancer in front of it
 * (round robin unless it says otherwise; least connections is one pooled queue), or pooled when
 * no load balancer calls it (a caller's connection pool hands each request to a free connection).
 */
function policyOf(model: Model, c: Component): Pool['policy'] {
  for (const e of model.inEdges(c.name)) {
    const from = model.component(e.from)!;
    if (from.kind !== 'lb' || e.telemetry || e.replication !== undefined) continue;
    const policy = from.attrs.policy ?? 'round-robin';
    return policy === 'least-connections' ? 'pooled' : policy;
  }
  return 'pooled';
}

/** The pool of `c` serving `which` requests (a database has two), made on first use. */
function poolOf(ctx: Context, pools: Map<string, Pool>, c: Component, which: 'read' | 'write'): Pool {
  const key = c.kind === 'database' ? `${c.name}\u0000${which}` : c.name;
  let pool = pools.get(key);
  if (!pool) {
    let servers = running(ctx, c);
    if (c.kind === 'database') {
      const shards = c.attrs.shards ?? 1;
      const nodes = running(ctx, c);
      if (c.attrs.replication === 'multi-primary') servers = nodes * shards;
      else if (which === 'write') servers = shards;
      else servers = (nodes > 1 && c.attrs.replication !== 'none' ? nodes - 1 : nodes) * shards;
    }
    const serviceMs = serviceTime(ctx.figures, c);
    const perInstance = capacity(ctx.figures, c);
    // Each instance is `concurrency` servers of μ = capacity / concurrency (= 1 / latency when the
    // concurrency is a whole number): the tier is an M/M/(instances × concurrency) queue.
    const k = Number.isFinite(perInstance) ? serversPerInstance(concurrency(ctx.figures, c)) : 1;
    // A provider-scale tier (DNS, CDN) has no queue worth modelling: a rate no workload reaches.
    const mu = Number.isFinite(perInstance) ? perInstance / k : 1e12;
    const blocking = c.attrs.concurrency !== undefined && Number.isFinite(perInstance);
    pool = {
      component: c,
      instances: servers,
      concurrency: k,
      servers: servers * k,
      mu,
      serviceMs,
      lambda: 0,
      policy: policyOf(ctx.model, c),
      cs2: serviceCs2(ctx.figures, c),
      blocking,
    };
    const cold = coldStartOf(ctx.figures, c);
    if (cold) pool.coldStart = cold;
    if (blocking) pool.visits = [];
    pools.set(key, pool);
  }
  return pool;
}

/**
 * Load on every pool: each visit of a flow that is not broken gets the pool that serves it
 * (`served`) and adds its rate to the pool's λ. An edge with `rps` that no flow crosses (by
 * `edgeRates`, the first pass) is a producer of its own (a scheduler, a feed): its rate loads its
 * target and everything behind it. Unless its source is down, or is on the client flows that
 * broke (what-if): then that work is not being produced. The pools, in the order they were first
 * reached.
 */
export function loadPools(ctx: Context, flows: readonly Flow[], overrides: readonly Edge[], edgeRates: ReadonlyMap<number, number>): Map<string, Pool> {
  const pools = new Map<string, Pool>();
  const load = (v: Visit, r: number) => {
    if (v.component.kind === 'client' || ctx.failed.has(v.component.name)) return;
    v.served = poolOf(ctx, pools, v.component, v.pool);
    v.served.lambda += r;
    v.served.visits?.push({ visit: v, rate: r });
  };
  /** Components the flows that are served reach, and those only broken flows reach. */
  const served = new Set<string>();
  const lost = new Set<string>();
  for (const p of flows) {
    if (p.abandoned) walkRates(p.abandoned, p.rate, (v) => lost.add(v.component.name));
    if (p.broken) walkRates(p.root, p.rate, (v) => lost.add(v.component.name));
    else walkRates(p.root, p.rate, (v, r) => (served.add(v.component.name), load(v, r)));
  }
  for (const e of overrides) {
    if ((edgeRates.get(e.id) ?? 0) > 0 || ctx.failed.has(e.to) || ctx.failed.has(e.from)) continue;
    if (lost.has(e.from) && !served.has(e.from)) continue;
    const to = ctx.model.component(e.to)!;
    walkRates(tree(ctx, to, [], e.writes && !e.reads ? 'write' : 'read'), e.rps!, load);
  }
  return pools;
}

/**
 * Solves every pool's queue. An autoscaled tier first gets the instances its load needs
 * (`autoscaledInstances`, recorded in `ctx.instances`). Behind a round-robin or random load
 * balancer each instance has its own queue of `concurrency` servers at λ / instances, reached by
 * arrivals of squared variation 1/instances (every n-th of a Poisson stream) or 1 (a random
 * split); otherwise one queue of instances × concurrency servers. The mean wait is Erlang C's,
 * times (ca² + cs²) / 2 (Allen–Cunneen's G/G/c approximation, exact for M/M/c and, with one
 * server, for M/G/1); the probability of waiting stays Erlang C's, and the wait once waiting is
 * exponential with the mean that gives.
 */
export function solvePools(ctx: Context, pools: Iterable<Pool>): void {
  for (const pool of pools) {
    const c = pool.component;
    // A blocking pool's server is held for its hold time (blocking.ts), not just its own service.
    const mu = pool.holdMs !== undefined ? 1000 / pool.holdMs : pool.mu;
    const cs2 = pool.holdCs2 ?? pool.cs2;
    if (c.attrs.autoscale) {
      pool.instances = autoscaledInstances(ctx, c, pool.lambda, mu * pool.concurrency);
      ctx.instances.set(c.name, pool.instances);
    }
    pool.servers = pool.instances * pool.concurrency;
    const split = pool.policy !== 'pooled' && pool.instances > 1 && pool.mu < 1e11;
    const n = split ? pool.instances : 1;
    pool.ca2 = !split ? 1 : pool.policy === 'round-robin' ? 1 / n : 1;
    pool.queue = { lambda: pool.lambda / n, servers: split ? pool.concurrency : pool.servers, mu };
    pool.result = mmc(pool.queue);
    pool.markovian = pool.ca2 === 1 && cs2 === 1 && pool.holdMs === undefined;
    if (pool.blockedBy !== undefined) {
      // Every worker is held by requests waiting on a saturated tier: this one is full too.
      pool.result = { utilization: Math.max(1, pool.result.utilization), saturated: true, probabilityOfWait: 1, meanWait: Infinity, meanResponse: Infinity };
    }
    if (split && pool.policy === 'round-robin' && pool.concurrency === 1 && cs2 === 1 && pool.holdMs === undefined && !pool.result.saturated) {
      // Exact: each instance is an E_n/M/1 queue (every n-th arrival of a Poisson stream of rate
      // λ). GI/M/1: an arrival waits with probability σ, the root in (0, 1) of σ = A*(μ(1 − σ)),
      // A*(s) = (λ / (λ + s))^n the transform of its interarrival time, and then for an
      // exponential time of rate μ(1 − σ) (Gross and Harris, Fundamentals of Queueing Theory, §5.3).
      const sigma = giM1Sigma(pool.lambda, mu, n);
      pool.waitProbability = sigma;
      pool.waitRate = (mu * (1 - sigma)) / 1000;
      pool.waitMs = sigma / pool.waitRate;
      continue;
    }
    pool.waitMs = pool.result.meanWait * ((pool.ca2 + cs2) / 2) * 1000;
    pool.waitProbability = pool.result.probabilityOfWait;
    const r = (pool.queue.servers * mu - pool.queue.lambda) / 1000;
    pool.waitRate = pool.waitMs > 0 && pool.waitProbability > 0 ? pool.waitProbability / pool.waitMs : r;
  }
}

/**
 * σ of an E_n/M/1 queue fed every n-th arrival of a Poisson stream of rate `lambda` (per
 * second), served at `mu`: the fixed point of σ = (λ / (λ + μ(1 − σ)))^n in (0, 1), found by
 * iterating from 0 (the iteration rises monotonically to the root when λ/n < μ).
 */
function giM1Sigma(lambda: number, mu: number, n: number): number {
  let sigma = 0;
  for (let i = 0; i < 10_000; i++) {
    const next = (lambda / (lambda + mu * (1 - sigma))) ** n;
    if (Math.abs(next - sigma) < 1e-15) return next;
    sigma = next;
  }
  return sigma;
}

/**
 * Components on one `host` share its CPU: the host is one machine. Each pool's demand on it is
 * its arrival rate over what one instance serves (λ / (concurrency · μ)); a pool gets what the
 * other pools of the host leave, split between its own instances there, so its service rate and
 * time are scaled by (1 − the others' demand) / instances. A pool alone on its host with one
 * instance is unchanged; demands that add up past one machine saturate the host's tiers, each
 * getting the machine in proportion to its demand, so each is loaded to the total demand.
 */
export function shareHosts(pools: readonly Pool[]): void {
  const byHost = new Map<string, Pool[]>();
  for (const p of pools) {
    const host = p.component.attrs.host;
    if (host === undefined || p.mu >= 1e11) continue;
    const group = byHost.get(host);
    if (group) group.push(p);
    else byHost.set(host, [p]);
  }
  for (const group of byHost.values()) {
    const demand = group.map((p) => p.lambda / (p.concurrency * p.mu));
    const total = demand.reduce((s, d) => s + d, 0);
    group.forEach((p, i) => {
      p.hostDemand = total;
      // Below one machine, a pool gets what the others leave (ρ = d / (1 − others)); past it, the
      // machine is split in proportion to the demands (ρ = total for every pool): the two agree
      // at a total of one, and no pool's share is negative.
      const share = total < 1 ? 1 - (total - demand[i]!) : Math.max(1e-9, demand[i]!) / total;
      const factor = share / Math.max(1, p.instances);
      if (factor === 1) return;
      p.mu *= factor;
      p.serviceMs /= factor;
    });
  }
}
