/**
 * retry-amplification: retries at several hops of one call path. When the last tier of the path
 * fails, every hop that retries multiplies what reaches it: a request that tries 1 + r₁ times,
 * each of them trying the next hop 1 + r₂ times, and so on, puts (1 + r₁)(1 + r₂)… calls on the
 * failing tier at the moment it most needs fewer. A hop with a `circuit_breaker` fails fast once
 * its target is failing, so it passes no retries on: the product starts again behind it.
 *
 * The worst product that reaches each component along synchronous request edges is found in one
 * pass in a topological order (edges back into a cycle are left out: a path counts each hop
 * once), keeping the hop it came over. A finding is reported where a path ends with a retrying
 * hop and at least `hops` hops of it retry, on the last of them; a component that lies on a
 * reported path further on is not reported again.
 */
import { defineRule, format } from '../src/engine/rule.js';
import { isRequestEdge, type Edge, type Model } from '../src/model/model.js';

type MessageId = 'amplified';

export interface Options {
  /** Retrying hops on one path from which it is reported. */
  hops: number;
}

/** The tries one call over the hop makes when its target fails; 1 behind a circuit breaker. */
const tries = (e: Edge): number => (e.circuitBreaker || !e.retries ? 1 : 1 + e.retries);

/** Components in a topological order of the synchronous request edges (depth-first, reverse postorder). */
function topologicalOrder(model: Model, calls: (name: string) => readonly Edge[]): { order: string[]; position: Map<string, number> } {
  const state = new Map<string, 1 | 2>();
  const post: string[] = [];
  for (const root of model.components()) {
    if (state.has(root.name)) continue;
    const stack: { name: string; next: number }[] = [{ name: root.name, next: 0 }];
    state.set(root.name, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = calls(top.name);
      if (top.next < out.length) {
        const to = out[top.next++]!.to;
        if (!state.has(to)) {
          state.set(to, 1);
          stack.push({ name: to, next: 0 });
        }
      } else {
        state.set(top.name, 2);
        post.push(top.name);
        stack.pop();
      }
    }
  }
  const order = post.reverse();
  return { order, position: new Map(order.map((n, i) => [n, i])) };
}

interface Best {
  factor: number;
  /** Retrying hops on the path that gives `factor`. */
  hops: number;
  /** The hop the path arrives over. */
  via?: Edge;
}

export default defineRule<MessageId, Options>({
  id: 'retry-amplification',
  meta: {
    serves: 'Review: retries belong at one layer; retried at every hop they multiply the load on a tier that is already failing.',
    description: 'Retries at several hops of one call path multiply the calls that reach the last tier when it fails.',
    defaultSeverity: 'warning',
    messages: {
      amplified:
        'when `{{to}}` fails, it gets up to {{factor}}× the calls it gets when healthy: {{chain}}. A retry storm keeps a tier that is recovering down. Retry at one hop only (usually the one nearest the failing tier, with `backoff: exponential`), and put a `circuit_breaker` on the others so that they fail fast.',
    },
    schema: {
      type: 'object',
      properties: { hops: { type: 'integer', minimum: 2 } },
      additionalProperties: false,
    },
    defaultOptions: { hops: 2 },
  },
  check(model, context) {
    const sync = new Map<string, Edge[]>();
    for (const c of model.components()) sync.set(c.name, []);
    let anyRetries = false;
    for (const e of model.edges()) {
      if (!isRequestEdge(e) || e.async) continue;
      sync.get(e.from)!.push(e);
      if (tries(e) > 1) anyRetries = true;
    }
    if (!anyRetries) return;
    const calls = (name: string) => sync.get(name)!;
    const { order, position } = topologicalOrder(model, calls);

    const best = new Map<string, Best>();
    for (const name of order) {
      const here = best.get(name) ?? { factor: 1, hops: 0 };
      for (const e of calls(name)) {
        if (position.get(e.to)! <= position.get(name)!) continue; // back into a cycle
        const t = tries(e);
        const next: Best = e.circuitBreaker ? { factor: 1, hops: 0, via: e } : { factor: here.factor * t, hops: here.hops + (t > 1 ? 1 : 0), via: e };
        const old = best.get(e.to);
        if (!old || next.factor > old.factor || (next.factor === old.factor && next.hops > old.hops)) best.set(e.to, next);
      }
    }

    /** The retrying hops of the path that gives `name` its factor, first first. */
    const chainOf = (name: string): Edge[] => {
      const chain: Edge[] = [];
      for (let at = best.get(name); at?.via && at.factor > 1; at = best.get(at.via.from)) if (tries(at.via) > 1) chain.unshift(at.via);
      return chain;
    };
    const covered = new Set<string>();
    const findings: { name: string; chain: Edge[]; factor: number }[] = [];
    // From the far end back, so that a path's farthest retrying hop is the one reported.
    for (let i = order.length - 1; i >= 0; i--) {
      const name = order[i]!;
      const b = best.get(name);
      if (!b?.via || covered.has(name) || tries(b.via) === 1 || b.hops < context.options.hops) continue;
      const chain = chainOf(name);
      for (const e of chain) {
        covered.add(e.from);
        covered.add(e.to);
      }
      findings.push({ name, chain, factor: b.factor });
    }
    for (const f of findings.reverse()) {
      const steps = f.chain.map((e) => `\`${e.from}\` tries \`${e.to}\` ${format.grouped(tries(e))} times`);
      context.report({
        messageId: 'amplified',
        data: { to: f.name, factor: format.grouped(f.factor), chain: steps.join(', ') },
        target: { edge: f.chain[f.chain.length - 1]!, attribute: 'retries' },
      });
    }
  },
});
