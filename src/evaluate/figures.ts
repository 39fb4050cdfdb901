/**
 * The figures in force for one model: the defaults (defaults.ts), overridden by the model's
 * `latency { }` block, overridden per component by its own `latency`, `capacity`,
 * `availability`, `duration` and `hit_ratio`.
 */
import { productName, type Component, type Model } from '../model/model.js';
import type { Kind } from '../model/schema.js';
import {
  allFigures,
  availabilities,
  capacities,
  engineFigures,
  engineFiguresOf,
  engineManagedAvailabilities,
  hitRatios,
  managedAvailabilities,
  serviceTimes,
} from '../model/figures.js';

export interface Figures {
  /** Every figure by key, after the model's overrides. */
  readonly byKey: ReadonlyMap<string, number>;
  /** Keys the model overrode. */
  readonly overridden: ReadonlySet<string>;
}

export function figuresFor(model: Model): Figures {
  const byKey = new Map<string, number>();
  for (const f of allFigures()) byKey.set(f.key, f.value);
  for (const table of [serviceTimes, capacities, availabilities]) for (const f of Object.values(table)) if (!byKey.has(f.key)) byKey.set(f.key, f.value);
  for (const f of engineFigures) for (const x of [f.serviceTime, f.capacity]) if (!byKey.has(x.key)) byKey.set(x.key, x.value);
  const overridden = new Set<string>();
  for (const [key, value] of Object.entries(model.latency?.values ?? {})) {
    if (value === undefined) continue;
    byKey.set(key, value);
    overridden.add(key);
  }
  return { byKey, overridden };
}

const get = (figures: Figures, key: string): number => figures.byKey.get(key)!;

/**
 * One model of a tier: `latency` (the service time of one request), `concurrency` (requests one
 * instance serves at once) and `capacity` (requests per second one instance sustains), related by
 * capacity = concurrency / latency. Whichever is not written follows from the others and the
 * kind's figures; the kind's concurrency is its capacity × its service time (5 for a service,
 * 1 for a worker), so a model that writes none of them gets the kind's figures.
 */

/** The keys of the service time and capacity `c` starts from: its engine's when archlint knows it, else its kind's. */
function baseKeys(c: Component): { time: string; capacity: string } {
  const byEngine = engineFiguresOf(c.kind, c.attrs.engine);
  if (byEngine) return { time: byEngine.serviceTime.key, capacity: byEngine.capacity.key };
  return { time: serviceTimes[c.kind].key, capacity: capacities[c.kind].key };
}

/** Milliseconds one request spends in the component itself, on a warm instance. */
function warmServiceTime(figures: Figures, c: Component): number {
  if (c.attrs.latency !== undefined) return c.attrs.latency;
  if (c.kind === 'worker' && c.attrs.duration !== undefined) return c.attrs.duration;
  if (c.attrs.capacity !== undefined && c.attrs.concurrency !== undefined) return (1000 * c.attrs.concurrency) / c.attrs.capacity;
  return get(figures, baseKeys(c).time);
}

/**
 * A function's cold starts: the share of its invocations that start an instance, and the
 * milliseconds that adds (its `cold_start`, else `function_cold_start`). Other kinds have none.
 */
function coldStart(figures: Figures, c: Component): { share: number; ms: number } {
  if (c.kind !== 'function') return { share: 0, ms: 0 };
  return { share: get(figures, 'function_cold_start_share'), ms: c.attrs.cold_start ?? get(figures, 'function_cold_start') };
}

/** A function's cold starts with its warm service time and variation, for drawing its times; none for other kinds or when they add nothing. */
export function coldStartOf(figures: Figures, c: Component): { share: number; ms: number; warmMs: number; warmCs2: number } | undefined {
  const { share, ms } = coldStart(figures, c);
  if (share === 0 || ms === 0) return undefined;
  const cv = c.attrs.latency_cv ?? 1;
  return { share, ms, warmMs: warmServiceTime(figures, c), warmCs2: cv * cv };
}

/** Milliseconds one request spends in the component itself, on average (a function's cold starts included). */
export function serviceTime(figures: Figures, c: Component): number {
  const cold = coldStart(figures, c);
  return warmServiceTime(figures, c) + cold.share * cold.ms;
}

/**
 * The squared coefficient of variation of one request's service time: `latency_cv`² (1 unless
 * written). A function's cold starts widen it: a warm time w of variation cv, plus C with
 * probability p, has mean w + pC and variance cv²w² + p(1 − p)C²; the evaluator draws times of
 * that mean and variation (a gamma distribution: the two moments, not the two-humped shape).
 */
export function serviceCs2(figures: Figures, c: Component): number {
  const cv = c.attrs.latency_cv ?? 1;
  const { share, ms } = coldStart(figures, c);
  if (share === 0 || ms === 0) return cv * cv;
  const warm = warmServiceTime(figures, c);
  const mean = warm + share * ms;
  return (cv * cv * warm * warm + share * (1 - share) * ms * ms) / (mean * mean);
}

/** The kind's (or engine's) requests in progress at once per instance: its capacity × its service time (Infinity for provider-scale ones). */
function kindConcurrency(figures: Figures, c: Component): number {
  const keys = baseKeys(c);
  const kindCapacity = get(figures, keys.capacity);
  if (!Number.isFinite(kindCapacity)) return Infinity;
  return (kindCapacity * get(figures, keys.time)) / 1000;
}

/** Requests one instance serves at once: `concurrency`, or capacity × service time. */
export function concurrency(figures: Figures, c: Component): number {
  if (c.attrs.concurrency !== undefined) return c.attrs.concurrency;
  if (c.attrs.capacity !== undefined) return (c.attrs.capacity * serviceTime(figures, c)) / 1000;
  return kindConcurrency(figures, c);
}

/** Requests per second one instance sustains: `capacity`, or concurrency / service time. */
export function capacity(figures: Figures, c: Component): number {
  if (c.attrs.capacity !== undefined) return c.attrs.capacity;
  const k = c.attrs.concurrency ?? kindConcurrency(figures, c);
  if (!Number.isFinite(k)) return Infinity;
  return (1000 * k) / serviceTime(figures, c);
}

/** Availability of one instance (for managed components: of the service as a whole). */
export function instanceAvailability(figures: Figures, c: Component): number {
  return c.attrs.availability ?? get(figures, availabilities[c.kind].key);
}

/** The provider's figure for a managed component: its engine's, else its kind's (DNS, CDN and storage: their kind figure). */
function managedAvailability(figures: Figures, c: Component): number {
  const engine = productName(c.attrs.engine);
  const byEngine = engine === undefined ? undefined : engineManagedAvailabilities.find((f) => f.engines.includes(engine));
  const figure = byEngine ?? managedAvailabilities[c.kind];
  return figure ? get(figures, figure.key) : get(figures, availabilities[c.kind].key);
}

/**
 * A component's availability: `instances` of it fail over to each other (1 − (1 − a)^n). A
 * managed one is as available as its provider's figure, and never less than its instances would
 * be on their own (a managed function: its provider's figure alone). An `availability` written on a
 * managed component is of the service as a whole. Instances on one `host` fail together: they
 * count as one.
 */
export function componentAvailability(figures: Figures, c: Component, instances: number = c.attrs.replicas): number {
  if (c.kind === 'client') return 1;
  // Instances on one host fail with it: as available as one machine.
  const independent = c.attrs.host !== undefined ? 1 : Math.max(1, instances);
  const replicated = 1 - (1 - instanceAvailability(figures, c)) ** independent;
  if (!c.attrs.managed) return replicated;
  if (c.attrs.availability !== undefined) return c.attrs.availability;
  // A function's instances are the platform's, started and stopped as requests come: however many
  // run, the function is as available as the platform.
  if (c.kind === 'function') return managedAvailability(figures, c);
  return Math.max(managedAvailability(figures, c), replicated);
}

export function hitRatio(figures: Figures, c: Component): number {
  if (c.attrs.hit_ratio !== undefined) return c.attrs.hit_ratio;
  const key = c.kind === 'cdn' ? 'cdn_hit_ratio' : 'cache_hit_ratio';
  return get(figures, key) ?? hitRatios.find((f) => f.key === key)!.value;
}

export function figure(
  figures: Figures,
  key: 'datacenter_round_trip' | 'region_round_trip' | 'client_round_trip' | 'cdn_round_trip' | 'intercontinental_round_trip',
): number {
  return get(figures, key);
}

export type { Kind };
