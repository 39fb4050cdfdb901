/**
 * replication-direction: a store that receives replication one way only (`a -> b { replication:
 * … }` and nothing back) but is written by requests of its own. Its source's changes overwrite
 * those writes, or the replica, read-only, rejects them: either way the two copies diverge or
 * the writes fail. Writes belong on the source (the primary), or the stores replicate both ways
 * and say they are `replication: multi-primary` (with the conflicts that brings).
 *
 * Each store's in-edges are read once and each replication edge looked up in a set: linear in
 * the size of the model.
 */
import { defineRule } from '../src/engine/rule.js';
import { carriesWrites, durableStoreKinds, isRequestEdge, type Edge, type Model } from '../src/model/model.js';

/** Written while it only receives replication; or replicated both ways without saying multi-primary. */
type MessageId = 'writtenReplica' | 'bothWaysNotMultiPrimary';

function replicationSources(model: Model, store: string): Edge[] {
  return model.inEdges(store).filter((e) => e.replication !== undefined && durableStoreKinds.has(model.component(e.from)!.kind));
}

export default defineRule<MessageId>({
  id: 'replication-direction',
  meta: {
    serves: 'Chapter: data replicated between data centers. Review: which way it flows and who writes where.',
    description: 'A store that receives replication one way only is written by requests of its own: the copies diverge, or the writes are rejected.',
    defaultSeverity: 'error',
    messages: {
      writtenReplica:
        '`{{writer}}` writes to `{{store}}`, but `{{store}}` only receives replication from `{{source}}` and sends none back: its own writes are overwritten by the changes coming from `{{source}}` or rejected by a read-only replica, and the two copies diverge. Send the writes to `{{source}}` (`{{writer}} -> {{source}} { writes }`, reads can stay on `{{store}}`), or replicate both ways and mark both `replication: multi-primary`.',
      bothWaysNotMultiPrimary:
        '`{{writer}}` writes to `{{store}}`, which replicates both ways with `{{source}}`, but the two are not both marked `replication: multi-primary`: two primaries taking writes to the same data conflict, and the model does not say they are built for it. Mark both `replication: multi-primary` (and resolve conflicts), or send all writes to one of them.',
    },
  },
  check(model, context) {
    const replicatesTo = new Set<string>();
    for (const e of model.edges()) if (e.replication !== undefined) replicatesTo.add(`${e.from}\u0000${e.to}`);
    for (const store of model.components()) {
      if (!durableStoreKinds.has(store.kind)) continue;
      const sources = replicationSources(model, store.name);
      if (sources.length === 0) continue;
      const writes = model.inEdges(store.name).filter((e) => isRequestEdge(e) && carriesWrites(e) && !durableStoreKinds.has(model.component(e.from)!.kind));
      if (writes.length === 0) continue;
      // One finding per writing edge, naming the first source it diverges from.
      const oneWay = sources.find((e) => !replicatesTo.has(`${store.name}\u0000${e.from}`));
      const multiPrimary = (name: string) => model.component(name)!.attrs.replication === 'multi-primary';
      const bothWays = sources.find((e) => replicatesTo.has(`${store.name}\u0000${e.from}`) && !(multiPrimary(store.name) && multiPrimary(e.from)));
      const source = oneWay ?? bothWays;
      if (!source) continue;
      for (const edge of writes) {
        context.report({
          messageId: oneWay ? 'writtenReplica' : 'bothWaysNotMultiPrimary',
          data: { writer: edge.from, store: store.name, source: source.from },
          target: { edge },
        });
      }
    }
  },
});
