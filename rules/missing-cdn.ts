/**
 * missing-cdn: static content that reaches clients without a CDN — a service that serves static
 * files itself (and is not a CDN's origin), a `static` edge from a client to anything but a CDN, or a workload with static
 * requests whose clients have no static path through a CDN.
 */
import { defineRule, format, listNames } from '../src/engine/rule.js';

type MessageId = 'servesStatic' | 'staticEdge' | 'noCdnPath' | 'noCdnPathForClients';

export default defineRule<MessageId>({
  id: 'missing-cdn',
  meta: {
    serves: 'Chapter: static assets served from a CDN.',
    description: 'Static assets are served without a CDN: every image and script travels from the origin, far from most users.',
    defaultSeverity: 'warning',
    messages: {
      servesStatic:
        '`{{name}}` serves static assets itself: each one costs a trip to the origin and a share of the web tier. Put the assets in object storage behind a CDN.',
      staticEdge:
        '`{{client}}` fetches static assets from `{{target}}`, a {{kind}}, not a CDN: users far from it wait for every asset. Route static traffic through a `cdn`.',
      noCdnPath: 'the workload has {{ratio}} static requests but {{clients}} has no static path through a CDN. Add a `cdn` and a `static` edge to it.',
      noCdnPathForClients:
        'the workload has {{ratio}} static requests but {{clients}} have no static path through a CDN. Add a `cdn` and a `static` edge to it.',
    },
  },
  check(model, context) {
    for (const service of model.ofKind('service')) {
      // A service that is a CDN's origin serves its static files through the CDN: that is the fix.
      const behindCdn = model.inEdges(service.name).some((e) => model.component(e.from)!.kind === 'cdn');
      if (service.attrs.serves_static && !behindCdn) {
        context.report({ messageId: 'servesStatic', data: { name: service.name }, target: { component: service, attribute: 'serves_static' } });
      }
    }
    const staticClients = new Set<string>();
    const reported = new Set<string>();
    for (const edge of model.edges()) {
      if (!edge.static) continue;
      const from = model.component(edge.from)!;
      if (from.kind !== 'client') continue;
      const to = model.component(edge.to)!;
      if (to.kind === 'cdn') {
        staticClients.add(from.name);
      } else {
        reported.add(from.name);
        context.report({ messageId: 'staticEdge', data: { client: from.name, target: to.name, kind: to.kind }, target: { edge } });
      }
    }
    const ratio = model.workload?.values.static_ratio;
    if (ratio !== undefined && ratio > 0) {
      const without = model
        .ofKind('client')
        .filter((c) => !staticClients.has(c.name) && !reported.has(c.name))
        .map((c) => c.name);
      if (without.length > 0) {
        context.report({
          messageId: without.length === 1 ? 'noCdnPath' : 'noCdnPathForClients',
          data: { ratio: format.percent(ratio), clients: listNames(without) },
          target: { block: 'workload', attribute: 'static_ratio' },
        });
      }
    }
  },
});
