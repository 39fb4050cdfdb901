/**
 * The JSON Schema of the configuration's `policies`, built from the language's vocabulary: a
 * selector takes `kind` (one of the kinds), `name`, `region`, `tags`, `not`, and a condition on
 * any attribute a component can have, shaped by the attribute's type. So a misspelt key is found
 * by the schema, located, and answered with the closest key it knows.
 */
import { commonAttributes, kindAttributes, kinds, type ValueSpec } from '../../model/schema.js';

const numberOrText = { anyOf: [{ type: 'number' }, { type: 'string', minLength: 1 }] };

const comparison = (properties: Record<string, unknown>) => ({
  type: 'object',
  properties: { ...properties, exists: { type: 'boolean' } },
  additionalProperties: false,
  minProperties: 1,
});
const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

/** The conditions shared by every attribute of a type, under `#/definitions/`. */
function conditionDefinitions(): Record<string, unknown> {
  const text = { type: 'string' };
  const names = { type: 'array', items: { type: 'string' } };
  return {
    policyNumber: {
      anyOf: [
        { type: 'number' },
        { type: 'string', minLength: 1 },
        comparison(Object.fromEntries(['eq', 'ne', 'lt', 'lte', 'gt', 'gte'].map((op) => [op, numberOrText]))),
      ],
    },
    policyFlag: { anyOf: [{ type: 'boolean' }, comparison({ eq: { type: 'boolean' }, ne: { type: 'boolean' } })] },
    policyText: { anyOf: [text, comparison({ eq: text, ne: text, in: { type: 'array', items: text, minItems: 1 } })] },
    policyNames: { anyOf: [names, comparison({ includes: names, excludes: names })] },
    policyRange: comparison({ min: ref('policyRangeEnd'), max: ref('policyRangeEnd') }),
  };
}

/** What a condition on an attribute of this type may be. */
function conditionSchema(spec: ValueSpec): object {
  switch (spec.type) {
    case 'int':
    case 'count':
    case 'percent':
    case 'duration':
    case 'size':
      return ref('policyNumber');
    case 'bool':
      return ref('policyFlag');
    case 'enum': {
      const value = { enum: [...spec.values] };
      return { anyOf: [value, comparison({ eq: value, ne: value, in: { type: 'array', items: value, minItems: 1 } })] };
    }
    case 'enum-or-ref':
    case 'word':
    case 'string':
      return ref('policyText');
    case 'range':
      return ref('policyRange');
    case 'list':
      return ref('policyNames');
  }
}

/** Every attribute any kind takes, each once (the first spec of a name gives its type: the same name has the same type in every kind). */
function allAttributes(): Map<string, ValueSpec> {
  const out = new Map<string, ValueSpec>();
  for (const spec of [...commonAttributes, ...kinds.flatMap((k) => kindAttributes[k])]) if (!out.has(spec.name)) out.set(spec.name, spec.value);
  return out;
}

/** The definitions `policies` needs, under `#/definitions/`. */
export function policyDefinitions(): Record<string, unknown> {
  const attributes = allAttributes();
  const conditions = Object.fromEntries([...attributes].filter(([name]) => name !== 'tags').map(([name, spec]) => [name, conditionSchema(spec)]));
  const globs = {
    anyOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    ],
  };
  const kind = { enum: [...kinds] };
  const selector = {
    description:
      'Which components: every key given must match. `kind`, `name` (globs), `region` (globs), `tags` (all of them), `not`, and conditions on attributes.',
    type: 'object',
    properties: {
      kind: { anyOf: [kind, { type: 'array', items: kind, minItems: 1 }] },
      name: globs,
      region: globs,
      tags: { type: 'array', items: { type: 'string' } },
      not: { $ref: '#/definitions/policySelector' },
      ...conditions,
    },
    additionalProperties: false,
  };
  const requirement = {
    description: 'Conditions on attributes that every selected component must meet.',
    type: 'object',
    properties: { tags: conditionSchema({ type: 'list' }), ...conditions },
    additionalProperties: false,
    minProperties: 1,
  };
  const common = {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'The policy is the rule `policy/<id>`.' },
    description: { type: 'string', minLength: 1, description: 'One line, for `archlint rules`.' },
    severity: { enum: ['error', 'warning', 'info'], description: 'Default: error.' },
    message: { type: 'string', minLength: 1, description: "The finding's message, with {{placeholders}} (docs/custom-rules.md lists them by form)." },
  };
  const ends = { from: { $ref: '#/definitions/policySelector' }, to: { $ref: '#/definitions/policySelector' } };
  return {
    ...conditionDefinitions(),
    policySelector: selector,
    policyRequirement: requirement,
    policyRangeEnd: {
      anyOf: [
        { type: 'number' },
        {
          type: 'object',
          properties: Object.fromEntries(['eq', 'ne', 'lt', 'lte', 'gt', 'gte'].map((op) => [op, { type: 'number' }])),
          additionalProperties: false,
          minProperties: 1,
        },
      ],
    },
    policy: {
      description: 'A rule written as data: `where` + `require`, `forbid`, or `require-path-through`.',
      type: 'object',
      required: ['id'],
      properties: {
        ...common,
        where: { $ref: '#/definitions/policySelector' },
        require: { $ref: '#/definitions/policyRequirement' },
        forbid: {
          description: 'No edge (with `"path": true`, no request path) from a component matching `from` to one matching `to`.',
          type: 'object',
          required: ['from', 'to'],
          properties: { ...ends, path: { type: 'boolean' } },
          additionalProperties: false,
        },
        'require-path-through': {
          description: 'Every request path from a component matching `from` to one matching `to` passes through a component matching `through`.',
          type: 'object',
          required: ['from', 'to', 'through'],
          properties: { ...ends, through: { $ref: '#/definitions/policySelector' } },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  };
}

/** The forms a policy takes: exactly one per policy (`where` goes with `require`). */
export const policyForms = ['require', 'forbid', 'require-path-through'] as const;
