/**
 * latency-budget: the budget's `read_p99`, `write_p99` and `static_p99` limits, checked against the
 * evaluator's flows (`context.evaluation()`): for each limit that is set, the flows of that kind whose
 * 99th-percentile latency is above it, or that cross a saturated tier (no finite latency). One
 * finding per limit, on the budget attribute, naming the worst flow. One pass over the flows.
 */
import { defineRule, format, type Evaluation, type FlowKind, type FlowResult } from '../src/engine/rule.js';

type MessageId = 'overBudget' | 'saturated';

const LIMITS: readonly { key: 'read_p99' | 'write_p99' | 'static_p99'; kind: FlowKind; noun: string }[] = [
  { key: 'read_p99', kind: 'read', noun: 'reads' },
  { key: 'write_p99', kind: 'write', noun: 'writes' },
  { key: 'static_p99', kind: 'static', noun: 'static requests' },
];


function others(count: number, noun: string): string {
  if (count === 0) return '';
  return `; ${count} other flow${count === 1 ? '' : 's'} of ${noun} ${count === 1 ? 'is' : 'are'} over it too`;
}

/**
 * Why the flow is slow. The network part of its mean is at least the mean minus the mean time of
 * every tier on its path (an over-count of the tiers: some are visited only on a cache miss, or
 * are one alternative among several). When that alone exceeds the limit, no capacity helps.
 */
function cause(flow: FlowResult, evaluation: Evaluation, limit: number): string {
  const tiers = new Map(evaluation.tiers.map((t) => [t.component, t]));
  const inTiers = flow.path.reduce((sum, name) => sum + (tiers.get(name)?.response_ms ?? 0), 0);
  const network = (flow.mean_ms ?? 0) - inTiers;
  if (network > limit) {
    return `Its round trips between hops alone take at least ${format.duration(network)} on average, more than the budget, so no added capacity can fix it: serve these users from a region near them, or cut hops from the path.`;
  }
  const tier = flow.bottleneck ?? flow.path[flow.path.length - 1] ?? flow.client;
  return `The tier that spends the most time on them is \`${tier}\`: add capacity where requests queue, serve from a cache or CDN, or cut hops from the path.`;
}

export default defineRule<MessageId>({
  id: 'latency-budget',
  meta: {
    description: 'A flow whose estimated 99th-percentile latency is above the budget\'s `read_p99`, `write_p99` or `static_p99`, or that crosses a saturated tier.',
    defaultSeverity: 'error',
    messages: {
      overBudget:
        'the {{noun}} of `{{client}}` take {{p99}} at the 99th percentile, over the `{{key}}` budget of {{limit}}{{others}}. {{cause}}',
      saturated:
        'the {{noun}} of `{{client}}` cross `{{tier}}`, which receives more requests than it can serve: their latency has no bound, so the `{{key}}` budget of {{limit}} cannot be met{{others}}. Add capacity to `{{tier}}` (see `over-capacity`).',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
  },
  check(model, context) {
    const budget = model.budget;
    if (!budget) return;
    let evaluation: Evaluation | undefined;
    for (const { key, kind, noun } of LIMITS) {
      const limit = budget.values[key];
      if (limit === undefined) continue;
      evaluation ??= context.evaluation();
      const flows = evaluation.flows;
      const over = flows.filter((f) => f.kind === kind && !f.broken && ((f.saturated?.length ?? 0) > 0 || (f.p99_ms !== null && f.p99_ms > limit)));
      if (over.length === 0) continue;
      // The worst: a saturated flow first, else the highest p99 (ties: the first in model order).
      const worst = over.find((f) => (f.saturated?.length ?? 0) > 0) ?? over.reduce((a, b) => (b.p99_ms! > a.p99_ms! ? b : a));
      const target = { block: 'budget' as const, attribute: key };
      const common = { noun, client: worst.client, key, limit: format.duration(limit), others: others(over.length - 1, noun) };
      if (worst.saturated && worst.saturated.length > 0) {
        context.report({ messageId: 'saturated', data: { ...common, tier: worst.saturated[0]! }, target });
      } else {
        context.report({ messageId: 'overBudget', data: { ...common, p99: format.durationAbove(worst.p99_ms!, limit), cause: cause(worst, evaluation, limit) }, target });
      }
    }
  },
});
