/**
 * The evaluator against figures worked out by hand (each case shows its arithmetic) and against
 * the published vectors the issue names.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation, type FlowResult } from '../src/evaluate/evaluate.js';
import { evalJson } from '../src/report/eval.js';
import { archlint } from './cli-run.js';
import { check, validModel } from './helpers.js';

const model = (source: string) => validModel(source, 'm.arch');

const flow = (e: Evaluation, client: string, kind: string): FlowResult => e.flows.find((f) => f.client === client && f.kind === kind)!;
const tier = (e: Evaluation, component: string) => e.tiers.find((t) => t.component === component)!;

/** DNS at 99.99%, counted for the 5% of requests that need a fresh answer (dns_resolution_share). */
const dnsShare = 1 - 0.05 * (1 - 0.9999);

/** Erlang C by its textbook sum, P(wait) for c servers at a Erlangs: an oracle independent of the evaluator's recurrence. */
function erlangCSum(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) sum += term *= a / k;
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}

/** Mean wait (ms) of an M/M/c queue at λ per second, each server taking `latencyMs`. */
function mmcWaitMs(lambda: number, servers: number, latencyMs: number): number {
  const mu = 1000 / latencyMs;
  return (erlangCSum(servers, lambda / mu) / (servers * mu - lambda)) * 1000;
}
describe('one M/M/1 tier behind a client', () => {
  // λ = 50/s, μ = 100/s (capacity), S = 10 ms = 1/μ: exactly M/M/1.
  // ρ = 0.5; Wq = ρ/(μ − λ) = 0.5/50 s = 10 ms; W = 20 ms; W ~ Exp(μ − λ = 50/s):
  // p50 = ln 2 / 50 s = 13.8629 ms, p99 = ln 100 / 50 s = 92.1034 ms. First hop: client_round_trip 40 ms.
  const e = evaluate(model('workload { rps: 50, read_ratio: 100% }\nclient users\nservice web { capacity: 100, latency: 10ms }\nusers -> web'));

  it('gives the tier its load, utilisation and queueing delay', () => {
    expect(e.tiers).toHaveLength(1);
    const t = tier(e, 'web');
    expect(t.rps).toBeCloseTo(50, 9);
    expect(t.replicas).toBe(1);
    expect(t.utilization).toBeCloseTo(0.5, 9);
    expect(t.wait_ms).toBeCloseTo(10, 6);
    expect(t.response_ms).toBeCloseTo(20, 6);
    expect(t.p99_ms).toBeCloseTo(92.1034, 3);
    expect(t.saturated).toBe(false);
  });

  it('gives the flow exact percentiles (one random tier) and its availability', () => {
    const f = flow(e, 'users', 'read');
    expect(f.path).toEqual(['users', 'web']);
    expect(f.rps).toBeCloseTo(50, 9);
    expect(f.mean_ms).toBeCloseTo(60, 6);
    expect(f.p50_ms).toBeCloseTo(53.8629, 3);
    expect(f.p99_ms).toBeCloseTo(132.1034, 3);
    expect(f.sampled).toBe(false);
    expect(f.availability).toBeCloseTo(0.995, 12); // one instance at the EC2 instance SLA
    expect(e.flows.map((x) => x.kind)).toEqual(['read']); // read_ratio 100%: no writes, no static
  });

  it('reports a saturated tier and gives its flows no latency', () => {
    const over = evaluate(model('workload { rps: 150, read_ratio: 100% }\nclient users\nservice web { capacity: 100, latency: 10ms }\nusers -> web'));
    expect(tier(over, 'web')).toMatchObject({ saturated: true, wait_ms: null, response_ms: null, p99_ms: null });
    expect(tier(over, 'web').utilization).toBeCloseTo(1.5, 9);
    expect(flow(over, 'users', 'read')).toMatchObject({ mean_ms: null, p50_ms: null, p99_ms: null, saturated: ['web'] });
  });
});

describe('published vectors through the evaluator', () => {
  it('two tiers of 99.95% and 99.9% in series give 0.9985005 (Microsoft, composite SLAs)', () => {
    const e = evaluate(model('client users\nservice a { availability: 99.95% }\ndatabase b { availability: 99.9% }\nusers -> a -> b'));
    expect(flow(e, 'users', 'read').availability).toBeCloseTo(0.9985005, 10);
  });

  // Written both ways: capacity = 1/latency, and concurrency 1 (the capacity follows).
  it.each(['capacity: 1, latency: 1s', 'concurrency: 1, latency: 1s', 'concurrency: 1, capacity: 1'])(
    'M/M/3 with λ = 2/s and μ = 1/s waits 0.4444 s on average (Erlang C 0.4444), written %s',
    (attrs) => {
      // Three instances, one request at a time each, service time 1 s; 2 requests per second.
      const e = evaluate(model(`workload { rps: 2, read_ratio: 100% }\nclient users\nservice slow { replicas: 3, ${attrs} }\nusers -> slow`));
      expect(tier(e, 'slow').utilization).toBeCloseTo(2 / 3, 9);
      expect(tier(e, 'slow').wait_ms).toBeCloseTo(444.44, 1);
      expect(tier(e, 'slow').response_ms).toBeCloseTo(1444.44, 1);
    },
  );

  // PDQ's M/M/1 example (Gunther, Analyzing Computer System Performance with Perl::PDQ): λ = 0.75/s,
  // S = 1 s: ρ = 0.75, R = S / (1 − ρ) = 4 s.
  it.each(['capacity: 1, latency: 1s', 'concurrency: 1, latency: 1s'])('M/M/1 at ρ 0.75 responds in 4 s (PDQ), written %s', (attrs) => {
    const e = evaluate(model(`workload { rps: 0.75, read_ratio: 100% }\nclient users\nservice one { ${attrs} }\nusers -> one`));
    expect(tier(e, 'one').utilization).toBeCloseTo(0.75, 12);
    expect(tier(e, 'one').response_ms).toBeCloseTo(4000, 6);
  });

  it('redundant instances: two of 99.5% fail over to each other, 1 − 0.005² = 0.999975', () => {
    const e = evaluate(model('client users\nservice web { replicas: 2 }\nusers -> web'));
    expect(flow(e, 'users', 'read').availability).toBeCloseTo(0.999975, 12);
  });
});

describe('flows', () => {
  it('visit a look-aside cache on every read and the database only on a miss', () => {
    // rps 1: no queueing worth counting. 40 (client) + 5 (web) + 0.5 + 0.1 (cache) + 0.2 × (0.5 + 2) (db on a miss).
    const e = evaluate(
      model('workload { rps: 1, read_ratio: 100% }\nclient users\nservice web\ncache c\ndatabase db\nusers -> web\nweb -> c { reads }\nweb -> db { reads }'),
    );
    const f = flow(e, 'users', 'read');
    expect(f.path).toEqual(['users', 'web', 'c', 'db']);
    expect(f.mean_ms!).toBeCloseTo(46.1, 2);
    expect(tier(e, 'db').rps).toBeCloseTo(0.2, 9);
    expect(tier(e, 'c').rps).toBeCloseTo(1, 9);
    expect(f.sampled).toBe(true);
    expect(f.p50_ms!).toBeLessThan(f.p99_ms!);
  });

  it("split reads over a database's replicas and send writes to the primary of each shard", () => {
    // 1,000 rps, 80% reads: 800 reads over (3 − 1) replicas × 2 shards = 4 nodes at 5,000 rps each: ρ = 0.04;
    // 200 writes over 2 primaries: ρ = 0.02. The tier shows the busier pool; c counts every node.
    const e = evaluate(
      model(
        'workload { rps: 1k, read_ratio: 80% }\nclient users\nservice web { replicas: 2 }\ndatabase db { replicas: 3, shards: 2, shard_key: user_id }\nusers -> web -> db',
      ),
    );
    const t = tier(e, 'db');
    expect(t.rps).toBeCloseTo(1000, 9);
    expect(t.utilization).toBeCloseTo(0.04, 9);
    expect(t.replicas).toBe(6);
    expect(flow(e, 'users', 'write').path).toEqual(['users', 'web', 'db']);
  });

  it('split the workload by client share and by static and read ratios', () => {
    // 1,000 rps: 40% static = 400 (a: 300, b: 100), 600 dynamic of which 50% reads = 300 (a: 225).
    const e = evaluate(
      model(
        'workload { rps: 1k, static_ratio: 40%, read_ratio: 50% }\nclient a { share: 75% }\nclient b\ncdn assets\nservice web { replicas: 2 }\na -> assets { static }\nb -> assets { static }\na -> web\nb -> web',
      ),
    );
    expect(flow(e, 'a', 'static').rps).toBeCloseTo(300, 9);
    expect(flow(e, 'b', 'static').rps).toBeCloseTo(100, 9);
    expect(flow(e, 'a', 'read').rps).toBeCloseTo(225, 9);
    expect(flow(e, 'b', 'write').rps).toBeCloseTo(75, 9);
    expect(tier(e, 'web').rps).toBeCloseTo(600, 9);
    expect(tier(e, 'assets').rps).toBeCloseTo(400, 9);
  });

  it("send a CDN's misses to its origin, and let clients fall back to the origin when it says so", () => {
    // Static mean: 20 (to the CDN) + 1 (edge) + 0.1 × (40 + 20) (a miss: to the storage origin) = 27.
    const src = (fallback: string) =>
      `workload { rps: 10, static_ratio: 100% }\nclient users\ncdn assets { hit_ratio: 90%, fallback: ${fallback} }\nstorage media\nusers -> assets { static }\nassets -> media { static }`;
    const e = evaluate(model(src('origin')));
    const f = flow(e, 'users', 'static');
    expect(f.path).toEqual(['users', 'assets', 'media']);
    expect(f.mean_ms!).toBeCloseTo(27, 3);
    // Availability: the CDN (99.9%) serves hits, and misses need the origin (99.9%):
    // without fallback 0.999 × (0.9 + 0.1 × 0.999) = 0.9989001; with it, + 0.001 × 0.999 = 0.9998991.
    expect(flow(evaluate(model(src('none'))), 'users', 'static').availability).toBeCloseTo(0.9989001, 9);
    expect(f.availability).toBeCloseTo(0.9998991, 9);
  });

  it('end the synchronous flow at an async edge; it adds load only when it says which requests use it', () => {
    const plain = evaluate(
      model(
        'workload { rps: 100, read_ratio: 50% }\nclient users\nservice web { replicas: 2 }\nqueue jobs { replicas: 2 }\nworker w { replicas: 2 }\nusers -> web\nweb -> jobs { async }\njobs -> w',
      ),
    );
    expect(plain.tiers.map((t) => t.component)).toEqual(['web']);
    expect(flow(plain, 'users', 'read').path).toEqual(['users', 'web']);
    const writes = evaluate(
      model(
        'workload { rps: 100, read_ratio: 50% }\nclient users\nservice web { replicas: 2 }\nqueue jobs { replicas: 2 }\nworker w { replicas: 2, duration: 100ms }\nusers -> web\nweb -> jobs { async, writes }\njobs -> w',
      ),
    );
    expect(tier(writes, 'jobs').rps).toBeCloseTo(50, 9);
    expect(tier(writes, 'w').rps).toBeCloseTo(50, 9);
    expect(tier(writes, 'w').utilization).toBeCloseTo(50 / (2 * 10), 9); // 100 ms a job: 10 per second per worker
    expect(flow(writes, 'users', 'write').mean_ms).toBeCloseTo(flow(writes, 'users', 'read').mean_ms!, 9);
  });

  it("take an edge's rps as the rate on it", () => {
    const e = evaluate(
      model(
        'workload { rps: 1k, read_ratio: 100% }\nclient users\nservice web { replicas: 2 }\nservice api { replicas: 2 }\ndatabase db { replicas: 2 }\nusers -> web\nweb -> api { rps: 100 }\napi -> db',
      ),
    );
    expect(tier(e, 'web').rps).toBeCloseTo(1000, 9);
    expect(tier(e, 'api').rps).toBeCloseTo(100, 9);
    expect(tier(e, 'db').rps).toBeCloseTo(100, 9);
  });

  it('add a region round trip to a hop between regions', () => {
    // 40 (client, same region) + 0.1 (lb) + 60 (lb in us to web in eu) + 5 (web) = 105.1 ms, no queueing at rps 1.
    const e = evaluate(
      model('workload { rps: 1 }\nregion us { client users\nlb edge { replicas: 2 } }\nregion eu { service web { replicas: 2 } }\nusers -> edge -> web'),
    );
    expect(flow(e, 'users', 'read').mean_ms!).toBeCloseTo(105.1, 2);
  });

  it('make a write wait for synchronous copies: a node in the data center, or a store in another region', () => {
    // rps 1, all writes: 40 (client) + 5 (web) + 0.5 + 2 (db) = 47.5 ms with async copies. With the
    // nodes semi-sync, each write also waits one round trip in the data center: + 0.5 = 48 ms. With a
    // synchronous copy in another region, it waits the region round trip: + 60 = 107.5 ms.
    const base = 'workload { rps: 1, read_ratio: 0% }\nregion us { client users\nservice web { replicas: 2 }\n';
    const write = (db: string, rest = '') =>
      flow(evaluate(model(`${base}database db { replicas: 2${db} } }${rest}\nusers -> web -> db`)), 'users', 'write').mean_ms!;
    expect(write('')).toBeCloseTo(47.5, 2);
    expect(write(', replication_mode: async')).toBeCloseTo(47.5, 2);
    expect(write(', replication_mode: semi-sync')).toBeCloseTo(48, 2);
    expect(write(', replication_mode: sync')).toBeCloseTo(48, 2);
    const remote = '\nregion eu { database db2 { replicas: 2 } }\ndb -> db2 { replication: ';
    expect(write('', `${remote}async }`)).toBeCloseTo(47.5, 2);
    expect(write('', `${remote}sync }`)).toBeCloseTo(107.5, 2);
    // One node has no copy to wait for; reads never wait.
    const single = evaluate(model(`${base}database db { replication_mode: sync } }\nusers -> web -> db`));
    expect(flow(single, 'users', 'write').mean_ms!).toBeCloseTo(47.5, 2);
    // Nodes that share no data (`replication: none`) have no copies to wait for either.
    const apart = evaluate(model(`${base}database db { replicas: 2, replication: none, replication_mode: sync } }\nusers -> web -> db`));
    expect(flow(apart, 'users', 'write').mean_ms!).toBeCloseTo(47.5, 2);
  });

  it("take the model's latency block over the defaults", () => {
    // As the first case, with client_round_trip 10 ms instead of 40 and service capacity 200 (not 1,000):
    // λ = 50, μ = 200 with S = 5 ms (= 1/μ): M/M/1, W = 1/(200 − 50) s = 6.667 ms; mean 10 + 6.667.
    const e = evaluate(
      model('workload { rps: 50, read_ratio: 100% }\nlatency { client_round_trip: 10ms, service_capacity: 200 }\nclient users\nservice web\nusers -> web'),
    );
    expect(tier(e, 'web').utilization).toBeCloseTo(0.25, 9);
    expect(flow(e, 'users', 'read').mean_ms!).toBeCloseTo(10 + 1000 / 150, 6);
    expect(e.figures.overridden.has('client_round_trip')).toBe(true);
  });

  it('are deterministic', () => {
    const src = readFileSync(new URL('../examples/photo-sharing.arch', import.meta.url), 'utf8');
    expect(JSON.stringify(evalJson(evaluate(model(src)), 'm.arch'))).toBe(JSON.stringify(evalJson(evaluate(model(src)), 'm.arch')));
  });
});

describe('the Monte Carlo over a path', () => {
  it('matches the closed form of two exponential tiers in series', () => {
    // Two services at rps → 0 (no queueing): T = 40 + 0.5 + Exp(mean 5) + Exp(mean 2) ms plus a cache
    // lookup that always happens (hit ratio irrelevant: no store behind it), which makes the path sampled.
    // P(X + Y > t) for rates a = 1/5, b = 1/2: (b·e^(−a·t) − a·e^(−b·t)) / (b − a), solved for 0.01 by bisection.
    const e = evaluate(
      model(
        'workload { rps: 0.001, read_ratio: 100% }\nclient users\nservice a { latency: 5ms, replicas: 2 }\nservice b { latency: 2ms, replicas: 2 }\nusers -> a -> b',
      ),
      { samples: 200_000 },
    );
    const f = flow(e, 'users', 'read');
    expect(f.sampled).toBe(true);
    const a = 1 / 5;
    const b = 1 / 2;
    const tail = (t: number) => (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
    let lo = 0;
    let hi = 200;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (tail(mid) > 0.01) lo = mid;
      else hi = mid;
    }
    const network = 40 + 0.5;
    expect(f.mean_ms!).toBeCloseTo(network + 7, 3);
    expect(Math.abs(f.p99_ms! - (network + lo)) / (network + lo)).toBeLessThan(0.01);
  });
});

describe('percentiles for a budget', () => {
  // Cantelli: P(T − μ ≥ kσ) ≤ 1/(1 + k²), so p99 ≤ μ + √99·σ. A flow whose bound meets the limit is not sampled.
  it('skips a flow whose p99 provably meets the limit, using the exact variance', () => {
    // M/M/1 as above: T = 40 + W, W ~ Exp(rate 50/s): mean 60 ms, σ = 20 ms; bound 60 + √99 × 20 = 258.997 ms.
    const m = model('workload { rps: 50, read_ratio: 100% }\nclient users\nservice web { capacity: 100, latency: 10ms }\nusers -> web');
    const at = (limit: number) => flow(evaluate(m, { quantileLimits: new Map([['read', limit]]) }), 'users', 'read');
    expect(at(259.1).p99_ms).toBeNull();
    expect(at(258.9).p99_ms).toBeCloseTo(132.1034, 3);
    // Two exponential tiers (5 ms and 2 ms) at no load: σ² = 25 + 4 = 29; mean 40.5 + 7 = 47.5; bound 47.5 + √(99 × 29) = 101.08.
    const two = model(
      'workload { rps: 0.001, read_ratio: 100% }\nclient users\nservice a { latency: 5ms, replicas: 2 }\nservice b { latency: 2ms, replicas: 2 }\nusers -> a -> b',
    );
    const twoAt = (limit: number) => flow(evaluate(two, { quantileLimits: new Map([['read', limit]]) }), 'users', 'read');
    expect(twoAt(101.2).p99_ms).toBeNull();
    expect(twoAt(100.9).p99_ms).not.toBeNull();
  });
});

describe('what if', () => {
  const twoWeb =
    'workload { rps: 100, read_ratio: 100% }\nclient users\nlb edge { replicas: 2 }\nservice web1 { capacity: 80 }\nservice web2 { capacity: 80 }\nusers -> edge\nedge -> web1\nedge -> web2';

  it('shifts traffic to the surviving alternative', () => {
    const normal = evaluate(model(twoWeb));
    expect(tier(normal, 'web1').rps).toBeCloseTo(50, 9);
    const down = evaluate(model(twoWeb), { fail: ['web1'] });
    expect(down.failed).toEqual(['web1']);
    expect(tier(down, 'web2').rps).toBeCloseTo(100, 9);
    expect(tier(down, 'web2').saturated).toBe(true); // 100 rps on one 80-rps instance
    expect(down.tiers.some((t) => t.component === 'web1')).toBe(false);
  });

  it('takes some instances down with name:N, the rest carrying the load', () => {
    // 100 rps on 3 instances of 50 rps: ρ = 100/150; one down: 100/100 = 1, saturated; two down: 2.
    const src = 'workload { rps: 100, read_ratio: 100% }\nclient users\nservice web { replicas: 3, capacity: 50 }\nusers -> web';
    expect(tier(evaluate(model(src)), 'web').utilization).toBeCloseTo(2 / 3, 9);
    const one = evaluate(model(src), { fail: ['web:1'] });
    expect(tier(one, 'web')).toMatchObject({ replicas: 2, saturated: true });
    expect(tier(evaluate(model(src), { fail: ['web:2'] }), 'web').utilization).toBeCloseTo(2, 9);
    expect(flow(evaluate(model(src), { fail: ['web:3'] }), 'users', 'read').broken).toBe(true);
    // Availability with one instance left: 0.995.
    expect(flow(evaluate(model(src.replace('rps: 100', 'rps: 1')), { fail: ['web:2'] }), 'users', 'read').availability).toBeCloseTo(0.995, 12);
  });

  it('breaks a flow that needs a component that is down', () => {
    const down = evaluate(model(twoWeb), { fail: ['web1', 'web2'] });
    expect(flow(down, 'users', 'read')).toMatchObject({ broken: true, mean_ms: null, availability: 0 });
  });

  it('fails clients over to another region behind a geo-routed DNS, one region round trip further', () => {
    const regions = `workload { rps: 100, read_ratio: 100% }
dns names { routing: geo }
region us { client us_users { share: 50% }
  service web_us { replicas: 2 } }
region eu { client eu_users { share: 50% }
  service web_eu { replicas: 2 } }
us_users -> names
eu_users -> names
us_users -> web_us
eu_users -> web_eu`;
    const normal = evaluate(model(regions));
    const down = evaluate(model(regions), { fail: ['us'] });
    expect(down.failed).toEqual(['web_us']);
    const f = flow(down, 'us_users', 'read');
    expect(f.broken).toBeUndefined();
    expect(f.failover).toBe('eu');
    expect(f.path).toEqual(['us_users', 'web_eu']);
    expect(tier(down, 'web_eu').rps).toBeCloseTo(100, 9);
    // Same tier, one region round trip (60 ms) further, and the queueing of web_eu (2 instances × 5
    // at once, 5 ms each) at twice the load. Once, the round trip was counted twice.
    expect(f.mean_ms! - flow(normal, 'eu_users', 'read').mean_ms!).toBeCloseTo(60 + mmcWaitMs(100, 10, 5) - mmcWaitMs(50, 10, 5), 9);
    // Without geo routing the same failure breaks the flow.
    const simple = evaluate(model(regions.replace('routing: geo', 'routing: simple')), { fail: ['us'] });
    expect(flow(simple, 'us_users', 'read').broken).toBe(true);
  });

  it('counts the other regions in parallel for availability with geo routing', () => {
    // Each region: web ×1 at 99.5%; with geo routing a client is served if either region is up:
    // 1 − 0.005² = 0.999975, times the DNS. DNS (99.99%) counts only for the 5% of requests that
    // need a fresh answer (dns_resolution_share): 1 − 0.05 × 0.0001 = 0.999995.
    const src = `client a\nclient b\ndns names { routing: geo }\nregion r1 { service w1 }\nregion r2 { service w2 }\na -> names\nb -> names\na -> w1\nb -> w2`;
    // Clients outside any region have no region to fail over from: only their own path counts.
    const e = evaluate(model(src));
    const inRegions = evaluate(
      model(`dns names { routing: geo }\nregion r1 { client a\nservice w1 }\nregion r2 { client b\nservice w2 }\na -> names\nb -> names\na -> w1\nb -> w2`),
    );
    expect(flow(e, 'a', 'read').availability).toBeCloseTo(dnsShare * 0.995, 10);
    expect(flow(inRegions, 'a', 'read').availability).toBeCloseTo(dnsShare * 0.999975, 10);
  });

  it("counts the region a flow failed over to once: it is that flow's path, not another region to fall back on", () => {
    // Two regions, web ×2 at 99.5% in each: 1 − 0.005² = 0.999975. With us down, us_users are
    // served by web_eu, and eu is the only region left: 0.999975 behind the DNS, for both clients
    // (once, us_users counted eu twice, in series and in parallel: 1 − 0.000025²).
    const src = `workload { rps: 10 }
dns names { routing: geo }
region us { client us_users
  service web_us { replicas: 2 } }
region eu { client eu_users
  service web_eu { replicas: 2 } }
us_users -> names
eu_users -> names
us_users -> web_us
eu_users -> web_eu`;
    const e = evaluate(model(src), { fail: ['us'] });
    expect(flow(e, 'us_users', 'read').failover).toBe('eu');
    expect(flow(e, 'us_users', 'read').availability).toBeCloseTo(dnsShare * (1 - 0.005 ** 2), 12);
    expect(flow(e, 'eu_users', 'read').availability).toBeCloseTo(dnsShare * (1 - 0.005 ** 2), 12);
    // With a third region, a client moved to eu can still be served by asia: 1 − 0.000025².
    const three = `${src.replace('eu_users -> web_eu', 'eu_users -> web_eu\nasia_users -> names\nasia_users -> web_asia')}
region asia { client asia_users
  service web_asia { replicas: 2 } }`;
    const moved = flow(evaluate(model(three), { fail: ['us'] }), 'us_users', 'read');
    expect(moved.failover).toBe('eu');
    expect(moved.availability).toBeCloseTo(dnsShare * (1 - 0.000025 ** 2), 12);
  });

  it('fails a region over to clients outside any region (a crash before)', () => {
    const src = `workload { rps: 10 }
dns names { routing: geo }
region us { client us_users
service web_us }
client global_users
service web_global
us_users -> names
global_users -> names
us_users -> web_us
global_users -> web_global`;
    const e = evaluate(model(src), { fail: ['us'] });
    const moved = flow(e, 'us_users', 'read');
    expect(moved.broken).toBeUndefined();
    expect(moved.path).toEqual(['us_users', 'web_global']);
    // Served by web_global alone (99.5%), behind the DNS (as above); no other region is left to count on.
    expect(moved.availability).toBeCloseTo(dnsShare * 0.995, 10);
    expect(flow(e, 'global_users', 'read').availability).toBeCloseTo(dnsShare * 0.995, 10);
  });
});

describe('latency, concurrency and capacity: one model of a tier', () => {
  const one = (attrs: string, rps: number) => evaluate(model(`workload { rps: ${rps}, read_ratio: 100% }\nclient users\nservice s { ${attrs} }\nusers -> s`));

  it('serves concurrency / latency per instance: a 1 s service with the kind’s 5 at once serves 5 per second', () => {
    // Once, `latency: 1s` kept the kind's 1,000 per second: 4 requests per second were 0.4% busy.
    const e = one('latency: 1s', 4);
    expect(tier(e, 's').utilization).toBeCloseTo(4 / 5, 12);
    // M/M/5 with μ = 1/s at a = 4 Erlangs: Wq = C(5, 4) / (5 − 4) s.
    expect(tier(e, 's').wait_ms).toBeCloseTo(mmcWaitMs(4, 5, 1000), 6);
  });

  it('with concurrency 1 is the textbook M/M/1: λ = 0.8, μ = 1 gives W = 5 s and a p99 of ln(100) / 0.2 s', () => {
    const e = one('latency: 1s, concurrency: 1', 0.8);
    expect(tier(e, 's').response_ms).toBeCloseTo(5000, 6);
    expect(tier(e, 's').p99_ms).toBeCloseTo((Math.log(100) / 0.2) * 1000, 3);
  });

  it('derives the latency from capacity and concurrency, and keeps a written capacity whatever the rounding', () => {
    // 400 per second with 8 at once: 20 ms each, an M/M/8 of μ = 50 per second at λ = 100.
    expect(tier(one('capacity: 400, concurrency: 8', 100), 's').response_ms).toBeCloseTo(20 + mmcWaitMs(100, 8, 20), 9);
    expect(tier(one('capacity: 400, concurrency: 8', 100), 's').utilization).toBeCloseTo(100 / 400, 12);
    // 300 per second at the service's 5 ms is 1.5 at once, rounded to 2 servers of 150 per second.
    expect(tier(one('capacity: 300', 150), 's').utilization).toBeCloseTo(150 / 300, 12);
  });

  it('refuses three that disagree, on concurrency', () => {
    const { diagnostics } = check('service s { latency: 5ms, capacity: 1k, concurrency: 4 }', { rules: [] });
    expect(diagnostics.map((d) => [d.ruleId, d.span.start.column, d.message])).toEqual([
      [
        'invalid-value',
        41,
        '`concurrency: 4` disagrees with `latency` and `capacity`: an instance serving 1,000 requests per second that take 5 ms each has 5 in progress at once (capacity = concurrency / latency); write two of the three',
      ],
    ]);
    expect(check('service s { latency: 5ms, capacity: 1k, concurrency: 5 }', { rules: [] }).diagnostics).toEqual([]);
    expect(check('worker w { duration: 2s, capacity: 5, concurrency: 10 }', { rules: [] }).diagnostics).toEqual([]);
  });
});

describe('load-balancing policies and service-time variation', () => {
  const behind = (policy: string) =>
    evaluate(
      model(
        `workload { rps: 320, read_ratio: 100% }\nclient u\nlb e { replicas: 2, policy: ${policy} }\nservice s { replicas: 4, latency: 10ms, concurrency: 1 }\nu -> e -> s`,
      ),
    );

  it('random: each instance an M/M/1 at λ/4; least connections: one M/M/4; round robin: each an E4/M/1', () => {
    // λ = 320, 4 instances of μ = 100: a random split makes four M/M/1 at 80, Wq = ρ / (μ − λ) = 0.8 / 20 s.
    expect(tier(behind('random'), 's').wait_ms).toBeCloseTo((0.8 / 20) * 1000, 9);
    // Least connections: the pooled M/M/4 at a = 3.2 Erlangs.
    expect(tier(behind('least-connections'), 's').wait_ms).toBeCloseTo(mmcWaitMs(320, 4, 10), 9);
    // Round robin (the default): each instance gets every fourth arrival of the stream of 320 per
    // second, an E4/M/1 queue. GI/M/1 (Gross and Harris): it waits with probability σ, the root
    // of σ = (320 / (320 + 100 (1 − σ)))⁴ in (0, 1), found here by bisection, for Exp(100 (1 − σ)).
    let lo = 0;
    let hi = 0.999999;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if ((320 / (320 + 100 * (1 - mid))) ** 4 > mid) lo = mid;
      else hi = mid;
    }
    const sigma = (lo + hi) / 2;
    expect(tier(behind('round-robin'), 's').wait_ms).toBeCloseTo((sigma / (100 * (1 - sigma))) * 1000, 9);
    expect(
      tier(
        evaluate(
          model(
            'workload { rps: 320, read_ratio: 100% }\nclient u\nlb e { replicas: 2 }\nservice s { replicas: 4, latency: 10ms, concurrency: 1 }\nu -> e -> s',
          ),
        ),
        's',
      ).wait_ms,
    ).toBeCloseTo(tier(behind('round-robin'), 's').wait_ms!, 12);
    // Utilisation does not depend on the policy.
    for (const p of ['random', 'least-connections', 'round-robin']) expect(tier(behind(p), 's').utilization).toBeCloseTo(0.8, 12);
  });

  it('M/G/1 by Pollaczek–Khinchine: Wq = ρ · S · (1 + cv²) / (2 (1 − ρ))', () => {
    // ρ = 0.8, S = 10 ms: 20 ms deterministic (cv 0), 40 ms exponential, 100 ms at cv 2.
    const wait = (cv: number) =>
      tier(evaluate(model(`workload { rps: 80, read_ratio: 100% }\nclient u\nservice s { latency: 10ms, concurrency: 1, latency_cv: ${cv} }\nu -> s`)), 's')
        .wait_ms;
    expect(wait(0)).toBeCloseTo(20, 9);
    expect(wait(1)).toBeCloseTo(40, 9);
    expect(wait(2)).toBeCloseTo(100, 9);
  });
});

describe('traffic: edge shares and each client’s mix', () => {
  const src = `workload { rps: 1k, read_ratio: 90%, static_ratio: 50% }
client users
client api_users { share: 20%, read_ratio: 50%, static_ratio: 0% }
lb e { replicas: 2 }
service a { replicas: 2 }
service b { replicas: 2 }
service search { replicas: 2 }
users -> e
api_users -> e
e -> a { share: 75% }
e -> b
a -> search { share: 10% }`;

  it('splits a load balancer’s requests by the shares of its edges, the rest evenly', () => {
    const e = evaluate(model(src));
    expect(tier(e, 'e').rps).toBeCloseTo(1000, 9);
    expect(tier(e, 'a').rps).toBeCloseTo(750, 9);
    expect(tier(e, 'b').rps).toBeCloseTo(250, 9);
  });

  it('sends a share of a caller’s requests along an edge that says so', () => {
    // a's dynamic requests: 75% of users' 400 and api_users' 200. Static files come from a and b themselves.
    const e = evaluate(model(src));
    expect(tier(e, 'search').rps).toBeCloseTo(0.1 * 0.75 * (400 + 200), 9);
  });

  it('takes a client’s own read and static ratios over the workload’s', () => {
    // api_users: 20% of 1,000, no static files, half reads: 100 reads and 100 writes.
    const e = evaluate(model(src));
    expect(e.flows.filter((f) => f.client === 'api_users').map((f) => [f.kind, f.rps])).toEqual([
      ['read', 100],
      ['write', 100],
    ]);
    // users: 800, half static, 90% of the rest reads.
    expect(e.flows.filter((f) => f.client === 'users').map((f) => [f.kind, Math.round(f.rps)])).toEqual([
      ['static', 400],
      ['read', 360],
      ['write', 40],
    ]);
  });
});

describe('autoscaling', () => {
  const src = (extra = '') => `workload { rps: 1k, read_ratio: 100% }
client users
lb edge { replicas: 2 }
service web { autoscale: 2..12, capacity: 200${extra} }
users -> edge -> web`;

  it('runs what the load needs at the target utilisation, within the range', () => {
    // ⌈1,000 / (70% × 200)⌉ = ⌈7.14⌉ = 8 instances, at 1,000 / 1,600 = 62.5%.
    const e = evaluate(model(src()));
    expect(tier(e, 'web')).toMatchObject({ replicas: 8, autoscale: { min: 2, max: 12 }, saturated: false });
    expect(tier(e, 'web').utilization).toBeCloseTo(0.625, 12);
    // Its availability counts those 8: 1 − 0.005⁸, behind the two load balancers (1 − 0.0001²).
    expect(flow(e, 'users', 'read').availability).toBeCloseTo((1 - 0.0001 ** 2) * (1 - 0.005 ** 8), 12);
    // At quiet times, the minimum: 50 requests per second need 1, the range says 2.
    const quiet = evaluate(model(src().replace('rps: 1k', 'rps: 50')));
    expect(tier(quiet, 'web').replicas).toBe(2);
    // Beyond what the maximum carries, it runs the maximum and saturates: 3,000 > 12 × 200.
    const peak = evaluate(model(src().replace('rps: 1k', 'rps: 3k')));
    expect(tier(peak, 'web')).toMatchObject({ replicas: 12, saturated: true });
    expect(tier(peak, 'web').utilization).toBeCloseTo(3000 / 2400, 12);
  });

  it('scales the rest up when instances are taken down, and is down when all are', () => {
    // 6 of the 12 down: the most it can run is 6, which the load (8 needed) fills, at 1,000 / 1,200.
    const e = evaluate(model(src()), { fail: ['web:6'] });
    expect(tier(e, 'web').replicas).toBe(6);
    expect(tier(e, 'web').utilization).toBeCloseTo(1000 / 1200, 12);
    // 2 down: 10 left, and 8 are enough.
    expect(tier(evaluate(model(src()), { fail: ['web:2'] }), 'web').replicas).toBe(8);
    // All 12: the tier is down, and so is the flow.
    expect(flow(evaluate(model(src()), { fail: ['web:12'] }), 'users', 'read').broken).toBe(true);
  });
});

describe('managed components', () => {
  const db = (attrs: string) =>
    evaluate(model(`workload { rps: 10, read_ratio: 100% }\nclient users\nservice web { replicas: 2 }\ndatabase db { ${attrs} }\nusers -> web -> db`));
  const web = 1 - 0.005 ** 2;

  it('are never less available than their own instances', () => {
    // Three nodes at 99.5%: 1 − 0.005³. Once, `managed` replaced that with 99.5%.
    const three = 1 - 0.005 ** 3;
    expect(flow(db('replicas: 3'), 'users', 'read').availability).toBeCloseTo(web * three, 12);
    expect(flow(db('replicas: 3, managed'), 'users', 'read').availability).toBeCloseTo(web * three, 12);
  });

  it("count their provider's SLA: RDS Multi-AZ 99.95%, Aurora 99.99%, and an availability written on them as written", () => {
    expect(flow(db('managed'), 'users', 'read').availability).toBeCloseTo(web * 0.9995, 12);
    expect(flow(db('managed, engine: mysql'), 'users', 'read').availability).toBeCloseTo(web * 0.9995, 12);
    expect(flow(db('managed, engine: "aurora-postgresql"'), 'users', 'read').availability).toBeCloseTo(web * 0.9999, 12);
    expect(flow(db('managed, engine: dynamodb'), 'users', 'read').availability).toBeCloseTo(web * 0.9999, 12);
    expect(flow(db('managed, availability: 99.9%'), 'users', 'read').availability).toBeCloseTo(web * 0.999, 12);
  });
});

describe('session stores', () => {
  it('are read on every dynamic request, whatever caches the queries; one read along `reads` caches queries too', () => {
    // A database as the session store: every read (900) and write (100) visits it; the query
    // database only on the query cache's misses (20% of 900) and on writes.
    const src = `workload { rps: 1k, read_ratio: 90% }
client users
service web { replicas: 2, sessions: sessdb }
database sessdb { replicas: 2 }
cache qc { replicas: 2, ttl: 1m }
database db { replicas: 2 }
users -> web
web -> qc { reads }
web -> db`;
    const e = evaluate(model(src));
    expect(tier(e, 'sessdb').rps).toBeCloseTo(1000, 9);
    expect(tier(e, 'db').rps).toBeCloseTo(900 * 0.2 + 100, 9);
    // One Redis for the sessions and the query results: the database sees only the misses.
    const redis = evaluate(
      model(
        `workload { rps: 1k, read_ratio: 90% }\nclient users\nservice web { replicas: 2, sessions: redis }\ncache redis { replicas: 2, ttl: 1m }\ndatabase db { replicas: 2 }\nusers -> web\nweb -> redis { reads }\nweb -> db`,
      ),
    );
    expect(tier(redis, 'db').rps).toBeCloseTo(900 * 0.2 + 100, 9);
    // And a plain edge to the session store only draws the session link: every read reaches the database.
    const plain = evaluate(
      model(
        `workload { rps: 1k, read_ratio: 90% }\nclient users\nservice web { replicas: 2, sessions: redis }\ncache redis { replicas: 2, ttl: 1m }\ndatabase db { replicas: 2 }\nusers -> web\nweb -> redis\nweb -> db`,
      ),
    );
    expect(tier(plain, 'db').rps).toBeCloseTo(1000, 9);
    // The Redis is needed twice by each read (sessions, then the query) but counts once.
    const a = 1 - 0.005 ** 2;
    expect(flow(redis, 'users', 'read').availability).toBeCloseTo(a * a * (1 - 0.2 * (1 - a)), 12);
  });
});

describe('degradation', () => {
  const aside = `workload { rps: 1k, read_ratio: 100% }
client users
service web { replicas: 2 }
cache qc { replicas: 2, ttl: 1m }
database db { replicas: 2 }
users -> web
web -> qc { reads }
web -> db`;
  const a2 = 1 - 0.005 ** 2;

  it('a look-aside cache that is down sends its reads to the database, and the flow goes on', () => {
    const e = evaluate(model(aside), { fail: ['qc'] });
    const read = flow(e, 'users', 'read');
    expect(read.broken).toBeUndefined();
    expect(read.path).toEqual(['users', 'web', 'db']);
    // The database takes every read: 1,000, not the 20% that miss.
    expect(tier(e, 'db').rps).toBeCloseTo(1000, 9);
    expect(read.availability).toBeCloseTo(a2 * a2, 12);
  });

  it('counts a look-aside cache as something whose failure costs only misses', () => {
    // Up (99.9975%): 80% hit, 20% go to the database; down: all go to the database.
    const expected = a2 * (a2 * (0.8 + 0.2 * a2) + (1 - a2) * a2);
    expect(flow(evaluate(model(aside)), 'users', 'read').availability).toBeCloseTo(expected, 12);
  });

  it('a saturated flow succeeds at most as often as its full tier serves: 1/ρ of its requests', () => {
    // 2,000 requests per second on one instance of 1,000: half are served.
    const e = evaluate(model('workload { rps: 2k, read_ratio: 100% }\nclient users\nservice web\nusers -> web'));
    expect(flow(e, 'users', 'read').saturated).toEqual(['web']);
    expect(flow(e, 'users', 'read').availability).toBeCloseTo(0.995 * 0.5, 12);
  });

  it('a client sends only the requests its edges carry', () => {
    // The analysts read the database directly: no writes and no static files along that edge.
    const e = evaluate(
      model(`workload { rps: 100, read_ratio: 80%, static_ratio: 20% }
client analysts
client users
service web { replicas: 2 }
database db { replicas: 2 }
analysts -> db { reads }
users -> web -> db`),
    );
    expect(e.flows.filter((f) => f.client === 'analysts').map((f) => f.kind)).toEqual(['read']);
    // The users' static files come from web, their only way in.
    expect(e.flows.filter((f) => f.client === 'users').map((f) => f.kind)).toEqual(['static', 'read', 'write']);
  });

  it('a producer of its own (an rps edge no client flow crosses) loads what is behind it; one on a region that failed over does not', () => {
    const src = `workload { rps: 100, read_ratio: 100% }
dns names { routing: geo }
worker scheduler
queue jobs { replicas: 2 }
worker resize { replicas: 4, duration: 1s }
scheduler -> jobs { async, rps: 2 }
jobs -> resize
region us { client us_users
  service web_us { replicas: 2 }
  queue mail_us { replicas: 2 }
  worker mailer_us { replicas: 2, duration: 100ms } }
region eu { client eu_users
  service web_eu { replicas: 2 } }
us_users -> names
eu_users -> names
us_users -> web_us
eu_users -> web_eu
web_us -> mail_us { async, rps: 5 }
mail_us -> mailer_us`;
    const e = evaluate(model(src));
    // The workers behind each queue get its rate: 2 jobs of 1 s on 4 workers, 5 mails of 100 ms on 2.
    expect(tier(e, 'resize').rps).toBeCloseTo(2, 9);
    expect(tier(e, 'resize').utilization).toBeCloseTo(2 / 4, 12);
    expect(tier(e, 'mailer_us').rps).toBeCloseTo(5, 9);
    // With US East's web down, its users fail over to eu: no one sends mail through mail_us.
    const down = evaluate(model(src), { fail: ['web_us'] });
    expect(flow(down, 'us_users', 'read').failover).toBe('eu');
    expect(down.tiers.map((t) => t.component)).not.toContain('mail_us');
    expect(down.tiers.map((t) => t.component)).not.toContain('mailer_us');
    expect(tier(down, 'resize').rps).toBeCloseTo(2, 9);
  });

  it('names no bottleneck when nothing is busy', () => {
    const e = evaluate(model('workload { rps: 1, read_ratio: 100% }\nclient users\nservice web { replicas: 2 }\nusers -> web'));
    expect(tier(e, 'web').utilization).toBeCloseTo(1 / 2000, 12);
    expect(e.bottleneck).toBeUndefined();
  });
});

describe('archlint eval', () => {
  const schema = JSON.parse(readFileSync(new URL('../schema/archlint-eval.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv({ strict: true }).compile(schema);

  it('prints JSON of exactly the documented shape, for every example and with failures', () => {
    for (const args of [
      ['examples/photo-sharing.arch'],
      ['examples/photo-sharing.arch', '--fail', 'us-east'],
      ['examples/chapter-1/10-sharding.arch'],
      ['examples/chapter-1/01-single-server.arch', '--fail', 'photos_db'],
    ]) {
      const run = archlint(['eval', ...args, '--format', 'json']);
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as unknown;
      expect(validate(out), `${args.join(' ')}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('evaluates every model of a directory, glob or list, and says in JSON everything the text says', () => {
    // examples/spof holds two models: a list of two, in path order.
    const dir = archlint(['eval', 'examples/spof', '--format', 'json']);
    expect(dir.code).toBe(0);
    const list = JSON.parse(dir.stdout) as { file: string; bottleneck: string | null; method: string }[];
    expect(validate(list), JSON.stringify(validate.errors)).toBe(true);
    expect(list.map((m) => m.file)).toEqual(['examples/spof/after.arch', 'examples/spof/before.arch']);
    expect(list.every((m) => m.method === 'analytic')).toBe(true);
    const text = archlint(['eval', 'examples/spof/*.arch']);
    expect(text.stdout.match(/^examples\/spof\/\w+\.arch$/gm)).toEqual(['examples/spof/after.arch', 'examples/spof/before.arch']);
    // What the text shows of a what-if, in the JSON too: what was down, where the traffic went,
    // the bottleneck (as the text names it) and each flow's slowest tier.
    const what = archlint(['eval', 'examples/photo-sharing.arch', '--fail', 'us-east', '--format', 'json']);
    const one = JSON.parse(what.stdout) as {
      requested: string[];
      failed: string[];
      bottleneck: string | null;
      flows: { client: string; kind: string; failover?: string; slowest?: string }[];
    };
    expect(one.requested).toEqual(['us-east']);
    expect(one.failed).toContain('web');
    expect(one.flows.find((f) => f.client === 'east_users' && f.kind === 'read')!.failover).toBe('us-west');
    const shown = archlint(['eval', 'examples/photo-sharing.arch', '--fail', 'us-east']).stdout;
    expect(shown).toContain(`Bottleneck: ${one.bottleneck} (`);
    expect(shown).toContain(`slowest: ${one.flows.find((f) => f.client === 'west_users' && f.kind === 'read')!.slowest}`);
    // --simulate prints its own documented shape, for one model or several.
    for (const args of [['examples/photo-sharing.arch'], ['examples/spof', '--fail', 'blog_app']]) {
      const sim = archlint(['eval', ...args, '--simulate', '--requests', '20000', '--format', 'json']);
      expect(sim.code).toBe(0);
      expect(validate(JSON.parse(sim.stdout)), JSON.stringify(validate.errors)).toBe(true);
    }
    // A --fail target no model has is refused, naming the models.
    expect(archlint(['eval', 'examples/spof', '--fail', 'nothing'])).toMatchObject({
      code: 2,
      stderr: 'archlint: --fail nothing: no component, region or host `nothing` in any of the 2 models\n',
    });
  });

  it('prints readable tables with the bottleneck named', () => {
    // The east reads of examples/photo-sharing.arch, worked out by hand. Each tier is an
    // M/M/(instances × concurrency) queue with μ = 1/latency; concurrency = capacity × latency.
    // Erlang C by its textbook sum (not the evaluator's recurrence); times in ms.
    const wait = mmcWaitMs;
    const reads = 20_000 * 0.7 * 0.4 * 0.9; // 5,040: east's share, dynamic, reads
    const dynamic = 20_000 * 0.7 * 0.4; // 5,600 through the load balancers, web and the session store
    const mean =
      40 + // the user to US East
      (0.1 + wait(dynamic, 2 * 2, 0.1)) + // edge: 2 instances × (20k × 0.1 ms = 2)
      0.5 +
      // web: 4 of 2..20 (5,600 / (70% × 2k) = 4), each 2k × 5 ms = 10 at once; behind the load
      // balancer's round robin each instance queues a quarter of the requests, every fourth of a
      // Poisson stream (ca² = 1/4): Allen–Cunneen scales the M/M/10 wait by (1/4 + 1) / 2.
      (5 + wait(dynamic / 4, 10, 5) * ((1 / 4 + 1) / 2)) +
      0.5 +
      (0.1 + wait(dynamic, 3 * 10, 0.1)) + // session_store: 3 × (100k × 0.1 ms = 10)
      0.5 +
      (0.1 + wait(reads, 3 * 10, 0.1)) + // query_cache: 3 × 10
      0.2 * (0.5 + 2 + wait(reads * 0.2, 2 * 4 * 10, 2)); // users_db on a miss: 2 replicas × 4 shards × (5k × 2 ms = 10)
    const json = archlint(['eval', 'examples/photo-sharing.arch', '--format', 'json']);
    const flows = (JSON.parse(json.stdout) as { flows: { client: string; kind: string; mean_ms: number }[] }).flows;
    expect(flows.find((f) => f.client === 'east_users' && f.kind === 'read')!.mean_ms).toBeCloseTo(mean, 9);
    const run = archlint(['eval', 'examples/photo-sharing.arch']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Flows (times in ms; availability as a fraction of requests that succeed)');
    expect(run.stdout).toMatch(new RegExp(`^east_users\\s+read\\s+5,040\\s+${mean.toFixed(1).replace('.', '\\.')}\\s`, 'm'));
    expect(run.stdout).toContain('Bottleneck: web (70% busy).');
  });

  it("prints the figures in use, with the model's overrides", () => {
    const defaults = archlint(['eval', '--print-defaults']);
    expect(defaults.stdout).toMatch(/^datacenter_round_trip\s+500 µs\s+the "latency numbers/m);
    expect(defaults.stdout).toMatch(/^intercontinental_round_trip\s+150 ms/m);
  });

  it('refuses an unknown --fail target and a file with errors, with exit 2', () => {
    expect(archlint(['eval', 'examples/photo-sharing.arch', '--fail', 'us-eats'])).toMatchObject({
      code: 2,
      stderr: 'archlint: --fail us-eats: no component, region or host `us-eats` in examples/photo-sharing.arch; did you mean `us-east`?\n',
    });
    expect(archlint(['eval', 'test/fixtures/malformed/negative-replicas.arch']).code).toBe(2);
  });
});
