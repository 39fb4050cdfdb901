/**
 * cache-as-source-of-truth: data whose only home is a cache. Either the cache is marked
 * `source_of_truth`, or something writes into a cache while the data reaches no database or
 * storage: the cache does not pass writes on (no edge from it to a database or storage:
 * write-through or write-back) and the writer does not write to one itself (write-around or
 * cache-aside). A cache is memory; a restart, a failed node or an eviction loses that data.
 *
 * Each cache's out-edges are read once, and each writer's out-edges at most once (memoised), so
 * the rule is linear in the size of the model.
 */
import { defineRule } from '../src/engine/rule.js';
import { isRequestEdge, type Model } from '../src/model/model.js';

type MessageId = 'markedSourceOfTruth' | 'noDatabaseBehind';

/** A store that keeps data on disk: what a cache's data must also live in. */
function isDurableStore(model: Model, name: string): boolean {
  const kind = model.component(name)!.kind;
  return kind === 'database' || kind === 'storage';
}

export default defineRule<MessageId>({
  id: 'cache-as-source-of-truth',
  meta: {
    description: 'A cache holds data that exists nowhere else: marked `source_of_truth`, or written to with no database or storage behind it.',
    defaultSeverity: 'error',
    messages: {
      markedSourceOfTruth:
        '`{{name}}` is marked `source_of_truth`, but a cache keeps its data in memory: a restart, a failed node or an eviction loses data that exists nowhere else. Keep the data in a `database` (or `storage`) and let `{{name}}` hold copies of it.',
      noDatabaseBehind:
        '`{{writer}}` writes to the cache `{{cache}}`, but neither `{{cache}}` nor `{{writer}}` writes that data to a database or storage: it lives only in memory and is lost when the cache restarts or evicts it. Write it to a database as well, from the cache (write-through) or from `{{writer}}` (write-around).',
    },
  },
  check(model, context) {
    const writesToStore = new Map<string, boolean>();
    const writerPersists = (name: string): boolean => {
      let known = writesToStore.get(name);
      if (known === undefined) {
        known = model.outEdges(name).some((e) => e.writes && !e.telemetry && isDurableStore(model, e.to));
        writesToStore.set(name, known);
      }
      return known;
    };
    for (const cache of model.ofKind('cache')) {
      if (cache.attrs.source_of_truth) {
        context.report({ messageId: 'markedSourceOfTruth', data: { name: cache.name }, target: { component: cache, attribute: 'source_of_truth' } });
      }
      const writes = model.inEdges(cache.name).filter((e) => e.writes && isRequestEdge(e));
      if (writes.length === 0) continue;
      // Write-through or write-back: the cache itself passes data on to a durable store.
      if (model.outEdges(cache.name).some((e) => !e.telemetry && isDurableStore(model, e.to))) continue;
      for (const edge of writes) {
        // A database or storage that fills the cache already holds the data.
        if (isDurableStore(model, edge.from)) continue;
        if (writerPersists(edge.from)) continue;
        context.report({ messageId: 'noDatabaseBehind', data: { writer: edge.from, cache: cache.name }, target: { edge } });
      }
    }
  },
});
