/**
 * Fan-out: an edge's `fanout: N` makes N calls per request, all at once, and the caller waits for
 * the last of them. Expected figures are worked out by hand below; the simulation's agreement on
 * loaded models is in simulator.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation } from '../src/evaluate/evaluate.js';
import { simulate } from '../src/evaluate/simulate.js';
import { validModel } from './helpers.js';

const tier = (e: Evaluation, component: string) => e.tiers.find((t) => t.component === component)!;

/** One request a second: no tier waits (ρ well under 1%), so only service times count. */
const fan = (target: string, fanout: number) => `workload { rps: 1, read_ratio: 100% }
client u
service api { latency: 1ms, latency_cv: 0 }
${target}
u -> api
api -> shard { fanout: ${fanout} }`;

describe('an edge that fans out', () => {
  it('multiplies the load on what it calls', () => {
    // 100 requests a second × 10 calls = 1,000 calls a second on shard: ρ = 1000 × 5 ms / 10 = 0.5.
    const e = evaluate(
      validModel(
        'workload { rps: 100, read_ratio: 100% }\nclient u\nservice api { replicas: 2 }\nservice shard { replicas: 10, latency: 5ms, concurrency: 1 }\nu -> api\napi -> shard { fanout: 10 }',
      ),
    );
    expect(tier(e, 'shard').rps).toBeCloseTo(1000, 9);
    expect(tier(e, 'shard').utilization).toBeCloseTo(0.5, 9);
    expect(tier(e, 'api').rps).toBeCloseTo(100, 9);
  });

  it('waits for the slowest call: the same time when every call takes the same', () => {
    // 40 ms to api, its 1 ms, then ten 0.5 ms + 5 ms calls at once: 46.5 ms.
    const e = evaluate(validModel(fan('service shard { replicas: 100, latency: 5ms, latency_cv: 0 }', 10)));
    expect(e.flows[0]!.mean_ms).toBeCloseTo(46.5, 2);
    expect(e.flows[0]!.p99_ms).toBeCloseTo(46.5, 2);
  });

  it('waits for the slowest call: S·H_N for exponential calls that all find a free server', () => {
    // The largest of 10 exponential times of mean 5 ms has mean 5 × (1 + 1/2 + … + 1/10) =
    // 5 × 2.928968 = 14.64484 ms; P(max ≤ t) = (1 − e^(−t/5))¹⁰, so its p99 is
    // −5 ln(1 − 0.99^(1/10)) = 34.5264 ms. Flow: 40 + 1 + 0.5 + max.
    const e = evaluate(validModel(fan('service shard { replicas: 100, latency: 5ms }', 10)));
    expect(Math.abs(e.flows[0]!.mean_ms! - 56.14484)).toBeLessThan(0.2);
    expect(Math.abs(e.flows[0]!.p99_ms! - (41.5 + 34.5264))).toBeLessThan(1.5);
  });

  it('draws a wide fan-out from the tail of one call: S·H_100 for a hundred exponential calls', () => {
    // 5 × (1 + 1/2 + … + 1/100) = 5 × 5.187378 = 25.93689 ms; flow 41.5 + that = 67.43689 ms.
    const e = evaluate(validModel(fan('service shard { replicas: 100, latency: 5ms }', 100)));
    expect(Math.abs(e.flows[0]!.mean_ms! - 67.43689)).toBeLessThan(0.5);
  });

  it('queues the calls behind each other when they outnumber the servers', () => {
    // 30 calls of exactly 1 ms on one cache of 4 connections: ⌈30 / 4⌉ = 8 rounds, 8 ms. Flow:
    // 40 + 1 + 0.5 + 8 = 49.5 ms (the batch's wait for other requests: ρ = 30 × 1 ms / 4 = 0.0075,
    // Wq = ρ·B / (2(1 − ρ)) with B = 30 × 1 / 4 = 7.5 ms: 0.028 ms).
    const source = fan('cache shard { latency: 1ms, latency_cv: 0, concurrency: 4 }', 30);
    const e = evaluate(validModel(source));
    expect(Math.abs(e.flows[0]!.mean_ms! - 49.528)).toBeLessThan(0.05);
    // The simulation makes the 30 calls and waits for the last: the same 49.5 ms.
    const s = simulate(validModel(source), { requests: 5_000, seed: 2 });
    expect(Math.abs(s.flows[0]!.mean_ms! - 49.5)).toBeLessThan(0.05);
  });

  it('holds a blocking caller until the last call returns', () => {
    // api holds one of its 8 workers for its 1 ms and the ten deterministic calls at once: 6.5 ms.
    const e = evaluate(
      validModel(
        fan('service shard { replicas: 100, latency: 5ms, latency_cv: 0 }', 10).replace(
          'latency: 1ms, latency_cv: 0',
          'latency: 1ms, latency_cv: 0, concurrency: 8',
        ),
      ),
    );
    expect(tier(e, 'api').hold_ms!).toBeCloseTo(6.5, 2);
  });

  it('bounds a simulation by the calls it makes, not only by its requests', () => {
    // Each request: the client's visit, api's and 100 calls to shard: 102. 5,000 asked would make
    // 510,000 calls; within 100,000 there is room for ⌊100,000 / 102⌋ = 980 requests.
    const s = simulate(validModel(fan('service shard { replicas: 100, latency: 5ms }', 100)), { requests: 5_000, maxCalls: 100_000 });
    expect(s.requests).toBe(980);
    expect(s.callsPerRequest).toBeCloseTo(102, 9);
    expect(
      simulate(validModel(fan('service shard { replicas: 100, latency: 5ms }', 100)), { requests: 500, maxCalls: 100_000 }).callsPerRequest,
    ).toBeUndefined();
  });
});
