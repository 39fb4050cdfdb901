/**
 * cache-expiry: a cache without an expiry policy (`ttl`), or one that never evicts
 * (`eviction: none`). Without a TTL cached entries outlive the data they copy; without eviction a
 * full cache cannot take new entries. A session store that caches nothing else may well not evict
 * (dropping a session logs a user out): `eviction: none` is not reported there.
 */
import { defineRule } from '../src/engine/rule.js';
import { isRequestEdge } from '../src/model/model.js';

type MessageId = 'noTtl' | 'noEviction';

export default defineRule<MessageId>({
  id: 'cache-expiry',
  meta: {
    serves: 'Chapter: caches with an expiry and an eviction policy.',
    description: 'A cache with no `ttl` or with `eviction: none`: entries go stale or the cache fills up and stops taking new ones.',
    defaultSeverity: 'warning',
    messages: {
      noTtl:
        '`{{name}}` has no `ttl`, so its entries never expire: data changed in the store behind it stays stale in the cache, and entries nobody reads any more keep taking memory. Set a `ttl` that suits the data: long enough to save trips to the store, short enough that entries do not go stale.',
      noEviction:
        '`{{name}}` has `eviction: none`: once its memory is full it cannot take new entries (writes to it fail or are dropped), so the cache stops serving the data that is in demand. Choose an eviction policy such as `eviction: lru`.',
    },
  },
  check(model, context) {
    // Session stores that cache nothing else: not evicting is right for them (a dropped session
    // logs a user out), as long as they are sized for the sessions.
    const sessionStores = new Set<string>();
    for (const c of model.components()) if (c.attrs.sessions !== undefined && c.attrs.sessions !== 'local') sessionStores.add(c.attrs.sessions);
    const onlySessions = (name: string) => sessionStores.has(name) && !model.inEdges(name).some((e) => isRequestEdge(e) && e.reads);
    for (const cache of model.ofKind('cache')) {
      if (cache.attrs.ttl === undefined) {
        context.report({ messageId: 'noTtl', data: { name: cache.name }, target: { component: cache } });
      }
      if (cache.attrs.eviction === 'none' && !onlySessions(cache.name)) {
        context.report({ messageId: 'noEviction', data: { name: cache.name }, target: { component: cache, attribute: 'eviction' } });
      }
    }
  },
});
