/**
 * The rules of a run, by id, with where each comes from: archlint's own, a plugin's, or a policy
 * of the configuration. One registry is built per configuration (src/config/registry.ts) and
 * handed to everything that needs to know the rules: the pipeline, the configuration's schema,
 * `--rule`, suppressions, `archlint rules`, SARIF's rule list and the language server.
 *
 * Rules that come from outside archlint are checked here before they join (`ruleProblems`): a
 * plugin with broken metadata is a configuration error, never a crash in the middle of a check.
 */
import type { ValidateFunction } from 'ajv';
import { createAjv, resolveOptions } from './options.js';
import type { Rule } from './rule.js';
import { UNUSED_SUPPRESSION } from './suppressions.js';

export { UNUSED_SUPPRESSION } from './suppressions.js';

export type RuleOrigin =
  | { type: 'builtin' }
  /** A plugin named `plugin` in the configuration `config`, loaded from `specifier`. */
  | { type: 'plugin'; plugin: string; specifier: string; config: string }
  /** A policy written in the configuration `config`. */
  | { type: 'policy'; config: string };

export interface RegisteredRule {
  rule: Rule;
  origin: RuleOrigin;
}

export class RuleRegistry {
  private readonly entries = new Map<string, RegisteredRule>();

  /** Throws on two rules with one id: the caller (the configuration) makes ids unique. */
  constructor(entries: Iterable<RegisteredRule>) {
    for (const entry of entries) {
      if (this.entries.has(entry.rule.id)) throw new Error(`two rules are registered as \`${entry.rule.id}\``);
      this.entries.set(entry.rule.id, entry);
    }
  }

  get(id: string): Rule | undefined {
    return this.entries.get(id)?.rule;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Every id, built-in rules first in their documented order, then plugins' and policies' in the order the configuration lists them. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  all(): Rule[] {
    return [...this.entries.values()].map((e) => e.rule);
  }

  origin(id: string): RuleOrigin | undefined {
    return this.entries.get(id)?.origin;
  }

  /** Ids a suppression comment may name: every rule but `unused-suppression`. */
  suppressible(): ReadonlySet<string> {
    return new Set(this.ids().filter((id) => id !== UNUSED_SUPPRESSION));
  }

  /** A registry of these rules followed by `more`. */
  with(more: Iterable<RegisteredRule>): RuleRegistry {
    return new RuleRegistry([...this.entries.values(), ...more]);
  }
}

const severities = ['error', 'warning', 'info'];

/** The shape of a rule's metadata, for rules from outside archlint. */
const metaSchema = {
  type: 'object',
  required: ['description', 'defaultSeverity', 'messages'],
  properties: {
    description: { type: 'string', minLength: 1 },
    defaultSeverity: { enum: severities },
    messages: { type: 'object', minProperties: 1, additionalProperties: { type: 'string', minLength: 1 } },
    messageSeverity: { type: 'object', additionalProperties: { enum: severities } },
    schema: { type: 'object' },
    defaultOptions: {},
    severityNote: { type: 'string' },
    recommended: { type: 'boolean' },
    docs: { type: 'string' },
    url: { type: 'string' },
  },
};

let validateMeta: ValidateFunction | undefined;

/**
 * What is wrong with a rule from outside archlint (a plugin's export), in words; empty when it is
 * a rule `defineRule` could have made: a `meta` of the right shape, message severities only for
 * its own messages, an options schema ajv compiles, default options that schema accepts, and a
 * `check` function.
 */
export function ruleProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['it is not a rule object (write it with `defineRule`)'];
  const rule = value as Partial<Rule>;
  const problems: string[] = [];
  if (typeof rule.check !== 'function') problems.push('it has no `check` function');
  if (typeof rule.meta !== 'object' || rule.meta === null) return [...problems, 'it has no `meta` object'];
  const ajv = createAjv();
  validateMeta ??= ajv.compile(metaSchema);
  if (!validateMeta(rule.meta)) {
    for (const e of validateMeta.errors ?? []) problems.push(`\`meta${e.instancePath.replace(/\//g, '.')}\` ${e.message ?? 'is not valid'}`);
    return problems;
  }
  const meta = rule.meta;
  for (const id of Object.keys(meta.messageSeverity ?? {})) {
    if (!Object.hasOwn(meta.messages, id)) problems.push(`\`meta.messageSeverity\` names \`${id}\`, which is not one of its messages`);
  }
  const schema = meta.schema ?? { type: 'object', properties: {}, additionalProperties: false };
  try {
    ajv.compile(schema);
  } catch (error) {
    return [...problems, `\`meta.schema\` is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`];
  }
  const resolved = resolveOptions({ meta: { ...meta, schema, defaultOptions: meta.defaultOptions ?? {} } }, meta.defaultOptions ?? {});
  if (!resolved.ok) problems.push('`meta.defaultOptions` does not match `meta.schema`');
  return problems;
}
