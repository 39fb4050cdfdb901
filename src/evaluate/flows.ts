/**
 * Flows: the visit tree of one client's static, read or write requests.
 *
 * From each client, a flow follows the edges that carry its kind of request (static: `static`
 * edges; reads: `reads` or unflagged edges; writes: `writes` or unflagged edges), skipping DNS
 * (resolutions are cached) and telemetry and replication edges, and a service's session store is
 * visited on every dynamic request. A client, a load balancer, a DNS and a CDN send each request
 * to one of their targets (alternatives, split evenly); every other component calls all of its
 * targets in turn. A look-aside cache makes the databases, object stores and search indexes its caller reads from
 * visited only on a miss (probability 1 − hit ratio); a CDN goes to its origin only on a miss.
 * `async` edges end the synchronous flow: what lies behind them adds load but no latency.
 *
 * A tree is cut (and said so) at MAX_DEPTH components deep or MAX_VISITS_PER_FLOW visits; a
 * component already on the path is not visited again (no cycles).
 */
import { isRequestEdge, minInstances, type Component, type Edge, type Model } from '../model/model.js';
import { figure, hitRatio, type Figures } from './figures.js';
import type { Context, FlowKind, Visit } from './types.js';

/** Kinds of component that send each request to one of their targets. */
const ALTERNATIVES = new Set(['client', 'lb', 'gateway', 'dns', 'cdn']);
const MAX_VISITS_PER_FLOW = 50_000;
/** Deeper paths are cut here (and said so): a request crossing 2,000 components is not a design. */
export const MAX_DEPTH = 2_000;

function carries(edge: Edge, kind: FlowKind): boolean {
  if (!isRequestEdge(edge)) return false;
  if (kind === 'static') return edge.static;
  const plain = !edge.reads && !edge.writes && !edge.static;
  return plain || (kind === 'read' ? edge.reads : edge.writes);
}

/** Where reads end: a look-aside cache in front of one is read first (a search index is read like a database). */
function isStore(c: Component): boolean {
  return c.kind === 'database' || c.kind === 'storage' || c.kind === 'search';
}

/** Network time of the hop from `from` to `to`, milliseconds. */
function network(figures: Figures, from: Component, to: Component, edge: Edge | undefined): number {
  if (edge?.latency !== undefined) return edge.latency;
  const f = figures;
  if (to.kind === 'cdn') return figure(f, 'cdn_round_trip');
  const crossRegion = from.region !== undefined && to.region !== undefined && from.region !== to.region;
  if (from.kind === 'client') return figure(f, 'client_round_trip') + (crossRegion ? figure(f, 'region_round_trip') : 0);
  if (from.kind === 'cdn') return figure(f, 'client_round_trip');
  return crossRegion ? figure(f, 'region_round_trip') : figure(f, 'datacenter_round_trip');
}

/**
 * How long a write to `c` waits for its copies before it returns, milliseconds: a database whose
 * nodes replicate `sync` or `semi-sync` waits one round trip to a node in its data center; a
 * store with a `replication: sync` edge waits for that store, over that edge's network (across
 * regions, a long round trip). Asynchronous copies cost a write nothing. The waits run in parallel:
 * the longest counts.
 */
function commitWait(model: Model, figures: Figures, c: Component): number {
  let wait = 0;
  const mode = c.kind === 'database' ? c.attrs.replication_mode : undefined;
  if ((mode === 'sync' || mode === 'semi-sync') && minInstances(c) > 1 && c.attrs.replication !== 'none') wait = figure(figures, 'datacenter_round_trip');
  for (const e of model.outEdges(c.name)) {
    if (e.replication !== 'sync') continue;
    wait = Math.max(wait, network(figures, c, model.component(e.to)!, e));
  }
  return wait;
}

/**
 * The client's edges a flow of `kind` starts along (DNS and monitoring left out): only the edges
 * that carry it, so a client whose one edge says `reads` sends no writes.
 */
export function entries(model: Model, client: Component, kind: FlowKind): Edge[] {
  return model.outEdges(client.name).filter((e) => {
    if (!carries(e, kind)) return false;
    const to = model.component(e.to)!;
    if (to.kind === 'dns' || to.kind === 'monitoring') return false;
    return kind === 'static' || to.kind !== 'cdn';
  });
}

/**
 * Where a client without a `static` edge gets its static files: from the application, along its
 * read path, when that starts at a load balancer or a service (a client reading a database
 * directly fetches no static files from it).
 */
export function appEntries(model: Model, client: Component): Edge[] {
  return entries(model, client, 'read').filter((e) => {
    const kind = model.component(e.to)!.kind;
    return kind === 'lb' || kind === 'gateway' || kind === 'service';
  });
}

interface Target {
  edge?: Edge;
  to: Component;
  async: boolean;
  /** The visit a service makes to its session store on every dynamic request (no edge of its own). */
  session?: true;
}

/** Where a visit to `c` goes next: its edges that carry the flow, then its session store. */
function targetsOf(
  model: Model,
  c: Component,
  kind: FlowKind,
  entries: readonly Edge[],
  onPath: ReadonlySet<string>,
  async: boolean,
  fromApp: boolean,
): Target[] {
  const out = (c.kind === 'client' ? entries : model.outEdges(c.name)).filter((e) => !onPath.has(e.to));
  const targets: Target[] = [];
  for (const e of out) {
    const to = model.component(e.to)!;
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
    const store = model.component(c.attrs.sessions);
    if (store && !onPath.has(store.name) && !targets.some((t) => t.to === store)) targets.push({ to: store, async, session: true });
  }
  return targets;
}

/**
 * The probability (0..1) that a visit to `c` goes on to `to`: a CDN's origin and a cache's store
 * only on the cache's miss; a store behind look-aside caches (`miss`, the product of their misses)
 * only when all of them miss. The session store is read on every request, whatever caches the
 * queries.
 */
function probabilityOf(figures: Figures, c: Component, target: Target, kind: FlowKind, miss: number, cold: boolean): number {
  const to = target.to;
  if (target.session) return 1;
  if (c.kind === 'cdn') return 1 - hitRatio(figures, c);
  if (c.kind === 'cache' && isStore(to) && kind === 'read') return cold ? 1 : 1 - hitRatio(figures, c);
  if (kind === 'read' && isStore(to)) return miss;
  return 1;
}

/**
 * Whether the caller `c` checks cache `t` before its stores: any cache it reads from, except its
 * session store, which is a query cache too only when the edge to it says `reads` (one Redis for
 * both is the usual set-up; a plain edge to the session store only draws the session link).
 */
function queryCache(c: Component, t: Target): boolean {
  if (t.session) return false;
  return t.to.name !== c.attrs.sessions || t.edge?.reads === true;
}

/** Whether `t` is a look-aside cache of `c` for a flow of `kind`. */
function isLookAside(c: Component, kind: FlowKind, t: Target): boolean {
  return kind === 'read' && t.to.kind === 'cache' && !t.async && queryCache(c, t);
}

/**
 * Look-aside caches: the caller's stores are read only on a miss (fraction 0..1 of its reads). A
 * cache that is down misses every read (what-if): its reads all go to the stores; so does a cold
 * one (`cold`: it does not hold the data yet).
 */
function lookAsideMiss(figures: Figures, failed: ReadonlySet<string>, c: Component, kind: FlowKind, targets: readonly Target[], cold: boolean): number {
  if (cold) return 1;
  let miss = 1;
  for (const t of targets) if (isLookAside(c, kind, t) && !failed.has(t.to.name)) miss *= 1 - hitRatio(figures, t.to);
  return miss;
}

/**
 * The visit tree of one flow from `client` along `entries`; `extraNetwork` (milliseconds) is added
 * to the first hop.
 * @param fromApp a static flow with no `static` edge from the client: the files come from the
 * application, reached along the read path, and the first service serves them.
 * @param cold the caches do not hold this flow's data yet (the moment after a failover): every
 * look-aside or read-through lookup misses.
 */
export function tree(ctx: Context, client: Component, entries: readonly Edge[], kind: FlowKind, extraNetwork = 0, fromApp = false, cold = false): Visit {
  let budget = MAX_VISITS_PER_FLOW;
  const onPath = new Set<string>([client.name]);
  const build = (
    c: Component,
    edge: Edge | undefined,
    from: Component | undefined,
    probability: number,
    async: boolean,
    pool: 'read' | 'write',
    depth: number,
  ): Visit => {
    budget--;
    const visit: Visit = {
      component: c,
      network: from ? network(ctx.figures, from, c, edge) + (pool === 'write' ? commitWait(ctx.model, ctx.figures, c) : 0) : 0,
      probability,
      pool,
      split: ALTERNATIVES.has(c.kind),
      weights: [],
      children: [],
      async,
      scale: edge ? (ctx.edgeScale.get(edge.id) ?? 1) : 1,
      fanout: edge?.fanout ?? 1,
      dropped: 0,
      edge,
    };
    if (budget <= 0 || depth >= MAX_DEPTH) {
      ctx.truncated.add(client.name);
      return visit;
    }
    onPath.add(c.name);
    const targets = targetsOf(ctx.model, c, kind, entries, onPath, async, fromApp);
    const miss = lookAsideMiss(ctx.figures, ctx.failed, c, kind, targets, cold);
    const childPool: 'read' | 'write' = kind === 'write' ? 'write' : 'read';
    for (const t of targets) {
      if (visit.split && ctx.failed.has(t.to.name)) {
        visit.dropped++; // a failed alternative is skipped
        continue;
      }
      const cache = isLookAside(c, kind, t);
      const optional = cache && t.to.name !== c.attrs.sessions;
      // A look-aside cache that is down is not asked: its reads miss, and go to the stores.
      if (optional && ctx.failed.has(t.to.name)) continue;
      // A call the response can do without fails fast when its target is down: the caller answers without it.
      if (t.edge?.optional && ctx.failed.has(t.to.name)) continue;
      // An edge's `share` is the part of the caller's requests that take it (for alternatives, their weight).
      const p = probabilityOf(ctx.figures, c, t, kind, miss, cold) * (visit.split ? 1 : (t.edge?.share ?? 1));
      const child = build(t.to, t.edge, c, p, t.async, childPool, depth + 1);
      if (t.edge?.optional) child.optional = true;
      if (cache) child.lookAside = optional ? 'optional-cache' : 'cache';
      else if (kind === 'read' && isStore(t.to) && !t.session && p < 1 && c.kind !== 'cache' && c.kind !== 'cdn') child.lookAside = 'store';
      visit.children.push(child);
    }
    if (visit.split) visit.weights = alternativeWeights(visit.children.map((child) => child.edge?.share));
    onPath.delete(c.name);
    return visit;
  };
  const root = build(client, undefined, undefined, 1, false, kind === 'write' ? 'write' : 'read', 0);
  if (extraNetwork) for (const child of root.children) child.network += extraNetwork;
  return root;
}

/**
 * The weights of a component's alternatives: the `share` their edges give, and what is left split
 * evenly among the others; scaled to sum to 1 (alternatives that are down were left out).
 */
function alternativeWeights(shares: readonly (number | undefined)[]): number[] {
  if (shares.length === 0) return [];
  const given = shares.reduce<number>((s, x) => s + (x ?? 0), 0);
  const rest = shares.filter((x) => x === undefined).length;
  const raw = shares.map((x) => x ?? (rest > 0 ? Math.max(0, 1 - given) / rest : 0));
  const total = raw.reduce((s, x) => s + x, 0);
  return total > 0 ? raw.map((x) => x / total) : shares.map(() => 1 / shares.length);
}

/** What the reader is told about flows cut short, one note per client (sorted by name). */
export function truncationNotes(truncated: ReadonlySet<string>): string[] {
  return [...truncated]
    .sort()
    .map(
      (c) =>
        `the flows of \`${c}\` pass more than ${MAX_DEPTH.toLocaleString('en-US')} components or ${MAX_VISITS_PER_FLOW.toLocaleString('en-US')} visits and were evaluated only that far`,
    );
}
