/**
 * A second opinion: a discrete-event simulation of the same model the analytic evaluator solves
 * (`archlint eval --simulate`), and the oracle its tests hold the evaluator to.
 *
 * Requests arrive per client flow as Poisson streams at the flow's rate (one superposed stream, each
 * arrival given to a flow in proportion to its rate). Each request draws its way through the flow's
 * tree as the evaluator builds it: a cache hit or miss with its probability, one alternative of a
 * load balancer (or CDN, DNS, client) by its weight, every other target in turn. At each tier it
 * queues, first come first served, for a server: behind a round-robin or random load balancer, one
 * of its instance's `concurrency` servers (the instance chosen in turn, or at random); otherwise
 * one of the tier's instances × concurrency (least connections, connection pools). It holds the
 * server for a service time of the tier's mean and variation (`latency_cv`: exponential at 1,
 * gamma otherwise), and goes on after the hop's network time. A blocking tier (its `concurrency`
 * written) keeps the server until the request's synchronous calls below it have returned. A
 * call fanned out N times (edge `fanout`) is N calls made at once; the request goes on when the
 * last of them is done.
 * Work behind an `async` edge starts when the step before it ends and adds load, not latency.
 * Provider-scale tiers (DNS, CDN, object storage) have no queue. Failures (`fail`) are those of the
 * evaluation: the same flows are broken or failed over.
 *
 * Deterministic (Mulberry32, fixed seed) and bounded by the number of requests it generates; the
 * first tenth of them warm the queues up and are not counted. Times in milliseconds.
 */
import { addTo } from '../arrays.js';
import type { Model } from '../model/model.js';
import { prepare } from './evaluate.js';
import { chooseAlternative, poolServiceSample } from './sampling.js';
import { mulberry32 } from './random.js';
import { walkRates } from './load.js';
import type { Flow, FlowKind, Pool, Visit } from './types.js';

export interface SimulationOptions {
  fail?: readonly string[];
  /** Requests to generate (default 200,000). */
  requests?: number;
  /** Seed of the random stream (default 1). */
  seed?: number;
  /** Calls (tier visits) to simulate at most, fan-outs' calls each counted (default 4 million): fewer requests are made when they would take more. */
  maxCalls?: number;
  /** Called now and then with the requests generated so far. */
  progress?: (generated: number, total: number) => void;
}

export interface SimulatedFlow {
  client: string;
  kind: FlowKind;
  /** Requests per second of the flow (as the evaluator plans it). */
  rps: number;
  /** Requests that completed and were counted (after the warm-up). */
  samples: number;
  /** Milliseconds; null when no request of the flow was counted. */
  mean_ms: number | null;
  /** Half-width of the mean's 95% confidence interval (batch means), ms. */
  mean_ci_ms: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  /** Half-width of the p99's 95% confidence interval (the spread of the 20 batches' p99s), ms. */
  p99_ci_ms: number | null;
}

export interface SimulatedTier {
  component: string;
  /** Servers of the busiest pool: instances × concurrency. */
  servers: number;
  /** Arrivals per second measured. */
  rps: number;
  /** Busy servers / servers, measured. */
  utilization: number;
  /** Mean time waiting for a server, ms. */
  wait_ms: number;
}

export interface Simulation {
  flows: SimulatedFlow[];
  tiers: SimulatedTier[];
  requests: number;
  /** Fewer requests were simulated than asked, because each makes this many calls on average (fan-out). */
  callsPerRequest?: number;
  seed: number;
  /** Simulated time until the last request arrived, seconds. */
  seconds: number;
}

/** One step of a request: the hop's network time, then a tier (none for a client). */
interface Step {
  network: number;
  pool: Pool | undefined;
  /** Work started when this step ends, not waited for. */
  spawn: Step[][];
  /** A blocking tier's server is held until the request reaches this step (its calls are done). */
  holdUntil?: number;
  /** Calls made at once (edge `fanout`): the request goes on when every one of them is done. */
  fork?: Step[][];
}

interface SimPool {
  pool: Pool;
  /** Servers of this queue: the instance's concurrency, or the whole tier's. */
  servers: number;
  /** Provider-scale: no queue. */
  unbounded: boolean;
  busy: number;
  waiting: Fifo<Job>;
  busyArea: number;
  lastChange: number;
  arrivals: number;
  waited: number;
  started: number;
}

interface Job {
  steps: Step[];
  index: number;
  start: number;
  /** The flow it belongs to; −1 for async work (not timed). */
  flow: number;
  arrivedAt: number;
  counted: boolean;
  /** Servers held while the calls are made, innermost last, each until the step it waits for. */
  held?: { queue: SimPool; until: number }[];
  /** A call of a fan-out: the request that waits for it, and how many of its calls are still out. */
  parent?: { job: Job; pending: { count: number } };
}

/** A first-in, first-out queue whose every operation is O(1) (Array.shift is O(n) on a long queue). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    // Drop what was taken once it is most of the array.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** A binary heap of events by time (ties by insertion order, so runs are deterministic). */
class Events {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: (() => void)[] = [];
  private seq = 0;

  get size(): number {
    return this.times.length;
  }

  push(time: number, item: () => void): void {
    this.times.push(time);
    this.seqs.push(this.seq++);
    this.items.push(item);
    let i = this.times.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the earliest event; returns its time and action. */
  pop(): [number, () => void] {
    const top: [number, () => void] = [this.times[0]!, this.items[0]!];
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.seqs.pop();
    this.items.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.times.length && this.less(l, m)) m = l;
      if (r < this.times.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.times[a]! < this.times[b]! || (this.times[a] === this.times[b] && this.seqs[a]! < this.seqs[b]!);
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b]!, this.times[a]!];
    [this.seqs[a], this.seqs[b]] = [this.seqs[b]!, this.seqs[a]!];
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
  }
}

const BATCHES = 20;
/** Student's t at 97.5% for 19 degrees of freedom: the 95% interval of 20 batch means. */
const T_19 = 2.093;

function quantile(sorted: readonly number[], p: number): number {
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[at]!;
}

/** Calls simulated at most (tier visits of every request, fan-outs' calls each counted). */
const MAX_CALLS = 4_000_000;

/** The mean number of tier visits a request makes, over the flows by their rates (fan-outs counted call by call). */
function callsPerRequest(flows: readonly Flow[]): number {
  let rate = 0;
  let visits = 0;
  for (const f of flows) {
    if (f.broken || f.rate <= 0) continue;
    rate += f.rate;
    walkRates(f.root, f.rate, (_v, r) => (visits += r));
  }
  return rate > 0 ? Math.max(1, visits / rate) : 1;
}

/** Simulates `model` under its workload (with `options.fail` taken down). */
export function simulate(model: Model, options: SimulationOptions = {}): Simulation {
  const seed = options.seed ?? 1;
  const random = mulberry32(seed);
  const exp = (mean: number) => -Math.log(random()) * mean;
  const { flows, pools } = prepare(model, options.fail ? { fail: options.fail } : {});
  // Fan-outs multiply the work of a request: the calls simulated stay within the bound.
  const calls = callsPerRequest(flows);
  const asked = Math.max(1, Math.floor(options.requests ?? 200_000));
  const total = Math.max(1, Math.min(asked, Math.floor((options.maxCalls ?? MAX_CALLS) / calls)));
  /** Each tier's queues (one per instance behind a round-robin or random load balancer, else one), and the next in turn. */
  const queues = new Map<Pool, { list: SimPool[]; next: number }>();
  const simPool = (pool: Pool, servers: number): SimPool => ({
    pool,
    servers,
    unbounded: pool.mu >= 1e11,
    busy: 0,
    waiting: new Fifo<Job>(),
    busyArea: 0,
    lastChange: 0,
    arrivals: 0,
    waited: 0,
    started: 0,
  });
  for (const pool of pools) {
    const split = pool.policy !== 'pooled' && pool.instances > 1 && pool.mu < 1e11;
    const list = split ? Array.from({ length: pool.instances }, () => simPool(pool, pool.concurrency)) : [simPool(pool, pool.servers)];
    queues.set(pool, { list, next: 0 });
  }
  const all = [...queues.values()].flatMap((q) => q.list);
  /** The queue a request joins at a tier, by the load balancer's policy. */
  const queueAt = (pool: Pool): SimPool => {
    const q = queues.get(pool)!;
    if (q.list.length === 1) return q.list[0]!;
    if (pool.policy === 'random') return q.list[Math.min(q.list.length - 1, Math.floor(random() * q.list.length))]!;
    return q.list[q.next++ % q.list.length]!;
  };
  const live = flows.map((f, i) => ({ f, i })).filter(({ f }) => !f.broken && f.rate > 0);
  const totalRate = live.reduce((s, { f }) => s + f.rate, 0);

  /** A request's steps, drawn from the tree below `v` (its own visit first, unless it is the client). */
  const draw = (v: Visit, out: Step[], asyncOut: Step[][]): void => {
    const times = v.scale >= 1 ? Math.floor(v.scale) + (random() < v.scale - Math.floor(v.scale) ? 1 : 0) : random() < v.scale ? 1 : 0;
    for (let n = 0; n < times; n++) {
      const isClient = v.component.kind === 'client';
      const step: Step | undefined = isClient ? undefined : { network: v.network, pool: v.served, spawn: [] };
      if (step) out.push(step);
      const at = out.length;
      const spawnInto = step ? step.spawn : asyncOut;
      const visitChild = (c: Visit) => {
        if (!(c.probability >= 1 || random() < c.probability)) return;
        if (c.async) {
          const job: Step[] = [];
          draw(c, job, spawnInto);
          if (job.length > 0) spawnInto.push(job);
        } else if (c.fanout > 1) {
          // All the calls at once: one step that waits for every one of them.
          const fork = Array.from({ length: c.fanout }, () => {
            const call: Step[] = [];
            draw(c, call, asyncOut);
            return call;
          });
          out.push({ network: 0, pool: undefined, spawn: [], fork });
        } else draw(c, out, asyncOut);
      };
      if (v.split && v.children.length > 0) visitChild(chooseAlternative(random, v));
      else for (const c of v.children) visitChild(c);
      if (step && v.served?.blocking && out.length > at) step.holdUntil = out.length;
    }
  };

  const events = new Events();
  const latencies: number[][] = flows.map(() => []);
  const warmup = Math.floor(total / 10);
  let generated = 0;
  let warmTime = 0;
  let now = 0;
  /**
   * Rates and utilisations are measured from the end of the warm-up to the last arrival: after
   * it, the queues only drain, and counting that time would understate them.
   */
  let measuring = false;
  let endTime = 0;

  const setBusy = (p: SimPool, busy: number) => {
    if (measuring) p.busyArea += p.busy * (now - Math.max(p.lastChange, warmTime));
    p.lastChange = now;
    p.busy = busy;
  };
  const startService = (p: SimPool, job: Job) => {
    setBusy(p, p.busy + 1);
    if (job.counted) {
      p.waited += now - job.arrivedAt;
      p.started++;
    }
    events.push(now + poolServiceSample(random, p.pool), () => complete(p, job));
  };
  const release = (p: SimPool) => {
    setBusy(p, p.busy - 1);
    const next = p.waiting.shift();
    if (next) startService(p, next);
  };
  const complete = (p: SimPool, job: Job) => {
    const until = job.steps[job.index]!.holdUntil;
    if (until === undefined) release(p);
    else (job.held ??= []).push({ queue: p, until });
    finishStep(job);
  };
  const finishStep = (job: Job) => {
    const step = job.steps[job.index]!;
    for (const spawned of step.spawn) advance({ steps: spawned, index: 0, start: now, flow: -1, arrivedAt: now, counted: job.counted });
    job.index++;
    advance(job);
  };
  const arrive = (job: Job) => {
    const step = job.steps[job.index]!;
    job.arrivedAt = now;
    if (step.fork) {
      const pending = { count: step.fork.length };
      for (const call of step.fork) advance({ steps: call, index: 0, start: now, flow: -1, arrivedAt: now, counted: job.counted, parent: { job, pending } });
      return;
    }
    if (!step.pool) return finishStep(job);
    const p = queueAt(step.pool);
    if (measuring) p.arrivals++;
    if (p.unbounded) return events.push(now + poolServiceSample(random, p.pool), () => finishStep(job));
    if (p.busy < p.servers) startService(p, job);
    else p.waiting.push(job);
  };
  const advance = (job: Job) => {
    // The calls a held server waited for are done: it is free again.
    while (job.held && job.held.length > 0 && job.held[job.held.length - 1]!.until <= job.index) release(job.held.pop()!.queue);
    if (job.index >= job.steps.length) {
      if (job.flow >= 0 && job.counted) latencies[job.flow]!.push(now - job.start);
      if (job.parent && --job.parent.pending.count === 0) finishStep(job.parent.job);
      return;
    }
    events.push(now + job.steps[job.index]!.network, () => arrive(job));
  };
  const nextArrival = () => {
    if (generated >= total || totalRate <= 0) return;
    events.push(now + exp(1000 / totalRate), () => {
      generated++;
      if (generated === warmup + 1) {
        warmTime = now;
        for (const p of all) p.lastChange = now;
        measuring = true;
      }
      if (generated === total) {
        for (const p of all) setBusy(p, p.busy);
        measuring = false;
        endTime = now;
      }
      if (options.progress && generated % 10_000 === 0) options.progress(generated, total);
      let u = random() * totalRate;
      let chosen = live[live.length - 1]!;
      for (const l of live) {
        u -= l.f.rate;
        if (u <= 0) {
          chosen = l;
          break;
        }
      }
      const steps: Step[] = [];
      const spawned: Step[][] = [];
      draw(chosen.f.root, steps, spawned);
      const counted = generated > warmup;
      for (const job of spawned) advance({ steps: job, index: 0, start: now, flow: -1, arrivedAt: now, counted });
      advance({ steps, index: 0, start: now, flow: chosen.i, arrivedAt: now, counted });
      nextArrival();
    });
  };

  nextArrival();
  while (events.size > 0) {
    const [time, action] = events.pop();
    now = time;
    action();
  }
  const measured = Math.max(endTime - warmTime, 1e-9);

  const flowResults: SimulatedFlow[] = flows.map((f, i) => {
    const times = latencies[i]!;
    const base = { client: f.client.name, kind: f.kind, rps: f.rate, samples: times.length };
    if (times.length === 0) return { ...base, mean_ms: null, mean_ci_ms: null, p50_ms: null, p99_ms: null, p99_ci_ms: null };
    const mean = times.reduce((s, t) => s + t, 0) / times.length;
    // Batch means: the requests in arrival order, cut into 20 batches, each batch's statistic
    // nearly independent of the others'; the interval is Student's t over their spread.
    let ci: number | null = null;
    let p99Ci: number | null = null;
    if (times.length >= BATCHES * 100) {
      const size = Math.floor(times.length / BATCHES);
      const batches = Array.from({ length: BATCHES }, (_, b) => times.slice(b * size, (b + 1) * size));
      const halfWidth = (xs: number[]) => {
        const m = xs.reduce((s, x) => s + x, 0) / xs.length;
        return (T_19 * Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1))) / Math.sqrt(xs.length);
      };
      ci = halfWidth(batches.map((b) => b.reduce((s, t) => s + t, 0) / b.length));
      p99Ci = halfWidth(
        batches.map((b) =>
          quantile(
            [...b].sort((x, y) => x - y),
            0.99,
          ),
        ),
      );
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { ...base, mean_ms: mean, mean_ci_ms: ci, p50_ms: quantile(sorted, 0.5), p99_ms: quantile(sorted, 0.99), p99_ci_ms: p99Ci };
  });

  const byComponent = new Map<string, SimPool[]>();
  // In place: a tier split into a million instances' queues must not be copied per queue.
  for (const p of all) addTo(byComponent, p.pool.component.name, p);
  const tiers: SimulatedTier[] = [];
  for (const c of model.components()) {
    const list = byComponent.get(c.name);
    if (!list) continue;
    // A database's read and write pools are reported by the busier one, as the evaluator does.
    const byPool = new Map<Pool, SimPool[]>();
    for (const p of list) addTo(byPool, p.pool, p);
    const load = (ps: SimPool[]) => ps.reduce((s, p) => s + p.busyArea, 0) / (ps.reduce((s, p) => s + p.servers, 0) * measured);
    const busiest = [...byPool.values()].sort((a, b) => load(b) - load(a))[0]!;
    const started = list.reduce((s, p) => s + p.started, 0);
    tiers.push({
      component: c.name,
      servers: busiest[0]!.pool.servers,
      rps: (list.reduce((s, p) => s + p.arrivals, 0) / measured) * 1000,
      utilization: busiest[0]!.unbounded ? 0 : load(busiest),
      wait_ms: started > 0 ? list.reduce((s, p) => s + p.waited, 0) / started : 0,
    });
  }
  return { flows: flowResults, tiers, requests: total, ...(total < asked ? { callsPerRequest: calls } : {}), seed, seconds: endTime / 1000 };
}
