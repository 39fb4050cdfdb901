/**
 * The JSON Schema of `archlint.config.json`, assembled from the rules' own option schemas (the
 * published copy, schema/archlint-config.schema.json, is generated from this and checked for drift).
 */
import type { Rule } from '../engine/rule.js';

export const presets = ['archlint:recommended', 'archlint:strict', 'archlint:all'] as const;
export type Preset = (typeof presets)[number];

export const severityWords = ['off', 'info', 'warning', 'error'] as const;

export function configSchema(rules: readonly Rule[]): Record<string, unknown> {
  const ruleEntries: Record<string, unknown> = {};
  for (const rule of rules) {
    ruleEntries[rule.id] = {
      description: rule.meta.description,
      anyOf: [
        { $ref: '#/definitions/severity' },
        {
          type: 'array',
          items: [{ $ref: '#/definitions/severity' }, rule.meta.schema],
          minItems: 1,
          maxItems: 2,
          additionalItems: false,
        },
      ],
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://archlint.dev/schema/archlint-config.schema.json',
    title: 'archlint.config.json',
    description: 'Configuration of archlint: presets, rule severities and options, and files to ignore.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The URL or path of this schema, for editors.' },
      extends: {
        description: 'Presets to start from, applied in order.',
        anyOf: [{ $ref: '#/definitions/preset' }, { type: 'array', items: { $ref: '#/definitions/preset' } }],
      },
      rules: {
        description: 'Rule settings: a severity, or [severity, options].',
        type: 'object',
        additionalProperties: false,
        properties: ruleEntries,
      },
      ignore: {
        description: 'Glob patterns, relative to this file, of .arch files not to check.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
    },
    definitions: {
      severity: { enum: [...severityWords] },
      preset: { enum: [...presets] },
    },
  };
}
