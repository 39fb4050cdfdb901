/**
 * shared-fate: redundancy that is not real, because what should fail apart shares one machine or
 * one zone. Components on one `host` (a database on the application's VM), two or more instances
 * of one component on one host, and a store replicating to another in the same single zone. One
 * pass over the components and one over the replication edges.
 */
import { defineRule, listNames } from '../src/engine/rule.js';
import { durableStoreKinds, minInstances, zonesOf } from '../src/model/model.js';

type MessageId = 'sharedHost' | 'sharedHostStore' | 'replicasOnOneHost' | 'replicaSameZone';

const CPU = 'and they share one machine’s CPU and memory, so a burst on one slows the others';

export default defineRule<MessageId>({
  id: 'shared-fate',
  meta: {
    serves: 'Chapter: no single point of failure. Review: redundancy that fails apart — not two replicas on one host, or a database on the application’s VM.',
    description: 'Components or replicas that should fail apart share one host, or a store replicates to another in the same zone: one failure takes both.',
    defaultSeverity: 'warning',
    messages: {
      sharedHost: `{{names}} run on one host, \`{{host}}\`: when it fails they all fail together, ${CPU}. Give each its own machine (a \`host\` each, or none).`,
      sharedHostStore:
        '`{{store}}` runs on `{{host}}` beside {{others}}: the data and the servers that use it fail together, and share one machine’s CPU and memory, so a traffic spike on the servers slows the store they depend on. Move the data to a machine of its own (or a managed database).',
      replicasOnOneHost:
        "`{{name}}` runs {{instances}}, all on host `{{host}}`: one machine's failure takes every one of them down, so they are not redundant. Spread them over separate hosts.",
      replicaSameZone:
        '`{{from}}` replicates to `{{to}}`, but both sit in zone `{{zone}}` of `{{region}}`: an outage of that zone takes the primary and its copy down together. Put the replica in another zone (`zones: [{{other}}]` on `{{to}}`).',
    },
  },
  check(model, context) {
    for (const [host, on] of model.hosts()) {
      if (on.length === 1) {
        const c = on[0]!;
        const instances = minInstances(c);
        if (instances >= 2) {
          context.report({
            messageId: 'replicasOnOneHost',
            data: { name: c.name, instances: `${instances} ${c.kind === 'database' ? 'nodes' : 'instances'}`, host },
            target: { component: c, attribute: 'host' },
          });
        }
        continue;
      }
      const store = on.find((c) => durableStoreKinds.has(c.kind));
      const others = on.filter((c) => c !== store);
      if (store && others.length > 0) {
        context.report({
          messageId: 'sharedHostStore',
          data: { store: store.name, host, others: listNames(others.map((c) => c.name)) },
          target: { component: store, attribute: 'host' },
        });
      } else {
        context.report({ messageId: 'sharedHost', data: { names: listNames(on.map((c) => c.name)), host }, target: { component: on[1]!, attribute: 'host' } });
      }
    }
    for (const edge of model.edges()) {
      if (edge.replication === undefined) continue;
      const from = model.component(edge.from)!;
      const to = model.component(edge.to)!;
      if (from.region === undefined || from.region !== to.region) continue;
      const a = zonesOf(model, from);
      const b = zonesOf(model, to);
      if (a.length !== 1 || b.length !== 1 || a[0] !== b[0]) continue;
      const other = model.region(from.region)!.zones?.find((z) => z !== a[0]);
      if (other === undefined) continue; // a region of one zone: single-zone's concern
      context.report({ messageId: 'replicaSameZone', data: { from: from.name, to: to.name, zone: a[0]!, region: from.region, other }, target: { edge } });
    }
  },
});
