/**
 * cross-region-replication: databases in different regions that hold the same data (the same
 * `dataset`, or no dataset at all) with no replication between them. Databases joined by
 * replication edges are merged with union–find; a database is reported when no database of its
 * group in another region is in its set. O(m α(n)).
 */
import { defineRule, listNames } from '../src/engine/rule.js';
import type { Component } from '../src/model/model.js';

/** With or without a `dataset` that makes the databases alike, and one other region or several. */
type MessageId = `notReplicated${'' | 'Dataset'}${'' | 'InRegions'}`;

const notReplicated = (dataset: string, regions: string) =>
  `\`{{name}}\` in region \`{{region}}\` holds the same data${dataset} as the databases in ${regions}, but no replication joins it to them: when traffic fails over from one data center to another, users find their data missing or out of date. Replicate across the regions, for example \`{{name}} -> {{peer}} { replication: async }\`.`;

/** The first of `total` names in prose, `shown` holding at least the first four (or all of them). */
function someNames(shown: readonly string[], total: number): string {
  if (total <= 4) return listNames(shown.slice(0, total));
  return `${shown
    .slice(0, 3)
    .map((n) => `\`${n}\``)
    .join(', ')} and ${total - 3} more`;
}

export default defineRule<MessageId>({
  id: 'cross-region-replication',
  meta: {
    serves: 'Chapter: data replicated between data centers.',
    description: 'Databases in different regions hold the same data but do not replicate between them.',
    defaultSeverity: 'warning',
    messages: {
      notReplicated: notReplicated('', 'region {{regions}}'),
      notReplicatedInRegions: notReplicated('', 'regions {{regions}}'),
      notReplicatedDataset: notReplicated(' (dataset `{{dataset}}`)', 'region {{regions}}'),
      notReplicatedDatasetInRegions: notReplicated(' (dataset `{{dataset}}`)', 'regions {{regions}}'),
    },
  },
  check(model, context) {
    const databases = model.ofKind('database');
    const slot = new Map<string, number>();
    databases.forEach((d, i) => slot.set(d.name, i));
    const parent = Int32Array.from(databases, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) {
        parent[x] = parent[parent[x]!]!;
        x = parent[x]!;
      }
      return x;
    };
    for (const edge of model.edges()) {
      if (edge.replication === undefined) continue;
      const a = slot.get(edge.from);
      const b = slot.get(edge.to);
      if (a === undefined || b === undefined) continue;
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }

    // Databases in a region, by dataset (undefined is a group of its own).
    const groups = new Map<string | undefined, Component[]>();
    for (const d of databases) {
      if (d.region === undefined) continue;
      let group = groups.get(d.attrs.dataset);
      if (!group) groups.set(d.attrs.dataset, (group = []));
      group.push(d);
    }
    for (const [dataset, group] of groups) {
      // Regions in order of their first database, and that database.
      const firstByRegion = new Map<string, Component>();
      for (const d of group) if (!firstByRegion.has(d.region!)) firstByRegion.set(d.region!, d);
      if (firstByRegion.size < 2) continue;
      const leading = [...firstByRegion.keys()].slice(0, 5);
      // Regions reached by each replication set within this group.
      const setRegions = new Map<number, Set<string>>();
      for (const d of group) {
        const root = find(slot.get(d.name)!);
        let set = setRegions.get(root);
        if (!set) setRegions.set(root, (set = new Set()));
        set.add(d.region!);
      }
      for (const d of group) {
        if (setRegions.get(find(slot.get(d.name)!))!.size >= 2) continue;
        // Every other region of the group: the first four of them are among the first five.
        const others = leading.filter((r) => r !== d.region);
        const total = firstByRegion.size - 1;
        context.report({
          messageId: `notReplicated${dataset !== undefined ? 'Dataset' : ''}${total === 1 ? '' : 'InRegions'}`,
          data: { name: d.name, region: d.region!, dataset: dataset ?? '', regions: someNames(others, total), peer: firstByRegion.get(others[0]!)!.name },
          target: { component: d },
        });
      }
    }
  },
});
