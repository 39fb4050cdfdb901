/**
 * Availability: the share (fraction 0..1) of a flow's requests that succeed. Along the flow's
 * tree, components in series, alternatives in parallel, a CDN with `fallback: origin` falling back
 * to its origin; the client's DNS in series; and with geo or latency routing, the same flow of the
 * clients of the other regions in parallel (the "others down" product).
 */
import type { Component } from '../model/model.js';
import { componentAvailability, hitRatio } from './figures.js';
import { geoRouted, running } from './failures.js';
import type { Context, Flow, Visit } from './types.js';

/** Availability of each component, worked out once per evaluation. */
type Memo = Map<Component, number>;

/** Availability of one component: n instances fail over (1 − (1 − a)^n); a managed one is as good as its provider. */
function tierAvailability(ctx: Context, memo: Memo, c: Component): number {
  let known = memo.get(c);
  if (known === undefined)
    memo.set(
      c,
      (known = ctx.failed.has(c.name) ? 0 : componentAvailability(ctx.figures, c, running(ctx, c) + (c.kind === 'database' ? (c.attrs.standby ?? 0) : 0))),
    );
  return known;
}

/**
 * The share of a flow's requests that succeed: components in series; a visit made with
 * probability p (a cache miss) only matters for that share; alternatives in parallel; a CDN
 * with `fallback: origin` lets clients reach the origin when the CDN is down. A component met
 * twice on one series of calls (a cache that holds the sessions and the query results) counts
 * once: `up` holds the components the request already needed for certain, which are up when it
 * gets this far.
 */
function pathAvailability(ctx: Context, memo: Memo, root: Visit): number {
  // How many times each component is held as needed-for-certain on the way to the current visit
  // (entered on the way down, released on the way back up: no copy per visit).
  // Components on one host fail together, with it: one known up means the host is up, and the
  // others on it are counted as up too.
  const up = new Map<Component | string, number>();
  const keys = (c: Component): (Component | string)[] => (c.attrs.host !== undefined ? [c, `host\u0000${c.attrs.host}`] : [c]);
  const hold = (c: Component) => {
    for (const k of keys(c)) up.set(k, (up.get(k) ?? 0) + 1);
  };
  const release = (c: Component) => {
    for (const k of keys(c)) {
      const n = up.get(k)! - 1;
      if (n === 0) up.delete(k);
      else up.set(k, n);
    }
  };
  const knownUp = (c: Component) => up.has(c) || (c.attrs.host !== undefined && up.has(`host\u0000${c.attrs.host}`));
  const of = (v: Visit): number => {
    if (v.async) return 1;
    const own = knownUp(v.component) ? 1 : tierAvailability(ctx, memo, v.component);
    // A call the response can do without costs nothing when it fails.
    const needed = (c: Visit) => (c.optional ? 1 : 1 - c.probability + c.probability * of(c));
    let below = 1;
    if (v.component.kind === 'cdn' && v.component.attrs.fallback === 'origin' && v.children.length > 0) {
      // Reached directly when the CDN is down: nothing is known to be up then but what was before it.
      const direct = v.children.reduce((q, c) => q * (1 - of(c)), 1);
      hold(v.component);
      for (const c of v.children) below *= needed(c);
      release(v.component);
      return own * below + (1 - own) * (1 - direct);
    }
    hold(v.component);
    const optional = v.split ? [] : v.children.filter((c) => c.lookAside === 'optional-cache');
    const behind = optional.length > 0 && optional.length <= MAX_OPTIONAL_CACHES ? v.children.filter((c) => c.lookAside === 'store') : [];
    if (v.split && v.children.length > 0) below = 1 - v.children.reduce((q, c) => q * (1 - needed(c)), 1);
    else {
      if (behind.length > 0) below = lookAsideGroup(ctx, v, optional, behind, of);
      const held: Component[] = [];
      for (const c of v.children) {
        if (behind.length > 0 && (c.lookAside === 'optional-cache' || c.lookAside === 'store')) continue;
        below *= needed(c);
        // Called for certain: the calls after it find it up.
        if (c.probability === 1 && !c.async && !c.optional) {
          hold(c.component);
          held.push(c.component);
        }
      }
      for (const c of held) release(c);
    }
    release(v.component);
    return own * below;
  };
  return of(root);
}

/** Beyond this many optional caches in front of one set of stores, they are counted in series (2^n states). */
const MAX_OPTIONAL_CACHES = 4;

/**
 * The share of reads that succeed through look-aside caches and the stores behind them: a cache
 * that is down only misses, so the stores take every read it would have answered. Summed over
 * which optional caches are up (P = Π a or 1 − a), the stores are read on the share that misses
 * every cache that is up (and every cache the request needs anyway).
 */
function lookAsideGroup(ctx: Context, v: Visit, optional: readonly Visit[], stores: readonly Visit[], of: (v: Visit) => number): number {
  const required = v.children.filter((c) => c.lookAside === 'cache');
  const alwaysMiss = required.reduce((m, c) => m * (1 - hitRatio(ctx.figures, c.component)), 1);
  const cacheUp = optional.map((c) => of(c));
  const hit = optional.map((c) => hitRatio(ctx.figures, c.component));
  const storeUp = stores.map((s) => of(s));
  let total = 0;
  for (let mask = 0; mask < 1 << optional.length; mask++) {
    let p = 1;
    let miss = alwaysMiss;
    optional.forEach((_, i) => {
      const up = (mask >> i) & 1;
      p *= up ? cacheUp[i]! : 1 - cacheUp[i]!;
      if (up) miss *= 1 - hit[i]!;
    });
    // A store whose edge carries only a share of the calls is read on that share of the misses.
    total +=
      p *
      storeUp.reduce((q, a, i) => {
        const reached = miss * (stores[i]!.edge?.share ?? 1);
        return q * (1 - reached + reached * a);
      }, 1);
  }
  return total;
}

/**
 * For each flow, the probability that every other region's equivalent flow is down too (1 without
 * geo routing, or for a client outside any region): with geo or latency routing, a client can be
 * served by the other regions' entry points; a client that failed over, by those other than the
 * region now serving it. `paths` holds each flow's path availability.
 */
function othersDown(ctx: Context, flows: readonly Flow[], paths: readonly number[]): number[] {
  const geo = geoRouted(ctx.model);
  const bestPerRegion = new Map<string, number>();
  flows.forEach((p, i) => {
    if (p.client.region === undefined || p.failover !== undefined) return;
    const key = `${p.kind}\u0000${p.client.region}`;
    bestPerRegion.set(key, Math.max(bestPerRegion.get(key) ?? 0, paths[i]!));
  });
  // Per kind, the product of the regions' unavailabilities, to divide one region back out.
  const unavailable = new Map<string, { product: number; zeros: number }>();
  for (const [key, a] of bestPerRegion) {
    const kind = key.slice(0, key.indexOf('\u0000'));
    const entry = unavailable.get(kind) ?? { product: 1, zeros: 0 };
    if (1 - a === 0) entry.zeros++;
    else entry.product *= 1 - a;
    unavailable.set(kind, entry);
  }
  return flows.map((p) => {
    if (!geo || p.client.region === undefined) return 1;
    // A flow that failed over runs through the region that took it: that region is its own path,
    // not another one to fall back on.
    const own = bestPerRegion.get(`${p.kind}\u0000${p.failover ?? p.client.region}`);
    // No region of this kind of flow left to count on (they all failed over): none to add.
    const all = unavailable.get(p.kind) ?? { product: 1, zeros: 0 };
    if (own === undefined) return all.zeros > 0 ? 0 : all.product;
    const q = 1 - own;
    if (q === 0) return all.zeros > 1 ? 0 : all.product;
    return all.zeros > 0 ? 0 : all.product / q;
  });
}

/**
 * The availability of each flow (fraction 0..1; 0 when broken): the client's DNS in series with
 * its path, and the other regions' paths in parallel (`1 − (1 − own)·othersDown`). Clients and
 * resolvers cache DNS answers, so DNS counts only for the share of requests that need a fresh
 * one (`dns_resolution_share`): `1 − share·(1 − a)`.
 */
export function flowAvailabilities(ctx: Context, flows: readonly Flow[]): number[] {
  const memo: Memo = new Map();
  const paths = flows.map((p) => (p.broken ? 0 : pathAvailability(ctx, memo, p.root)));
  const others = othersDown(ctx, flows, paths);
  const resolving = ctx.figures.byKey.get('dns_resolution_share')!;
  return flows.map((p, i) => {
    if (p.broken) return 0;
    let dns = 1;
    for (const e of ctx.model.outEdges(p.client.name)) {
      const to = ctx.model.component(e.to)!;
      if (to.kind === 'dns') dns *= 1 - resolving * (1 - tierAvailability(ctx, memo, to));
    }
    return dns * (1 - (1 - paths[i]!) * others[i]!);
  });
}
