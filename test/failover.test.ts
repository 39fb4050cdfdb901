/**
 * Failover, the moment after and the steady state: traffic that moves to another region finds
 * caches there that do not hold its data yet, so its reads all miss at first. Figures worked out
 * by hand below.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../src/evaluate/evaluate.js';
import { evalJson } from '../src/report/eval.js';
import { archlint } from './cli-run.js';
import { validModel } from './helpers.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('failover');
afterAll(() => temp.removeAll());

const region = (r: string) => `region ${r} {
  client ${r}_users
  lb edge_${r} { replicas: 2 }
  service web_${r} { replicas: 4 }
  cache qc_${r} { replicas: 2 }
  database db_${r} { replicas: 2, capacity: 1k }
}
${r}_users -> names
${r}_users -> edge_${r} -> web_${r}
web_${r} -> qc_${r} { reads }
web_${r} -> db_${r}`;

const source = `workload { rps: 2k, read_ratio: 100% }
dns names { routing: geo }
${region('us')}
${region('eu')}`;

describe('a region failing over', () => {
  it('reports the steady state, and the moment after while the other region’s caches are cold', () => {
    const e = evaluate(validModel(source), { fail: ['us'] });
    // Steady state: both clients' 1,000 reads a second go to eu, its cache answers 80%, db_eu gets
    // 2,000 × 0.2 = 400 on its one read replica of 1,000 a second: ρ = 0.4.
    const db = e.tiers.find((t) => t.component === 'db_eu')!;
    expect(db.rps).toBeCloseTo(400, 9);
    expect(db.utilization).toBeCloseTo(0.4, 9);
    const moved = e.flows.find((f) => f.client === 'us_users')!;
    expect(moved.failover).toBe('eu');
    expect(moved.saturated).toBeUndefined();
    // The moment after: eu's own 1,000 × 0.2 = 200, and all of the moved 1,000 miss: 1,200 on a
    // replica of 1,000, ρ = 1.2, saturated — for both clients, whose reads both need db_eu.
    const after = e.afterFailover!;
    const dbAfter = after.tiers.find((t) => t.component === 'db_eu')!;
    expect(dbAfter.rps).toBeCloseTo(1200, 9);
    expect(dbAfter.utilization).toBeCloseTo(1.2, 9);
    expect(dbAfter.saturated).toBe(true);
    for (const client of ['us_users', 'eu_users']) expect(after.flows.find((f) => f.client === client)!.saturated).toEqual(['db_eu']);
    // What gets through: of the moved reads, all reach db_eu, which serves 1/1.2 of them; of eu's
    // own, the 20% that miss reach it: 1 − 0.2 × (1 − 1/1.2) = 0.966667 (times the components'
    // own availability, 0.99999 or better here).
    expect(after.flows.find((f) => f.client === 'us_users')!.availability).toBeCloseTo(1 / 1.2, 4);
    expect(after.flows.find((f) => f.client === 'eu_users')!.availability).toBeCloseTo(1 - 0.2 * (1 - 1 / 1.2), 4);
    // The cache is still asked (it is up), and answers nothing of the moved traffic: 2,000 lookups.
    expect(after.tiers.find((t) => t.component === 'qc_eu')!.rps).toBeCloseTo(2000, 9);
    expect(after.bottleneck).toBe('db_eu');
  });

  it('runs, the moment after, the instances an autoscaled tier ran before anything failed', () => {
    // 1,800 requests a second, 900 per region; web runs ⌈λ / (0.7 × 1,000)⌉ within 2..10: 2 with
    // nothing failed. Steady state with us down: 1,800 on eu, ⌈2.57⌉ = 3 instances, ρ = 0.6. The
    // moment after: still 2, ρ = 1,800 / 2,000 = 0.9.
    const scaled = source.replace('rps: 2k', 'rps: 1.8k').replaceAll(/service web_(\w+) \{ replicas: 4 \}/g, 'service web_$1 { autoscale: 2..10 }');
    expect(evaluate(validModel(scaled)).tiers.find((t) => t.component === 'web_eu')!.replicas).toBe(2);
    const e = evaluate(validModel(scaled), { fail: ['us'] });
    const steady = e.tiers.find((t) => t.component === 'web_eu')!;
    expect([steady.replicas, steady.utilization]).toEqual([3, expect.closeTo(0.6, 9)]);
    const after = e.afterFailover!.tiers.find((t) => t.component === 'web_eu')!;
    expect([after.replicas, after.utilization]).toEqual([2, expect.closeTo(0.9, 9)]);
  });

  it('has no moment after when nothing failed over', () => {
    expect(evaluate(validModel(source)).afterFailover).toBeUndefined();
    expect(evaluate(validModel(source), { fail: ['qc_us'] }).afterFailover).toBeUndefined();
  });

  it('prints both, in text and in JSON', () => {
    const file = path.join(temp.make(), 'two.arch');
    writeFileSync(file, source);
    const text = archlint(['eval', file, '--fail', 'us']);
    expect(text.code).toBe(0);
    const [steady, after] = text.stdout.split('Just after the failover');
    expect(steady).toMatch(/db_eu\s+2\s+400\s+40%/);
    expect(after).toMatch(/db_eu\s+2\s+1,200\s+120% saturated/);
    expect(after).toContain('Bottleneck: db_eu (saturated).');
    const json = JSON.parse(archlint(['eval', file, '--fail', 'us', '--format', 'json']).stdout) as ReturnType<typeof evalJson> & {
      after_failover: { tiers: { component: string; rps: number }[] };
    };
    expect(json.after_failover.tiers.find((t) => t.component === 'db_eu')!.rps).toBeCloseTo(1200, 9);
  });
});
