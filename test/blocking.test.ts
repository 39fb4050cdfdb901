/**
 * Blocking calls: a component whose `concurrency` is written holds one of its workers for the
 * request's whole time there, its own service and its synchronous calls. Every expected figure is
 * worked out by hand below; the simulator's agreement is in simulator.test.ts.
 */
import { Ajv } from 'ajv';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, type Evaluation } from '../src/evaluate/evaluate.js';
import { evalJson } from '../src/report/eval.js';
import { archlint } from './cli-run.js';
import { check, validModel } from './helpers.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('blocking');
afterAll(() => temp.removeAll());

const tier = (e: Evaluation, component: string) => e.tiers.find((t) => t.component === component)!;

/** A thread-per-request API: four workers, 10 ms of its own work, then a 5 ms query. */
const api = (rps: number, extra = '') => `workload { rps: ${rps}, read_ratio: 100% }
client u
service api { concurrency: 4, latency: 10ms }
database db { latency: 5ms }
u -> api -> db
${extra}`;

describe('a worker held while its calls are made', () => {
  it('is busy for its own service time, the hop and the call: ρ = λ·H / c', () => {
    // db: the kind's 10 connections at 5 ms, λ = 200/s, a = 1 Erlang: Erlang C(10, 1) ≈ 1e-7,
    // no wait worth counting. H = 10 ms + 0.5 ms (datacenter round trip) + 5 ms = 15.5 ms.
    // ρ = 200 × 0.0155 / 4 = 0.775 (it was 200 × 0.010 / 4 = 0.5 with the wait taken as free).
    const e = evaluate(validModel(api(200)));
    expect(tier(e, 'api').utilization).toBeCloseTo(0.775, 6);
    expect(tier(e, 'api').hold_ms).toBeCloseTo(15.5, 5);
    // The wait: M/M/4 with μ = 1/15.5 ms, a = 3.1 Erlangs. Erlang B by B(k) = aB(k−1)/(k + aB(k−1)):
    // 0.756098, 0.539636, 0.358085, 0.217227; C = 4B / (4 − a + aB) = 0.552177; Wq = C / (cμ − λ)
    // = 0.552177 / (258.0645 − 200) s = 9.50971 ms. Allen–Cunneen with the hold's variation:
    // Var H = 10² + 5² (two exponential services) = 125, cs² = 125 / 15.5² = 0.520291;
    // Wq × (1 + cs²) / 2 = 9.50971 × 0.760146 = 7.22876 ms.
    expect(tier(e, 'api').wait_ms).toBeCloseTo(7.22876, 4);
    // What a request spends in the tier itself is still its own time and the wait.
    expect(tier(e, 'api').response_ms).toBeCloseTo(17.22876, 4);
    // The flow adds the call once: 40 + 17.22876 + 0.5 + 5 = 62.72876 ms.
    expect(e.flows[0]!.mean_ms).toBeCloseTo(62.72876, 4);
    // A tier that calls nothing has no hold of its own to report.
    expect(tier(e, 'db').hold_ms).toBeUndefined();
  });

  it('saturates a tier that looked 70% busy', () => {
    // λ = 280/s: with the wait taken as free ρ = 280 × 0.010 / 4 = 0.7; held, 280 × 0.0155 / 4 = 1.085.
    const e = evaluate(validModel(api(280)));
    expect(tier(e, 'api').saturated).toBe(true);
    expect(tier(e, 'api').utilization).toBeCloseTo(1.085, 3);
    expect(tier(e, 'api').hold_ms).toBeNull();
    expect(e.flows[0]!.mean_ms).toBeNull();
    const { diagnostics } = check(api(280));
    expect(diagnostics.some((d) => d.ruleId === 'over-capacity' && d.message.includes('api'))).toBe(true);
  });

  it('does not hold a worker for work handed to a queue', () => {
    // The async edge adds load on q, not time: H = 10 + 0.5 + 5 = 15.5 ms as before.
    const e = evaluate(validModel(api(200, 'queue q\nworker w\napi -> q { async, reads }\nq -> w')));
    expect(tier(e, 'api').hold_ms).toBeCloseTo(15.5, 5);
    expect(tier(e, 'q').rps).toBeCloseTo(200, 6);
  });

  it('leaves a component whose concurrency is not written as it was: workers enough for its calls', () => {
    // service api { latency: 10ms }: the kind's 5 workers at 10 ms, ρ = 200 × 0.010 / 5 = 0.4.
    const e = evaluate(validModel(api(200).replace('concurrency: 4, ', '')));
    expect(tier(e, 'api').utilization).toBeCloseTo(0.4, 9);
    expect(tier(e, 'api').hold_ms).toBeUndefined();
  });

  it('holds each caller for the held time of what it calls, down a chain', () => {
    // front (2 workers, 2 ms) → back (2 workers, 3 ms) → db (the kind's 10 at 2 ms), λ = 100/s.
    // db: a = 0.2 of 10 servers, no wait. back: H = 3 + 0.5 + 2 = 5.5 ms, ρ = 100 × 0.0055 / 2 =
    // 0.275; M/M/2 at a = 0.55: B1 = 0.354839, B2 = 0.088853, C = 2B / (2 − a + aB) = 0.118627,
    // Wq = C / (2/0.0055 − 100) s = 0.118627 / 263.6364 = 0.449966 ms; cs² = (3² + 2²) / 5.5² =
    // 0.429752, × (1 + cs²) / 2 = 0.714876: 0.321670 ms. front: H = 2 + 0.5 + (0.321670 + 5.5)
    // = 8.321670 ms, ρ = 100 × 0.008321670 / 2 = 0.416084.
    const e = evaluate(
      validModel(`workload { rps: 100, read_ratio: 100% }
client u
service front { concurrency: 2, latency: 2ms }
service back { concurrency: 2, latency: 3ms }
database db { latency: 2ms }
u -> front -> back -> db`),
    );
    expect(tier(e, 'back').utilization).toBeCloseTo(0.275, 9);
    expect(tier(e, 'back').wait_ms).toBeCloseTo(0.32167, 5);
    expect(tier(e, 'front').hold_ms).toBeCloseTo(8.32167, 5);
    expect(tier(e, 'front').utilization).toBeCloseTo(0.416084, 5);
  });

  it('settles a chain of 300 blocking services, deeper than any number of rounds would reach one level at a time', () => {
    // One request a second down 300 services of 1 ms each, 100 workers apiece: no wait worth
    // counting (Erlang C of 100 servers at under half an Erlang). The first holds a worker for its
    // own 1 ms and 299 hops of 0.5 ms and 1 ms each: 1 + 299 × 1.5 = 449.5 ms.
    const names = Array.from({ length: 300 }, (_, i) => `s${i}`);
    const source = [
      'workload { rps: 1, read_ratio: 100% }',
      'client u',
      ...names.map((n) => `service ${n} { concurrency: 100, latency: 1ms }`),
      `u -> ${names.join(' -> ')}`,
    ].join('\n');
    const e = evaluate(validModel(source));
    expect(tier(e, 's0').saturated).toBe(false);
    expect(tier(e, 's0').hold_ms).toBeCloseTo(449.5, 6);
    expect(tier(e, 's298').hold_ms).toBeCloseTo(2.5, 9);
    expect(e.notes).toEqual([]);
  });

  it('is saturated, and says so, when what it waits on is', () => {
    // db with 2 connections at 20 ms serves 100/s; 150/s arrive.
    const e = evaluate(
      validModel(`workload { rps: 150, read_ratio: 100% }
client u
service api { concurrency: 50, latency: 1ms }
database db { concurrency: 2, latency: 20ms }
u -> api -> db`),
    );
    expect(tier(e, 'db').saturated).toBe(true);
    expect(tier(e, 'api').saturated).toBe(true);
    expect(e.notes).toContain('every worker of `api` is held waiting on `db`, which is saturated: `api` is saturated too');
  });

  it('shows how long a worker is held, in the table and in JSON of the documented shape', () => {
    const e = evaluate(validModel(api(200)));
    const json = evalJson(e, 'm.arch') as { tiers: { component: string; hold_ms?: number }[] };
    expect(json.tiers.find((t) => t.component === 'api')!.hold_ms).toBeCloseTo(15.5, 5);
    expect(json.tiers.find((t) => t.component === 'db')!.hold_ms).toBeUndefined();
    const schema = JSON.parse(readFileSync(new URL('../schema/archlint-eval.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const file = path.join(temp.make(), 'api.arch');
    writeFileSync(file, api(200));
    const { stdout, code } = archlint(['eval', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('held: how long a worker is held per request, its calls included');
    const row = stdout.split('\n').find((l) => l.startsWith('api '))!;
    // component, c (instances), λ, ρ, wait, response, held, p99
    expect(row.trim().split(/\s{2,}|\s+/)).toEqual(['api', '1', '200', '78%', '7.23', '17.2', '15.5', expect.any(String)]);
  });
});
