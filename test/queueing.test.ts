import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mmc, responseCdf, mixtureQuantile, responseQuantile, sampleResponse, waitQuantile, type MMc } from '../src/evaluate/queueing.js';
import { mulberry32 } from '../src/evaluate/random.js';

// Every expected number below is typed in from the named source (or worked by hand in the comment
// next to it), never copied from this module's output.

describe('published vectors', () => {
  it('M/M/1 λ = 0.75/s, S = 1 s: ρ = 0.75, R = 4.0 s (Gunther, Analyzing Computer System Performance with Perl::PDQ, open1)', () => {
    const r = mmc({ lambda: 0.75, servers: 1, mu: 1 });
    expect(r.utilization).toBeCloseTo(0.75, 4);
    expect(r.meanResponse).toBeCloseTo(4.0, 4);
    expect(r.saturated).toBe(false);
  });

  it('M/M/3 λ = 2/s, μ = 1/s: C = 0.4444, Wq = 0.4444 s (Gross & Harris, Fundamentals of Queueing Theory; Kleinrock Vol. 1, M/M/c)', () => {
    // By hand: B(3,2) = (2³/3!)/(1 + 2 + 2²/2 + 2³/3!) = (4/3)/(19/3) = 4/19;
    // C = 3·(4/19)/(3 − 2·(15/19)) = (12/19)/(27/19) = 4/9 = 0.4444; Wq = C/(3·1 − 2) = 0.4444 s.
    const r = mmc({ lambda: 2, servers: 3, mu: 1 });
    expect(r.probabilityOfWait).toBeCloseTo(0.4444, 4);
    expect(r.meanWait).toBeCloseTo(0.4444, 4);
    expect(erlangC(3, 2)).toBeCloseTo(0.4444, 4);
    expect(erlangB(3, 2)).toBeCloseTo(0.2105, 4); // 4/19, by hand above
  });

  it('M/M/1 response time is exponential with rate μ − λ (Kleinrock, Queueing Systems Vol. 1, M/M/1 §3.2)', () => {
    const q: MMc = { lambda: 0.75, servers: 1, mu: 1 };
    // p50 = ln 2 / 0.25 = 2.7726 s; p99 = ln 100 / 0.25 = 18.4207 s.
    expect(responseQuantile(q, 1, 0.5)).toBeCloseTo(2.7726, 4);
    expect(responseQuantile(q, 1, 0.99)).toBeCloseTo(18.4207, 4);
    expect(responseCdf(q, 1, 2.7726)).toBeCloseTo(0.5, 4);
    expect(responseCdf(q, 1, 18.4207)).toBeCloseTo(0.99, 4);
    // The whole CDF is 1 − e^{−0.25 t}: e.g. t = 4 s → 1 − e^{−1} = 0.632121; t = 8 s → 1 − e^{−2} = 0.864665.
    expect(responseCdf(q, 1, 4)).toBeCloseTo(0.632121, 6);
    expect(responseCdf(q, 1, 8)).toBeCloseTo(0.864665, 6);
  });

  it('Erlang B closed forms: B(1, a) = a/(1 + a), B(2, a) = (a²/2)/(1 + a + a²/2) (Erlang 1917; any traffic text)', () => {
    // a = 1, c = 1: 1/(1 + 1) = 0.5.  a = 2, c = 2: (4/2)/(1 + 2 + 2) = 2/5 = 0.4.
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 10);
    expect(erlangB(2, 2)).toBeCloseTo(0.4, 10);
  });

  it('M/M/2 λ = 1/s, μ = 1/s: P(wait) = 1/3, Wq = 1/3 s, W = 4/3 s (M/M/2 closed forms, Gross & Harris: Lq = 2ρ³/(1 − ρ²))', () => {
    // ρ = λ/(2μ) = 0.5. P(wait) = 2ρ²/(1 + ρ) = 0.5/1.5 = 0.333333.
    // Lq = 2ρ³/(1 − ρ²) = 0.25/0.75 = 0.333333; Wq = Lq/λ = 0.333333 s; W = Wq + 1/μ = 1.333333 s.
    // Cross-check through Erlang B: B(2,1) = 0.5/(1 + 1 + 0.5) = 0.2; C = 2·0.2/(2 − 1·0.8) = 1/3.
    const r = mmc({ lambda: 1, servers: 2, mu: 1 });
    expect(r.utilization).toBeCloseTo(0.5, 6);
    expect(r.probabilityOfWait).toBeCloseTo(0.333333, 6);
    expect(r.meanWait).toBeCloseTo(0.333333, 6);
    expect(r.meanResponse).toBeCloseTo(1.333333, 6);
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 10);
  });

  it('Erlang B: 15 lines at 1% blocking carry 8.108 Erlangs (erlang.com Erlang B calculator manual, "How much traffic?")', () => {
    // The source rounds the load to 3 decimals; dB/da = B·(c/a − 1 + B) ≈ 0.01·0.86, so the
    // rounding moves B by < 5e-6: four decimals are safe.
    expect(erlangB(15, 8.108)).toBeCloseTo(0.01, 4);
  });

  it('Erlang B: 1200 calls/hour of 100 s each (33.333 E) at 1% blocking needs 45 lines (erlang.com forum, "Trunk Engineering")', () => {
    // 1200 calls/h × 100 s = 120,000 call-seconds per 3,600 s = 33.333 E ("divide by 36").
    const a = 1200 / 36;
    expect(erlangB(45, a)).toBeLessThanOrEqual(0.01);
    expect(erlangB(44, a)).toBeGreaterThan(0.01);
  });

  it('Erlang B for a million or a billion servers lightly loaded: 0, as for a thousand (the recurrence stops once B underflows)', () => {
    // B(c, a) = (aᶜ/c!) / Σₖ aᵏ/k!. For a = 10 and c = 1,000: aᶜ/c! = 10¹⁰⁰⁰/1000! ≈ 10^(1000 − 2568)
    // (log₁₀ 1000! ≈ 2567.6), far below the smallest double (≈ 4.9·10⁻³²⁴), over a sum near e¹⁰:
    // 0 in floating point, and every larger c only smaller. At c = 10⁹ the full recurrence took
    // seconds per call; stopping at the underflow gives the same 0.
    expect(erlangB(1000, 10)).toBe(0);
    expect(erlangB(1_000_000, 10)).toBe(0);
    expect(erlangB(1_000_000_000, 10)).toBe(0);
    expect(erlangC(1_000_000_000, 10)).toBe(0);
    // Where it does not underflow, the answer is the recurrence's to the end: B(45, 33.333) above 0.
    expect(erlangB(45, 1200 / 36)).toBeGreaterThan(0);
  });

  it('waitQuantile agrees with P(Wq > t) = C·e^{−(cμ−λ)t} (M/M/3 example above)', () => {
    const q: MMc = { lambda: 2, servers: 3, mu: 1 };
    // C = 4/9, r = 1: P(Wq > t) = 0.05 at t = ln((4/9)/0.05) = ln 8.8889 = 2.1848 s.
    expect(waitQuantile(q, 0.95)).toBeCloseTo(2.1848, 4);
    // p ≤ 1 − C = 5/9 = 0.5556: no wait at that quantile.
    expect(waitQuantile(q, 0.5)).toBe(0);
  });
});

describe('properties', () => {
  it('erlangC is in [0, 1] and non-decreasing in a', () => {
    for (const c of [1, 2, 3, 5, 10, 50, 1000]) {
      let prev = 0;
      for (let i = 0; i <= 100; i++) {
        const a = (c * i) / 100;
        const C = erlangC(c, a);
        expect(C).toBeGreaterThanOrEqual(0);
        expect(C).toBeLessThanOrEqual(1);
        expect(C).toBeGreaterThanOrEqual(prev);
        prev = C;
      }
      expect(erlangC(c, c)).toBe(1);
      expect(erlangC(c, 2 * c)).toBe(1);
    }
  });

  it('a ≥ c is saturated: probability of wait 1, Infinity times and quantiles', () => {
    for (const q of [
      { lambda: 3, servers: 3, mu: 1 },
      { lambda: 10, servers: 2, mu: 1 },
    ]) {
      const r = mmc(q);
      expect(r.saturated).toBe(true);
      expect(r.utilization).toBeGreaterThanOrEqual(1);
      expect(r.probabilityOfWait).toBe(1);
      expect(r.meanWait).toBe(Infinity);
      expect(r.meanResponse).toBe(Infinity);
      expect(waitQuantile(q, 0.5)).toBe(Infinity);
      expect(responseQuantile(q, 1, 0.5)).toBe(Infinity);
      expect(responseCdf(q, 1, 1e9)).toBe(0);
      expect(sampleResponse(q, 1, 0.5, 0.5, 0.5)).toBe(Infinity);
    }
  });

  it('huge c (100,000 servers, 99,000 E) is finite, in [0, 1] and near the Halfin–Whitt value', () => {
    const C = erlangC(100_000, 99_000);
    expect(Number.isFinite(C)).toBe(true);
    expect(C).toBeGreaterThan(0);
    expect(C).toBeLessThanOrEqual(1);
    // Halfin & Whitt (1981): with c = a + β√a, C ≈ 1/(1 + βΦ(β)/φ(β)). β = 1000/√99000 = 3.178,
    // φ(β) = 0.3989·e^{−5.050} = 0.00256, Φ(β) ≈ 0.9993 → C ≈ 1/(1 + 1241) ≈ 8.0e-4. Asymptotic,
    // so only the order of magnitude is checked.
    expect(C).toBeGreaterThan(4e-4);
    expect(C).toBeLessThan(1.6e-3);
    const r = mmc({ lambda: 99_000, servers: 100_000, mu: 1 });
    expect(Number.isFinite(r.meanWait)).toBe(true);
    expect(Number.isFinite(responseQuantile({ lambda: 99_000, servers: 100_000, mu: 1 }, 1, 0.9999))).toBe(true);
  });

  it('extreme loads neither overflow nor return NaN', () => {
    // a ≫ c: blocking tends to 1 − c/a (overload); here 1 − 1e5/1e6 = 0.9.
    expect(erlangB(100_000, 1e6)).toBeCloseTo(0.9, 2);
    // a ≪ c: blocking underflows to 0 rather than NaN.
    expect(erlangB(100_000, 1)).toBe(0);
    expect(erlangC(100_000, 1)).toBe(0);
    // a just below c.
    const C = erlangC(100_000, 100_000 * (1 - 1e-12));
    expect(C).toBeGreaterThan(0.99);
    expect(C).toBeLessThanOrEqual(1);
  });

  it('λ = 0: no queueing, T = S exactly', () => {
    const q: MMc = { lambda: 0, servers: 4, mu: 2 };
    const serviceMean = 0.3;
    const r = mmc(q);
    expect(r.probabilityOfWait).toBe(0);
    expect(r.meanWait).toBe(0);
    expect(r.meanResponse).toBe(0.5);
    for (const p of [0.01, 0.5, 0.9, 0.99, 0.999999]) {
      expect(responseQuantile(q, serviceMean, p)).toBeCloseTo(-Math.log(1 - p) * serviceMean, 12);
      expect(waitQuantile(q, p)).toBe(0);
    }
    for (const t of [0.01, 0.3, 1, 5]) {
      expect(responseCdf(q, serviceMean, t)).toBeCloseTo(1 - Math.exp(-t / serviceMean), 14);
    }
    expect(sampleResponse(q, serviceMean, 0.25, 0.001, 0.5)).toBe(-serviceMean * Math.log(0.25));
  });

  it('r ≈ s is continuous: r = s exactly vs r = s·(1 + 1e-9) (and 1e-13)', () => {
    // c = 2, μ = 1, λ = 1 → r = cμ − λ = 1 = s for serviceMean = 1.
    const exact: MMc = { lambda: 1, servers: 2, mu: 1 };
    const C = 1 / 3; // M/M/2 at ρ = 0.5, by hand above
    for (const eps of [1e-9, 1e-13]) {
      const near: MMc = { lambda: 1 - eps, servers: 2, mu: 1 }; // r = 1 + eps
      for (const t of [1e-6, 0.01, 0.5, 1, 3, 10, 40]) {
        // The r = s limit, typed from the formula: (1−C)(1−e^{−t}) + C·[1 − e^{−t}(1 + t)].
        const limit = (1 - C) * (1 - Math.exp(-t)) + C * (1 - Math.exp(-t) * (1 + t));
        expect(responseCdf(exact, 1, t)).toBeCloseTo(limit, 12);
        expect(Math.abs(responseCdf(near, 1, t) - responseCdf(exact, 1, t))).toBeLessThan(1e-8);
      }
      expect(Math.abs(responseQuantile(near, 1, 0.99) - responseQuantile(exact, 1, 0.99))).toBeLessThan(1e-6);
    }
  });

  it('responseQuantile inverts responseCdf (r < s, r > s, p near 0 and 1)', () => {
    const cases: [MMc, number][] = [
      [{ lambda: 2, servers: 3, mu: 1 }, 0.8], // r = 1 < s = 1.25
      [{ lambda: 2, servers: 3, mu: 1 }, 5], // r = 1 > s = 0.2
      [{ lambda: 95, servers: 100, mu: 1 }, 1], // heavy load, many servers
      [{ lambda: 0.999, servers: 1, mu: 1 }, 1], // nearly saturated M/M/1
      [{ lambda: 40, servers: 8, mu: 10 }, 0.02], // instance throughput ≠ 1/serviceMean
    ];
    for (const [q, sm] of cases) {
      let prev = 0;
      for (const p of [1e-6, 0.01, 0.5, 0.9, 0.99, 0.999, 0.999999]) {
        const x = responseQuantile(q, sm, p);
        expect(x).toBeGreaterThan(prev);
        prev = x;
        expect(responseCdf(q, sm, x)).toBeCloseTo(p, 8);
        if (p >= 0.5) expect(1 - responseCdf(q, sm, x)).toBeCloseTo(1 - p, 8);
      }
    }
  });

  it("sampler's empirical mean over 200,000 draws is within 1% of serviceMean + meanWait", () => {
    const q: MMc = { lambda: 2, servers: 3, mu: 1 };
    const serviceMean = 0.8;
    const rand = mulberry32(20240611);
    const n = 200_000;
    const draws = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = sampleResponse(q, serviceMean, rand(), rand(), rand());
      draws[i] = x;
      sum += x;
    }
    const expected = serviceMean + 4 / 9; // Wq = 4/9 s for this M/M/3 (by hand above)
    expect(Math.abs(sum / n / expected - 1)).toBeLessThan(0.01);
    // The empirical p99 agrees with the analytic quantile too.
    draws.sort();
    const empP99 = draws[Math.floor(0.99 * n)]!;
    expect(Math.abs(empP99 / responseQuantile(q, serviceMean, 0.99) - 1)).toBeLessThan(0.03);
  });

  it('mulberry32 is deterministic for a seed, strictly inside (0, 1), and roughly uniform', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    const ys = Array.from({ length: 1000 }, () => b());
    const zs = Array.from({ length: 1000 }, () => c());
    expect(xs).toEqual(ys);
    expect(xs).not.toEqual(zs);
    for (const x of xs) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(1);
    }
    const r = mulberry32(7);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += r();
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('rejects invalid input', () => {
    expect(() => erlangB(1.5, 1)).toThrow(RangeError);
    expect(() => erlangC(2, -1)).toThrow(RangeError);
    expect(() => mmc({ lambda: 1, servers: 0, mu: 1 })).toThrow(RangeError);
    expect(() => mmc({ lambda: 1, servers: 1, mu: 0 })).toThrow(RangeError);
    expect(() => responseQuantile({ lambda: 1, servers: 2, mu: 1 }, 1, 1.5)).toThrow(RangeError);
    expect(() => responseCdf({ lambda: 1, servers: 2, mu: 1 }, 0, 1)).toThrow(RangeError);
  });
});

describe('mixtureQuantile', () => {
  it('is the M/M/c response quantile when given its Erlang C and its rate cμ − λ', () => {
    // M/M/3, λ = 2, μ = 1: C = 0.4444 (4/9), r = 3 − 2 = 1 per second.
    const q: MMc = { lambda: 2, servers: 3, mu: 1 };
    for (const p of [0.5, 0.9, 0.99]) expect(mixtureQuantile(4 / 9, 1, 1, p)).toBeCloseTo(responseQuantile(q, 1, p), 7);
  });

  it('with no waiting is the exponential quantile, and refuses a rate that is not positive', () => {
    // P(S > t) = e^{−t}: the p99 of S of mean 1 s is ln 100.
    expect(mixtureQuantile(0, 5, 1, 0.99)).toBeCloseTo(Math.log(100), 9);
    expect(() => mixtureQuantile(0.5, 0, 1, 0.99)).toThrow(RangeError);
  });
});
