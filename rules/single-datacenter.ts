/**
 * single-datacenter: the system's own tiers (everything but clients and provider or telemetry
 * services: dns, cdn, storage, monitoring) run in at most one region, while the workload is large
 * or clients are spread over several regions. One pass over the components.
 */
import { defineRule, format } from '../src/engine/rule.js';
import type { Component, Kind } from '../src/model/model.js';

/** A large system in one region (or in none), or clients in several regions served from one (or from outside any). */
type MessageId = 'oneRegion' | 'noRegion' | 'clientsServedFromOne' | 'clientsServedFromNone';

const oneRegion = (where: string) =>
  `the workload has {{dau}} daily active users but every tier runs ${where}: an outage of that data center takes the whole system down, and users far from it wait on every request. Run the tiers in two or more \`region\`s, with geo-routed DNS and data replicated between them.`;
const servedFrom = (where: string) =>
  `\`{{client}}\` is in region \`{{region}}\`, but the system's tiers run only ${where}: its users cross to a distant data center on every request, and if that data center fails there is no other to take over. Run the tiers in \`{{region}}\` too, with geo-routed DNS and data replicated between the regions.`;

export interface Options {
  /** Daily active users from which one data center is not enough. */
  dau: number;
}

/** Kinds that are not the system's own tiers: users, provider services and monitoring. */
const notTiers: ReadonlySet<Kind> = new Set<Kind>(['client', 'dns', 'cdn', 'storage', 'monitoring']);

export default defineRule<MessageId, Options>({
  id: 'single-datacenter',
  meta: {
    serves: 'Chapter: several data centers.',
    description: 'A large system, or one whose users are spread over regions, that runs in a single data center.',
    defaultSeverity: 'warning',
    messages: {
      oneRegion: oneRegion('in one region, `{{home}}`'),
      noRegion: oneRegion('in one data center (no tier is in a `region`)'),
      clientsServedFromOne: servedFrom('in `{{home}}`'),
      clientsServedFromNone: servedFrom('in one data center, outside any region'),
    },
    schema: {
      type: 'object',
      properties: { dau: { type: 'number', minimum: 0 } },
      additionalProperties: false,
    },
    defaultOptions: { dau: 1_000_000 },
  },
  check(model, context) {
    const tierRegions: string[] = [];
    const seen = new Set<string>();
    let tiers = 0;
    const clients: Component[] = [];
    const clientRegions = new Set<string>();
    for (const c of model.components()) {
      if (c.kind === 'client') {
        clients.push(c);
        if (c.region !== undefined) clientRegions.add(c.region);
      }
      if (notTiers.has(c.kind)) continue;
      tiers++;
      if (c.region !== undefined && !seen.has(c.region)) {
        seen.add(c.region);
        tierRegions.push(c.region);
      }
    }
    if (tiers === 0 || tierRegions.length > 1) return;
    const home = tierRegions[0];

    if (clientRegions.size >= 2) {
      const client = clients.find((c) => c.region !== undefined && c.region !== home)!;
      const data = { client: client.name, region: client.region!, home: home ?? '' };
      context.report({ messageId: home !== undefined ? 'clientsServedFromOne' : 'clientsServedFromNone', data, target: { component: client } });
      return;
    }

    const dau = model.workload?.values.dau;
    if (dau === undefined || dau < context.options.dau) return;
    const data = { dau: format.shortCount(dau), home: home ?? '' };
    context.report({ messageId: home !== undefined ? 'oneRegion' : 'noRegion', data, target: { block: 'workload', attribute: 'dau' } });
  },
});
