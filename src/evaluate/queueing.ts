/**
 * Queueing-theory core: Erlang B/C, M/M/c (FCFS) metrics, and the response-time distribution of an
 * M/M/c station (its CDF, quantiles, and a sample by inversion for Monte Carlo over whole flows;
 * the generator is in random.ts).
 *
 * Conventions, everywhere in this module:
 * - rates (λ, μ, s, r) are per second; times (waits, response times, quantiles) are seconds;
 * - offered load a = λ/μ is in Erlangs (dimensionless); utilisation ρ = λ/(cμ);
 * - probabilities p are in (0, 1); a quantile for p ≤ 0 is 0 and for p ≥ 1 is Infinity;
 * - a saturated station (ρ ≥ 1) has no steady state: its waits and response times are Infinity.
 *
 * Every function is pure (a bounded internal memo of Erlang C only saves time) and costs O(c) at
 * worst (the Erlang B recurrence; the quantile's bisection adds ~40 O(1) CDF evaluations); nothing
 * forms a factorial or a power a^c, so c up to 1e5 servers and a up to 1e6 Erlangs are safe.
 */

/** Throws RangeError unless `c` is a non-negative integer and `a` a finite non-negative number. */
function checkErlangArgs(c: number, a: number): void {
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`servers must be a non-negative integer, got ${c}`);
  if (!(a >= 0) || !Number.isFinite(a)) throw new RangeError(`offered load must be finite and ≥ 0, got ${a}`);
}

/**
 * Erlang B blocking probability for c servers and offered load a = λ/μ (in Erlangs), by the stable
 * recurrence B(0)=1, B(k)=a·B(k−1)/(k + a·B(k−1)).
 *
 * Every step is a ratio of positive numbers, so there is no cancellation; when B is astronomically
 * small (a ≪ c) it underflows gracefully to 0, and from then on stays 0, so the loop stops there:
 * O(min(c, k₀)), where k₀ is the step at which B underflows — a few hundred past a for any a, so
 * a tier of a million instances lightly loaded costs what a tier of a few hundred does.
 */
export function erlangB(c: number, a: number): number {
  checkErlangArgs(c, a);
  let b = 1;
  for (let k = 1; k <= c && b > 0; k++) {
    const ab = a * b;
    b = ab / (k + ab);
  }
  return b;
}

/**
 * Erlang C: probability an arrival waits, for c servers, offered load a = λ/μ (Erlangs); requires
 * a < c (returns 1 when a ≥ c). C = c·B / (c − a·(1 − B)), evaluated as c·B / ((c − a) + a·B) so
 * that the denominator is a sum of non-negative terms (no cancellation as a → c). O(c).
 */
export function erlangC(c: number, a: number): number {
  checkErlangArgs(c, a);
  if (a >= c) return 1;
  if (a === 0) return 0;
  const b = erlangB(c, a);
  const C = (c * b) / (c - a + a * b);
  return C > 1 ? 1 : C;
}

/** An M/M/c FCFS station. */
export interface MMc {
  /** Arrival rate λ (per second), servers c (integer ≥ 1), service rate per server μ (per second). */
  lambda: number;
  servers: number;
  mu: number;
}

/** Steady-state metrics of an M/M/c station. */
export interface MMcResult {
  /** ρ = λ / (c·μ), dimensionless. */
  utilization: number;
  /** ρ ≥ 1: no steady state. */
  saturated: boolean;
  /** Erlang C, the probability an arrival waits (1 when saturated). */
  probabilityOfWait: number;
  /** Wq = C / (cμ − λ), seconds (Infinity when saturated). */
  meanWait: number;
  /** W = Wq + 1/μ, seconds (Infinity when saturated). */
  meanResponse: number;
}

/** Validated parameters of a station, shared by the functions below. */
interface Station {
  /** Erlang C. */
  C: number;
  /** Rate of the conditional wait: r = cμ − λ (per second); ≤ 0 when saturated. */
  r: number;
  saturated: boolean;
  utilization: number;
}

function station(q: MMc): Station {
  const { lambda, servers: c, mu } = q;
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`servers must be an integer ≥ 1, got ${c}`);
  if (!(mu > 0) || !Number.isFinite(mu)) throw new RangeError(`mu must be finite and > 0, got ${mu}`);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be finite and ≥ 0, got ${lambda}`);
  const capacity = c * mu;
  const utilization = lambda / capacity;
  const saturated = utilization >= 1;
  if (saturated) return { C: 1, r: capacity - lambda, saturated, utilization };
  const a = lambda / mu;
  // a < c can still round to a ≥ c for ρ within an ulp of 1; erlangC then returns 1, which is right.
  return { C: cachedErlangC(c, a), r: capacity - lambda, saturated, utilization };
}

/**
 * erlangC memoised on (c, a): the Monte Carlo calls sampleResponse once per draw with the same
 * station, and without this each draw would pay the O(c) recurrence. Invisible to callers (the
 * value is a pure function of its key); bounded so it cannot grow without limit.
 */
const erlangCCache = new Map<string, number>();
function cachedErlangC(c: number, a: number): number {
  const key = `${c}|${a}`;
  let v = erlangCCache.get(key);
  if (v === undefined) {
    if (erlangCCache.size >= 1024) erlangCCache.clear();
    v = erlangC(c, a);
    erlangCCache.set(key, v);
  }
  return v;
}

/** Steady-state metrics of an FCFS M/M/c station (see {@link MMcResult} for units). */
export function mmc(q: MMc): MMcResult {
  const st = station(q);
  if (st.saturated) {
    return { utilization: st.utilization, saturated: true, probabilityOfWait: 1, meanWait: Infinity, meanResponse: Infinity };
  }
  const meanWait = st.C / st.r;
  return {
    utilization: st.utilization,
    saturated: false,
    probabilityOfWait: st.C,
    meanWait,
    meanResponse: meanWait + 1 / q.mu,
  };
}

/**
 * P(Wq > t) = C·e^{−(cμ−λ)t} for FCFS M/M/c; the waiting-time quantile for probability p (0<p<1):
 * 0 when p ≤ 1−C, else −ln((1−p)/C)/(cμ−λ). Seconds. Infinity when saturated (and p > 0).
 * Evaluated as (ln C − log1p(−p))/r so that p close to 1 keeps its precision.
 */
export function waitQuantile(q: MMc, p: number): number {
  checkProbability(p);
  return waitQuantileOf(station(q), p);
}

function waitQuantileOf(st: Station, p: number): number {
  if (p <= 0) return 0;
  if (st.saturated || p >= 1) return Infinity;
  if (st.C <= 0 || p <= 1 - st.C) return 0;
  const x = (Math.log(st.C) - Math.log1p(-p)) / st.r;
  return x > 0 ? x : 0;
}

function checkProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`);
}

function checkServiceMean(serviceMean: number): void {
  if (!(serviceMean > 0) || !Number.isFinite(serviceMean)) {
    throw new RangeError(`serviceMean must be finite and > 0, got ${serviceMean}`);
  }
}

/** φ(x) = (1 − e^{−x})/x for x ≥ 0, with φ(0) = 1; accurate for tiny x via expm1. In (0, 1]. */
function phi(x: number): number {
  return x === 0 ? 1 : -Math.expm1(-x) / x;
}

/**
 * P(S + W > t) for independent S ~ Exp(s), W ~ Exp(r) (hypoexponential tail):
 *   (r·e^{−st} − s·e^{−rt})/(r − s)  =  e^{−lo·t}·[1 + lo·t·φ((hi − lo)·t)],  lo = min, hi = max.
 * The right-hand form is symmetric in (r, s), has no subtraction of nearly equal terms, tends
 * continuously to the r = s limit e^{−st}(1 + st), and never forms an overflowing exponential.
 */
function hypoTail(s: number, r: number, t: number): number {
  const lo = Math.min(s, r);
  const hi = Math.max(s, r);
  const lt = lo * t;
  return Math.exp(-lt) * (1 + lt * phi((hi - lo) * t));
}

/**
 * P(T > t) for T = S + Wq (see {@link responseCdf}); st must not be saturated.
 * (1−C)·e^{−st} + C·P(S + Exp(r) > t).
 */
function responseTail(st: Station, s: number, t: number): number {
  if (t <= 0) return 1;
  if (t === Infinity) return 0;
  const noWait = (1 - st.C) * Math.exp(-s * t);
  return st.C > 0 ? noWait + st.C * hypoTail(s, st.r, t) : noWait;
}

/**
 * P(T ≤ t) from the tail; for small t (CDF below ½) it is assembled from 1 − e^{−x} terms with
 * expm1 so that small probabilities keep relative precision.
 */
function responseCdfOf(st: Station, s: number, t: number): number {
  if (t <= 0) return 0;
  if (t === Infinity) return 1;
  // P(T ≤ t) = (1−C)(1−e^{−st}) + C·(1 − hypoTail). For the hypoexponential part,
  // 1 − e^{−lo t}(1 + lo t φ) = −expm1(−lo t) − lo t e^{−lo t} φ((hi−lo)t): still a difference,
  // but of two O(t) terms, so 1 − tail is used when that is at least as accurate.
  const tail = responseTail(st, s, t);
  const cdf = 1 - tail;
  if (cdf >= 0.5) return cdf;
  const noWait = (1 - st.C) * -Math.expm1(-s * t);
  if (st.C <= 0) return noWait;
  const lo = Math.min(s, st.r);
  const hi = Math.max(s, st.r);
  const lt = lo * t;
  const hypoCdf = -Math.expm1(-lt) - lt * Math.exp(-lt) * phi((hi - lo) * t);
  const v = noWait + st.C * Math.max(0, hypoCdf);
  return Math.min(1, Math.max(0, v));
}

/**
 * The response time T = S + Wq of an FCFS M/M/c queue, where the request's own service time S is
 * exponential with mean `serviceMean` seconds (which may differ from 1/μ when an instance serves
 * several requests at once: μ is then the instance's throughput, serviceMean the time one request
 * takes) and Wq is the M/M/c wait above. Independent. Returns the CDF P(T ≤ t), t in seconds.
 *
 * With s = 1/serviceMean and r = cμ − λ:
 *   P(T ≤ t) = (1−C)(1−e^{−st}) + C·[1 − (r·e^{−st} − s·e^{−rt})/(r − s)],
 * and for r = s the last bracket is 1 − e^{−st}(1 + st). Both are evaluated through one
 * cancellation-free form (see hypoTail), so r ≈ s is continuous. Saturated: 0 for every finite t.
 */
export function responseCdf(q: MMc, serviceMean: number, t: number): number {
  checkServiceMean(serviceMean);
  if (Number.isNaN(t)) throw new RangeError('t must be a number');
  const st = station(q);
  if (st.saturated) return t === Infinity ? 1 : 0;
  return responseCdfOf(st, 1 / serviceMean, t);
}

/**
 * The p-quantile of T (solve responseCdf = p by bracketing + bisection to 1e-9 relative), seconds.
 * Infinity when saturated. 0 for p = 0, Infinity for p = 1.
 *
 * Bracket: T ≥ S and T ≥ Wq, so the answer is at least both of their p-quantiles; and
 * P(T > x + y) ≤ P(S > x) + P(Wq > y), so it is at most the sum of their (1+p)/2-quantiles.
 * When the station never waits (C = 0, e.g. λ = 0) T = S and the closed form −ln(1−p)·serviceMean
 * is returned exactly.
 */
export function responseQuantile(q: MMc, serviceMean: number, p: number): number {
  return quantileOf(station(q), serviceMean, p);
}

/**
 * The p-quantile (seconds) of T = S + W for S exponential of mean `serviceMean` seconds and W zero
 * with probability 1 − `waitProbability`, else exponential of rate `waitRate` per second: the
 * M/M/c form with any probability of waiting and any wait rate (what the evaluator's G/G/c
 * approximation gives a queue). Same method and precision as {@link responseQuantile}.
 */
export function mixtureQuantile(waitProbability: number, waitRate: number, serviceMean: number, p: number): number {
  if (!(waitProbability >= 0 && waitProbability <= 1)) throw new RangeError(`waitProbability must be in [0, 1], got ${waitProbability}`);
  if (!(waitRate > 0)) throw new RangeError(`waitRate must be > 0, got ${waitRate}`);
  return quantileOf({ C: waitProbability, r: waitRate, saturated: false, utilization: 0 }, serviceMean, p);
}

function quantileOf(st: Station, serviceMean: number, p: number): number {
  checkServiceMean(serviceMean);
  checkProbability(p);
  if (p <= 0) return 0;
  if (st.saturated || p >= 1) return Infinity;
  const s = 1 / serviceMean;
  const expQuantile = (prob: number): number => -Math.log1p(-prob) * serviceMean;
  if (st.C <= 0) return expQuantile(p);

  const half = (1 + p) / 2;
  let lo = Math.max(expQuantile(p), waitQuantileOf(st, p));
  let hi = expQuantile(half) + waitQuantileOf(st, half);
  if (!(hi > lo)) hi = lo * 2 + serviceMean; // defensive: rounding can only shrink the gap to 0

  // Compare in the tail for p ≥ ½ (1 − p is then exact) and in the CDF below, so each side keeps
  // its precision; both are monotone in t.
  const upper = p >= 0.5;
  const target = upper ? 1 - p : p;
  const below = (t: number): boolean => (upper ? responseTail(st, s, t) > target : responseCdfOf(st, s, t) < target);

  for (let i = 0; i < 200 && hi - lo > 1e-9 * hi; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}

/**
 * A sample of T from independent uniforms in (0,1), by inversion (used by a Monte Carlo over whole
 * flows): u1 draws the service time S = −serviceMean·ln u1; u2 decides whether the request waits
 * (it does when u2 < C); u3 draws the length of that wait, −ln(u3)/(cμ − λ). Seconds; Infinity when
 * saturated. Monotone non-increasing in u1 and u3 (common random numbers compare well).
 */
export function sampleResponse(q: MMc, serviceMean: number, u1: number, u2: number, u3: number): number {
  checkServiceMean(serviceMean);
  const st = station(q);
  if (st.saturated) return Infinity;
  const service = -serviceMean * Math.log(u1);
  if (!(u2 < st.C)) return service;
  return service - Math.log(u3) / st.r;
}
