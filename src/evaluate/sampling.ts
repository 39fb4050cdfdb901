/**
 * Sampling: one draw of a service time, of a tier's time, of one of a visit's alternatives, and of
 * a visit's whole time with its calls — for the Monte Carlo percentiles and the simulation alike.
 * A call fanned out N times at once (edge `fanout`) takes until the last of its N calls is done,
 * the calls queueing behind each other at the tier they reach together: its draws, made once per
 * pass, give both the flow's draws and the moments its mean and variance use. Times in
 * milliseconds.
 */
import { fnv1a, mulberry32 } from './random.js';
import type { Pool, Visit } from './types.js';

/**
 * A service time of mean `mean` and coefficient of variation `cv` (ms): exponential when cv is 1,
 * the mean itself when 0, otherwise gamma with shape 1/cv² (Marsaglia and Tsang's method, boosted
 * below shape 1).
 */
export function serviceSample(random: () => number, mean: number, cs2: number): number {
  if (cs2 === 1) return -mean * Math.log(random());
  if (cs2 === 0) return mean;
  const shape = 1 / cs2;
  const scale = mean * cs2;
  const gamma = (a: number): number => {
    if (a < 1) return gamma(a + 1) * random() ** (1 / a);
    const d = a - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = random();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  return gamma(shape) * scale;
}

/**
 * One draw of a pool's service time (ms): of its mean and variation; for a function, its warm time
 * and, for the share of invocations that start an instance, the cold start on top (the two humps,
 * which the mean and variation alone would smooth into one long tail).
 */
export function poolServiceSample(random: () => number, pool: Pool): number {
  const cold = pool.coldStart;
  if (cold === undefined) return serviceSample(random, pool.serviceMs, pool.cs2);
  return serviceSample(random, cold.warmMs, cold.warmCs2) + (random() < cold.share ? cold.ms : 0);
}

/** One of a visit's alternatives (it has some), drawn by their weights. */
export function chooseAlternative(random: () => number, v: Visit): Visit {
  let u = random();
  for (let i = 0; i < v.children.length; i++) {
    u -= v.weights[i] ?? 0;
    if (u <= 0) return v.children[i]!;
  }
  return v.children[v.children.length - 1]!;
}

/** One draw of a request's time in a tier (ms): its service time, and its wait (none, or exponential once waiting). */
export function tierSample(random: () => number, pool: Pool): number {
  let t = poolServiceSample(random, pool);
  if (random() < pool.waitProbability!) t -= Math.log(random()) / pool.waitRate!;
  return t;
}

/**
 * Sorted draws of the slowest call of each fanned-out visit, kept while the tiers' waits stay
 * what they are, and how many to draw per fan-out (`k`).
 */
export interface FanoutMemo {
  readonly draws: Map<Visit, Float64Array>;
  readonly k: number;
}

/**
 * A memo for the fan-outs under `roots`: 10,000 draws per fan-out, fewer when the fan-outs are
 * many or wide — a budget of about three million sampled calls in all — but at least MIN_DRAWS.
 */
export function fanoutMemo(roots: Iterable<Visit>): FanoutMemo {
  let work = 0;
  // Synchronous visits in a subtree, counting every call of a fan-out; each fan-out's calls are drawn k times.
  const size = (v: Visit): number => {
    if (v.async) return 0;
    let n = 1;
    for (const c of v.children) n += c.fanout * size(c);
    // A wide fan-out whose calls all find a server is drawn from INVERSION_CALLS draws of one call per draw.
    if (v.fanout > 1) work += (apart(v) && v.fanout > INVERSION_CALLS ? INVERSION_CALLS + 1 : v.fanout) * n;
    return n;
  };
  for (const r of roots) size(r);
  return { draws: new Map(), k: work === 0 ? 0 : Math.max(MIN_DRAWS, Math.min(10_000, Math.floor(3e6 / work))) };
}

/** One draw of a visit's time (ms): its hop, its tier (S + Wq), and its synchronous calls. */
export function drawVisit(random: () => number, v: Visit, fanouts: FanoutMemo): number {
  if (v.async) return 0;
  let t = v.network;
  if (v.component.kind !== 'client') {
    const pool = v.served;
    if (pool && pool.serviceMs > 0) t += tierSample(random, pool);
  }
  return t + drawCalls(random, v, fanouts);
}

/** One draw of the time a visit's synchronous calls take (ms). */
function drawCalls(random: () => number, v: Visit, fanouts: FanoutMemo): number {
  const call = (c: Visit) => {
    if (!(c.probability >= 1 || random() < c.probability)) return 0;
    if (c.fanout <= 1) return drawVisit(random, c, fanouts);
    const draws = fanoutDraws(c, fanouts);
    return draws[Math.min(draws.length - 1, Math.floor(random() * draws.length))]!;
  };
  let t = 0;
  if (v.split) {
    if (v.children.length > 0) t += call(chooseAlternative(random, v));
  } else {
    for (const c of v.children) t += call(c);
  }
  return t;
}

/** Draws per fan-out at the least, however many. */
const MIN_DRAWS = 200;
/**
 * A fan-out wider than this, whose calls all find a server, is drawn by inversion from this many
 * times as many draws of one call (the tail of one call, where the slowest of many lies, needs
 * them); a narrower one, call by call, which costs the same.
 */
const INVERSION_CALLS = 16;

/** Whether a fan-out's calls never queue behind each other: its tier has a server for each (or no queue). */
function apart(v: Visit): boolean {
  const pool = v.served;
  return pool === undefined || pool.serviceMs <= 0 || pool.queue === undefined || pool.queue.servers >= v.fanout;
}

/** Sorted draws of the slowest of a fanned-out visit's calls, with a seed of its own. */
function fanoutDraws(v: Visit, fanouts: FanoutMemo): Float64Array {
  let draws = fanouts.draws.get(v);
  if (!draws) {
    const random = mulberry32(fnv1a(`fanout ${v.component.name} ${v.edge?.id ?? ''}`));
    draws = new Float64Array(Math.max(MIN_DRAWS, fanouts.k));
    if (apart(v) && v.fanout > INVERSION_CALLS) {
      // No call waits for another: the slowest of N independent calls, after the batch's one wait.
      // Drawn from sorted draws of one call by inversion (the largest of N draws of F has
      // distribution Fᴺ: its quantile at U^(1/N)).
      const one = new Float64Array(draws.length * INVERSION_CALLS);
      for (let i = 0; i < one.length; i++) one[i] = callOnce(random, v, fanouts);
      one.sort();
      const pool = v.served;
      const queued = pool !== undefined && pool.serviceMs > 0 && pool.queue !== undefined;
      for (let i = 0; i < draws.length; i++) {
        const wait = queued ? batchWait(random, pool, v.fanout) : 0;
        draws[i] = v.network + wait + one[Math.min(one.length - 1, Math.floor(random() ** (1 / v.fanout) * one.length))]!;
      }
    } else {
      for (let i = 0; i < draws.length; i++) draws[i] = drawFanout(random, v, fanouts);
    }
    draws.sort();
    fanouts.draws.set(v, draws);
  }
  return draws;
}

/** One call of a fan-out, from when it has a server: its service and its own calls (ms). */
function callOnce(random: () => number, v: Visit, fanouts: FanoutMemo): number {
  const pool = v.served;
  const service = pool !== undefined && pool.serviceMs > 0 ? poolServiceSample(random, pool) : 0;
  return service + drawCalls(random, v, fanouts);
}

/**
 * One draw of the time until the last of a fan-out's N calls is done (ms). The calls arrive at
 * the tier together: they wait as one for the other requests ahead of them (one draw of the
 * tier's wait), then take its servers in turn, each next call on the first server free (list
 * scheduling), so N calls on k servers queue behind each other when N > k. Each then makes its
 * own calls.
 */
function drawFanout(random: () => number, v: Visit, fanouts: FanoutMemo): number {
  const pool = v.served;
  const queued = pool !== undefined && pool.serviceMs > 0 && pool.queue !== undefined;
  const servers = queued ? Math.min(v.fanout, pool.queue!.servers) : v.fanout;
  const wait = queued ? batchWait(random, pool, v.fanout) : 0;
  const free = new MinHeap(servers);
  let slowest = 0;
  for (let i = 0; i < v.fanout; i++) {
    const start = free.size < servers ? 0 : free.pop();
    const service = queued ? poolServiceSample(random, pool) : 0;
    const calls = drawCalls(random, v, fanouts);
    // A blocking tier's server stays held while the call's own calls are made.
    free.push(start + service + (pool?.holdMs !== undefined ? calls : 0));
    slowest = Math.max(slowest, v.network + wait + start + service + calls);
  }
  return slowest;
}

/**
 * One draw of the wait of a batch of `n` calls arriving together at `pool` (ms), for the requests
 * ahead of it. Batches see a busier tier than single calls do: taken as a queue of batches, each
 * holding the tier for its work B = n·H/c (H a server's time per call, its hold when blocking; c
 * the tier's servers; squared variation cs²/n), it is an M/G/1 queue at the tier's ρ: Pollaczek–Khinchine, Wq = ρ·E[B²] / (2·E[B]·(1 − ρ)), waited with
 * probability ρ, exponentially. The single call's Erlang C wait when that is longer.
 */
function batchWait(random: () => number, pool: Pool, n: number): number {
  const rho = pool.result!.utilization;
  const b = (n * (pool.holdMs ?? pool.serviceMs)) / pool.queue!.servers;
  const batch = rho > 0 && rho < 1 ? (rho * b * (1 + pool.cs2 / n)) / (2 * (1 - rho)) : 0;
  const single = pool.waitMs ?? 0;
  if (batch <= single) return random() < pool.waitProbability! ? -Math.log(random()) / pool.waitRate! : 0;
  return random() < rho ? (-Math.log(random()) * batch) / rho : 0;
}

/** A binary min-heap of numbers with a fixed room. */
class MinHeap {
  private readonly items: Float64Array;
  size = 0;
  constructor(room: number) {
    this.items = new Float64Array(room);
  }
  push(x: number): void {
    const a = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= x) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a[--this.size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const m = r < this.size && a[r]! < a[l]! ? r : l;
      if (a[m]! >= last) break;
      a[i] = a[m]!;
      i = m;
    }
    if (this.size > 0) a[i] = last;
    return top;
  }
}

/**
 * [E[M], E[M²]] of M, the time until the last of a fanned-out visit's calls is done, from its
 * draws. Infinite through a saturated tier.
 */
export function fanoutMoments(v: Visit, fanouts: FanoutMemo, saturated: boolean): [number, number] {
  if (saturated) return [Infinity, Infinity];
  const draws = fanoutDraws(v, fanouts);
  let m1 = 0;
  let m2 = 0;
  for (const x of draws) {
    m1 += x;
    m2 += x * x;
  }
  return [m1 / draws.length, m2 / draws.length];
}
