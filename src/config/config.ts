/**
 * `archlint.config.json`: found by walking up from a checked file (or named with `--config`),
 * parsed with locations, validated with ajv, its plugins loaded and its policies compiled into
 * rules, and resolved into the rule registry and settings the engine reads. Every mistake is a
 * located `config` error, never an exception.
 *
 * Validation is in two steps, because which rule ids are valid depends on the file itself: first
 * every setting but the rule ids (so plugins and policies are known to be well-formed), then, once
 * the plugins are loaded and the policies compiled, `rules` against exactly that registry.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import picomatch from 'picomatch';
import type { Span } from '../../grammar/ast.js';
import type { ImageRule } from '../import/index.js';
import type { Kind } from '../model/kinds.js';
import { compilerRuleIds, type Diagnostic } from '../diagnostics.js';
import { createAjv } from '../engine/options.js';
import type { RuleRegistry } from '../engine/registry.js';
import type { RuleSetting } from '../engine/run.js';
import type { Level, RuleChoices } from './effective.js';
import { describeSchemaErrors, nodeAt, pathText, quoteList, readJson, spanOf, type ErrorWording, type SchemaProblem } from './json.js';
import { loadPlugins } from './plugins.js';
import { compilePolicies, type PolicyJson } from './policies/compile.js';
import { builtinRegistry } from './registry.js';
import { baseSchema, presets, rulesOnlySchema, severityWords, type Preset } from './schema.js';

export const CONFIG_FILE = 'archlint.config.json';

/** A loaded, valid configuration file. */
export interface Config extends RuleChoices {
  /** The file it came from, as diagnostics name it. */
  file: string;
  extends: Preset[];
  rules: Map<string, RuleSetting>;
  /** Glob patterns relative to the config file's directory. */
  ignore: string[];
  /** The built-in rules, then its plugins' and its policies'. */
  registry: RuleRegistry;
  /** The files its plugins were loaded from (absolute paths), for watching them. */
  pluginFiles: string[];
  /** How deployment files map (`import`): image patterns and names. */
  import: { images: ImageRule[]; names: Map<string, string> };
}

export interface LoadedConfig {
  config?: Config;
  diagnostics: Diagnostic[];
}

/** The nearest `archlint.config.json` at or above `dir`. */
export function findConfig(dir: string): string | undefined {
  for (let current = path.resolve(dir); ;) {
    const candidate = path.join(current, CONFIG_FILE);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** How the configuration's mistakes read. */
const wording: ErrorWording = {
  unknownKey(segments, key, near) {
    const hint = near ? `; did you mean \`${near}\`?` : '';
    if (segments.length === 0) return `unknown setting: \`${key}\`${hint}`;
    if (segments.length === 1 && segments[0] === 'rules') return `unknown rule \`${key}\`${hint}`;
    if (segments[0] === 'policies') return `unknown key in \`${pathText(segments)}\`: \`${key}\`${hint}`;
    return `unknown option in \`${pathText(segments)}\`: \`${key}\`${hint}`;
  },
  wrongValue(segments, errors) {
    const where = `\`${pathText(segments)}\``;
    const e = errors[0]!;
    if (segments[0] === 'rules' && e.keyword === 'maxItems')
      return `${where} takes at most ${String((e.params as { limit: number }).limit)} items: [severity, options]`;
    if (segments[0] === 'rules' && (segments.length === 2 || (segments.length === 3 && segments[2] === 0)))
      return `${where} must be one of ${quoteList(severityWords)}, or [severity, options]`;
    if (segments[0] === 'extends') return `${where} must be one of ${quoteList(presets)}`;
    if (segments[0] === 'import' && segments[1] === 'names' && e.keyword === 'pattern')
      return `${where} must be a component name: letters, digits and \`_\`, with single \`-\` between them`;
    if (segments[0] === 'policies' && segments[2] === 'id' && e.keyword === 'pattern')
      return `${where} must be lower-case words joined by hyphens (the policy is the rule \`policy/<id>\`)`;
    if (segments[0] === 'policies' && segments.length === 2 && e.keyword === 'required')
      return `${where} needs an \`id\` (the policy is the rule \`policy/<id>\`)`;
    return undefined;
  },
};

let validateBase: ValidateFunction | undefined;
/** The validators of each registry's `rules`, exact and lenient (most configurations share the built-in registry). */
const rulesValidators = new WeakMap<RuleRegistry, Map<boolean, ValidateFunction>>();

/** `lenient`: also any `<plugin>/<rule>`, for when some plugin or policy could not be read. */
function rulesValidator(registry: RuleRegistry, lenient: boolean): ValidateFunction {
  let byKind = rulesValidators.get(registry);
  if (!byKind) rulesValidators.set(registry, (byKind = new Map<boolean, ValidateFunction>()));
  let validate = byKind.get(lenient);
  if (!validate) {
    validate = createAjv({ verbose: true }).compile(rulesOnlySchema(registry, lenient));
    byKind.set(lenient, validate);
  }
  return validate;
}

interface RawConfig {
  extends?: Preset | Preset[];
  rules?: Record<string, Level | [Level, Record<string, unknown>?]>;
  ignore?: string[];
  plugins?: Record<string, string>;
  policies?: PolicyJson[];
  import?: { kinds?: Record<string, Kind>; names?: Record<string, string> };
}

/**
 * Reads, parses and validates a configuration file, loading its plugins. `file` is named in
 * diagnostics as given; `unsaved` is its text when an editor holds a version not yet on disk.
 */
export async function loadConfig(file: string, cwd: string, unsaved?: string): Promise<LoadedConfig> {
  const error = (message: string, span: Span): Diagnostic => ({ ruleId: compilerRuleIds.config, severity: 'error', message, file, span });
  const read = readJson(file, cwd, 'the configuration', {
    empty: 'the configuration is empty: write a JSON object such as {"extends": "archlint:recommended"}',
    ...(unsaved !== undefined ? { unsaved } : {}),
  });
  if (!read.ok) return { diagnostics: read.problems.map((p) => error(p.message, p.span)) };
  const doc = read.doc;
  const located = (problems: readonly SchemaProblem[], prefix: (string | number)[] = []) =>
    problems
      .map((p) => error(p.message, spanOf(doc, nodeAt(doc.root, [...prefix, ...p.segments], p.key))))
      .sort((a, b) => a.span.start.offset - b.span.start.offset);
  const schemaProblems = (validate: ValidateFunction): SchemaProblem[] =>
    validate(doc.value) ? [] : describeSchemaErrors(validate.errors ?? ([] as ErrorObject[]), wording);

  validateBase ??= createAjv({ verbose: true }).compile(baseSchema());
  const base = schemaProblems(validateBase);
  // Not an object at all: nothing else can be read.
  if (base.some((p) => p.segments.length === 0 && p.key === undefined)) return { diagnostics: located(base) };
  // Every mistake at once: plugins and policies are read unless they themselves are malformed, and
  // `rules` is checked against what could be read (any `<plugin>/<rule>` passes when a plugin or
  // policy could not be).
  const malformed = (key: string) => base.some((p) => p.segments[0] === key || (p.segments.length === 0 && p.key === key));
  const raw = doc.value as RawConfig;
  const dir = path.dirname(path.resolve(cwd, file));
  const plugins = malformed('plugins') ? undefined : await loadPlugins(raw.plugins ?? {}, file, dir);
  const policies = malformed('policies') ? undefined : compilePolicies(raw.policies ?? [], file);
  const complete = plugins !== undefined && policies !== undefined && plugins.problems.length === 0 && policies.problems.length === 0;
  const extra = [...(plugins?.entries ?? []), ...(policies?.entries ?? [])];
  const registry = extra.length > 0 ? builtinRegistry.with(extra) : builtinRegistry;
  const rules = malformed('rules') ? [] : schemaProblems(rulesValidator(registry, !complete));
  const diagnostics = [...located(base), ...located(plugins?.problems ?? []), ...located(policies?.problems ?? [], ['policies']), ...located(rules)];
  if (diagnostics.length > 0) return { diagnostics: diagnostics.sort((x, y) => x.span.start.offset - y.span.start.offset) };

  return { config: toConfig(file, raw, registry, plugins?.files ?? []), diagnostics: [] };
}

function toConfig(file: string, raw: RawConfig, registry: RuleRegistry, pluginFiles: string[]): Config {
  const settings = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (typeof setting === 'string') settings.set(id, { severity: setting });
    else settings.set(id, { severity: setting[0], ...(setting[1] !== undefined ? { options: setting[1] } : {}) });
  }
  return {
    file,
    extends: raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends],
    rules: settings,
    ignore: raw.ignore ?? [],
    registry,
    pluginFiles,
    import: {
      images: Object.entries(raw.import?.kinds ?? {}).map(([pattern, kind]) => ({ pattern, kind })),
      names: new Map(Object.entries(raw.import?.names ?? {})),
    },
  };
}

/** Whether the config's `ignore` patterns exclude a file. */
export function isIgnored(config: Config | undefined, file: string, cwd: string): boolean {
  if (!config || config.ignore.length === 0) return false;
  const base = path.dirname(path.resolve(cwd, config.file));
  const relative = path.relative(base, path.resolve(cwd, file)).split(path.sep).join('/');
  if (relative.startsWith('../')) return false;
  return picomatch(config.ignore, { dot: true })(relative);
}
