/**
 * Call resilience on edges: `optional` calls degrade the answer instead of failing the flow (the
 * evaluator, spof, availability-budget), and the attributes are read as written. Figures by hand
 * from the documented defaults (a service instance 99.5%).
 */
import { describe, expect, it } from 'vitest';
import availabilityBudget from '../rules/availability-budget.js';
import spof from '../rules/spof.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { check, validModel } from './helpers.js';

const shop = (edge: string) => `workload { rps: 100, read_ratio: 0% }
budget { availability: 99.9% }
client u
service web { replicas: 2 }
external recs { availability: 90% }
u -> web
web -> recs ${edge}`;

describe('an optional call', () => {
  it('is read with the other resilience attributes', () => {
    const edge = validModel(shop('{ optional, timeout: 300ms, retries: 2, backoff: exponential, circuit_breaker }')).edges()[1]!;
    expect(edge).toMatchObject({ optional: true, timeout: 300, retries: 2, backoff: 'exponential', circuitBreaker: true });
  });

  it('does not count against the flow’s availability', () => {
    // web: 1 − 0.005² = 0.999975; recs (90%) counts only when the flow needs it.
    expect(evaluate(validModel(shop('{ optional }'))).flows[0]!.availability).toBeCloseTo(0.999975, 12);
    expect(evaluate(validModel(shop(''))).flows[0]!.availability).toBeCloseTo(0.999975 * 0.9, 12);
  });

  it('leaves the flow working when its target is down, and off the path', () => {
    const down = evaluate(validModel(shop('{ optional }')), { fail: ['recs'] }).flows[0]!;
    expect(down.broken).toBeUndefined();
    expect(down.path).toEqual(['u', 'web']);
    expect(down.availability).toBeCloseTo(0.999975, 12);
    const required = evaluate(validModel(shop('')), { fail: ['recs'] }).flows[0]!;
    expect(required.broken).toBe(true);
  });

  it('is not a single point of failure when only optional calls reach it', () => {
    const model = (edge: string) => `client u\nservice web { replicas: 2 }\nservice recs_api { replicas: 1 }\nu -> web\nweb -> recs_api ${edge}`;
    expect(check(model('{ optional }'), { rules: [spof] }).diagnostics).toEqual([]);
    expect(check(model(''), { rules: [spof] }).diagnostics.map((d) => d.message)).toEqual([
      '`recs_api` is a single point of failure: it runs as one instance and the requests from `u` that reach it have nowhere else to go. Run at least 2 replicas (or mark it `managed` if the platform provides redundancy).',
    ]);
  });

  it('takes an external’s SLA out of the budget, and the budget says how to cope with one that breaks it', () => {
    expect(check(shop('{ optional }'), { rules: [availabilityBudget] }).diagnostics).toEqual([]);
    const [finding] = check(shop(''), { rules: [availabilityBudget] }).diagnostics;
    // 0.999975 × 0.9 = 0.8999775, shown as 89.9977%.
    expect(finding!.message).toContain('succeed only 89.9977% of the time');
    expect(finding!.message).toContain('`recs`, a service run by someone else (90% promised)');
    expect(finding!.message).toContain('More replicas of your own cannot raise what its provider promises');
  });

  it('never makes an external a single point of failure, even when not managed', () => {
    expect(check(shop('').replace('{ availability: 90% }', '{ managed: false }'), { rules: [spof] }).diagnostics).toEqual([]);
  });
});
