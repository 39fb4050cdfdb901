/**
 * What if: the components and regions taken down (`--fail`), the instances still running, which
 * flows are broken, and the geo failover of broken flows to another region.
 *
 * `--fail name` takes a component down, or every component of a region (its clients stay: the
 * users are still there); `--fail name:N` takes N of a component's instances down (all of them:
 * the component is down). A failed alternative is skipped (flows.ts) and the traffic shifts to the
 * others; a flow that needs a failed component is broken, unless a DNS routes by `geo` or
 * `latency`: then its client takes the flow of a client in another region.
 */
import { zonesOf, type Component, type Model } from '../model/model.js';
import { figure } from './figures.js';
import { entries, tree } from './flows.js';
import type { Context, Flow, Visit } from './types.js';

/** `web` (a component, region or host), `web:2` (two of its instances) or `us_east/a` (a zone of a region). */
export function parseFailure(target: string): { name: string; instances?: number; zone?: string } {
  const m = /^(.*):(\d+)$/.exec(target);
  if (m) return { name: m[1]!, instances: Number(m[2]) };
  const slash = target.indexOf('/');
  return slash > 0 ? { name: target.slice(0, slash), zone: target.slice(slash + 1) } : { name: target };
}

/**
 * How many of `n` instances spread over `zones` in turn (the first zone first) sit in each zone:
 * ⌊n / k⌋, and one more in the first n mod k.
 */
export function perZone(n: number, zones: readonly string[]): Map<string, number> {
  const k = zones.length;
  return new Map(zones.map((z, i) => [z, Math.floor(n / k) + (i < n % k ? 1 : 0)]));
}

/**
 * What zone outages take down: each component of a region with failed zones loses the instances
 * it runs in them (its `autoscale` maximum, its replicas and a database's standbys, spread over
 * its zones in turn), and is down once every instance is. A managed component with no zones of
 * its own is spread by its provider and loses nothing.
 */
function takeZonesDown(model: Model, zonesDown: ReadonlyMap<string, ReadonlySet<string>>, failed: Set<string>, lost: Map<string, number>): void {
  for (const [regionName, down] of zonesDown) {
    for (const name of model.region(regionName)!.components) {
      const c = model.component(name)!;
      if (c.kind === 'client' || (c.attrs.managed && c.attrs.zones === undefined)) continue;
      const zones = zonesOf(model, c);
      const n = mostInstances(c) + (c.kind === 'database' ? (c.attrs.standby ?? 0) : 0);
      let gone = 0;
      for (const [zone, count] of perZone(n, zones)) if (down.has(zone)) gone += count;
      if (gone === 0) continue;
      if (zones.every((z) => down.has(z)) || gone >= n) failed.add(name);
      else lost.set(name, (lost.get(name) ?? 0) + gone);
    }
  }
}

/**
 * The components down and the instances lost for `targets` (as `--fail` gives them): a region
 * takes its components other than clients down; `name:N` with N below the component's replicas
 * takes N instances (adding up over targets; the component is down once all are lost); anything
 * else takes the component down. Names that are neither are ignored.
 */
export function takeDown(model: Model, targets: readonly string[]): { failed: Set<string>; lost: Map<string, number> } {
  const failed = new Set<string>();
  const lost = new Map<string, number>();
  const zonesDown = new Map<string, Set<string>>();
  const hosts = model.hosts();
  for (const target of targets) {
    const { name, instances, zone } = parseFailure(target);
    const region = model.region(name);
    const component = model.component(name);
    if (zone !== undefined) {
      if (region?.zones?.includes(zone)) zonesDown.set(name, (zonesDown.get(name) ?? new Set()).add(zone));
    } else if (!region && !component && hosts.has(name)) {
      for (const c of hosts.get(name)!) failed.add(c.name);
    } else if (region) {
      for (const c of region.components) if (model.component(c)!.kind !== 'client') failed.add(c);
    } else if (component && instances !== undefined && instances < mostInstances(component)) {
      lost.set(name, (lost.get(name) ?? 0) + instances);
      if (lost.get(name)! >= mostInstances(component)) failed.add(name);
    } else if (component) {
      failed.add(name);
    }
  }
  takeZonesDown(model, zonesDown, failed, lost);
  return { failed, lost };
}

/** The most instances a component can run: its `autoscale` maximum, or its `replicas`. */
function mostInstances(c: Component): number {
  return c.attrs.autoscale?.max ?? c.attrs.replicas;
}

/**
 * Instances still running (what-if `name:N` takes N down), at least 1. An autoscaled tier runs
 * what its load needs (`ctx.instances`, once the pools are solved); before that, its minimum.
 */
export function running(ctx: Pick<Context, 'lost' | 'instances'>, c: Component): number {
  const sized = ctx.instances.get(c.name);
  if (sized !== undefined) return sized;
  const base = c.attrs.autoscale ? c.attrs.autoscale.min : c.attrs.replicas;
  return Math.max(1, base - (ctx.lost.get(c.name) ?? 0));
}

/**
 * The instances an autoscaled tier runs at arrival rate `lambda` (requests per second) with `mu`
 * per instance: enough to keep each near the target utilisation, within its range; `name:N`
 * failures take N off the most it can run (the autoscaler replaces them from what is left).
 */
export function autoscaledInstances(ctx: Pick<Context, 'lost' | 'figures' | 'options'>, c: Component, lambda: number, mu: number): number {
  const { min, max } = c.attrs.autoscale!;
  const most = Math.max(1, max - (ctx.lost.get(c.name) ?? 0));
  const before = ctx.options.runningBefore?.get(c.name);
  if (before !== undefined) return Math.max(1, Math.min(most, before - (ctx.lost.get(c.name) ?? 0)));
  const target = ctx.figures.byKey.get('autoscale_target_utilization')!;
  const needed = lambda > 0 && Number.isFinite(mu) ? Math.ceil(lambda / (target * mu) - 1e-9) : 0;
  return Math.min(most, Math.max(min, needed, 1));
}

/** Whether a DNS of the model routes by geography or latency (clients can be sent to other regions). */
export function geoRouted(model: Model): boolean {
  return model.components().some((c) => c.kind === 'dns' && (c.attrs.routing === 'geo' || c.attrs.routing === 'latency'));
}

/** A flow is broken when a component it needs is down (failed alternatives were already dropped). */
export function isBroken(failed: ReadonlySet<string>, root: Visit): boolean {
  const broken = (v: Visit): boolean => {
    if (v.async || v.optional) return false;
    if (failed.has(v.component.name)) return true;
    if (v.split) return v.dropped > 0 ? v.children.every(broken) : v.children.length > 0 && v.children.every(broken);
    return v.children.some(broken);
  };
  return broken(root);
}

/**
 * With a geo- or latency-routed DNS, a client whose flow is broken is sent to another region:
 * it takes the flow of a client there, one region round trip further away (with `coldFailover`,
 * through caches that do not hold its data yet). Changes `flows` in place.
 */
export function failOver(ctx: Context, flows: Flow[]): void {
  if (!geoRouted(ctx.model) || ctx.failed.size === 0) return;
  for (const p of flows) {
    if (!p.broken) continue;
    const donor = flows.find((q) => q.kind === p.kind && !q.broken && q.client.region !== p.client.region && q.failover === undefined);
    if (!donor) continue;
    const along = entries(ctx.model, donor.client, p.kind);
    // One region round trip further: already counted on the first hop when both ends have a
    // region (network() adds it between regions), added here when the client has none.
    const counted = p.client.region !== undefined && along.every((e) => ctx.model.component(e.to)!.region !== undefined);
    p.abandoned = p.root;
    p.root = tree(ctx, p.client, along, p.kind, counted ? 0 : figure(ctx.figures, 'region_round_trip'), false, ctx.options.coldFailover === true);
    p.broken = isBroken(ctx.failed, p.root);
    p.failover = donor.client.region ?? donor.client.name;
  }
}
