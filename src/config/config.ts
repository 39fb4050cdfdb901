/**
 * `archlint.config.json`: found by walking up from a checked file (or named with `--config`),
 * parsed with locations (jsonc-parser: comments and trailing commas allowed, as in tsconfig.json),
 * validated with ajv against the schema assembled from the rules, and resolved into the rule
 * settings the engine reads. Every mistake is a located `config` error, never an exception.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import picomatch from 'picomatch';
import type { Span } from '../../grammar/ast.js';
import { closest } from '../../grammar/suggest.js';
import { compilerRuleIds, type Diagnostic, type Severity } from '../diagnostics.js';
import { describeFsError } from '../io/errors.js';
import type { Rule } from '../engine/rule.js';
import { mergeOptions, type RuleSetting } from '../engine/run.js';
import { configSchema, presets, severityWords, type Preset } from './schema.js';

export const CONFIG_FILE = 'archlint.config.json';

type Level = Severity | 'off';

/** A loaded, valid configuration file. */
export interface Config {
  /** The file it came from. */
  file: string;
  extends: Preset[];
  /** Rule settings as written (severity and options), by rule id. */
  rules: Map<string, RuleSetting>;
  /** Glob patterns relative to the config file's directory. */
  ignore: string[];
}

/** Settings for every rule after presets, the config's `rules` and `--rule` are applied. */
export interface EffectiveRule {
  severity: Level;
  options: Record<string, unknown>;
}

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const validators = new WeakMap<readonly Rule[], ValidateFunction>();

function validatorFor(rules: readonly Rule[]): ValidateFunction {
  let validate = validators.get(rules);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(configSchema(rules));
    validators.set(rules, validate);
  }
  return validate;
}

/** The nearest `archlint.config.json` at or above `dir`. */
export function findConfig(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; ) {
    const candidate = path.join(current, CONFIG_FILE);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function positionAt(text: string, offset: number): { line: number; column: number; offset: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}

export function spanAt(text: string, offset: number, length: number): Span {
  return { start: positionAt(text, offset), end: positionAt(text, offset + Math.max(length, 1)) };
}

/** `rules.spof[1].threshold` from a JSON pointer. */
export function pathText(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out || 'the configuration';
}

export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const quoteList = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** One readable message per wrong place, from ajv's errors (the most specific error of each place wins). */
function describeErrors(errors: readonly ErrorObject[], rules: readonly Rule[]): { segments: (string | number)[]; key?: string; message: string }[] {
  const out: { segments: (string | number)[]; key?: string; message: string }[] = [];
  const seen = new Set<string>();
  const ruleIds = rules.map((r) => r.id);
  // Errors about a rule's value: report the deepest ones under it, or else one summary message.
  const deepest = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const segments = pointerSegments(e.instancePath);
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const where = pathText(segments);
      const isRules = segments.length === 1 && segments[0] === 'rules';
      const candidates = isRules ? ruleIds : segments.length === 0 ? ['$schema', 'extends', 'rules', 'ignore'] : [];
      const near = closest(key, candidates);
      const message = isRules
        ? `unknown rule \`${key}\`${near ? `; did you mean \`${near}\`?` : ''}`
        : `unknown ${segments.length === 0 ? 'setting' : `option in \`${where}\``}: \`${key}\`${near ? `; did you mean \`${near}\`?` : ''}`;
      const id = `${e.instancePath}/${key}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.push({ segments, key, message });
      }
      continue;
    }
    const group = deepest.get(e.instancePath) ?? [];
    group.push(e);
    deepest.set(e.instancePath, group);
  }
  // Every place with an error, unknown keys included, for telling causes from their consequences.
  const paths = [...deepest.keys(), ...out.map((o) => `${o.segments.length ? '/' : ''}${o.segments.join('/')}/${o.key}`)];
  for (const [pointer, group] of deepest) {
    // Skip a place when a deeper place under it has its own errors (the deeper one is the cause).
    if (paths.some((p) => p !== pointer && p.startsWith(`${pointer}/`))) continue;
    const segments = pointerSegments(pointer);
    const where = `\`${pathText(segments)}\``;
    let message: string;
    const isRuleValue = segments.length === 2 && segments[0] === 'rules';
    const isSeverity = segments.length === 3 && segments[0] === 'rules' && segments[2] === 0;
    if (isRuleValue || isSeverity) {
      message = `${where} must be one of ${quoteList(severityWords)}, or [severity, options]`;
    } else if (segments[0] === 'extends') {
      message = `${where} must be one of ${quoteList(presets)}`;
    } else {
      const e = group[0]!;
      const params = e.params as Record<string, unknown>;
      if (e.keyword === 'enum') message = `${where} must be one of ${quoteList(params.allowedValues as unknown[])}`;
      else if (e.keyword === 'type') message = `${where} must be ${params.type === 'array' ? 'a list' : params.type === 'object' ? 'an object' : `a ${String(params.type)}`}`;
      else if (e.keyword === 'maxItems') message = `${where} takes at most ${String(params.limit)} items: [severity, options]`;
      else if (e.keyword === 'format') message = `${where} must be a valid ${String(params.format)}`;
      else message = `${where} ${e.message ?? 'is not valid'}`;
    }
    out.push({ segments, message });
  }
  return out;
}

export interface LoadedConfig {
  config?: Config;
  diagnostics: Diagnostic[];
}

/**
 * Reads, parses and validates a configuration file. `file` is named in diagnostics as given;
 * `unsaved` is its text when an editor holds a version not yet on disk.
 */
export function loadConfig(file: string, rules: readonly Rule[], cwd: string, unsaved?: string): LoadedConfig {
  const error = (message: string, span: Span): Diagnostic => ({ ruleId: compilerRuleIds.config, severity: 'error', message, file, span });
  const zero = spanAt('', 0, 0);
  let text: string;
  try {
    text = unsaved ?? readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    return { diagnostics: [error(`cannot read the configuration: ${describeFsError(e, 'no such file')}`, zero)] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    return { diagnostics: [error('the configuration is empty: write a JSON object such as {"extends": "archlint:recommended"}', zero)] };
  }
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (parseErrors.length > 0 || !root) {
    const describe = (code: string) => code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    const diagnostics = parseErrors.map((p) => error(`the configuration is not valid JSON: ${describe(printParseErrorCode(p.error))}`, spanAt(text, p.offset, p.length)));
    if (diagnostics.length === 0) diagnostics.push(error('the configuration is empty: write a JSON object such as {"extends": "archlint:recommended"}', zero));
    return { diagnostics };
  }
  const value = JSON.parse(JSON.stringify(parseJsonc(root))) as unknown;
  const validate = validatorFor(rules);
  if (!validate(value)) {
    const diagnostics = describeErrors(validate.errors ?? [], rules).map(({ segments, key, message }) => {
      let node: Node | undefined = findNodeAtLocation(root, segments);
      if (node && key !== undefined) {
        const property = node.children?.find((p) => p.children?.[0]?.value === key);
        node = property?.children?.[0] ?? node;
      }
      return error(message, node ? spanAt(text, node.offset, node.length) : spanAt(text, root.offset, 1));
    });
    diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
    return { diagnostics };
  }
  const raw = value as { extends?: Preset | Preset[]; rules?: Record<string, Level | [Level, Record<string, unknown>?]>; ignore?: string[] };
  const settings = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (typeof setting === 'string') settings.set(id, { severity: setting });
    else settings.set(id, { severity: setting[0], ...(setting[1] !== undefined ? { options: setting[1] } : {}) });
  }
  return {
    config: {
      file,
      extends: raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends],
      rules: settings,
      ignore: raw.ignore ?? [],
    },
    diagnostics: [],
  };
}

export function parseJsonc(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const property of node.children ?? []) {
        const [key, child] = property.children ?? [];
        if (key && child) Object.defineProperty(out, String(key.value), { value: parseJsonc(child), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(parseJsonc);
    default:
      return node.value;
  }
}

function presetLevel(rule: Rule, preset: Preset): Level {
  const base = rule.meta.defaultSeverity;
  if (preset === 'archlint:all') return base;
  if (preset === 'archlint:strict') return base === 'info' ? 'warning' : 'error';
  return rule.meta.recommended === false ? 'off' : base;
}

/**
 * The settings for every rule: the presets in order (none means `archlint:recommended`), then the
 * config's own `rules`, then `--rule` overrides. Options merge over the rule's defaults.
 */
export function effectiveRules(rules: readonly Rule[], config: Config | undefined, overrides: ReadonlyMap<string, Level> = new Map()): Map<string, EffectiveRule> {
  const out = new Map<string, EffectiveRule>();
  const chain = config && config.extends.length > 0 ? config.extends : (['archlint:recommended'] as Preset[]);
  for (const rule of rules) {
    let severity: Level = 'off';
    for (const preset of chain) severity = presetLevel(rule, preset);
    let options = mergeOptions(rule.meta.defaultOptions as Record<string, unknown>, undefined);
    const own = config?.rules.get(rule.id);
    if (own?.severity !== undefined) severity = own.severity;
    if (own?.options) options = mergeOptions(options, own.options);
    const cli = overrides.get(rule.id);
    if (cli !== undefined) severity = cli;
    out.set(rule.id, { severity, options });
  }
  return out;
}

/**
 * What the engine reads: only what differs from running the rule at its own default (so that a
 * rule's per-message severities still apply under the recommended preset).
 */
export function toRuleSettings(rules: readonly Rule[], effective: ReadonlyMap<string, EffectiveRule>, config: Config | undefined, overrides: ReadonlyMap<string, Level>): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>();
  const chain = config && config.extends.length > 0 ? config.extends : (['archlint:recommended'] as Preset[]);
  for (const rule of rules) {
    const e = effective.get(rule.id)!;
    const explicit = config?.rules.get(rule.id)?.severity !== undefined || overrides.has(rule.id) || chain.some((p) => p === 'archlint:strict');
    const setting: RuleSetting = { options: e.options };
    if (e.severity === 'off' || explicit || e.severity !== rule.meta.defaultSeverity) setting.severity = e.severity;
    out.set(rule.id, setting);
  }
  return out;
}

/** Whether the config's `ignore` patterns exclude a file. */
export function isIgnored(config: Config | undefined, file: string, cwd: string): boolean {
  if (!config || config.ignore.length === 0) return false;
  const base = path.dirname(path.resolve(cwd, config.file));
  const relative = path.relative(base, path.resolve(cwd, file)).split(path.sep).join('/');
  if (relative.startsWith('../')) return false;
  return picomatch(config.ignore, { dot: true })(relative);
}
