/**
 * public-data-tier: a database, cache or search index that the internet can reach, either because
 * a client connects to it directly (any edge from a `client`) or because it is marked `public`.
 * Data stores belong on a private network that only the servers in front of them can reach (a
 * search cluster left open to the internet is a common way data leaks).
 *
 * Only the out-edges of clients are read, so the rule is linear in the size of the model.
 */
import { defineRule } from '../src/engine/rule.js';
import type { Kind } from '../src/model/model.js';

/** The data tier, and what the messages call each kind of it. */
const dataTier: ReadonlyMap<Kind, string> = new Map<Kind, string>([
  ['database', 'database'],
  ['cache', 'cache'],
  ['search', 'search index'],
]);

type MessageId = 'directFromClient' | 'markedPublic';

export default defineRule<MessageId>({
  id: 'public-data-tier',
  meta: {
    serves: 'Review: the data tier on a private network.',
    description: 'A database, cache or search index reachable from the internet: a client connects to it directly, or it is marked `public`.',
    defaultSeverity: 'error',
    messages: {
      directFromClient:
        "`{{client}}` connects straight to the {{kind}} `{{target}}`: the data tier is then open to the internet, where anyone can try to read or change the data without passing through the servers' checks. Keep `{{target}}` on a private network and let clients reach it only through the web tier.",
      markedPublic:
        '`{{name}}` is a {{kind}} marked `public`: a data store reachable from the internet can be attacked directly, bypassing the checks of the servers in front of it. Remove `public` and keep `{{name}}` on a private network that only the web tier can reach.',
    },
  },
  check(model, context) {
    for (const client of model.ofKind('client')) {
      for (const edge of model.outEdges(client.name)) {
        const to = model.component(edge.to)!;
        const kind = dataTier.get(to.kind);
        if (kind === undefined) continue;
        context.report({ messageId: 'directFromClient', data: { client: client.name, kind, target: to.name }, target: { edge } });
      }
    }
    for (const store of model.components()) {
      const kind = dataTier.get(store.kind);
      if (kind !== undefined && store.attrs.public) {
        context.report({ messageId: 'markedPublic', data: { name: store.name, kind }, target: { component: store, attribute: 'public' } });
      }
    }
  },
});
