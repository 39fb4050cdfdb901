/**
 * What each rule runs at under a configuration: the presets in order (none means
 * `archlint:recommended`), then the configuration's own `rules`, then `--rule`. The engine is
 * handed only what differs from running a rule at its own default, so that a rule's per-message
 * and per-finding severities still apply where the user set no severity.
 */
import type { Severity } from '../diagnostics.js';
import { resolveOptions } from '../engine/options.js';
import type { RuleRegistry } from '../engine/registry.js';
import type { Rule } from '../engine/rule.js';
import type { RuleSetting } from '../engine/run.js';
import type { Preset } from './schema.js';

export type Level = Severity | 'off';

/** What `effectiveRules` reads of a configuration. */
export interface RuleChoices {
  extends: readonly Preset[];
  /** Rule settings as written (severity and options), by rule id. */
  rules: ReadonlyMap<string, RuleSetting>;
}

/** A rule's severity and its options after defaults (as `--print-config` shows them). */
export interface EffectiveRule {
  severity: Level;
  options: Record<string, unknown>;
}

const presetChain = (config: RuleChoices | undefined): readonly Preset[] => (config && config.extends.length > 0 ? config.extends : ['archlint:recommended']);

function presetLevel(rule: Rule, preset: Preset): Level {
  const base = rule.meta.defaultSeverity;
  if (preset === 'archlint:all') return base;
  if (preset === 'archlint:strict') return base === 'info' ? 'warning' : 'error';
  return rule.meta.recommended === false ? 'off' : base;
}

/** Every rule's severity and options. Options were validated with the configuration. */
export function effectiveRules(
  registry: RuleRegistry,
  config: RuleChoices | undefined,
  overrides: ReadonlyMap<string, Level> = new Map(),
): Map<string, EffectiveRule> {
  const out = new Map<string, EffectiveRule>();
  const chain = presetChain(config);
  for (const rule of registry.all()) {
    let severity: Level = 'off';
    for (const preset of chain) severity = presetLevel(rule, preset);
    const own = config?.rules.get(rule.id);
    if (own?.severity !== undefined) severity = own.severity;
    const cli = overrides.get(rule.id);
    if (cli !== undefined) severity = cli;
    const resolved = resolveOptions(rule, own?.options);
    out.set(rule.id, { severity, options: (resolved.ok ? resolved.options : rule.meta.defaultOptions) as Record<string, unknown> });
  }
  return out;
}

/**
 * What the engine reads, by rule id: the options as written, and a severity only where one was
 * chosen (by the configuration, `--rule` or the strict preset) or a preset changed it.
 */
export function ruleSettings(
  registry: RuleRegistry,
  effective: ReadonlyMap<string, EffectiveRule>,
  config: RuleChoices | undefined,
  overrides: ReadonlyMap<string, Level>,
): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>();
  const strict = presetChain(config).includes('archlint:strict');
  for (const rule of registry.all()) {
    const e = effective.get(rule.id)!;
    const own = config?.rules.get(rule.id);
    const explicit = own?.severity !== undefined || overrides.has(rule.id) || strict;
    const setting: RuleSetting = own?.options !== undefined ? { options: own.options } : {};
    if (e.severity === 'off' || explicit || e.severity !== rule.meta.defaultSeverity) setting.severity = e.severity;
    out.set(rule.id, setting);
  }
  return out;
}
