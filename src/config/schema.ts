/**
 * The JSON Schema of `archlint.config.json`, assembled from the rules' own option schemas and the
 * policies' vocabulary. Three variants: the published one (schema/archlint-config.schema.json,
 * generated, for editors: it knows the built-in rules and accepts any `<plugin>/<rule>`), the base
 * one a configuration is first validated against (every setting but the rule ids), and the exact
 * one for a configuration's own registry (its plugins' and policies' rules included), which its
 * `rules` are then validated against.
 */
import { kinds } from '../model/kinds.js';
import type { RuleRegistry } from '../engine/registry.js';
import type { Rule } from '../engine/rule.js';
import { policyDefinitions } from './policies/schema.js';

export const presets = ['archlint:recommended', 'archlint:strict', 'archlint:all'] as const;
export type Preset = (typeof presets)[number];

export const severityWords = ['off', 'info', 'warning', 'error'] as const;

/** The settings a configuration has, for "did you mean". */
export const settingNames = ['$schema', 'extends', 'rules', 'ignore', 'plugins', 'policies'] as const;

/** A rule's entry in `rules`: a severity, or [severity, options]. */
function ruleEntry(rule: Pick<Rule, 'meta'> | undefined): object {
  return {
    ...(rule ? { description: rule.meta.description } : {}),
    anyOf: [
      { $ref: '#/definitions/severity' },
      {
        type: 'array',
        items: [{ $ref: '#/definitions/severity' }, rule ? rule.meta.schema : { type: 'object' }],
        minItems: 1,
        maxItems: 2,
        additionalItems: false,
      },
    ],
  };
}

/** `rules`: exactly the registry's rules, or (for editors) those and any plugin's. */
function rulesSchema(rules: readonly Rule[], anyPluginRule: boolean): object {
  return {
    description: 'Rule settings: a severity, or [severity, options].',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(rules.map((rule) => [rule.id, ruleEntry(rule)])),
    ...(anyPluginRule ? { patternProperties: { '^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$': ruleEntry(undefined) } } : {}),
  };
}

function document(rules: object): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://archlint.dev/schema/archlint-config.schema.json',
    title: 'archlint.config.json',
    description: 'Configuration of archlint: presets, rule severities and options, plugins, policies, and files to ignore.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The URL or path of this schema, for editors.' },
      extends: {
        description: 'Presets to start from, applied in order.',
        anyOf: [{ $ref: '#/definitions/preset' }, { type: 'array', items: { $ref: '#/definitions/preset' } }],
      },
      rules,
      ignore: {
        description: 'Glob patterns, relative to this file, of .arch files not to check.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
      plugins: {
        description: 'Plugins by name: a module specifier (a path relative to this file, or a package), whose rules are `<name>/<rule>`.',
        type: 'object',
        additionalProperties: { type: 'string', minLength: 1 },
      },
      policies: {
        description: 'Rules written as data (docs/custom-rules.md); each is the rule `policy/<id>`.',
        type: 'array',
        items: { $ref: '#/definitions/policy' },
      },
      import: {
        description: 'How deployment files (Kubernetes manifests, Compose files, Terraform JSON) become models (docs/importers.md).',
        type: 'object',
        additionalProperties: false,
        properties: {
          kinds: {
            description:
              'Container images the built-in table does not know: a glob on the image name without registry and tag (`acme/cache-*`), and the kind of component it is. Tried before the built-in table, in order.',
            type: 'object',
            propertyNames: { minLength: 1 },
            additionalProperties: { enum: kinds.filter((k) => k !== 'client') },
          },
          names: {
            description:
              'Deployed names (a Kubernetes workload, a Compose service, a Terraform resource address) and the component names the design uses for them: the import names them so, and `archlint drift` matches them.',
            type: 'object',
            propertyNames: { minLength: 1 },
            additionalProperties: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$' },
          },
        },
      },
    },
    definitions: {
      severity: { enum: [...severityWords] },
      preset: { enum: [...presets] },
      ...policyDefinitions(),
    },
  };
}

/** The published schema, for editors: the built-in rules, and any plugin's rules by their form. */
export function publishedSchema(builtins: RuleRegistry): Record<string, unknown> {
  return document(rulesSchema(builtins.all(), true));
}

/** Every setting but the rule ids, which depend on the plugins and policies the file itself names. */
export function baseSchema(): Record<string, unknown> {
  return document({ type: 'object', description: 'Rule settings: a severity, or [severity, options].' });
}

/** Only `rules`: exactly the registry's, or (`lenient`) those and any `<plugin>/<rule>`. */
export function rulesOnlySchema(registry: RuleRegistry, lenient = false): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { rules: rulesSchema(registry.all(), lenient) },
    definitions: { severity: { enum: [...severityWords] } },
  };
}
