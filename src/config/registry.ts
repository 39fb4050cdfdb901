/**
 * The built-in rules as a registry: the one module that imports rules/index.ts. A configuration's
 * registry is this one with its plugins' and policies' rules added (config.ts); everything else
 * receives a registry and never imports the rule list.
 */
import { builtinRules } from '../../rules/index.js';
import { RuleRegistry } from '../engine/registry.js';

/** archlint's own rules, in the order `archlint rules` lists them. */
export const builtinRegistry: RuleRegistry = new RuleRegistry(builtinRules.map((rule) => ({ rule, origin: { type: 'builtin' } })));
