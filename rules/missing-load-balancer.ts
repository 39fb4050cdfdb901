/**
 * missing-load-balancer: a client that calls a web service directly. With no load balancer in
 * front, the client is tied to one server's address: when that server fails there is nothing to
 * fail over to, and the load cannot be spread over a pool of servers.
 *
 * Only the out-edges of clients are read, so the rule is linear in the number of edges.
 */
import { defineRule } from '../src/engine/rule.js';
import { isRequestEdge } from '../src/model/model.js';

type MessageId = 'directToService';

export default defineRule<MessageId>({
  id: 'missing-load-balancer',
  meta: {
    serves: 'Chapter: a load balancer in front of the web tier.',
    description: 'A client calls a web service directly, with no load balancer in front: no failover, and one server takes all the load.',
    defaultSeverity: 'warning',
    messages: {
      directToService:
        '`{{client}}` calls the service `{{service}}` directly, with no load balancer in front: if the server it reaches fails, its users have nothing to fail over to, and one server takes all their load. Put an `lb` between `{{client}}` and `{{service}}`.',
    },
  },
  check(model, context) {
    for (const client of model.ofKind('client')) {
      for (const edge of model.outEdges(client.name)) {
        if (!isRequestEdge(edge)) continue;
        const to = model.component(edge.to)!;
        if (to.kind !== 'service') continue;
        context.report({ messageId: 'directToService', data: { client: client.name, service: to.name }, target: { edge } });
      }
    }
  },
});
