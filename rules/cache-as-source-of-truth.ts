/**
 * cache-as-source-of-truth: data whose only home is a cache. Either the cache is marked
 * `source_of_truth`, or something writes into a cache while the data reaches no database or
 * storage: the cache does not pass writes on (no edge from it to a database or storage:
 * write-through or write-back), and what it is written holds no data of its own: the writer
 * neither writes to a durable store (write-around or cache-aside) nor takes its inputs from one —
 * reading one, or being fed, through any number of queues, workers and services, by a component
 * that does (the timelines a fan-out worker writes from a queue fed by a service that stores the
 * posts). A cache that says what it is derived from (`derived_from`), that it is not a source of
 * truth (`source_of_truth: false`) or that writes go around it (`write_policy: around`) is not
 * reported. A cache is memory; a restart, a failed node or an eviction loses that data.
 *
 * Which components' data comes from a durable store is found once for the whole model, so the
 * rule is linear in its size.
 */
import { defineRule } from '../src/engine/rule.js';
import { durableStoreKinds, isRequestEdge, type Edge, type Model } from '../src/model/model.js';

type MessageId = 'markedSourceOfTruth' | 'noDatabaseBehind';

/** A store that keeps data on disk: what a cache's data must also live in. */
const isDurableStore = (model: Model, name: string): boolean => durableStoreKinds.has(model.component(name)!.kind);

export default defineRule<MessageId>({
  id: 'cache-as-source-of-truth',
  meta: {
    serves: 'Chapter: a cache is never the only copy of the data.',
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
    const backed = backedByStore(model);
    for (const cache of model.ofKind('cache')) {
      if (cache.attrs.source_of_truth) {
        context.report({ messageId: 'markedSourceOfTruth', data: { name: cache.name }, target: { component: cache, attribute: 'source_of_truth' } });
      }
      // The model says the data is a copy: of a named store, or not the only one, or written around the cache.
      if (
        cache.attrs.derived_from !== undefined ||
        (cache.attributeSpans.has('source_of_truth') && !cache.attrs.source_of_truth) ||
        cache.attrs.write_policy === 'around'
      )
        continue;
      const writes = model.inEdges(cache.name).filter((e) => e.writes && isRequestEdge(e));
      if (writes.length === 0) continue;
      // Write-through or write-back: the cache itself passes data on to a durable store.
      if (model.outEdges(cache.name).some((e) => !e.telemetry && isDurableStore(model, e.to))) continue;
      for (const edge of writes) {
        // A database or storage that fills the cache already holds the data.
        if (isDurableStore(model, edge.from)) continue;
        if (backed(edge.from)) continue;
        context.report({ messageId: 'noDatabaseBehind', data: { writer: edge.from, cache: cache.name }, target: { edge } });
      }
    }
  },
});

/** An edge a request travels (not telemetry, not replication). */
const travels = (e: Edge) => isRequestEdge(e);

/** Whether an edge carries reads: it says `reads`, or says nothing of what it carries. */
const readsAlong = (e: Edge) => e.reads || (!e.writes && !e.static && !e.async);

/**
 * Whether a component's data is backed by a durable store: it is one, or writes to one, or reads
 * from one, or is called (through any number of services, queues and workers) by a component that
 * is so backed; what a client sends is new data, so clients back nothing. Found for every
 * component at once, spreading from those with a store edge along the request edges: linear in
 * the size of the model, and no recursion however long the chains.
 */
function backedByStore(model: Model): (name: string) => boolean {
  const backed = new Set<string>();
  const queue: string[] = [];
  for (const c of model.components()) {
    if (c.kind === 'client') continue;
    const seeded =
      isDurableStore(model, c.name) || model.outEdges(c.name).some((e) => travels(e) && isDurableStore(model, e.to) && (e.writes || readsAlong(e)));
    if (seeded) {
      backed.add(c.name);
      queue.push(c.name);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const e of model.outEdges(queue[i]!)) {
      if (!travels(e) || backed.has(e.to) || model.component(e.to)!.kind === 'client') continue;
      backed.add(e.to);
      queue.push(e.to);
    }
  }
  return (name) => backed.has(name);
}
