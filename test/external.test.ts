/**
 * `external`: a dependency run by someone else, with its own SLA. Figures by hand from the
 * documented defaults.
 */
import { describe, expect, it } from 'vitest';
import spof from '../rules/spof.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { check, validModel } from './helpers.js';

const source = (stripe: string) => `workload { rps: 100, read_ratio: 0% }
client u
service checkout { replicas: 2, managed }
external stripe ${stripe}
u -> checkout -> stripe`;

describe('an external dependency', () => {
  it('counts its SLA and its response time on the flows that call it', () => {
    // checkout: max(99.99%, 1 − 0.005²) = 0.999975; stripe as written: 99.99%.
    const written = evaluate(validModel(source('{ availability: 99.99%, latency: 300ms }'))).flows[0]!;
    expect(written.availability).toBeCloseTo(0.999975 * 0.9999, 12);
    // The first hop 40 ms, checkout's 5 ms and its wait (two instances at 1,000 a second: ρ = 0.05,
    // a wait under a microsecond), the hop 0.5 ms, stripe's 300 ms (no queue: unlimited capacity).
    expect(written.mean_ms!).toBeGreaterThan(345.5);
    expect(written.mean_ms!).toBeLessThan(345.51);
    // Not written: 99.9% and 200 ms.
    const defaults = evaluate(validModel(source(''))).flows[0]!;
    expect(defaults.availability).toBeCloseTo(0.999975 * 0.999, 12);
    expect(defaults.mean_ms!).toBeGreaterThan(245.5);
    expect(defaults.mean_ms!).toBeLessThan(245.51);
  });

  it('is never a single point of failure that replicas could fix', () => {
    expect(check(source(''), { rules: [spof] }).diagnostics).toEqual([]);
  });

  it('is what a product name written as a kind is taken for', () => {
    const { diagnostics } = check('stripe payments');
    expect(diagnostics.map((d) => d.message)).toEqual(['unknown kind `stripe`; did you mean `external`?']);
  });
});
