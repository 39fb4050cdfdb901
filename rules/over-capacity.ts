/**
 * over-capacity: a tier whose load under the workload comes close to, or beyond, what its
 * instances can serve. The evaluator (`context.evaluation()`) models every tier as an M/M/c queue and
 * gives its utilisation ρ = λ / (c·μ); this rule reads those figures: ρ above the option is a
 * warning (queueing delay grows without limit as ρ nears 1), ρ ≥ 1 an error (no steady state).
 * One pass over the evaluated tiers.
 */
import { defineRule, format, listNames, plural, type TierResult } from '../src/engine/rule.js';
import type { Component } from '../src/model/model.js';

/** How full the tier is, and what adds capacity to it: instances, instances an autoscaler may add, or database nodes and shards. */
type Fix = '' | 'Autoscaled' | 'Database' | 'Host';
type MessageId = `${'busy' | 'saturated'}${Fix}`;

export interface Options {
  /** Utilisation (a fraction of what the tier's instances serve) above which a tier is reported. */
  utilization: number;
}

/** The servers of a tier, counted: `3 instances`, `2 nodes`, `12 nodes in 4 shards`. */
function servers(c: Component, tier: TierResult): string {
  if (c.kind === 'database') {
    const nodes = plural(tier.replicas, 'node');
    return c.attrs.shards !== undefined && c.attrs.shards > 1 ? `${nodes} in ${c.attrs.shards} shards` : nodes;
  }
  return plural(tier.replicas, 'instance');
}

const fixOf = (c: Component): Fix => (c.kind === 'database' ? 'Database' : c.attrs.autoscale ? 'Autoscaled' : '');

const fixes: Readonly<Record<Fix, string>> = {
  '': 'Add replicas, or raise `capacity` if one instance serves more.',
  // The evaluator runs an autoscaled tier at what its load needs, up to its maximum: reported, it is at the maximum.
  Autoscaled: 'It already runs its `autoscale` maximum: raise the maximum ({{max}} now), or raise `capacity` if one instance serves more.',
  Database: 'Add replicas (they take the reads) or shards (they split the writes), or raise `capacity` if one node serves more.',
  Host: '',
};
const hostShared = (share: string) =>
  `it runs on host \`{{host}}\`{{beside}}, and everything on that one machine needs {{hostPercent}} of it: ${share}. Give it a machine of its own (another \`host\`, or none), or replicas on other hosts.`;
const busy = (fix: Fix) =>
  fix === 'Host'
    ? `\`{{name}}\` runs at {{percent}} of what it can serve ({{rps}} requests per second): ${hostShared('each tier gets only what the others leave of its CPU')}`
    : `\`{{name}}\` runs at {{percent}} of what its {{servers}} can serve ({{rps}} of {{capacity}} requests per second): waiting time climbs steeply as a tier fills up, and a burst of traffic will saturate it. ${fixes[fix]}`;
const saturated = (fix: Fix) =>
  fix === 'Host'
    ? `\`{{name}}\` is saturated ({{rps}} requests per second arrive): ${hostShared('the tiers on it share its CPU, so none gets what it needs')}`
    : `\`{{name}}\` is saturated: {{rps}} requests per second arrive, but its {{servers}} can serve at most {{capacity}} per second ({{percent}} of capacity). Requests queue without bound, so no response time through it is finite. ${fixes[fix]}`;

export default defineRule<MessageId, Options>({
  id: 'over-capacity',
  meta: {
    serves: 'Review: capacity for the peak, from the evaluator.',
    description:
      'A tier that the workload loads close to, or beyond, what its instances can serve: queueing delay climbs, and past 100% requests pile up without bound.',
    defaultSeverity: 'warning',
    severityNote: 'error when saturated',
    messages: {
      busy: busy(''),
      busyAutoscaled: busy('Autoscaled'),
      busyDatabase: busy('Database'),
      busyHost: busy('Host'),
      saturatedHost: saturated('Host'),
      saturated: saturated(''),
      saturatedAutoscaled: saturated('Autoscaled'),
      saturatedDatabase: saturated('Database'),
    },
    messageSeverity: { saturated: 'error', saturatedAutoscaled: 'error', saturatedDatabase: 'error', saturatedHost: 'error' },
    schema: {
      type: 'object',
      properties: { utilization: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { utilization: 0.8 },
  },
  check(model, context) {
    const rps = model.workload?.values.rps;
    if (rps === undefined || rps <= 0) return;
    const threshold = context.options.utilization;
    for (const tier of context.evaluation().tiers) {
      // A tolerance for rounding in the sums of rates: 3,200 of 4,000 is 80%, not above it.
      if (!(tier.saturated || tier.utilization > threshold + 1e-9) || tier.rps <= 0) continue;
      const c = model.component(tier.component);
      if (!c) continue;
      const attribute = c.attributeSpans.has('capacity') ? 'capacity' : c.attributeSpans.has('replicas') ? 'replicas' : undefined;
      const target = attribute ? { component: c, attribute } : { component: c };
      const data = {
        name: c.name,
        percent: format.percentAbove(tier.utilization, threshold),
        servers: servers(c, tier),
        rps: format.rate(tier.rps),
        // What the tier serves at this mix of requests: for a database, where its busiest pool (the
        // read replicas or the primaries) is full.
        capacity: format.rate(tier.rps / tier.utilization),
        max: c.attrs.autoscale?.max ?? c.attrs.replicas,
      };
      // On a shared host what limits it is the machine, not its own instances.
      const beside =
        c.attrs.host !== undefined
          ? model
              .hosts()
              .get(c.attrs.host)!
              .filter((o) => o !== c)
          : [];
      const shared = tier.host_demand !== undefined && (beside.length > 0 || tier.replicas > 1);
      const host: Record<string, string> = shared
        ? {
            host: c.attrs.host!,
            beside: beside.length > 0 ? ` with ${listNames(beside.map((o) => o.name))}` : ` (all ${tier.replicas} of its instances)`,
            hostPercent: format.wholePercent(tier.host_demand!),
          }
        : {};
      context.report({ messageId: `${tier.saturated ? 'saturated' : 'busy'}${shared ? 'Host' : fixOf(c)}`, data: { ...data, ...host }, target });
    }
  },
});
