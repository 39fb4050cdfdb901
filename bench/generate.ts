/**
 * Deterministic generator of realistic .arch models for the benchmark (bench/run.ts).
 *
 * A model of N components: global `dns`, `cdn`, `storage` and `monitoring`, then one region per
 * ~50 components, each a realistic stack — a client with a share, two load balancers, a session
 * cache, services with replicas/autoscale and shared sessions, query caches, sharded replicated
 * databases, queues with workers — joined by edges of every kind (plain, reads/writes, static,
 * async, telemetry into monitoring, async replication between databases of neighbouring regions).
 * A few deliberate findings (a single-instance cache, a range-sharded timestamp key, local
 * sessions) give the reporters something to print; one is silenced by a suppression comment.
 *
 * The same model is also written as JSON (components with kind/name/region/attributes, edges one
 * per hop with from/to/flags) for the floor measurement. No Math.random: mulberry32
 * (src/evaluate/random.ts), fixed seed.
 */
import { mulberry32HalfOpen } from '../src/evaluate/random.js';
import { render, toJson, v, type Attrs, type GenComponent, type GenEdge, type GenRegion } from './model-text.js';

export interface GeneratedModel {
  /** The .arch text. */
  arch: string;
  /** The equivalent JSON text. */
  json: string;
  components: number;
  /** Edge hops (a chain of k ends is k-1 hops). */
  edges: number;
  regions: number;
}

const geographies = [
  ['us-east', 'US East'],
  ['us-west', 'US West'],
  ['eu-west', 'EU West'],
  ['eu-central', 'EU Central'],
  ['ap-south', 'Asia Pacific South'],
  ['ap-northeast', 'Asia Pacific Northeast'],
  ['sa-east', 'South America East'],
  ['me-central', 'Middle East Central'],
  ['af-south', 'Africa South'],
  ['ca-central', 'Canada Central'],
] as const;

const engines = ['mysql', 'postgres', 'cassandra', 'mongodb', 'cockroachdb'];
const shardKeys = ['user_id', 'account_id', 'tenant_id', 'photo_id', 'order_id', 'device_id'];
const domains = ['users', 'photos', 'orders', 'feeds', 'search', 'billing', 'comments', 'profiles', 'media', 'messages', 'likes', 'events'];
const ttls: [string, number][] = [
  ['5m', 300_000],
  ['10m', 600_000],
  ['30m', 1_800_000],
  ['1h', 3_600_000],
];
const durations: [string, number][] = [
  ['500ms', 500],
  ['1s', 1000],
  ['2s', 2000],
  ['5s', 5000],
];

/** Splits `total` into integer parts proportional to `weights` (largest remainder; each part ≥ 1). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (w / sum) * (total - weights.length));
  const parts = raw.map((r) => 1 + Math.floor(r));
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]![1]]!++;
  return parts;
}

/** Sizes of `regions` regions holding `total` components, as even as possible. */
function regionSizes(total: number, regions: number): number[] {
  const base = Math.floor(total / regions);
  const extra = total % regions;
  return Array.from({ length: regions }, (_, i) => base + (i < extra ? 1 : 0));
}

const GLOBALS = 4;
/** Smallest region the stack fits in: client, 2 lbs, session cache, one service unit (3). */
const MIN_REGION = 7;

/**
 * Generates a model of exactly `n` components (n ≥ GLOBALS + MIN_REGION).
 * `perRegion` is the target region size.
 */
export function generateModel(n: number, seed = 0x5eed, perRegion = 50): GeneratedModel {
  if (n < GLOBALS + MIN_REGION) throw new Error(`a generated model needs at least ${GLOBALS + MIN_REGION} components`);
  const rand = mulberry32HalfOpen(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  const regionCount = Math.max(1, Math.floor((n - GLOBALS) / perRegion));
  const sizes = regionSizes(n - GLOBALS, regionCount);
  const shares = apportion(
    10_000,
    sizes.map(() => int(1, 10)),
  ); // basis points, sum exactly 10000

  const globals: GenComponent[] = [
    { kind: 'dns', name: 'dns', attrs: [['routing', v.word('geo')]], trailing: 'managed DNS, geo routing' },
    {
      kind: 'cdn',
      name: 'assets',
      label: 'Static assets',
      attrs: [
        ['ttl', v.duration('1d', 86_400_000)],
        ['fallback', v.word('origin')],
        ['hit_ratio', v.percent(95)],
        ['invalidation', v.word('versioned')],
      ],
    },
    { kind: 'storage', name: 'media', attrs: [], trailing: "object store, the CDN's origin" },
    {
      kind: 'monitoring',
      name: 'ops',
      label: 'Observability',
      attrs: [
        ['logging', v.flag()],
        ['metrics', v.flag()],
        ['alerting', v.flag()],
        ['automation', v.flag()],
      ],
    },
  ];
  const topEdges: GenEdge[] = [{ ends: ['assets', 'media'], attrs: [['static', v.flag()]] }];
  const regions: GenRegion[] = [];
  const firstDb: string[] = [];

  for (let r = 0; r < regionCount; r++) {
    const [geo, geoLabel] = geographies[r % geographies.length]!;
    const ordinal = Math.floor(r / geographies.length) + 1;
    const region = `${geo}-${ordinal}`;
    const sfx = `_r${r}`;
    const components: GenComponent[] = [];
    const edges: GenEdge[] = [];
    const add = (c: Omit<GenComponent, 'region'>) => components.push({ ...c, region });
    /** Which deliberate finding this region carries, if any. */
    const flaw = r % 7 === 3 ? (['spof-cache', 'range-key', 'local-sessions', 'suppressed-spof'] as const)[Math.floor(r / 7) % 4] : undefined;

    const client = `users${sfx}`;
    const lbA = `edge_a${sfx}`;
    const lbB = `edge_b${sfx}`;
    const sessions = `sessions${sfx}`;
    add({
      kind: 'client',
      name: client,
      label: `${geoLabel} users`,
      attrs: [['share', v.percent(shares[r]! / 100)]],
      before: ['', `# ---- clients and entry points of ${region} ----`],
    });
    add({
      kind: 'lb',
      name: lbA,
      attrs: [
        ['replicas', v.int(2)],
        ['public', v.flag()],
      ],
    });
    add({
      kind: 'lb',
      name: lbB,
      attrs: [
        ['replicas', v.int(2)],
        ['public', v.flag()],
      ],
      trailing: 'second LB in another zone',
    });
    add({
      kind: 'cache',
      name: sessions,
      label: 'Session store',
      attrs: [
        ['replicas', v.int(3)],
        ['ttl', v.duration('30m', 1_800_000)],
        ['eviction', v.word('lru')],
      ],
    });
    topEdges.push({ ends: [client, 'dns'], attrs: [] });
    topEdges.push({ ends: [client, 'assets'], attrs: [['static', v.flag()]] });

    let rem = sizes[r]! - 4;
    let unit = 0;
    let lastService = '';
    let lastDb = '';
    const extraCaches: string[] = [];
    while (rem > 0) {
      const k = unit++;
      if (rem >= 3 && (k % 3 !== 2 || rem < 2)) {
        // App unit: a service, its query cache, its database.
        const domain = domains[k % domains.length]!;
        const svc = k === 0 ? `web${sfx}` : `${domain}_api${k}${sfx}`;
        const cache = `${domain}_cache${k}${sfx}`;
        const db = `${domain}_db${k}${sfx}`;
        const replicas = int(2, 8);
        const min = int(2, Math.min(replicas, 4));
        const svcAttrs: Attrs = [
          ['replicas', v.int(replicas)],
          ['autoscale', v.range(min, int(Math.max(replicas, 10), 40))],
          ['sessions', flaw === 'local-sessions' && k === 0 ? v.word('local') : v.word(sessions)],
          ['capacity', v.count(int(1, 5) * 1000)],
        ];
        if (k % 2 === 1) svcAttrs.push(['latency', v.duration('5ms', 5)]);
        add({
          kind: 'service',
          name: svc,
          ...(k === 0 ? { label: `Web tier (${region})` } : {}),
          attrs: svcAttrs,
          before: k === 0 ? ['', '// application tier'] : undefined,
        });
        const single = (flaw === 'spof-cache' || flaw === 'suppressed-spof') && k === 0;
        add({
          kind: 'cache',
          name: cache,
          attrs: [
            ['replicas', v.int(single ? 1 : int(2, 3))],
            ['ttl', v.duration(...pick(ttls))],
            ['eviction', v.word(pick(['lru', 'lfu']))],
            ['hit_ratio', v.percent(int(70, 95))],
          ],
          ...(flaw === 'suppressed-spof' && k === 0 ? { before: ['# archlint-disable-next-line spof -- rebuilt from the database on restart'] } : {}),
        });
        const rangeKey = flaw === 'range-key' && k === 0;
        const shards = pick([2, 4, 8, 16]);
        const dbAttrs: Attrs = [
          ['engine', v.word(pick(engines))],
          ['replicas', v.int(pick([3, 3, 5]))],
          ['shard_key', v.word(rangeKey ? 'created_at' : pick(shardKeys))],
          ['shards', v.int(shards)],
          ['sharding', v.word(rangeKey ? 'range' : 'hash')],
          ['capacity', v.count(int(2, 10) * 1000)],
          // The first database of each region holds the shared data and replicates to the next
          // region; the others hold the region's own data.
          ['dataset', v.word(k === 0 ? 'core' : db)],
        ];
        if (!rangeKey && rand() < 0.3) dbAttrs.push(['key_pattern', v.word('uuid')]);
        add({ kind: 'database', name: db, attrs: dbAttrs, ...(rangeKey ? { trailing: 'time-ordered writes' } : {}) });

        if (k === 0) {
          edges.push({ ends: [client, lbA, svc], attrs: [] });
          edges.push({ ends: [client, lbB, svc], attrs: [] });
        } else if (k % 3 === 0) {
          edges.push({ ends: [lbA, svc], attrs: [] });
          edges.push({ ends: [lbB, svc], attrs: [] });
        } else {
          edges.push({ ends: [`web${sfx}`, svc], attrs: [['label', v.string(`${domain} API`)]] });
        }
        if (k === 0 || k % 3 === 0) edges.push({ ends: [svc, sessions], attrs: [] });
        edges.push({ ends: [svc, cache], attrs: [['reads', v.flag()]] });
        edges.push({
          ends: [svc, db],
          attrs: [
            ['reads', v.flag()],
            ['writes', v.flag()],
          ],
          ...(k === 0 ? { trailing: 'cache-aside: reads miss through to the database' } : {}),
        });
        edges.push({ ends: [svc, 'ops'], attrs: [] });
        lastService = svc;
        lastDb = db;
        if (k === 0) firstDb.push(db);
        rem -= 3;
      } else if (rem >= 2) {
        // Async unit: a queue fed by the last service and a worker writing to the last database.
        const queue = `jobs${k}${sfx}`;
        const worker = `worker${k}${sfx}`;
        add({
          kind: 'queue',
          name: queue,
          attrs: [
            ['durable', v.flag()],
            ['replicas', v.int(3)],
          ],
          before: ['/* background jobs */'],
        });
        const wr = int(2, 4);
        add({
          kind: 'worker',
          name: worker,
          attrs: [
            ['replicas', v.int(wr)],
            ['autoscale', v.range(2, int(Math.max(wr, 8), 20))],
            ['duration', v.duration(...pick(durations))],
          ],
        });
        edges.push({ ends: [lastService, queue], attrs: [['async', v.flag()]] });
        edges.push({ ends: [queue, worker], attrs: [] });
        edges.push({ ends: [worker, lastDb], attrs: [['writes', v.flag()]] });
        edges.push({ ends: [worker, 'ops'], attrs: [] });
        rem -= 2;
      } else {
        // One left over: another read cache of the web tier.
        const cache = `hot_cache${k}${sfx}`;
        add({
          kind: 'cache',
          name: cache,
          attrs: [
            ['replicas', v.int(2)],
            ['ttl', v.duration('1m', 60_000)],
            ['eviction', v.word('lfu')],
          ],
        });
        extraCaches.push(cache);
        edges.push({ ends: [`web${sfx}`, cache], attrs: [['reads', v.flag()]] });
        rem -= 1;
      }
    }
    regions.push({ name: region, label: `${geoLabel} ${ordinal}`, components, edges });
  }

  // Cross-region replication: each region's first database to the next region's.
  if (regionCount > 1) {
    for (let r = 0; r < regionCount; r++) {
      topEdges.push({ ends: [firstDb[r]!, firstDb[(r + 1) % regionCount]!], attrs: [['replication', v.word('async')]] });
    }
  }

  const arch = render(n, globals, regions, topEdges);
  const all = [...globals, ...regions.flatMap((r) => r.components)];
  const allEdges = [...regions.flatMap((r) => r.edges), ...topEdges];
  const json = toJson(all, allEdges);
  const hops = allEdges.reduce((s, e) => s + e.ends.length - 1, 0);
  if (all.length !== n) throw new Error(`generated ${all.length} components, wanted ${n}`);
  return { arch, json, components: all.length, edges: hops, regions: regionCount };
}

export function generateChain(n: number): string {
  const out = [`architecture "Pathological chain, ${n} components"`, '', 'client users { }'];
  for (let i = 1; i < n; i++) out.push(`service s${i} { }`);
  const ends = ['users'];
  for (let i = 1; i < n; i++) ends.push(`s${i}`);
  out.push('', ends.join(' -> '));
  return `${out.join('\n')}\n`;
}
