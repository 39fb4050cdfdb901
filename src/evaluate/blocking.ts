/**
 * Blocking calls: a component whose `concurrency` is written has that many workers per instance,
 * and a worker stays held while the request's synchronous calls are made — its own service time
 * S plus the response time B of what it calls (thread-per-request servers, connection-per-request
 * proxies). Its queue is then c = instances × concurrency servers, each busy for the hold time
 * H = S + B per request: ρ = λ·E[H] / c, and the wait is Allen–Cunneen's with the squared
 * variation of H.
 *
 * B depends on the waits of the tiers called, and those on their own hold times, so the holds are
 * found by fixed-point iteration: solve every queue, then, nearest the leaves first, compute each
 * blocking pool's E[H] and E[H²] over its visits (rate-weighted) and solve it again, round after
 * round until no hold moves by more than a part in 10⁹. When what the pools call forms no cycle,
 * a round settles every hold and the next confirms it. A pool that waits on a saturated tier is saturated itself (every worker
 * is soon held waiting); one whose hold has not settled after MAX_ROUNDS is reported saturated.
 *
 * A component whose `concurrency` is not written is taken to have workers enough for its calls
 * (an event loop, or a pool sized for them): only its own service time occupies it, as before.
 */
import { solvePools } from './load.js';
import { callMoments, newMemo, type Memo } from './percentiles.js';
import { fanoutMemo } from './sampling.js';
import type { Context, Pool, Visit } from './types.js';

const MAX_ROUNDS = 200;
const TOLERANCE = 1e-9;

/** Each pool's queue solved, with blocking pools' hold times found by fixed-point iteration. */
export function solveWithBlocking(ctx: Context, pools: readonly Pool[]): void {
  solvePools(ctx, pools);
  // Only pools that make synchronous calls hold a worker longer than their own service.
  const calls = (v: Visit) => v.children.some((c) => !c.async && c.probability > 0);
  const blocking = pools.filter((p) => p.blocking && p.visits?.some((x) => x.rate > 0 && calls(x.visit)));
  if (blocking.length === 0) return;
  // Those nearest the leaves first, each solved as soon as its hold is known (Gauss–Seidel): a
  // caller then sees the waits of what it calls from the same round, and a chain settles in one.
  const heights = new Map<Visit, number>();
  const height = (v: Visit): number => {
    let h = heights.get(v);
    if (h === undefined) {
      h = 0;
      for (const c of v.children) if (!c.async) h = Math.max(h, 1 + height(c));
      heights.set(v, h);
    }
    return h;
  };
  const order = blocking.map((pool) => ({ pool, height: pool.visits!.reduce((h, x) => Math.max(h, height(x.visit)), 0) }));
  order.sort((a, b) => a.height - b.height);
  const { k } = fanoutMemo(blocking.flatMap((p) => p.visits!.map((x) => x.visit)));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Fan-outs are drawn again each round: the waits they draw from have moved.
    const memo = newMemo({ draws: new Map(), k });
    let moved = false;
    for (const { pool } of order) {
      const [h1, h2, blockedBy] = holdMoments(pool, memo);
      if (blockedBy !== undefined) {
        if (pool.blockedBy === undefined) moved = true;
        pool.blockedBy = blockedBy;
      } else {
        if (pool.holdMs === undefined || Math.abs(h1 - pool.holdMs) > TOLERANCE * h1) moved = true;
        pool.holdMs = h1;
        pool.holdCs2 = h1 > 0 ? Math.max(0, h2 / (h1 * h1) - 1) : pool.cs2;
      }
      solvePools(ctx, [pool]);
    }
    if (!moved) return;
  }
  // Still moving: the calls feed back on each other without settling.
  for (const pool of blocking) pool.blockedBy ??= pool.component.name;
  solvePools(ctx, blocking);
}

/**
 * E[H] (ms) and E[H²] of a blocking pool's hold time, over its visits weighted by their rates:
 * H = S + B with S its own service time (of its variation) and B independent of S. Or the
 * saturated tier its calls wait on.
 */
function holdMoments(pool: Pool, memo: Memo): [number, number, string | undefined] {
  const s = 1000 / pool.mu;
  let rate = 0;
  let b1 = 0;
  let b2 = 0;
  for (const { visit, rate: r } of pool.visits!) {
    if (r <= 0) continue;
    const [k1, k2] = callMoments(visit, memo);
    if (!Number.isFinite(k1)) return [Infinity, Infinity, saturatedBelow(visit) ?? pool.component.name];
    rate += r;
    b1 += r * k1;
    b2 += r * k2;
  }
  if (rate === 0) return [s, (1 + pool.cs2) * s * s, undefined];
  b1 /= rate;
  b2 /= rate;
  return [s + b1, (1 + pool.cs2) * s * s + 2 * s * b1 + b2, undefined];
}

/** The first saturated tier among a visit's synchronous calls (made with some probability). */
function saturatedBelow(v: Visit): string | undefined {
  for (const child of v.children) {
    if (child.async || child.probability === 0) continue;
    if (child.served?.result?.saturated) return child.component.name;
    const deeper = saturatedBelow(child);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}
