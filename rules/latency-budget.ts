/**
 * latency-budget: the budget's `read_p99`, `write_p99` and `static_p99` limits, checked against the
 * evaluator's flows (`context.evaluation()`): for each limit that is set, the flows of that kind whose
 * 99th-percentile latency is above it, or that cross a saturated tier (no finite latency). One
 * finding per limit, on the budget attribute, naming the worst flow. One pass over the flows.
 */
import { defineRule, format, type Evaluation, type FlowKind, type FlowResult } from '../src/engine/rule.js';

/** What the worst flow meets (its round trips alone exceed the budget, a slow tier, a saturated tier), and whether other flows are over the budget too. */
type Outcome = 'overBudgetByNetwork' | 'overBudgetByTier' | 'saturated';
type Others = '' | 'AndAnother' | 'AndOthers';
type MessageId = `${Outcome}${Others}`;

const LIMITS: readonly { key: 'read_p99' | 'write_p99' | 'static_p99'; kind: FlowKind; noun: string }[] = [
  { key: 'read_p99', kind: 'read', noun: 'reads' },
  { key: 'write_p99', kind: 'write', noun: 'writes' },
  { key: 'static_p99', kind: 'static', noun: 'static requests' },
];

const othersOf = (count: number): Others => (count === 0 ? '' : count === 1 ? 'AndAnother' : 'AndOthers');
const others: Readonly<Record<Others, string>> = {
  '': '',
  AndAnother: '; 1 other flow of {{noun}} is over it too',
  AndOthers: '; {{others}} other flows of {{noun}} are over it too',
};
const over = (more: Others, cause: string) =>
  `the {{noun}} of \`{{client}}\` take {{p99}} at the 99th percentile, over the \`{{key}}\` budget of {{limit}}${others[more]}. ${cause}`;
const byNetwork =
  'Its round trips between hops alone take at least {{network}} on average, more than the budget, so no added capacity can fix it: serve these users from a region near them, or cut hops from the path.';
const byTier =
  'The tier that spends the most time on them is `{{tier}}`: add capacity where requests queue, serve from a cache or CDN, or cut hops from the path.';
const saturated = (more: Others) =>
  `the {{noun}} of \`{{client}}\` cross \`{{tier}}\`, which receives more requests than it can serve: their latency has no bound, so the \`{{key}}\` budget of {{limit}} cannot be met${others[more]}. Add capacity to \`{{tier}}\` (see \`over-capacity\`).`;

const messages = {} as Record<MessageId, string>;
for (const more of ['', 'AndAnother', 'AndOthers'] as const) {
  messages[`overBudgetByNetwork${more}`] = over(more, byNetwork);
  messages[`overBudgetByTier${more}`] = over(more, byTier);
  messages[`saturated${more}`] = saturated(more);
}

/**
 * Why the flow is slow. The network part of its mean is at least the mean minus the mean time of
 * every tier on its path (an over-count of the tiers: some are visited only on a cache miss, or
 * are one alternative among several). When that alone exceeds the limit, no capacity helps.
 */
function cause(flow: FlowResult, evaluation: Evaluation, limit: number): { outcome: Outcome; data: Record<string, string> } {
  const tiers = new Map(evaluation.tiers.map((t) => [t.component, t]));
  const inTiers = flow.path.reduce((sum, name) => sum + (tiers.get(name)?.response_ms ?? 0), 0);
  const network = (flow.mean_ms ?? 0) - inTiers;
  if (network > limit) return { outcome: 'overBudgetByNetwork', data: { network: format.duration(network) } };
  return { outcome: 'overBudgetByTier', data: { tier: flow.bottleneck ?? flow.path[flow.path.length - 1] ?? flow.client } };
}

export default defineRule<MessageId>({
  id: 'latency-budget',
  meta: {
    serves: 'Review: latency budgets, from the chapter’s reference latencies.',
    description:
      "A flow whose estimated 99th-percentile latency is above the budget's `read_p99`, `write_p99` or `static_p99`, or that crosses a saturated tier.",
    defaultSeverity: 'error',
    messages,
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
      const slow = flows.filter((f) => f.kind === kind && !f.broken && ((f.saturated?.length ?? 0) > 0 || (f.p99_ms !== null && f.p99_ms > limit)));
      if (slow.length === 0) continue;
      // The worst: a saturated flow first, else the highest p99 (ties: the first in model order).
      const worst = slow.find((f) => (f.saturated?.length ?? 0) > 0) ?? slow.reduce((a, b) => (b.p99_ms! > a.p99_ms! ? b : a));
      const target = { block: 'budget' as const, attribute: key };
      const more = othersOf(slow.length - 1);
      const common = { noun, client: worst.client, key, limit: format.duration(limit), others: slow.length - 1 };
      if (worst.saturated && worst.saturated.length > 0) {
        context.report({ messageId: `saturated${more}`, data: { ...common, tier: worst.saturated[0]! }, target });
      } else {
        const why = cause(worst, evaluation, limit);
        context.report({ messageId: `${why.outcome}${more}`, data: { ...common, p99: format.durationAbove(worst.p99_ms!, limit), ...why.data }, target });
      }
    }
  },
});
