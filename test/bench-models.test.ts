import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateChain, generateModel } from '../bench/generate.js';
import { mulberry32HalfOpen } from '../src/evaluate/random.js';
import { check } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the benchmark models', () => {
  it('are valid models, so the benchmark measures real work', () => {
    const model = generateModel(1000);
    const result = check(model.arch);
    expect(result.status).toBe('checked');
    expect(result.model!.components().length).toBe(1000);
    expect(check(generateChain(200)).status).toBe('checked');
  });

  it('a chain is one client and services in a line', () => {
    expect(generateChain(3)).toBe('architecture "Pathological chain, 3 components"\n\nclient users { }\nservice s1 { }\nservice s2 { }\n\nusers -> s1 -> s2\n');
  });

  it("draw from mulberry32, which gives the reference implementation's numbers", () => {
    // The first outputs of Tommy Ettinger's reference mulberry32 (C, 32-bit state) for state 1, as
    // 32-bit words; the generator draws them divided by 2^32 (bench/generate.ts uses mulberry32HalfOpen).
    const next = mulberry32HalfOpen(1);
    expect([next(), next(), next(), next()].map((x) => x * 2 ** 32)).toEqual([2693262067, 11749833, 2265367787, 4213581821]);
  });

  it('are deterministic: they use neither Math.random nor the clock', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('the generator called Math.random');
    });
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2001-02-03T04:05:06Z'));
    const early = generateModel(300);
    vi.setSystemTime(new Date('2031-12-30T23:59:59Z'));
    const late = generateModel(300);
    expect(late.arch).toBe(early.arch);
    expect(late.json).toBe(early.json);
    expect(early.arch).not.toMatch(/20(01|31)-/);
  });
});
