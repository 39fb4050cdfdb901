// @ts-check
/**
 * An example archlint plugin: two rules written with `defineRule`, as archlint's own are.
 * Configure it in archlint.config.json with `"plugins": { "example": "./index.js" }`; its rules are
 * then `example/durable-queues` and `example/max-hops`. See README.md.
 */
import { defineRule, listNames } from 'archlint';

/** A queue that work is handed to must keep its messages across a broker restart. */
const durableQueues = defineRule({
  meta: {
    description: 'A queue that work is handed to but that is not `durable`: a broker restart loses the jobs in it.',
    defaultSeverity: 'warning',
    messages: {
      notDurable: '`{{name}}` takes work from {{senders}} but is not `durable`: the jobs waiting in it are lost when the broker restarts. Mark it `durable`.',
    },
  },
  check(model, context) {
    for (const queue of model.ofKind('queue')) {
      if (queue.attrs.durable) continue;
      const senders = model
        .inEdges(queue.name)
        .filter((e) => !e.telemetry && e.replication === undefined)
        .map((e) => e.from);
      if (senders.length === 0) continue;
      context.report({ messageId: 'notDurable', data: { name: queue.name, senders: listNames(senders) }, target: { component: queue } });
    }
  },
});

/** A request that reaches many components waits on each and fails when any of them does. */
const maxHops = defineRule({
  meta: {
    description: 'A client whose requests reach more components than the `max` option allows.',
    defaultSeverity: 'warning',
    messages: {
      tooManyHops:
        'the {{kind}} requests of `{{client}}` reach {{count}} components ({{path}}), more than {{max}}: each one adds its latency, and the request fails when any of them does.',
    },
    schema: {
      type: 'object',
      properties: { max: { type: 'integer', minimum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { max: 6 },
  },
  check(model, context) {
    const { max } = /** @type {{ max: number }} */ (context.options);
    const reported = new Set();
    // The evaluator's flows, built once per check and shared with archlint's own rules.
    for (const flow of context.evaluation().flows) {
      const count = flow.path.length - 1; // every component the flow visits but the client itself
      if (count <= max || reported.has(flow.client)) continue;
      reported.add(flow.client);
      const client = model.component(flow.client);
      if (!client) continue;
      context.report({
        messageId: 'tooManyHops',
        data: { kind: flow.kind, client: flow.client, count, path: `\`${flow.path.join(' -> ')}\``, max },
        target: { component: client },
      });
    }
  },
});

export default { rules: { 'durable-queues': durableQueues, 'max-hops': maxHops } };
