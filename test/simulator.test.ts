/**
 * The analytic evaluator against the simulator (src/evaluate/simulate.ts), an independent account
 * of the same model: requests drawn one by one through the flows, queueing for servers. On each
 * model of the corpus the evaluator's means must agree with the simulation within 5%, its p99
 * within 10%, or, where the simulation itself is less sure than that (near saturation), within
 * the simulation's 95% confidence interval; its utilisations within 2 points. Fixed seeds: the
 * same numbers on every run.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate/evaluate.js';
import { simulate } from '../src/evaluate/simulate.js';
import { validModel } from './helpers.js';

const corpus: { name: string; source: string; fail?: string[]; requests?: number }[] = [
  { name: 'M/M/1 at ρ 0.5', source: 'workload { rps: 50, read_ratio: 100% }\nclient u\nservice s { latency: 10ms, concurrency: 1 }\nu -> s' },
  { name: 'M/M/1 at ρ 0.8', source: 'workload { rps: 80, read_ratio: 100% }\nclient u\nservice s { latency: 10ms, concurrency: 1 }\nu -> s' },
  // Near saturation, busy periods are long and the simulation's p99 converges slowly: at a million
  // requests it still moves by ±15% from seed to seed, at four million it is within 1% of the exact
  // figure.
  {
    name: 'M/M/5 at ρ 0.95 (a service with the kind’s concurrency)',
    source: 'workload { rps: 475, read_ratio: 100% }\nclient u\nservice s { latency: 10ms }\nu -> s',
    requests: 4_000_000,
  },
  ...(['round-robin', 'random', 'least-connections'] as const).map((policy) => ({
    name: `four instances at ρ 0.8 behind a ${policy} load balancer`,
    source: `workload { rps: 320, read_ratio: 100% }\nclient u\nlb e { replicas: 2, policy: ${policy} }\nservice s { replicas: 4, latency: 10ms, concurrency: 1 }\nu -> e -> s`,
  })),
  ...[0, 2].map((cv) => ({
    name: `one server at ρ 0.8 with service times of variation ${cv}`,
    source: `workload { rps: 80, read_ratio: 100% }\nclient u\nservice s { latency: 10ms, concurrency: 1, latency_cv: ${cv} }\nu -> s`,
    requests: 400_000,
  })),
  {
    name: 'a load-balanced, autoscaled tier at ρ 0.8 behind two load balancers',
    source: 'workload { rps: 2.4k, read_ratio: 100% }\nclient u\nlb edge { replicas: 2 }\nservice web { autoscale: 2..3, capacity: 1k }\nu -> edge -> web',
  },
  {
    name: 'a cache-aside read path with writes, a session store and a sharded database',
    source: `workload { rps: 3k, read_ratio: 90% }
client u
lb edge { replicas: 2 }
service web { replicas: 4, sessions: sessions, capacity: 1k }
cache sessions { replicas: 2 }
cache qc { replicas: 2, hit_ratio: 70% }
database db { replicas: 2, shards: 2, latency: 4ms }
u -> edge -> web
web -> qc { reads }
web -> db`,
  },
  {
    name: 'two regions behind geo-routed DNS, one failed over to the other',
    source: `workload { rps: 1k, read_ratio: 100% }
dns names { routing: geo }
region us { client us_users
  lb edge_us { replicas: 2 }
  service web_us { replicas: 2, capacity: 800 } }
region eu { client eu_users
  lb edge_eu { replicas: 2 }
  service web_eu { replicas: 2, capacity: 800 } }
us_users -> names
eu_users -> names
us_users -> edge_us -> web_us
eu_users -> edge_eu -> web_eu`,
    fail: ['us'],
  },
  {
    name: 'a thread-per-request service held while it queries the database, at ρ 0.78',
    source: 'workload { rps: 200, read_ratio: 100% }\nclient u\nservice api { concurrency: 4, latency: 10ms }\ndatabase db { latency: 5ms }\nu -> api -> db',
  },
  {
    name: 'a blocking chain: web waits on auth, which waits on the database, with reads and writes',
    source: `workload { rps: 400, read_ratio: 80% }
client u
lb edge { replicas: 2, policy: least-connections }
service web { replicas: 3, concurrency: 6, latency: 6ms }
service auth { replicas: 2, concurrency: 4, latency: 3ms }
database db { replicas: 2, concurrency: 6, latency: 4ms }
u -> edge -> web
web -> auth -> db
web -> db`,
  },
  {
    name: 'a blocking service reading through a look-aside cache behind round robin',
    source: `workload { rps: 1k, read_ratio: 100% }
client u
lb edge { replicas: 2 }
service api { replicas: 2, concurrency: 8, latency: 4ms }
cache qc { hit_ratio: 80% }
database db { latency: 3ms, concurrency: 4 }
u -> edge -> api
api -> qc { reads }
api -> db`,
  },
  {
    name: 'a ten-way fan-out to ten servers at ρ 0.5',
    source:
      'workload { rps: 100, read_ratio: 100% }\nclient u\nservice api { replicas: 2 }\nservice shard { replicas: 10, latency: 5ms, concurrency: 1 }\nu -> api\napi -> shard { fanout: 10 }',
  },
  {
    name: 'thirty calls at once to a cache of four connections, from a blocking service',
    source:
      'workload { rps: 50, read_ratio: 100% }\nclient u\nservice feed { replicas: 2, concurrency: 8, latency: 2ms }\ncache posts { latency: 1ms, concurrency: 4 }\nu -> feed\nfeed -> posts { fanout: 30 }',
  },
  {
    name: 'a four-way fan-out to a blocking search tier that queries an index',
    source: `workload { rps: 120, read_ratio: 100% }
client u
lb edge { replicas: 2 }
service api { replicas: 3 }
service search { replicas: 4, latency: 8ms, concurrency: 2 }
database index { latency: 2ms }
u -> edge -> api
api -> search { fanout: 4 }
search -> index`,
  },
];

describe('the evaluator agrees with the simulator', () => {
  it.each(corpus)('$name', ({ source, fail, requests }) => {
    const model = validModel(source);
    const analytic = evaluate(model, fail ? { fail } : {});
    const simulated = simulate(model, { requests: requests ?? 200_000, seed: 7, ...(fail ? { fail } : {}) });
    expect(simulated.flows.length).toBeGreaterThan(0);
    for (const s of simulated.flows) {
      const a = analytic.flows.find((f) => f.client === s.client && f.kind === s.kind)!;
      const label = `${s.client} ${s.kind}`;
      expect(s.samples, label).toBeGreaterThan(1000);
      expect(Math.abs(a.mean_ms! - s.mean_ms!), `${label} mean ${a.mean_ms} vs ${s.mean_ms} ± ${s.mean_ci_ms}`).toBeLessThan(
        Math.max(0.05 * s.mean_ms!, s.mean_ci_ms!),
      );
      expect(Math.abs(a.p99_ms! - s.p99_ms!), `${label} p99 ${a.p99_ms} vs ${s.p99_ms} ± ${s.p99_ci_ms}`).toBeLessThan(Math.max(0.1 * s.p99_ms!, s.p99_ci_ms!));
      // The interval is a real bound, not a blank cheque: well inside the tolerance where the queue is not near saturation.
      expect(s.mean_ci_ms!, label).toBeLessThan(0.25 * s.mean_ms!);
    }
    for (const t of simulated.tiers) {
      const a = analytic.tiers.find((x) => x.component === t.component)!;
      expect(Math.abs(a.utilization - t.utilization), `${t.component} ρ ${a.utilization} vs ${t.utilization}`).toBeLessThan(0.02);
    }
  });

  it('is deterministic: the same seed gives the same numbers', () => {
    const model = validModel(corpus[1]!.source);
    expect(simulate(model, { requests: 20_000, seed: 3 })).toEqual(simulate(model, { requests: 20_000, seed: 3 }));
    expect(simulate(model, { requests: 20_000, seed: 4 }).flows[0]!.mean_ms).not.toBe(simulate(model, { requests: 20_000, seed: 3 }).flows[0]!.mean_ms);
  });
});
