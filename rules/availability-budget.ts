/**
 * availability-budget: the budget's `availability`, checked against the evaluator's flows
 * (`context.evaluation()`): every flow whose estimated availability (the share of its requests that
 * succeed, from the availability of each component it needs) is below the limit. One finding, on
 * the budget attribute, naming the worst flow and the least available component it needs. One
 * pass over the flows.
 */
import { defineRule, format, plural, type FlowKind, type FlowResult, type RuleServices } from '../src/engine/rule.js';
import type { Component, Model } from '../src/model/model.js';

/** Whether other flows are below the budget too, and how the least available component the worst flow needs is run. */
type Others = '' | 'AndAnother' | 'AndOthers';
type Weakest = '' | 'Managed' | 'Instances' | 'External';
type MessageId = `belowBudget${Others}${Weakest}`;

const NOUNS: Record<FlowKind, string> = { read: 'reads', write: 'writes', static: 'static requests' };

const others: Readonly<Record<Others, string>> = {
  '': '',
  AndAnother: '; 1 other flow is below it too',
  AndOthers: '; {{others}} other flows are below it too',
};
const weakestText: Readonly<Record<Weakest, string>> = {
  '': '',
  Managed: ' The least available component they need is `{{weakest}}` ({{weakestAvailability}} as its provider runs it).',
  Instances: ' The least available component they need is `{{weakest}}` ({{weakestAvailability}} with {{instances}}).',
  External: ' The least available component they need is `{{weakest}}`, a service run by someone else ({{weakestAvailability}} promised).',
};
const FIX =
  'A request needs every component on its path, so their downtimes add up: run more replicas of the tiers it crosses, remove single points of failure, move work the response does not need behind a queue, or serve from a second region behind geo-routed DNS.';
/** More replicas cannot raise a provider's SLA: the flow has to stop needing it to succeed. */
const EXTERNAL_FIX =
  'More replicas of your own cannot raise what its provider promises: make the flow stop needing it to succeed. Mark the call `optional` when the response can do without it (with a `timeout`), serve a fallback, or hand the work to a queue so that an outage of the provider delays it instead of failing the request.';
const messages = {} as Record<MessageId, string>;
for (const more of ['', 'AndAnother', 'AndOthers'] as const) {
  for (const weak of ['', 'Managed', 'Instances', 'External'] as const) {
    messages[`belowBudget${more}${weak}`] =
      `the {{noun}} of \`{{client}}\` succeed only {{availability}} of the time, below the \`availability\` budget of {{limit}}${others[more]}.${weakestText[weak]} ${weak === 'External' ? EXTERNAL_FIX : FIX}`;
  }
}

/** The least available component the flow needs (its path and the client's DNS), and how it runs. */
function weakest(model: Model, services: RuleServices, flow: FlowResult): { kind: Weakest; data: Record<string, string> } {
  const needed: Component[] = [];
  const onPath = new Set(flow.path);
  for (const name of flow.path) {
    const c = model.component(name);
    // A component the flow reaches only by calls the response can do without costs it nothing when it fails.
    const optionalOnly = (x: Component) => {
      const into = model.inEdges(x.name).filter((e) => onPath.has(e.from));
      return into.length > 0 && into.every((e) => e.optional);
    };
    if (c && c.kind !== 'client' && !optionalOnly(c)) needed.push(c);
  }
  for (const e of model.outEdges(flow.client)) {
    const c = model.component(e.to);
    if (c?.kind === 'dns') needed.push(c);
  }
  let worst: { c: Component; a: number } | undefined;
  for (const c of needed) {
    const a = services.componentAvailability(c);
    if (!worst || a < worst.a) worst = { c, a };
  }
  if (!worst) return { kind: '', data: {} };
  const { c, a } = worst;
  const data = { weakest: c.name, weakestAvailability: format.percent(a, 4) };
  if (c.kind === 'external') return { kind: 'External', data };
  return c.attrs.managed ? { kind: 'Managed', data } : { kind: 'Instances', data: { ...data, instances: plural(services.instances(c), 'instance') } };
}

export default defineRule<MessageId>({
  id: 'availability-budget',
  meta: {
    serves: 'Review: availability budgets, from the evaluator.',
    description: "A flow whose estimated availability, from the availability and redundancy of every component it needs, is below the budget's `availability`.",
    defaultSeverity: 'error',
    messages,
  },
  check(model, context) {
    const limit = model.budget?.values.availability;
    if (limit === undefined) return;
    const evaluation = context.evaluation();
    // A saturated flow loses requests to its full tier, which over-capacity and latency-budget
    // report with the fix (capacity); redundancy would not help it.
    const below = evaluation.flows.filter((f) => !f.broken && f.saturated === undefined && f.availability < limit);
    if (below.length === 0) return;
    // The worst: the lowest availability (ties: the first in model order).
    const worst = below.reduce((a, b) => (b.availability < a.availability ? b : a));
    const count = below.length - 1;
    const more: Others = count === 0 ? '' : count === 1 ? 'AndAnother' : 'AndOthers';
    const weak = weakest(model, context, worst);
    context.report({
      messageId: `belowBudget${more}${weak.kind}`,
      data: {
        noun: NOUNS[worst.kind],
        client: worst.client,
        availability: format.percentBelow(worst.availability, limit),
        limit: format.percent(limit, 6),
        others: count,
        ...weak.data,
      },
      target: { block: 'budget', attribute: 'availability' },
    });
  },
});
