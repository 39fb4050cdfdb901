/**
 * The one deterministic random-number generator of archlint: Mulberry32 (Tommy Ettinger's
 * public-domain 32-bit generator), used by the evaluator's Monte Carlo and by the benchmark's
 * model generator, and the FNV-1a hash that turns a text into a seed. No Math.random anywhere:
 * the same seed always yields the same sequence, so every output is the same on every run.
 */

/** Mulberry32's raw stream: unsigned 32-bit integers (0 ≤ k < 2³²), from a 32-bit seed. */
export function mulberry32Bits(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * Uniforms strictly inside (0, 1): the 32-bit output k maps to (k + ½)/2³², so never 0 (safe for
 * −ln u) and never 1. For sampling.
 */
export function mulberry32(seed: number): () => number {
  const bits = mulberry32Bits(seed);
  return () => (bits() + 0.5) / 4294967296;
}

/**
 * Uniforms in [0, 1): k/2³² (0 is possible, 1 is not). The benchmark's generator draws these; its
 * models depend on this exact mapping.
 */
export function mulberry32HalfOpen(seed: number): () => number {
  const bits = mulberry32Bits(seed);
  return () => bits() / 4294967296;
}

/** FNV-1a (32 bits) of a text's UTF-16 code units, as an unsigned integer: a seed from a name. */
export function fnv1a(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}
