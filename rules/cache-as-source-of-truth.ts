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
 * A search index is a copy too: written to by something whose data comes from no durable store,
 * and not saying `derived_from`, it is reported (a warning: an index keeps its data on disk, but it
 * cannot be rebuilt, which a new mapping, an upgrade or a corrupted shard needs). An index fed by
 * replication from a store, or by a worker whose inputs come from one, is not.
 *
 * Which components' data comes from a durable store is found once for the whole model, so the
 * rule is linear in its size.
 */
import { defineRule } from '../src/engine/rule.js';
import { durableStoreKinds, isRequestEdge, type Edge, type Model } from '../src/model/model.js';

type MessageId = 'markedSourceOfTruth' | 'noDatabaseBehind' | 'indexWithoutSource';

/** A store that keeps data on disk: what a cache's data must also live in. */
const isDurableStore = (model: Model, name: string): boolean => durableStoreKinds.has(model.component(name)!.kind);

export default defineRule<MessageId>({
  id: 'cache-as-source-of-truth',
  meta: {
    serves: 'Chapter: a cache is never the only copy of the data.',
    description: 'A cache or search index holds data that exists nowhere else: marked `source_of_truth`, or written to with no database or storage behind it.',
    defaultSeverity: 'error',
    severityNote: 'warning for a search index',
    messageSeverity: { indexWithoutSource: 'warning' },
    messages: {
      markedSourceOfTruth:
        '`{{name}}` is marked `source_of_truth`, but a cache keeps its data in memory: a restart, a failed node or an eviction loses data that exists nowhere else. Keep the data in a `database` (or `storage`) and let `{{name}}` hold copies of it.',
      noDatabaseBehind:
        '`{{writer}}` writes to the cache `{{cache}}`, but neither `{{cache}}` nor `{{writer}}` writes that data to a database or storage: it lives only in memory and is lost when the cache restarts or evicts it. Write it to a database as well, from the cache (write-through) or from `{{writer}}` (write-around).',
      indexWithoutSource:
        '`{{writer}}` writes to the search index `{{index}}`, but that data comes from no database or storage: the index is its only copy, and an index is rebuilt from its source (a new mapping, an engine upgrade, a lost or corrupted shard), which this data does not have. Store it in a database (or storage) and index it from there, or say which store `{{index}}` is rebuilt from (`derived_from`).',
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
      for (const edge of unbackedWrites(model, cache.name, backed)) {
        context.report({ messageId: 'noDatabaseBehind', data: { writer: edge.from, cache: cache.name }, target: { edge } });
      }
    }
    for (const index of model.ofKind('search')) {
      if (index.attrs.derived_from !== undefined) continue;
      for (const edge of unbackedWrites(model, index.name, backed)) {
        context.report({ messageId: 'indexWithoutSource', data: { writer: edge.from, index: index.name }, target: { edge } });
      }
    }
  },
});

/**
 * The write edges into the copy `store` whose data reaches no durable store: none when the store
 * itself passes data on to one (write-through or write-back); otherwise those whose writer is
 * neither a durable store (a store filling the copy already holds the data) nor backed by one.
 */
function unbackedWrites(model: Model, store: string, backed: (name: string) => boolean): Edge[] {
  const writes = model.inEdges(store).filter((e) => e.writes && isRequestEdge(e));
  if (writes.length === 0) return [];
  if (model.outEdges(store).some((e) => !e.telemetry && isDurableStore(model, e.to))) return [];
  return writes.filter((e) => !isDurableStore(model, e.from) && !backed(e.from));
}

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
