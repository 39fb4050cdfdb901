/**
 * The evaluator: what a design will do under its workload — per client, the latency and
 * availability of its static, read and write flows; per tier, the load, utilisation and queueing
 * delay; with components or regions failed on request. The method is described in
 * docs/evaluator.md.
 *
 * Flows. From each client, a flow follows the edges that carry its kind of request (static:
 * `static` edges; reads: `reads` or unflagged edges; writes: `writes` or unflagged edges),
 * skipping DNS (resolutions are cached) and telemetry and replication edges, and a service's
 * session store is visited on every dynamic request. A client, a load balancer, a DNS and a CDN
 * send each request to one of their targets (alternatives, split evenly); every other component
 * calls all of its targets in turn. A look-aside cache makes the databases and object stores its
 * caller reads from visited only on a miss (probability 1 − hit ratio); a CDN goes to its origin
 * only on a miss. `async` edges end the synchronous flow: what lies behind them adds load but no
 * latency.
 *
 * Load. The workload's rps is split by client share, then into static (static_ratio), reads and
 * writes (read_ratio of the rest); each tier's arrival rate λ sums the rates of the visits that
 * reach it. A database's reads are served by its replicas (all nodes with multi-primary), its
 * writes by the primary (one node per shard). An edge's `rps` fixes the rate on that edge.
 *
 * Tiers. Each tier is an M/M/c queue: c servers (instances, or the database pool), service rate
 * μ = capacity (or 1/S), mean wait by Erlang C; a request's time in the tier is its own service
 * time S plus that wait. ρ ≥ 1 means saturated: no finite latency.
 *
 * Percentiles of a flow come from the distribution of the whole path: exact when the path has one
 * random tier, otherwise a Monte Carlo over the path with a fixed seed (deterministic output).
 */
import { isRequestEdge, type Component, type Edge, type Model } from '../model/model.js';
import { capacity, componentAvailability, figure, figuresFor, hitRatio, serviceTime, type Figures } from './figures.js';
import { mmc, responseQuantile, type MMc, type MMcResult } from './queueing.js';
import { fnv1a, mulberry32 } from './random.js';

export type FlowKind = 'static' | 'read' | 'write';

export interface FlowResult {
  client: string;
  kind: FlowKind;
  /** Components the flow visits, in the order it first reaches them (synchronous part). */
  path: string[];
  /** Requests per second of this flow. */
  rps: number;
  /** Milliseconds; `null` when a tier on the path is saturated or the flow is broken. */
  mean_ms: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  /** Fraction (0.9985, not 99.85). 0 when broken. */
  availability: number;
  broken?: true;
  /** Saturated tiers on the path. */
  saturated?: string[];
  /** The tier that adds the most latency (or a saturated one). */
  bottleneck?: string;
  /** Whether percentiles come from the Monte Carlo (else exact). */
  sampled: boolean;
  /** The client's own region failed over to another (what-if). */
  failover?: string;
}

export interface TierResult {
  component: string;
  /** Servers c: instances, or for a database the nodes that serve its traffic. */
  replicas: number;
  rps: number;
  utilization: number;
  /** Milliseconds; `null` when saturated. */
  wait_ms: number | null;
  response_ms: number | null;
  p99_ms: number | null;
  saturated: boolean;
}

export interface Evaluation {
  flows: FlowResult[];
  tiers: TierResult[];
  /** The tier with the highest utilisation. */
  bottleneck?: string;
  /** Components taken down (what-if), regions expanded. */
  failed: string[];
  /** The components and regions asked to be taken down, as given. */
  requested: string[];
  /** Things the reader should know (flows cut short, for example). */
  notes: string[];
  figures: Figures;
}

export interface EvaluateOptions {
  /** Components or regions to take down; `name:N` takes N instances of a component down. */
  fail?: readonly string[];
  /** Monte Carlo samples per flow at most (default 20,000; fewer on very large models, at least 500). */
  samples?: number;
  /** Kinds of flow whose p50 and p99 are wanted (default all); others get `null` percentiles. */
  quantiles?: ReadonlySet<FlowKind>;
  /** Whether each tier's p99 is wanted (default true; `null` otherwise). */
  tierQuantiles?: boolean;
  /**
   * Limits on p99 by kind of flow (a budget): a flow whose p99 provably meets its limit — by
   * Cantelli's inequality, p99 ≤ mean + √99·σ — is not sampled and gets `null` percentiles.
   */
  quantileLimits?: ReadonlyMap<FlowKind, number>;
}

/** A component visited by a flow, with the visits it makes in turn. */
interface Visit {
  component: Component;
  /** Network time of the hop into it, ms. */
  network: number;
  /** Probability it is visited when its parent is. */
  probability: number;
  /** Which pool of a database serves it. */
  pool: 'read' | 'write';
  /** Children are alternatives (one is chosen, by `weights`) rather than all called. */
  split: boolean;
  weights: number[];
  children: Visit[];
  /** Behind an async edge: adds load, not latency. */
  async: boolean;
  /** Scale applied to the rate through it (edge `rps` overrides). */
  scale: number;
  /** Alternatives left out because they are down (what-if). */
  dropped: number;
  /** The queue that serves it, once loads are known. */
  served?: Pool;
  edge: Edge | undefined;
}

/** A tier's queue; databases have a read pool and a write pool. */
interface Pool {
  component: Component;
  servers: number;
  mu: number;
  serviceMs: number;
  lambda: number;
  queue?: MMc;
  /** Solved once the load is known. */
  result?: MMcResult;
  /** Mean wait, ms. */
  waitMs?: number;
  /** Probability of waiting and the wait's exponential rate (per ms), for sampling. */
  waitProbability?: number;
  waitRate?: number;
}

const ALTERNATIVES = new Set(['client', 'lb', 'dns', 'cdn']);
const MAX_VISITS_PER_FLOW = 50_000;
/** Deeper paths are cut here (and said so): a request crossing 2,000 components is not a design. */
export const MAX_DEPTH = 2_000;

function carries(edge: Edge, kind: FlowKind): boolean {
  if (!isRequestEdge(edge)) return false;
  if (kind === 'static') return edge.static;
  const plain = !edge.reads && !edge.writes && !edge.static;
  return plain || (kind === 'read' ? edge.reads : edge.writes);
}

function isStore(c: Component): boolean {
  return c.kind === 'database' || c.kind === 'storage';
}

class Evaluator {
  private readonly figures: Figures;
  private readonly failed: Set<string>;
  private readonly pools = new Map<string, Pool>();
  /** Derived rate per edge id (first pass), for `rps` overrides. */
  private edgeRates = new Map<number, number>();
  private edgeScale = new Map<number, number>();
  /** Instances taken down by `--fail name:N`, by component. */
  private readonly lost = new Map<string, number>();
  /** Clients whose flows were cut at MAX_DEPTH or MAX_VISITS_PER_FLOW. */
  readonly truncated = new Set<string>();

  constructor(private readonly model: Model, private readonly options: EvaluateOptions) {
    this.figures = figuresFor(model);
    this.failed = new Set<string>();
    for (const target of options.fail ?? []) {
      const { name, instances } = parseFailure(target);
      const region = model.region(name);
      const component = model.component(name);
      if (region) {
        for (const c of region.components) if (model.component(c)!.kind !== 'client') this.failed.add(c);
      } else if (component && instances !== undefined && instances < component.attrs.replicas) {
        this.lost.set(name, (this.lost.get(name) ?? 0) + instances);
        if (this.lost.get(name)! >= component.attrs.replicas) this.failed.add(name);
      } else if (component) {
        this.failed.add(name);
      }
    }
  }

  /** Instances still running (what-if `name:N` takes N down). */
  private running(c: Component): number {
    return Math.max(1, c.attrs.replicas - (this.lost.get(c.name) ?? 0));
  }

  private network(from: Component, to: Component, edge: Edge | undefined): number {
    if (edge?.latency !== undefined) return edge.latency;
    const f = this.figures;
    if (to.kind === 'cdn') return figure(f, 'cdn_round_trip');
    const crossRegion = from.region !== undefined && to.region !== undefined && from.region !== to.region;
    if (from.kind === 'client') return figure(f, 'client_round_trip') + (crossRegion ? figure(f, 'region_round_trip') : 0);
    if (from.kind === 'cdn') return figure(f, 'client_round_trip');
    return crossRegion ? figure(f, 'region_round_trip') : figure(f, 'datacenter_round_trip');
  }

  /** The visit tree of one flow from `entryOwner` (a client) along `entries`. */
  /**
   * @param fromApp a static flow with no `static` edge from the client: the files come from the
   * application, reached along the read path, and the first service serves them.
   */
  private tree(client: Component, entries: readonly Edge[], kind: FlowKind, extraNetwork = 0, fromApp = false): Visit {
    let budget = MAX_VISITS_PER_FLOW;
    const onPath = new Set<string>([client.name]);
    const build = (c: Component, edge: Edge | undefined, from: Component | undefined, probability: number, async: boolean, pool: 'read' | 'write', depth: number): Visit => {
      budget--;
      const visit: Visit = {
        component: c,
        network: from ? this.network(from, c, edge) : 0,
        probability,
        pool,
        split: ALTERNATIVES.has(c.kind),
        weights: [],
        children: [],
        async,
        scale: edge ? (this.edgeScale.get(edge.id) ?? 1) : 1,
        dropped: 0,
        edge,
      };
      if (budget <= 0 || depth >= MAX_DEPTH) {
        this.truncated.add(client.name);
        return visit;
      }
      onPath.add(c.name);
      const out = (c.kind === 'client' ? entries : this.model.outEdges(c.name)).filter((e) => !onPath.has(e.to));
      const targets: { edge?: Edge; to: Component; async: boolean }[] = [];
      for (const e of out) {
        const to = this.model.component(e.to)!;
        if (to.kind === 'dns' || to.kind === 'monitoring') continue;
        if (c.kind === 'client') {
          if (isRequestEdge(e)) targets.push({ edge: e, to, async: async || e.async });
        } else if (e.async && !async) {
          // Which requests hand work off is not derivable from the workload: an async edge carries
          // load only when it says which kind of request uses it (`reads`, `writes`, `static`) or
          // how many (`rps`).
          const explicit = kind === 'static' ? e.static : kind === 'read' ? e.reads : e.writes;
          if (isRequestEdge(e) && (explicit || e.rps !== undefined)) targets.push({ edge: e, to, async: true });
        } else if (carries(e, kind) || (fromApp && c.kind !== 'service' && c.kind !== 'cdn' && carries(e, 'read'))) {
          targets.push({ edge: e, to, async: async || e.async });
        }
      }
      // A service reads its session store on every dynamic request.
      if (kind !== 'static' && c.attrs.sessions !== undefined && c.attrs.sessions !== 'local') {
        const store = this.model.component(c.attrs.sessions);
        if (store && !onPath.has(store.name) && !targets.some((t) => t.to === store)) targets.push({ to: store, async });
      }
      // Look-aside caches: the caller's stores are read only on a miss.
      let miss = 1;
      if (kind === 'read') {
        for (const t of targets) {
          if (t.to.kind === 'cache' && t.to.name !== c.attrs.sessions && !t.async) miss *= 1 - hitRatio(this.figures, t.to);
        }
      }
      const childPool: 'read' | 'write' = kind === 'write' ? 'write' : 'read';
      for (const t of targets) {
        if (visit.split && this.failed.has(t.to.name)) {
          visit.dropped++; // a failed alternative is skipped
          continue;
        }
        let p = 1;
        if (c.kind === 'cdn') p = 1 - hitRatio(this.figures, c);
        else if (c.kind === 'cache' && isStore(t.to) && kind === 'read') p = 1 - hitRatio(this.figures, c);
        else if (kind === 'read' && isStore(t.to)) p = miss;
        visit.children.push(build(t.to, t.edge, c, p, t.async, childPool, depth + 1));
      }
      if (visit.split) visit.weights = visit.children.map(() => 1 / Math.max(1, visit.children.length));
      onPath.delete(c.name);
      return visit;
    };
    const root = build(client, undefined, undefined, 1, false, kind === 'write' ? 'write' : 'read', 0);
    if (extraNetwork) for (const child of root.children) child.network += extraNetwork;
    return root;
  }

  private entries(client: Component, kind: FlowKind): Edge[] {
    return this.model.outEdges(client.name).filter((e) => {
      if (!isRequestEdge(e)) return false;
      const to = this.model.component(e.to)!;
      if (to.kind === 'dns' || to.kind === 'monitoring') return false;
      return kind === 'static' ? e.static : !e.static && to.kind !== 'cdn';
    });
  }

  /** Calls `each` for every visit with the rate reaching it (requests per second). */
  private walkRates(root: Visit, rate: number, each: (v: Visit, rate: number) => void): void {
    const go = (v: Visit, r: number) => {
      const here = r * v.probability * v.scale;
      each(v, here);
      if (v.split) v.children.forEach((child, i) => go(child, here * (v.weights[i] ?? 0)));
      else for (const child of v.children) go(child, here);
    };
    go(root, rate);
  }

  private pool(c: Component, which: 'read' | 'write'): Pool {
    const key = c.kind === 'database' ? `${c.name}\u0000${which}` : c.name;
    let pool = this.pools.get(key);
    if (!pool) {
      let servers = this.running(c);
      if (c.kind === 'database') {
        const shards = c.attrs.shards ?? 1;
        const nodes = this.running(c);
        if (c.attrs.replication === 'multi-primary') servers = nodes * shards;
        else if (which === 'write') servers = shards;
        else servers = (nodes > 1 && c.attrs.replication !== 'none' ? nodes - 1 : nodes) * shards;
      }
      const serviceMs = serviceTime(this.figures, c);
      const perInstance = capacity(this.figures, c);
      // A provider-scale tier (DNS, CDN) has no queue worth modelling: a rate no workload reaches.
      const mu = Number.isFinite(perInstance) ? perInstance : 1e12;
      pool = { component: c, servers, mu, serviceMs, lambda: 0 };
      this.pools.set(key, pool);
    }
    return pool;
  }

  run(): Evaluation {
    const model = this.model;
    const clients = model.components().filter((c) => c.kind === 'client');
    const rps = model.workload?.values.rps ?? 0;
    const staticRatio = model.workload?.values.static_ratio ?? 0;
    const readRatio = model.workload?.values.read_ratio ?? 1;
    const shares = clientShares(clients);
    const kinds: FlowKind[] = ['static', 'read', 'write'];
    const classRate = (kind: FlowKind) => (kind === 'static' ? staticRatio : kind === 'read' ? (1 - staticRatio) * readRatio : (1 - staticRatio) * (1 - readRatio));

    type Planned = { client: Component; kind: FlowKind; rate: number; root?: Visit; broken: boolean; failover?: string };
    const plan = (): Planned[] => {
      const out: Planned[] = [];
      for (const client of clients) {
        for (const kind of kinds) {
          const rate = rps * shares.get(client.name)! * classRate(kind);
          let entries = this.entries(client, kind);
          const fromApp = kind === 'static' && entries.length === 0 && staticRatio > 0;
          if (fromApp) entries = this.entries(client, 'read'); // served by the application itself
          if (entries.length === 0) continue;
          if (kind !== 'static' && classRate(kind) === 0 && rps > 0) continue;
          const root = this.tree(client, entries, kind, 0, fromApp);
          out.push({ client, kind, rate, root, broken: this.isBroken(root) });
        }
      }
      this.failover(out);
      return out;
    };

    // Pass 1: derived rates per edge (for `rps` overrides); pass 2: the real evaluation.
    let planned = plan();
    const overrides = model.edges().filter((e) => e.rps !== undefined);
    if (overrides.length > 0) {
      this.edgeRates = new Map();
      for (const p of planned) {
        if (p.broken || !p.root) continue;
        this.walkRates(p.root, p.rate, (v, r) => {
          if (v.edge) this.edgeRates.set(v.edge.id, (this.edgeRates.get(v.edge.id) ?? 0) + r);
        });
      }
      for (const e of overrides) {
        const derived = this.edgeRates.get(e.id) ?? 0;
        if (derived > 0) this.edgeScale.set(e.id, e.rps! / derived);
      }
      planned = plan();
    }

    // Load on every pool.
    for (const p of planned) {
      if (p.broken || !p.root) continue;
      this.walkRates(p.root, p.rate, (v, r) => {
        if (v.component.kind === 'client' || this.failed.has(v.component.name)) return;
        v.served = this.pool(v.component, v.pool);
        v.served.lambda += r;
      });
    }
    // An edge with `rps` that no flow crosses still loads its target.
    for (const e of overrides) {
      if ((this.edgeRates.get(e.id) ?? 0) === 0 && !this.failed.has(e.to)) {
        const to = model.component(e.to)!;
        this.pool(to, e.writes && !e.reads ? 'write' : 'read').lambda += e.rps!;
      }
    }
    for (const pool of this.pools.values()) {
      pool.queue = { lambda: pool.lambda, servers: pool.servers, mu: pool.mu };
      pool.result = mmc(pool.queue);
      pool.waitMs = pool.result.meanWait * 1000;
      pool.waitProbability = pool.result.probabilityOfWait;
      pool.waitRate = (pool.servers * pool.mu - pool.lambda) / 1000;
    }

    // With geo or latency routing, a client can be served by the other regions' entry points.
    const geo = model.components().some((c) => c.kind === 'dns' && (c.attrs.routing === 'geo' || c.attrs.routing === 'latency'));
    const pathAvailability = new Map(planned.map((p) => [p, p.broken || !p.root ? 0 : this.pathAvailability(p.root)]));
    const bestPerRegion = new Map<string, number>();
    for (const p of planned) {
      if (p.client.region === undefined || p.failover !== undefined) continue;
      const key = `${p.kind}\u0000${p.client.region}`;
      bestPerRegion.set(key, Math.max(bestPerRegion.get(key) ?? 0, pathAvailability.get(p)!));
    }
    // Per kind, the product of the regions' unavailabilities, to divide one region back out.
    const unavailable = new Map<string, { product: number; zeros: number }>();
    for (const [key, a] of bestPerRegion) {
      const kind = key.slice(0, key.indexOf('\u0000'));
      const entry = unavailable.get(kind) ?? { product: 1, zeros: 0 };
      if (1 - a === 0) entry.zeros++;
      else entry.product *= 1 - a;
      unavailable.set(kind, entry);
    }
    const othersOf = (p: Planned): number => {
      if (!geo || p.client.region === undefined) return 1;
      const own = bestPerRegion.get(`${p.kind}\u0000${p.client.region}`);
      const all = unavailable.get(p.kind)!;
      if (own === undefined) return all.zeros > 0 ? 0 : all.product;
      const q = 1 - own;
      if (q === 0) return all.zeros > 1 ? 0 : all.product;
      return all.zeros > 0 ? 0 : all.product / q;
    };
    // A budget of about four million sampled visits for the whole model keeps large models fast.
    let visits = 0;
    for (const p of planned) {
      if (p.root && !p.broken && (!this.options.quantiles || this.options.quantiles.has(p.kind))) this.walkRates(p.root, 1, (v) => (visits += v.async ? 0 : 1));
    }
    const cap = this.options.samples ?? 20_000;
    this.samplesPerFlow = Math.max(Math.min(cap, 500), Math.min(cap, Math.floor(3e6 / Math.max(1, visits))));
    const flows = planned.map((p) => this.flowResult(p.client, p.kind, p.rate, p.root!, p.broken, p.failover, othersOf(p), pathAvailability.get(p)!));
    const tiers = this.tierResults();
    const busiest = [...tiers].filter((t) => t.rps > 0).sort((a, b) => b.utilization - a.utilization)[0];
    return {
      flows,
      tiers,
      ...(busiest ? { bottleneck: busiest.component } : {}),
      failed: [...this.failed].sort(),
      requested: [...(this.options.fail ?? [])],
      notes: [...this.truncated].sort().map((c) => `the flows of \`${c}\` pass more than ${MAX_DEPTH.toLocaleString('en-US')} components or ${MAX_VISITS_PER_FLOW.toLocaleString('en-US')} visits and were evaluated only that far`),
      figures: this.figures,
    };
  }

  /** A flow is broken when a component it needs is down (failed alternatives were already dropped). */
  private isBroken(root: Visit): boolean {
    const broken = (v: Visit): boolean => {
      if (v.async) return false;
      if (this.failed.has(v.component.name)) return true;
      if (v.split) return v.dropped > 0 ? v.children.every(broken) : v.children.length > 0 && v.children.every(broken);
      return v.children.some(broken);
    };
    return broken(root);
  }

  /**
   * With a geo- or latency-routed DNS, a client whose flow is broken is sent to another region:
   * it takes the flow of a client there, one region round trip further away.
   */
  private failover(planned: { client: Component; kind: FlowKind; root?: Visit; broken: boolean; failover?: string }[]): void {
    const geo = this.model.components().some((c) => c.kind === 'dns' && (c.attrs.routing === 'geo' || c.attrs.routing === 'latency'));
    if (!geo || this.failed.size === 0) return;
    for (const p of planned) {
      if (!p.broken) continue;
      const donor = planned.find((q) => q.kind === p.kind && !q.broken && q.client.region !== p.client.region && q.failover === undefined);
      if (!donor) continue;
      const entries = this.entries(donor.client, p.kind);
      p.root = this.tree(p.client, entries, p.kind, figure(this.figures, 'region_round_trip'));
      p.broken = this.isBroken(p.root);
      p.failover = donor.client.region ?? donor.client.name;
    }
  }

  private tierResults(): TierResult[] {
    const byComponent = new Map<string, Pool[]>();
    for (const pool of this.pools.values()) {
      const list = byComponent.get(pool.component.name) ?? [];
      list.push(pool);
      byComponent.set(pool.component.name, list);
    }
    const out: TierResult[] = [];
    for (const c of this.model.components()) {
      const pools = byComponent.get(c.name);
      if (!pools) continue;
      const total = pools.reduce((s, p) => s + p.lambda, 0);
      const results = pools.map((p) => ({ p, r: p.result! }));
      const saturated = results.some((x) => x.r.saturated);
      const weighted = (f: (x: (typeof results)[number]) => number) =>
        total > 0 ? results.reduce((s, x) => s + (x.p.lambda / total) * f(x), 0) : f(results[0]!);
      out.push({
        component: c.name,
        replicas: c.kind === 'database' ? this.running(c) * (c.attrs.shards ?? 1) : pools[0]!.servers,
        rps: total,
        utilization: Math.max(...results.map((x) => x.r.utilization)),
        wait_ms: saturated ? null : weighted((x) => x.r.meanWait * 1000),
        response_ms: saturated ? null : weighted((x) => x.r.meanWait * 1000 + x.p.serviceMs),
        p99_ms: saturated || this.options.tierQuantiles === false ? null : Math.max(...results.map((x) => responseQuantile(x.p.queue!, x.p.serviceMs / 1000, 0.99) * 1000)),
        saturated,
      });
    }
    return out;
  }

  private flowResult(client: Component, kind: FlowKind, rate: number, root: Visit, broken: boolean, failover: string | undefined, othersDown: number, own: number): FlowResult {
    const path: string[] = [];
    const seen = new Set<string>();
    const saturated = new Set<string>();
    let randomTiers = 0;
    let branching = false;
    const walk = (v: Visit) => {
      if (v.async) return;
      if (!seen.has(v.component.name)) {
        seen.add(v.component.name);
        path.push(v.component.name);
      }
      if (v.component.kind !== 'client') {
        const pool = v.served;
        if (pool && pool.result!.saturated) saturated.add(v.component.name);
        if (pool && pool.serviceMs > 0) randomTiers++;
      }
      if (v.probability < 1 || (v.split && v.children.length > 1)) branching = true;
      for (const child of v.children) walk(child);
    };
    walk(root);
    const base = { client: client.name, kind, path, rps: rate, ...(failover ? { failover } : {}) };
    if (broken) return { ...base, mean_ms: null, p50_ms: null, p99_ms: null, availability: 0, broken: true, sampled: false };
    const availability = this.availability(client, own, othersDown);
    if (saturated.size > 0) {
      const list = [...saturated];
      return { ...base, mean_ms: null, p50_ms: null, p99_ms: null, availability, saturated: list, bottleneck: list[0]!, sampled: false };
    }
    // Mean: exact, by expectation over the tree; and the tier that contributes most.
    const contribution = new Map<string, number>();
    const mean = (v: Visit, weight: number): number => {
      if (v.async) return 0;
      let own = v.network;
      if (v.component.kind !== 'client') {
        const pool = this.poolOf(v);
        const inTier = pool ? pool.serviceMs + pool.waitMs! : 0;
        own += inTier;
        // The bottleneck is the tier that spends the most time on the flow's requests (network excluded).
        contribution.set(v.component.name, (contribution.get(v.component.name) ?? 0) + weight * inTier);
      }
      let total = own;
      v.children.forEach((c, i) => {
        const w = (v.split ? (v.weights[i] ?? 0) : 1) * c.probability;
        total += w * mean(c, weight * w);
      });
      return total;
    };
    const meanMs = mean(root, 1);
    const bottleneck = [...contribution].sort((a, b) => b[1] - a[1])[0]?.[0];
    let p50: number;
    let p99: number;
    let sampled = false;
    const limit = this.options.quantileLimits?.get(kind);
    if (this.options.quantiles && !this.options.quantiles.has(kind)) {
      p50 = p99 = NaN;
    } else if (limit !== undefined && meanMs + Math.sqrt(99) * Math.sqrt(this.variance(root)) <= limit) {
      p50 = p99 = NaN;
    } else if (randomTiers <= 1 && !branching) {
      const tier = this.firstRandomPool(root);
      const network = this.totalNetwork(root);
      if (tier) {
        p50 = network + responseQuantile(tier.queue!, tier.serviceMs / 1000, 0.5) * 1000;
        p99 = network + responseQuantile(tier.queue!, tier.serviceMs / 1000, 0.99) * 1000;
      } else {
        p50 = p99 = network;
      }
    } else {
      sampled = true;
      [p50, p99] = this.sampleQuantiles(root, kind);
    }
    const known = (x: number) => (Number.isNaN(x) ? null : x);
    return { ...base, mean_ms: meanMs, p50_ms: known(p50), p99_ms: known(p99), availability, ...(bottleneck ? { bottleneck } : {}), sampled };
  }

  /**
   * Variance of the flow's time (ms²), exactly: a tier's time is S + Wq with S exponential and Wq
   * zero or exponential; a visit made with probability p is a Bernoulli mixture; alternatives a
   * mixture; everything else independent and summed.
   */
  private variance(root: Visit): number {
    // Returns [E[T], E[T²]] of a visit's subtree.
    const moments = (v: Visit): [number, number] => {
      if (v.async) return [0, 0];
      let m1 = v.network;
      let variance = 0;
      const pool = v.component.kind === 'client' ? undefined : this.poolOf(v);
      if (pool) {
        const s = pool.serviceMs;
        const c = pool.waitProbability!;
        const r = pool.waitRate!;
        const w1 = r > 0 ? c / r : 0;
        const w2 = r > 0 ? (2 * c) / (r * r) : 0;
        m1 += s + w1;
        variance += s * s + (w2 - w1 * w1);
      }
      if (v.split) {
        let e1 = 0;
        let e2 = 0;
        v.children.forEach((child, i) => {
          const w = (v.weights[i] ?? 0) * child.probability;
          const [c1, c2] = moments(child);
          e1 += w * c1;
          e2 += w * c2;
        });
        m1 += e1;
        variance += e2 - e1 * e1;
      } else {
        for (const child of v.children) {
          const p = child.probability;
          const [c1, c2] = moments(child);
          m1 += p * c1;
          variance += p * c2 - p * p * c1 * c1;
        }
      }
      return [m1, variance + m1 * m1];
    };
    const [m1, m2] = moments(root);
    return Math.max(0, m2 - m1 * m1);
  }

  private poolOf(v: Visit): Pool | undefined {
    return v.served;
  }

  private firstRandomPool(root: Visit): Pool | undefined {
    let found: Pool | undefined;
    const walk = (v: Visit) => {
      if (v.async || found) return;
      const pool = v.component.kind === 'client' ? undefined : this.poolOf(v);
      if (pool && pool.serviceMs > 0) found = pool;
      for (const c of v.children) walk(c);
    };
    walk(root);
    return found;
  }

  private totalNetwork(root: Visit): number {
    let total = 0;
    const walk = (v: Visit) => {
      if (v.async) return;
      total += v.network;
      for (const c of v.children) walk(c);
    };
    walk(root);
    return total;
  }

  /** Monte Carlo samples per flow: 20,000, fewer when the model has very many flows, at least 500. */
  private samplesPerFlow = 20_000;

  private sampleQuantiles(root: Visit, key: string): [number, number] {
    const n = this.samplesPerFlow;
    // One fixed seed per kind of flow: flows of the same shape get the same figures.
    const random = mulberry32(fnv1a(key));
    const sample = (v: Visit): number => {
      if (v.async) return 0;
      let t = v.network;
      if (v.component.kind !== 'client') {
        const pool = this.poolOf(v);
        if (pool && pool.serviceMs > 0) {
          // T = S + Wq: S exponential with the tier's service time, Wq zero or exponential (M/M/c).
          t -= pool.serviceMs * Math.log(random());
          if (random() < pool.waitProbability!) t -= Math.log(random()) / pool.waitRate!;
        }
      }
      if (v.split) {
        if (v.children.length > 0) {
          let u = random();
          let chosen = v.children[v.children.length - 1]!;
          for (let i = 0; i < v.children.length; i++) {
            u -= v.weights[i] ?? 0;
            if (u <= 0) {
              chosen = v.children[i]!;
              break;
            }
          }
          if (chosen.probability >= 1 || random() < chosen.probability) t += sample(chosen);
        }
      } else {
        for (const c of v.children) if (c.probability >= 1 || random() < c.probability) t += sample(c);
      }
      return t;
    };
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = sample(root);
    values.sort();
    const at = (p: number) => values[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
    return [at(0.5), at(0.99)];
  }

  /** Availability of one component: n instances fail over (1 − (1 − a)^n); a managed one is as good as its provider. */
  private readonly availabilityOf = new Map<Component, number>();

  private tierAvailability(c: Component): number {
    let known = this.availabilityOf.get(c);
    if (known === undefined) this.availabilityOf.set(c, (known = this.computeTierAvailability(c)));
    return known;
  }

  private computeTierAvailability(c: Component): number {
    if (this.failed.has(c.name)) return 0;
    return componentAvailability(this.figures, c, this.running(c));
  }

  /**
   * The share of a flow's requests that succeed: components in series; a visit made with
   * probability p (a cache miss) only matters for that share; alternatives in parallel; a CDN
   * with `fallback: origin` lets clients reach the origin when the CDN is down.
   */
  private pathAvailability(root: Visit): number {
    const of = (v: Visit): number => {
      if (v.async) return 1;
      const own = this.tierAvailability(v.component);
      const needed = (c: Visit) => 1 - c.probability + c.probability * of(c);
      let below = 1;
      if (v.split && v.children.length > 0) below = 1 - v.children.reduce((q, c) => q * (1 - needed(c)), 1);
      else for (const c of v.children) below *= needed(c);
      if (v.component.kind === 'cdn' && v.component.attrs.fallback === 'origin' && v.children.length > 0) {
        const direct = v.children.reduce((q, c) => q * (1 - of(c)), 1);
        return own * below + (1 - own) * (1 - direct);
      }
      return own * below;
    };
    return of(root);
  }

  /** The client's DNS in series; with geo or latency routing, the same flow of clients in other regions in parallel. */
  /** `othersDown`: the probability that every other region's equivalent flow is down too (1 without geo routing). */
  private availability(client: Component, own: number, othersDown: number): number {
    let dns = 1;
    for (const e of this.model.outEdges(client.name)) {
      const to = this.model.component(e.to)!;
      if (to.kind === 'dns') dns *= this.tierAvailability(to);
    }
    return dns * (1 - (1 - own) * othersDown);
  }
}

/** `web` (the component or region) or `web:2` (two of its instances). */
export function parseFailure(target: string): { name: string; instances?: number } {
  const m = /^(.*):(\d+)$/.exec(target);
  return m ? { name: m[1]!, instances: Number(m[2]) } : { name: target };
}

/** Share of the workload per client: given shares, the rest split evenly among clients without one. */
export function clientShares(clients: readonly Component[]): Map<string, number> {
  const given = clients.filter((c) => c.attrs.share !== undefined);
  const rest = clients.length - given.length;
  const left = Math.max(0, 1 - given.reduce((s, c) => s + c.attrs.share!, 0));
  return new Map(clients.map((c) => [c.name, c.attrs.share ?? (rest > 0 ? left / rest : 0)]));
}

export function evaluate(model: Model, options: EvaluateOptions = {}): Evaluation {
  return new Evaluator(model, options).run();
}

const forCheck = new WeakMap<Model, Evaluation>();

/**
 * The evaluation `archlint check`'s rules share (one per model): percentiles only for the kinds
 * of flow the model's budget limits, and only for flows that might exceed their limit.
 */
export function evaluateForCheck(model: Model): Evaluation {
  let result = forCheck.get(model);
  if (!result) {
    const budget = model.budget?.values ?? {};
    const quantiles = new Set<FlowKind>();
    const quantileLimits = new Map<FlowKind, number>();
    for (const [kind, key] of [['read', 'read_p99'], ['write', 'write_p99'], ['static', 'static_p99']] as const) {
      const limit = budget[key];
      if (limit === undefined) continue;
      quantiles.add(kind);
      quantileLimits.set(kind, limit);
    }
    result = evaluate(model, { quantiles, quantileLimits, tierQuantiles: false });
    forCheck.set(model, result);
  }
  return result;
}
