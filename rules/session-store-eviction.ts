/**
 * session-store-eviction: a cache that holds sessions (some service's `sessions:` store) and
 * evicts (`eviction: lru`, `lfu` or `fifo`) while it also holds cached query results (a component
 * reads it along a `reads` edge), or evicts with no `ttl`. Under memory pressure the cache makes
 * room by dropping entries, and a dropped session is a user logged out; shared with query
 * results, the sessions compete with whatever is read most. Without a TTL, sessions end only when
 * memory runs short, at random.
 *
 * In `archlint:strict`, not `archlint:recommended`: one Redis for both with an LRU policy is a
 * common set-up that works while memory suffices. Each session store's in-edges are read once.
 */
import { defineRule, listNames } from '../src/engine/rule.js';
import { isRequestEdge, type Component, type Model } from '../src/model/model.js';

type MessageId = 'sharedAndEvicting' | 'evictsWithoutTtl';

const EVICTING = new Set(['lru', 'lfu', 'fifo']);

/** The components that read `cache` along a `reads` edge: they cache query results in it. */
function queryReaders(model: Model, cache: Component): string[] {
  const readers = new Set<string>();
  for (const e of model.inEdges(cache.name)) if (isRequestEdge(e) && e.reads) readers.add(e.from);
  return [...readers];
}

export default defineRule<MessageId>({
  id: 'session-store-eviction',
  meta: {
    serves: 'Chapter: a stateless web tier, its sessions in a shared store. Review: sessions that survive memory pressure.',
    description: 'A session store that evicts while it also caches query results, or evicts with no `ttl`: users are logged out when memory runs short.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      sharedAndEvicting:
        '`{{cache}}` holds the sessions of {{services}} and the query results {{readers}} cache{{s}} in it, and evicts (`eviction: {{eviction}}`): when memory runs short it drops whatever was used least, sessions as readily as query results, and each dropped session logs a user out. Keep sessions in a store of their own that does not evict (`eviction: none`, sized for the sessions), or in a database.',
      evictsWithoutTtl:
        '`{{cache}}` holds the sessions of {{services}} and evicts (`eviction: {{eviction}}`) with no `ttl`: sessions end only when memory runs short, and then at random, logging users out. Give sessions a `ttl` (their idle timeout) and size the store so that eviction never has to drop them.',
    },
  },
  check(model, context) {
    const byStore = new Map<string, string[]>();
    for (const c of model.components()) {
      const store = c.attrs.sessions;
      if (store === undefined || store === 'local') continue;
      const services = byStore.get(store);
      if (services) services.push(c.name);
      else byStore.set(store, [c.name]);
    }
    for (const [name, services] of byStore) {
      const cache = model.component(name);
      if (cache?.kind !== 'cache') continue;
      const eviction = cache.attrs.eviction;
      if (eviction === undefined || !EVICTING.has(eviction)) continue;
      const readers = queryReaders(model, cache);
      const target = { component: cache, attribute: 'eviction' };
      const data = { cache: cache.name, services: listNames(services), eviction };
      if (readers.length > 0) {
        context.report({ messageId: 'sharedAndEvicting', data: { ...data, readers: listNames(readers), s: readers.length === 1 ? 's' : '' }, target });
      } else if (cache.attrs.ttl === undefined) {
        context.report({ messageId: 'evictsWithoutTtl', data, target });
      }
    }
  },
});
