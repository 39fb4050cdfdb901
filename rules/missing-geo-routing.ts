/**
 * missing-geo-routing: clients are served from two or more regions, but no DNS routes them by
 * location or latency. A region serves clients when it holds a non-client component that some
 * client reaches along request edges: one traversal of the request graph from every client.
 */
import { defineRule, listNames } from '../src/engine/rule.js';

type MessageId = 'notGeoRouted' | 'noDns';

export default defineRule<MessageId>({
  id: 'missing-geo-routing',
  meta: {
    serves: 'Chapter: geo-routed DNS across data centers.',
    description: 'Clients are served from several regions but no DNS sends each user to the nearest one.',
    defaultSeverity: 'warning',
    messages: {
      notGeoRouted:
        'clients are served from {{count}} regions ({{regions}}) but `{{dns}}` resolves with `routing: {{routing}}`: it does not send users to the nearest data center, so many cross a continent on every request, and traffic is not steered away from a region that fails. Set `routing: geo` (or `latency`).',
      noDns:
        'clients are served from {{count}} regions ({{regions}}) but there is no DNS to route users: nothing sends each user to the nearest data center, or away from one that fails. Add a `dns` with `routing: geo` and an edge to it from each client.',
    },
  },
  check(model, context) {
    const components = model.components();
    const clients = components.filter((c) => c.kind === 'client');
    if (clients.length === 0) return;
    const dnss = components.filter((c) => c.kind === 'dns');
    if (dnss.some((d) => d.attrs.routing === 'geo' || d.attrs.routing === 'latency')) return;

    // Everything any client reaches along request edges (and session-store links).
    const reached = context.reached('requests');
    const serving = model.regions().filter((r) =>
      r.components.some((name) => {
        const c = model.component(name)!;
        return c.kind !== 'client' && reached[c.index] === 1;
      }),
    );
    if (serving.length < 2) return;

    const data = { count: serving.length, regions: listNames(serving.map((r) => r.name)) };
    const dns = dnss[0];
    if (dns) {
      context.report({
        messageId: 'notGeoRouted',
        data: { ...data, dns: dns.name, routing: dns.attrs.routing ?? 'simple' },
        target: { component: dns, attribute: 'routing' },
      });
    } else {
      const second = serving[1]!;
      context.report({ messageId: 'noDns', data, target: { file: second.file, span: second.span } });
    }
  },
});
