/**
 * A database's standbys: failover nodes that count for availability and serve no reads.
 * Figures worked out by hand from the documented defaults.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate/evaluate.js';
import { validModel } from './helpers.js';

describe('standby nodes', () => {
  const source = (db: string) => `workload { rps: 1k, read_ratio: 100% }
client u
service api { replicas: 2, managed }
database db { ${db} }
u -> api -> db`;

  it('count for availability, as nodes that fail over', () => {
    // One node at 99.5%: 0.995. With a standby: 1 − 0.005² = 0.999975. The service: two
    // instances at 99.5% (1 − 0.005² = 0.999975), managed and never less than its instances, so
    // max(99.99%, 0.999975) = 0.999975; no DNS on the way: the flow is api × db.
    const single = evaluate(validModel(source('replicas: 1'))).flows[0]!.availability;
    const paired = evaluate(validModel(source('replicas: 1, standby: 1'))).flows[0]!.availability;
    expect(single).toBeCloseTo(0.999975 * 0.995, 12);
    expect(paired).toBeCloseTo(0.999975 * 0.999975, 12);
  });

  it('serve no reads: the primary takes them all, as with no standby', () => {
    // 1,000 reads a second on one node of 5,000: ρ = 0.2 either way. Two read replicas instead
    // (replicas: 3) would serve them on two nodes: ρ = 0.1.
    const tier = (db: string) => evaluate(validModel(source(db))).tiers.find((t) => t.component === 'db')!.utilization;
    expect(tier('replicas: 1, standby: 1')).toBeCloseTo(0.2, 12);
    expect(tier('replicas: 1')).toBeCloseTo(0.2, 12);
    expect(tier('replicas: 3')).toBeCloseTo(0.1, 12);
  });
});
