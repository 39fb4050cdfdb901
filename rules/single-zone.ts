/**
 * single-zone: redundancy that one zone outage defeats. A tier of a region with several
 * availability zones whose instances (two or more) all sit in one of them, or, in a large system,
 * a region that declares one zone only. One pass over the regions and their components.
 */
import { defaultSizeOptions, defineRule, sizeOptionsSchema, systemSize, type SizeOptions } from '../src/engine/rule.js';
import { minInstances, zonesOf } from '../src/model/model.js';

type MessageId = 'oneZone' | 'regionOneZone';

export type Options = SizeOptions;

export default defineRule<MessageId, Options>({
  id: 'single-zone',
  meta: {
    serves: 'Chapter: redundancy in every tier. Review: instances spread over availability zones, so that one data center outage takes no tier down.',
    description:
      'A tier whose instances all sit in one availability zone of a region that has several (or a large system whose region declares one zone): one zone outage takes it down.',
    defaultSeverity: 'warning',
    messages: {
      oneZone:
        "`{{name}}` runs {{instances}}, all in zone `{{zone}}` of `{{region}}`, which has {{zones}}: an outage of that one zone (`--fail {{region}}/{{zone}}`) takes every instance down at once, so its redundancy does not cover the most common data-center failure. Spread it over the region's zones (`zones: [{{suggestion}}]`, or leave `zones` out to use all of them).",
      regionOneZone:
        'region `{{region}}` declares one availability zone, `{{zone}}`, for a system of {{size}}: a power, cooling or network failure of that one data center takes the whole region down, and every replica in it with it. Cloud regions have several zones for this: run each tier across at least two (`zones: [{{zone}}, b]`).',
    },
    schema: {
      type: 'object',
      properties: sizeOptionsSchema,
      additionalProperties: false,
    },
    defaultOptions: defaultSizeOptions,
  },
  check(model, context) {
    const size = systemSize(model, context.options);
    for (const region of model.regions()) {
      const zones = region.zones;
      if (zones === undefined) continue;
      if (zones.length === 1) {
        if (!size.large) continue;
        context.report({
          messageId: 'regionOneZone',
          data: { region: region.name, zone: zones[0]!, size: size.text! },
          target: { file: region.zonesFile!, span: region.zonesSpan! },
        });
        continue;
      }
      for (const name of region.components) {
        const c = model.component(name)!;
        if (c.kind === 'client' || c.attrs.zones === undefined) continue;
        const own = zonesOf(model, c);
        const instances = minInstances(c);
        if (own.length !== 1 || instances < 2) continue;
        const zone = own[0]!;
        const other = zones.find((z) => z !== zone)!;
        context.report({
          messageId: 'oneZone',
          data: {
            name,
            instances: `${instances} ${c.kind === 'database' ? 'nodes' : 'instances'}`,
            zone,
            region: region.name,
            zones: `${zones.length} zones`,
            suggestion: `${zone}, ${other}`,
          },
          target: { component: c, attribute: 'zones' },
        });
      }
    }
  },
});
