/**
 * Real, public designs (examples/designs/, each says where it comes from): archlint reports
 * exactly the findings marked in them (`# expect:`), and the evaluator's figures for them are the
 * ones worked out by hand below.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel } from '../src/engine/pipeline.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { nodeHost } from '../src/model/load.js';
import { root } from './cli-run.js';
import { markers } from './markers.js';

const dir = path.join(root, 'examples/designs');
/** A design checked from disk with the built-in rules, as `archlint check` would. */
// What a user sees with no configuration: the rules of archlint:recommended.
const recommended = builtinRegistry.all().filter((r) => r.meta.recommended !== false);
const checkFile = (file: string) => checkModel(path.relative(root, file), { host: nodeHost(root), rules: recommended });

const designs = readdirSync(dir)
  .filter((f) => f.endsWith('.arch'))
  .sort();

describe('the real designs', () => {
  it.each(designs)('%s reports exactly the findings marked in it', (file) => {
    const found = checkFile(path.join(dir, file))
      .diagnostics.filter((d) => !d.suppressed)
      .map((d) => `${d.ruleId}@${d.span.start.line}`)
      .sort();
    expect(found).toEqual(markers(path.join(dir, file)));
  });
});

describe('the AWS three-tier reference design, evaluated', () => {
  const model = () => checkFile(path.join(dir, 'aws-three-tier.arch')).model!;

  it('runs the web tier at what 1,000 requests per second need: ⌈1,000 / (70% × 200)⌉ = 8 of 2..12', () => {
    const e = evaluate(model());
    const web = e.tiers.find((t) => t.component === 'web')!;
    expect(web).toMatchObject({ replicas: 8, rps: 1000, autoscale: { min: 2, max: 12 }, saturated: false });
    expect(web.utilization).toBeCloseTo(1000 / (8 * 200), 12);
    // The database gets the reads that miss the cache (20% of 900) and every write (100).
    expect(e.tiers.find((t) => t.component === 'rds')!.rps).toBeCloseTo(900 * 0.2 + 100, 9);
  });

  it('counts the managed tiers as their providers run them, one Redis once, and DNS for the requests that resolve', () => {
    const e = evaluate(model());
    const dns = 1 - 0.05 * (1 - 0.9999); // Route 53 at 99.99%, for the 5% of requests that resolve
    const alb = 0.9999; // Elastic Load Balancing SLA
    const web = 1 - 0.005 ** 8; // 8 EC2 instances at 99.5%
    const redis = Math.max(0.9999, 1 - 0.005 ** 2); // ElastiCache SLA, or its 2 nodes if better
    const rds = Math.max(0.9995, 1 - 0.005 ** 2); // RDS Multi-AZ SLA, or its 2 nodes if better
    // Reads: the sessions and the query results come from the same Redis (counted once); the
    // database only on a miss (20%).
    const read = e.flows.find((f) => f.kind === 'read')!;
    expect(read.availability).toBeCloseTo(dns * alb * web * redis * (1 - 0.2 * (1 - rds)), 12);
    const write = e.flows.find((f) => f.kind === 'write')!;
    expect(write.availability).toBeCloseTo(dns * alb * web * redis * rds, 12);
    // Both above the design's 99.9% budget.
    expect(Math.min(read.availability, write.availability)).toBeGreaterThan(0.999);
  });
});

describe('the two-region social feed (Xu ch. 11, "Timelines at Scale"), evaluated', () => {
  const model = () => checkFile(path.join(dir, 'social-feed-two-region.arch')).model!;
  const tier = (e: ReturnType<typeof evaluate>, name: string) => e.tiers.find((t) => t.component === name)!;
  const flow = (e: ReturnType<typeof evaluate>, client: string, kind: string) => e.flows.find((f) => f.client === client && f.kind === kind)!;
  // US East's users: half of 40,000 a second; half of those fetch media, 95% of the rest read.
  const east = 40_000 * 0.5;
  const dynamic = east * (1 - 0.5); // 10,000
  const reads = dynamic * 0.95; // 9,500
  const writes = dynamic - reads; // 500

  it('sizes the autoscaled tiers for their load at 70% of 1,000 a second (fan-out workers: 1 / 20 ms = 50)', () => {
    const e = evaluate(model());
    expect(tier(e, 'web_e')).toMatchObject({ replicas: Math.ceil(dynamic / 700), autoscale: { min: 4, max: 40 } }); // ⌈14.3⌉ = 15
    expect(tier(e, 'web_e').rps).toBeCloseTo(10_000, 9);
    expect(tier(e, 'feed_e').replicas).toBe(14); // ⌈9,500 / 700⌉ = ⌈13.6⌉
    // The post service serves the feed's hydration reads and the new posts: 10,000, ⌈14.3⌉ = 15.
    expect(tier(e, 'post_e').rps).toBeCloseTo(reads + writes, 9);
    expect(tier(e, 'post_e').replicas).toBe(15);
    expect(tier(e, 'fanout_e').rps).toBeCloseTo(writes, 9);
    expect(tier(e, 'fanout_e').replicas).toBe(15); // ⌈500 / (70% × 50)⌉ = ⌈14.3⌉
  });

  it('loads the stores with what the caches miss and what the fan-out writes', () => {
    const e = evaluate(model());
    // Every feed read, and the post ids both regions' fan-out workers write (500 each).
    expect(tier(e, 'timelines_e').rps).toBeCloseTo(reads + 500 + 500, 9); // 10,500
    // The follow graph: the 20% of feed reads whose timeline misses, and every post fanned out.
    expect(tier(e, 'users_e').rps).toBeCloseTo(reads * 0.2 + writes, 9); // 2,400
    // The posts: the 10% of hydrations the post cache misses, and every new post.
    expect(tier(e, 'posts_e').rps).toBeCloseTo(reads * 0.1 + writes, 9); // 1,450
    // The media store: the CDN's misses (10% of 20,000 static requests) and one post in five.
    expect(tier(e, 'media').rps).toBeCloseTo(2 * east * 0.5 * 0.1 + 2 * writes * 0.2, 9); // 2,200
  });

  // One node of each kind at its figure: an LB instance 99.99%, a VM, a Redis node and a Cassandra
  // node 99.5%; the object store 99.9% (S3); Route 53 99.99% for the 5% of requests that resolve.
  const dns = 1 - 0.05 * (1 - 0.9999);
  const lb = 1 - 0.0001 ** 2;
  const node3 = 1 - 0.005 ** 3; // three Redis or Cassandra nodes (per shard)
  const vms = (n: number) => 1 - 0.005 ** n;
  // A look-aside cache that is down only misses: the store is read on its misses, or on everything.
  const lookAside = (hit: number, cache: number, store: number) => cache * (hit + (1 - hit) * store) + (1 - cache) * store;

  it('serves a region alone as its path allows, and both regions in parallel behind the geo DNS', () => {
    // US West down: its users move to US East (20,000 dynamic a second there: web ⌈28.6⌉ = 29,
    // feed ⌈27.1⌉ = 28, posts ⌈28.6⌉ = 29 instances), and East's flows have no other region.
    const alone = evaluate(model(), { fail: ['us_west'] });
    const readPath = lb * vms(29) * vms(28) * lookAside(0.8, node3, node3) * vms(29) * lookAside(0.9, node3, node3); // timelines or the graph; posts cache or posts
    expect(flow(alone, 'east_users', 'read').availability).toBeCloseTo(dns * readPath, 12);
    const writePath = lb * vms(29) * vms(29) * node3 * node3 * (1 - 0.2 * (1 - 0.999)); // posts, post cache, media for one in five
    expect(flow(alone, 'east_users', 'write').availability).toBeCloseTo(dns * writePath, 12);
    // Both up: a read fails only when both regions' paths are down (they share only the DNS).
    const both = evaluate(model());
    const path = lb * vms(15) * vms(14) * lookAside(0.8, node3, node3) * vms(15) * lookAside(0.9, node3, node3);
    expect(flow(both, 'east_users', 'read').availability).toBeCloseTo(dns * (1 - (1 - path) ** 2), 12);
  });
});

describe('the URL shortener at 100,000 redirects a second (Xu ch. 8), evaluated', () => {
  const model = () => checkFile(path.join(dir, 'url-shortener.arch')).model!;
  const tier = (e: ReturnType<typeof evaluate>, name: string) => e.tiers.find((t) => t.component === name)!;
  const flow = (e: ReturnType<typeof evaluate>, client: string, kind: string) => e.flows.find((f) => f.client === client && f.kind === kind)!;
  const east = 110_000 * 0.5; // 55,000 a second, no static files
  const reads = east * 0.909; // 49,995 redirects
  const writes = east - reads; // 5,005 new URLs

  it('runs the web tier and the click counters at 70% of their capacity, the URL table at the misses and writes', () => {
    const e = evaluate(model());
    expect(tier(e, 'web_e')).toMatchObject({ replicas: 40, autoscale: { min: 4, max: 80 } }); // ⌈55,000 / (70% × 2,000)⌉ = ⌈39.3⌉
    expect(tier(e, 'edge_e').utilization).toBeCloseTo(east / (8 * 20_000), 9); // 8 LB instances of 20,000: 34%
    expect(tier(e, 'ids_e').rps).toBeCloseTo(writes, 9);
    expect(tier(e, 'ids_e').utilization).toBeCloseTo(writes / (3 * 10_000), 9);
    expect(tier(e, 'urls_e').rps).toBeCloseTo(reads * (1 - 0.9) + writes, 9); // 10,004.5
    // Every redirect queues a click; a counter takes 5,000 a second: ⌈49,995 / 3,500⌉ = ⌈14.3⌉ = 15.
    expect(tier(e, 'clicks_e').rps).toBeCloseTo(reads, 9);
    expect(tier(e, 'counter_e')).toMatchObject({ replicas: 15, autoscale: { min: 2, max: 30 } });
  });

  const dns = 1 - 0.05 * (1 - 0.9999);
  const lb = 1 - 0.0001 ** 8;
  const node3 = 1 - 0.005 ** 3; // three Redis nodes, or three Cassandra nodes per shard, or the three id generators
  const cacheOrTable = node3 * (0.9 + 0.1 * node3) + (1 - node3) * node3; // a cache that is down only misses

  it('answers a redirect through the cache or the URL table, in either region', () => {
    const both = evaluate(model());
    const read = lb * (1 - 0.005 ** 40) * cacheOrTable; // the click is queued, not awaited
    expect(flow(both, 'users_e', 'read').availability).toBeCloseTo(dns * (1 - (1 - read) ** 2), 12);
    const write = lb * (1 - 0.005 ** 40) * node3 * node3; // the id generators, the URL table
    expect(flow(both, 'users_e', 'write').availability).toBeCloseTo(dns * (1 - (1 - write) ** 2), 12);
  });

  it('carries both regions in one when the other is down', () => {
    // EU West down: US East takes all 110,000 a second. Web ⌈110,000 / 1,400⌉ = ⌈78.6⌉ = 79 of
    // 4..80, the load balancers at 110,000 / 160,000; the URL table twice its load.
    const alone = evaluate(model(), { fail: ['eu_west'] });
    expect(tier(alone, 'web_e').replicas).toBe(79);
    expect(tier(alone, 'edge_e').utilization).toBeCloseTo(110_000 / 160_000, 9);
    expect(tier(alone, 'urls_e').rps).toBeCloseTo(2 * (reads * 0.1 + writes), 9); // 20,009
    // The moved users' redirects take US East's path, and no other region is left.
    const moved = flow(alone, 'users_w', 'read');
    expect(moved.failover).toBe('us_east');
    expect(moved.availability).toBeCloseTo(dns * lb * (1 - 0.005 ** 79) * cacheOrTable, 12);
  });
});

describe('the startup monolith (Xu ch. 1 "single server setup", grown ad hoc), evaluated', () => {
  const model = () => checkFile(path.join(dir, 'startup-monolith.arch')).model!;
  const tier = (e: ReturnType<typeof evaluate>, name: string) => e.tiers.find((t) => t.component === name)!;
  const flow = (e: ReturnType<typeof evaluate>, kind: string) => e.flows.find((f) => f.kind === kind)!;

  it('puts every request on the one machine, and asks more of it than it has', () => {
    const e = evaluate(model());
    // 900 a second, static files included (the app serves them): 90% of its 1,000. Writes:
    // 900 × 60% dynamic × 10% = 54 a second, one in 200 an upload resized for 2 s (54% of the
    // machine). MySQL (5,000 a second) takes the 54 writes and the 20% of the 486 reads that
    // Redis (100,000 a second) misses; Redis takes all 540.
    expect(tier(e, 'app').rps).toBeCloseTo(900, 9);
    expect(tier(e, 'resizer').rps).toBeCloseTo(54 * 0.005, 9);
    expect(tier(e, 'db').rps).toBeCloseTo(54 + 486 * 0.2, 9);
    expect(tier(e, 'carts').rps).toBeCloseTo(540, 9);
    const demand = 900 / 1000 + 54 * 0.005 * 2 + (54 + 486 * 0.2) / 5000 + 540 / 100_000;
    expect(demand).toBeCloseTo(1.47564, 12);
    // Past one machine each tier gets it in proportion to its demand: all four are loaded to 148%.
    for (const name of ['app', 'db', 'carts', 'resizer']) {
      expect(tier(e, name)).toMatchObject({ host: 'vm', saturated: true });
      expect(tier(e, name).host_demand).toBeCloseTo(demand, 12);
      expect(tier(e, name).utilization).toBeCloseTo(demand, 9);
    }
  });

  it('is as available as the one VM allows, and serves only what the machine can of the rest', () => {
    const e = evaluate(model());
    const dns = 1 - 0.05 * (1 - 0.9999);
    // The four fail together, as one machine (99.5%); each serves 1 / 1.47564 of what reaches it.
    for (const kind of ['static', 'read', 'write']) {
      expect(flow(e, kind).availability).toBeCloseTo((dns * 0.995) / 1.47564, 9);
      expect(flow(e, kind).p99_ms).toBeNull();
    }
  });
});
