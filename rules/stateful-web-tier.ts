/**
 * stateful-web-tier: a service that keeps session state in its own memory, or sits behind a load
 * balancer with sticky sessions. Either ties a user to one server, so servers cannot be added,
 * removed or lost freely.
 */
import { defineRule } from '../src/engine/rule.js';

type MessageId = 'localSessions' | 'stickySessions';

export default defineRule<MessageId>({
  id: 'stateful-web-tier',
  meta: {
    serves: 'Chapter: a stateless web tier.',
    description: 'A web service that keeps sessions locally or relies on sticky sessions: the web tier must be stateless to scale out.',
    defaultSeverity: 'warning',
    messages: {
      localSessions:
        '`{{name}}` keeps sessions in local memory: a user is tied to one server, which breaks when servers are added, removed or fail. Move sessions to a shared store (`sessions: <cache or database>`).',
      stickySessions:
        '`{{name}}` is behind `{{lb}}` with sticky sessions: each user is pinned to one server, so load spreads unevenly and a failed server loses its users. Keep state in a shared store and turn off `sticky`.',
    },
  },
  check(model, context) {
    for (const service of model.ofKind('service')) {
      if (service.attrs.sessions === 'local') {
        context.report({ messageId: 'localSessions', data: { name: service.name }, target: { component: service, attribute: 'sessions' } });
      }
      const sticky = new Set<string>();
      for (const edge of model.inEdges(service.name)) {
        const lb = model.component(edge.from)!;
        if (lb.kind === 'lb' && lb.attrs.sticky && !sticky.has(lb.name)) {
          sticky.add(lb.name);
          context.report({ messageId: 'stickySessions', data: { name: service.name, lb: lb.name }, target: { component: service } });
        }
      }
    }
  },
});
