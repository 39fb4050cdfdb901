/**
 * The evaluator's types: what it returns (FlowResult, TierResult, Evaluation, re-exported by
 * evaluate.ts), what it is asked (EvaluateOptions), and what its stages hand each other — the
 * visit tree of a flow (Visit), the queue of a tier (Pool), a planned flow (Flow) and the context
 * of one evaluation (Context).
 */
import type { Component, Edge, Model } from '../model/model.js';
import type { Figures } from './figures.js';
import type { MMc, MMcResult } from './queueing.js';

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
  /** The `host` it runs on, when it names one. */
  host?: string;
  /**
   * On a host: the share of that one machine everything on it needs together (the sum of each
   * tier's load over what one of its instances serves); above 1 the host cannot keep up.
   */
  host_demand?: number;
  /** For an autoscaled tier, its range: `replicas` is then the instances it runs at this load. */
  autoscale?: { min: number; max: number };
  /**
   * For a tier whose workers wait on their calls (`concurrency` written): milliseconds a worker is
   * held per request, its own service time and its synchronous calls; `null` when that is unbounded.
   */
  hold_ms?: number | null;
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
  /**
   * When flows failed over (what-if): the moment after, while the caches of the regions that took
   * the traffic do not yet hold the moved users' data (their reads all miss). The evaluation
   * itself is the steady state, once those caches have warmed up.
   */
  afterFailover?: Omit<Evaluation, 'figures' | 'afterFailover'>;
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
  /** Evaluate the moment after a failover: the moved flows' look-aside caches miss every read. */
  coldFailover?: boolean;
  /**
   * Instances each autoscaled tier ran before anything failed: at the moment after a failover it
   * still runs them (less any taken down), the autoscaler not having caught up yet.
   */
  runningBefore?: ReadonlyMap<string, number>;
}

/** A component visited by a flow, with the visits it makes in turn. */
export interface Visit {
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
  /** Reached along an `optional` edge: its failure degrades the answer and does not fail the flow. */
  optional?: true;
  /** Scale applied to the rate through it (edge `rps` overrides). */
  scale: number;
  /** Calls made to it at once per visit of its parent (edge `fanout`); the parent waits for the slowest. */
  fanout: number;
  /** Alternatives left out because they are down (what-if). */
  dropped: number;
  /**
   * A read's look-aside cache (`cache`: `optional` when a miss is all its failure costs, that is
   * when it is not also the session store) or a store read only when the caches miss (`store`).
   */
  lookAside?: 'cache' | 'optional-cache' | 'store';
  /** The queue that serves it, once loads are known. */
  served?: Pool;
  edge: Edge | undefined;
}

/** A tier's queue; databases have a read pool and a write pool. */
export interface Pool {
  component: Component;
  /** Instances (for a database: the nodes that serve this pool). */
  instances: number;
  /** Requests one instance serves at once, as a whole number of servers (1 for provider-scale tiers). */
  concurrency: number;
  /** Servers c of the queue: instances × concurrency. */
  servers: number;
  /** Service rate per server, requests per second: one instance's capacity / concurrency. */
  mu: number;
  /**
   * How requests reach the instances: `pooled` (one queue for them all: least connections, or a
   * caller's connection pool) or a load balancer's `round-robin` or `random` (a queue per instance).
   */
  policy: 'pooled' | 'round-robin' | 'random';
  /** Squared coefficient of variation of the service time (1 exponential). */
  cs2: number;
  /**
   * A function's cold starts: the share of its invocations that pay `ms` on top of a warm time of
   * mean `warmMs` and squared variation `warmCs2` (`serviceMs` and `cs2` are the moments of the two).
   */
  coldStart?: { share: number; ms: number; warmMs: number; warmCs2: number };
  /**
   * Whether a server (a worker) is held while the request's synchronous calls are made: the
   * component's `concurrency` is written (a pool of workers), see blocking.ts.
   */
  blocking: boolean;
  /** A blocking pool's visits and the rate of each (requests per second), to find its hold time. */
  visits?: { visit: Visit; rate: number }[];
  /** A blocking pool: milliseconds a server is held per request (its own service plus its calls). */
  holdMs?: number;
  /** A blocking pool: squared coefficient of variation of the hold time, for the queue. */
  holdCs2?: number;
  /** A blocking pool saturated because a tier it waits for is. */
  blockedBy?: string;
  /** Squared coefficient of variation of the arrivals at each queue (1 Poisson; 1/n round robin over n). */
  ca2?: number;
  /** Whether the queue is exactly M/M/c (Poisson arrivals, exponential service): its closed forms apply. */
  markovian?: boolean;
  /** Milliseconds one request spends being served. */
  serviceMs: number;
  /** Arrival rate, requests per second. */
  lambda: number;
  queue?: MMc;
  /** Solved once the load is known. */
  result?: MMcResult;
  /** On a host: the share of the machine its tiers need together (load.ts, shareHosts). */
  hostDemand?: number;
  /** Mean wait, ms. */
  waitMs?: number;
  /** Probability of waiting and the wait's exponential rate (per ms), for sampling. */
  waitProbability?: number;
  waitRate?: number;
}

/** One flow to evaluate: a client's static, read or write requests, and the tree they visit. */
export interface Flow {
  client: Component;
  kind: FlowKind;
  /** Requests per second. */
  rate: number;
  root: Visit;
  /** A component the flow needs is down (what-if). */
  broken: boolean;
  /** The region (or client) whose flow this client took over (what-if, geo routing). */
  failover?: string;
  /** The tree the flow had before it failed over: what it reached there no longer gets its traffic. */
  abandoned?: Visit;
}

/** What the stages of one evaluation share. */
export interface Context {
  readonly model: Model;
  readonly options: EvaluateOptions;
  readonly figures: Figures;
  /** Components taken down (what-if), regions expanded. */
  readonly failed: ReadonlySet<string>;
  /** Instances taken down by `--fail name:N`, by component. */
  readonly lost: ReadonlyMap<string, number>;
  /** Scale per edge id applied to the rate through it (edge `rps` overrides); set between the two passes. */
  readonly edgeScale: Map<number, number>;
  /** Clients whose flows were cut at MAX_DEPTH or MAX_VISITS_PER_FLOW. */
  readonly truncated: Set<string>;
  /** Instances each autoscaled tier runs at the evaluated load; set when the pools are solved. */
  readonly instances: Map<string, number>;
}
