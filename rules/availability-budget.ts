/**
 * availability-budget: the budget's `availability`, checked against the evaluator's flows
 * (`context.evaluation()`): every flow whose estimated availability (the share of its requests that
 * succeed, from the availability of each component it needs) is below the limit. One finding, on
 * the budget attribute, naming the worst flow and the least available component it needs. One
 * pass over the flows.
 */
import { defineRule, format, type FlowKind, type FlowResult, type RuleServices } from '../src/engine/rule.js';
import type { Component, Model } from '../src/model/model.js';

type MessageId = 'belowBudget';

const NOUNS: Record<FlowKind, string> = { read: 'reads', write: 'writes', static: 'static requests' };


/** The least available component the flow needs: its path and the client's DNS. */
function weakest(model: Model, services: RuleServices, flow: FlowResult): string {
  const needed: Component[] = [];
  for (const name of flow.path) {
    const c = model.component(name);
    if (c && c.kind !== 'client') needed.push(c);
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
  if (!worst) return '';
  const { c, a } = worst;
  const how = c.attrs.managed ? 'as its provider runs it' : `with ${c.attrs.replicas} instance${c.attrs.replicas === 1 ? '' : 's'}`;
  return ` The least available component they need is \`${c.name}\` (${format.percent(a, 4)} ${how}).`;
}

export default defineRule<MessageId>({
  id: 'availability-budget',
  meta: {
    description: 'A flow whose estimated availability, from the availability and redundancy of every component it needs, is below the budget\'s `availability`.',
    defaultSeverity: 'error',
    messages: {
      belowBudget:
        'the {{noun}} of `{{client}}` succeed only {{availability}} of the time, below the `availability` budget of {{limit}}{{others}}.{{weakest}} A request needs every component on its path, so their downtimes add up: run more replicas of the tiers it crosses, remove single points of failure, move work the response does not need behind a queue, or serve from a second region behind geo-routed DNS.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
  },
  check(model, context) {
    const limit = model.budget?.values.availability;
    if (limit === undefined) return;
    const evaluation = context.evaluation();
    const below = evaluation.flows.filter((f) => !f.broken && f.availability < limit);
    if (below.length === 0) return;
    // The worst: the lowest availability (ties: the first in model order).
    const worst = below.reduce((a, b) => (b.availability < a.availability ? b : a));
    const count = below.length - 1;
    const others = count === 0 ? '' : `; ${count} other flow${count === 1 ? ' is' : 's are'} below it too`;
    context.report({
      messageId: 'belowBudget',
      data: {
        noun: NOUNS[worst.kind],
        client: worst.client,
        availability: format.percentBelow(worst.availability, limit),
        limit: format.percent(limit, 6),
        others,
        weakest: weakest(model, context, worst),
      },
      target: { block: 'budget', attribute: 'availability' },
    });
  },
});
