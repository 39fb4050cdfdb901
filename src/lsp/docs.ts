/**
 * The words hover and completion show: what a kind, an attribute, a settings block or a rule is,
 * in Markdown, from the schema (src/model/schema.ts) and the rules' metadata, the same sources the
 * generated attribute reference in grammar/README.md is made from.
 */
import { ruleUrl } from '../config/docs.js';
import type { RuleRegistry } from '../engine/registry.js';
import type { Rule } from '../engine/rule.js';
import {
  commonAttributes,
  edgeAttributes,
  isKind,
  kindAttributes,
  kindDescriptions,
  managedByDefault,
  regionAttributes,
  settingsAttributes,
  type AttributeSpec,
  type Kind,
  type SettingsBlockName,
} from '../model/schema.js';
import type { Owner } from './names.js';
import { valueText } from '../model/value-text.js';

const code = (s: string) => `\`${s}\``;

/** The attributes an owner takes (every kind's own first for a component of a known kind). */
export function attributesOf(owner: Owner): readonly AttributeSpec[] {
  if (owner.type === 'edge') return edgeAttributes;
  if (owner.type === 'settings') return settingsAttributes[owner.block];
  if (owner.type === 'region') return regionAttributes;
  return isKind(owner.kind) ? [...kindAttributes[owner.kind], ...commonAttributes] : commonAttributes;
}

export function attributeSpec(owner: Owner, name: string): AttributeSpec | undefined {
  return attributesOf(owner).find((a) => a.name === name);
}

function ownerText(owner: Owner): string {
  if (owner.type === 'edge') return 'an edge attribute';
  if (owner.type === 'settings') return `a key of the ${code(owner.block)} block`;
  if (owner.type === 'region') return 'a property of a region, written in its body';
  return `an attribute of ${code(owner.kind)}`;
}

export function attributeMarkdown(spec: AttributeSpec, owner: Owner): string {
  const common = owner.type === 'component' && commonAttributes.some((a) => a.name === spec.name);
  const whose = common ? 'an attribute every kind takes' : ownerText(owner);
  const lines = [
    `**${code(spec.name)}**: ${whose}`,
    '',
    spec.description,
    '',
    `- Value: ${valueText(spec.value)}`,
    ...(spec.defaultText !== undefined ? [`- Default: ${spec.defaultText}`] : []),
    `- Example: ${code(spec.example)}`,
  ];
  return lines.join('\n');
}

export function kindMarkdown(kind: Kind): string {
  const own = kindAttributes[kind].map((a) => code(a.name));
  const lines = [
    `**${code(kind)}**: a component kind`,
    '',
    kindDescriptions[kind],
    '',
    own.length > 0 ? `Its attributes: ${own.join(', ')}.` : 'No attributes of its own.',
    `Every kind takes ${commonAttributes.map((a) => code(a.name)).join(', ')}.`,
  ];
  if (managedByDefault.has(kind)) lines.push('', `A provider service: it counts as ${code('managed')} unless the model says ${code('managed: false')}.`);
  return lines.join('\n');
}

export const blockDescriptions: Readonly<Record<SettingsBlockName, string>> = {
  workload:
    'The load the model is checked against: peak requests per second, the shares of reads and static assets, daily active users. At most once in a model.',
  budget:
    'Limits every flow must meet: 99th-percentile latencies of reads, writes and static assets, and availability. Each limit becomes a check. At most once in a model.',
  latency: "Overrides of the evaluator's latency, capacity and availability figures. At most once in a model.",
};

export function blockMarkdown(block: SettingsBlockName): string {
  const keys = settingsAttributes[block].map((a) => code(a.name));
  const shown = keys.length > 8 ? `${keys.slice(0, 8).join(', ')}, …` : keys.join(', ');
  return [`**${code(`${block} { }`)}**`, '', blockDescriptions[block], '', `Keys: ${shown}.`].join('\n');
}

/** A rule in a hover or completion: what it checks, its default severity, where it comes from and its documentation. */
export function ruleMarkdown(registry: RuleRegistry, rule: Rule): string {
  const note = rule.meta.severityNote ? ` (${rule.meta.severityNote})` : '';
  const origin = registry.origin(rule.id);
  const from = origin?.type === 'plugin' ? `, from the plugin ${'`'}${origin.plugin}${'`'}` : origin?.type === 'policy' ? `, a policy of ${origin.config}` : '';
  const url = ruleUrl(registry, rule);
  return [
    `**${rule.id}**: a rule${from}, default severity ${rule.meta.defaultSeverity}${note}`,
    '',
    rule.meta.description,
    ...(url !== undefined ? ['', `[Documentation](${url})`] : []),
  ].join('\n');
}
