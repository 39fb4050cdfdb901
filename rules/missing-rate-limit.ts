/**
 * missing-rate-limit: the public entry of a system (what clients send requests to: a gateway, a
 * load balancer, a service) with no `rate_limit` on it or on the components right behind it. One
 * client's burst, a scraper or a retry storm then takes capacity from everyone. A warning for a
 * large system (`dau` or `rps` at the thresholds), information below. In `archlint:strict`: the
 * limit often lives in infrastructure a model leaves out. Each entry's out-edges are read once.
 */
import { defaultSizeOptions, defineRule, sizeOptionsSchema, systemSize, type SizeOptions } from '../src/engine/rule.js';
import { isRequestEdge, type Component, type Model } from '../src/model/model.js';

type MessageId = 'noRateLimit';

export type Options = SizeOptions;

const ENTRY_KINDS = new Set(['gateway', 'lb', 'service']);

/** Whether `c` or a gateway, load balancer or service it sends requests to limits rates. */
function limited(model: Model, c: Component): boolean {
  if (c.attrs.rate_limit !== undefined) return true;
  return model
    .outEdges(c.name)
    .some((e) => isRequestEdge(e) && ENTRY_KINDS.has(model.component(e.to)!.kind) && model.component(e.to)!.attrs.rate_limit !== undefined);
}

export default defineRule<MessageId, Options>({
  id: 'missing-rate-limit',
  meta: {
    serves: 'Review: a public entry that limits what one client can take.',
    description: 'The public entry of a system limits no rates: one client’s burst, a scraper or a retry storm takes capacity from everyone.',
    defaultSeverity: 'warning',
    recommended: false,
    severityNote: 'info below the size thresholds',
    messages: {
      noRateLimit:
        "`{{entry}}` takes the requests of {{clients}}{{size}}, and neither it nor what is right behind it limits their rate: one client's burst, a scraper or a retry storm takes capacity from everyone else, and a saturated tier fails them all. Give the entry a limit (`rate_limit: 100` per client, or a `gateway` in front that has one).",
    },
    schema: {
      type: 'object',
      properties: sizeOptionsSchema,
      additionalProperties: false,
    },
    defaultOptions: defaultSizeOptions,
  },
  check(model, context) {
    const { large, text } = systemSize(model, context.options);
    const size = text !== undefined ? ` (${text})` : '';
    const entries = new Map<string, Set<string>>();
    for (const client of model.ofKind('client')) {
      for (const e of model.outEdges(client.name)) {
        if (!isRequestEdge(e) || !ENTRY_KINDS.has(model.component(e.to)!.kind)) continue;
        entries.set(e.to, (entries.get(e.to) ?? new Set()).add(client.name));
      }
    }
    for (const [name, clients] of entries) {
      const entry = model.component(name)!;
      if (limited(model, entry)) continue;
      context.report({
        messageId: 'noRateLimit',
        data: { entry: name, clients: [...clients].map((c) => `\`${c}\``).join(', '), size },
        target: { component: entry },
        ...(large ? {} : { severity: 'info' as const }),
      });
    }
  },
});
