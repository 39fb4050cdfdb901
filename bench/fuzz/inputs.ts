/**
 * The fuzzer's inputs, each made from a tape (tape.ts): models written from the language's own
 * tables (every kind, attribute and value type, with values at and beyond their limits), then
 * sometimes mutated byte by byte; configurations and baselines from their schemas, then sometimes
 * mutated; what-if targets; diagram options; and argument vectors for the command line.
 */
import { builtinRegistry } from '../../src/config/registry.js';
import type { AttributeSpec, ValueSpec } from '../../src/model/attribute-spec.js';
import { kindAliases, kinds } from '../../src/model/kinds.js';
import { commonAttributes, edgeAttributes, kindAttributes, regionAttributes, settingsAttributes } from '../../src/model/schema.js';
import type { Tape } from './tape.js';

/** Pieces of the language and of what breaks lexers, inserted by the mutator. */
export const pieces = [
  'service',
  'client',
  'region',
  'workload',
  'budget',
  'latency',
  'import',
  'architecture',
  '__proto__',
  'constructor',
  'replicas',
  'sessions',
  'rps',
  '->',
  '-->',
  '=>',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  ';',
  '..',
  '\n',
  ' ',
  '"a"',
  '"open',
  '0',
  '-1',
  '20k',
  '2k rps',
  '5 ms',
  '1e999',
  '120%',
  '# archlint-disable spof',
  '# archlint-disable-next-line spof -- reason',
  '/*',
  '*/',
  '\u0000',
  '\ufeff',
  '\u202e',
  'é',
  '😀',
];

/** Component names: plain ones, the ones JavaScript objects trip on, and odd but legal ones. */
const names = ['web', 'api', 'db', 'cache', 'edge', 'users', 'jobs', 'w', '__proto__', 'constructor', 'toString', 'a-b', 'a_b', 'x1', 'hasOwnProperty'];
const regionNames = ['us-east', 'us-west', 'eu', 'ap', '__proto__', 'r'];
const zoneNames = ['a', 'b', 'c', 'us-east-1a'];
const words = ['true', 'false', 'none', 'x', 'lru', 'hash', 'range', 'geo', 'origin', 'mysql', 'postgres', 'redis'];

/** A number as the language writes it: an integer, or a decimal with at most three places. */
const plain = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toFixed(3))));

/** A number at or beyond the limits (loose) or within them, at and near the ends (strict). */
function numberIn(t: Tape, min: number, max: number, exclusiveMin: boolean | undefined, strict: boolean, candidates: readonly number[]): string {
  if (!strict) return plain(t.pick([min, max, 0, 1, 2, 3, min - 1, max + 1, 0.5, 1e9, ...candidates].filter((v) => Number.isFinite(v))));
  const inRange = candidates.filter((v) => v <= max && (exclusiveMin ? v > min : v >= min));
  return plain(inRange.length > 0 ? t.pick(inRange) : exclusiveMin ? min + (max - min) / 2 : min);
}

/** A duration within [min, max] ms, written in a unit that keeps it a plain number. */
function durationIn(t: Tape, min: number, max: number, exclusiveMin: boolean | undefined, strict: boolean): string {
  if (!strict) return `${plain(t.pick([0, 1, 5, 1000, -1, 0.5]))}${t.pick(durationUnits)}`;
  const ms = Number(numberIn(t, min, max, exclusiveMin, true, [0.5, 1, 5, 20, 100, 250, 2000, 30_000, 600_000, 86_400_000]));
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${plain(ms)}ms`;
}

const durationUnits = ['ns', 'us', 'ms', 's', 'm', 'h', 'd'];
const sizeUnits = ['KB', 'MB', 'GB', 'TB'];

/**
 * A value for `spec`. Strict: of the right type and within its limits. Loose: at and beyond its
 * limits, and now and then of another type altogether.
 */
export function valueText(t: Tape, spec: ValueSpec, componentNames: readonly string[], strict = false): string {
  if (!strict && t.chance(0.05)) return t.pick(['"text"', '[a, b]', '3', '50%', '2..3', 'x', '1ms', '{ }', '', '1.00e-9', '5 ms']);
  const counts = [1, 2, 3, 4, 10, 100, 1000, 20_000, 1_000_000];
  switch (spec.type) {
    case 'int':
    case 'count': {
      const n = numberIn(t, spec.min, spec.max, 'exclusiveMin' in spec ? spec.exclusiveMin : false, strict, counts);
      if (spec.type === 'count' && Number(n) >= 1000 && Number(n) % 1000 === 0 && t.chance(0.5)) return `${Number(n) / 1000}k`;
      return !strict && t.chance(0.1) ? `${n}${t.pick(['k', 'M', 'B'])}` : n;
    }
    case 'percent':
      return `${numberIn(t, spec.min * 100, spec.max * 100, spec.exclusiveMin, strict, [0, 1, 5, 30, 50, 80, 90, 95, 99.9, 100])}%`;
    case 'duration':
      return durationIn(t, spec.min, spec.max, spec.exclusiveMin, strict);
    case 'size':
      return strict ? t.pick(['1KB', '64KB', '1MB', '512MB']) : `${plain(t.pick([0, 1, 1024, -1]))}${t.pick(sizeUnits)}`;
    case 'bool':
      return t.pick(['true', 'false']);
    case 'enum':
      return strict || t.chance(0.9) ? t.pick(spec.values) : t.pick(words);
    case 'enum-or-ref': {
      const refs = componentNames.length > 0 ? componentNames : names;
      return spec.values.length > 0 && (strict || t.chance(0.5)) ? t.pick(spec.values) : t.pick(refs);
    }
    case 'word':
      return t.pick(strict ? ['a', 'b', 'h1', 'mysql'] : t.chance(0.5) ? words : zoneNames);
    case 'string':
      return t.pick(['"x"', '""', '"a \\"b\\""', '"é 😀"']);
    case 'range': {
      const lo = Number(numberIn(t, spec.min, Math.min(spec.max, 1000), false, strict, [1, 2, 3, 10]));
      const hi = strict ? lo + t.pick([0, 1, 5, 20]) : Number(numberIn(t, spec.min, Math.min(spec.max, 1000), false, false, [1, 20]));
      return `${plain(lo)}..${plain(hi)}`;
    }
    case 'list':
      return `[${t.many(3, () => t.pick(strict ? ['pii', 'tier1', 'x'] : t.chance(0.5) ? zoneNames : componentNames.length > 0 ? componentNames : names)).join(', ')}]`;
  }
}

/** Attributes that need context the block alone does not give (a region's zones, a component of some kind); left out of strict blocks. */
const contextual = new Set(['zones', 'sessions', 'host', 'replication', 'derived_from', 'dead_letter']);

/** `{ a: 1, flag }` from `specs`, or nothing; strict blocks set each attribute once, to a valid value. */
function attributeBlock(t: Tape, specs: readonly AttributeSpec[], componentNames: readonly string[], max: number, strict = false): string {
  const usable = strict ? specs.filter((s) => !contextual.has(s.name)) : specs;
  if (usable.length === 0 || t.chance(0.3)) return '';
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const _ of t.many(max, () => 0)) {
    const spec = t.pick(usable);
    if (strict && seen.has(spec.name)) continue;
    seen.add(spec.name);
    if (spec.value.type === 'bool' && t.chance(0.5)) parts.push(spec.name);
    else parts.push(`${!strict && t.chance(0.03) ? `${spec.name}x` : spec.name}: ${valueText(t, spec.value, componentNames, strict)}`);
  }
  return parts.length > 0 ? ` { ${parts.join(t.chance(0.9) ? ', ' : '\n')} }` : '';
}

/** A model: settings blocks, components in and out of regions, edges and chains between them, comments. */
export function modelText(t: Tape): string {
  // Most models are valid as far as values go, so that they reach the rules, the evaluator and the
  // diagram; the rest are loose, for the checks of meaning.
  const strict = t.chance(0.7);
  const lines: string[] = [];
  if (t.chance(0.3)) lines.push('architecture "fuzz"');
  for (const block of ['workload', 'budget', 'latency'] as const) {
    if (t.chance(0.4)) lines.push(`${block}${attributeBlock(t, settingsAttributes[block], [], 6, strict) || ' { }'}`);
  }
  const count = t.int(14);
  const declared = Array.from({ length: count }, (_, i) => (i < names.length && t.chance(0.7) ? names[i]! : `c${i}`));
  const regions = t.many(3, (i) => ({ name: i === 0 ? t.pick(regionNames) : `${t.pick(regionNames)}${i}`, members: [] as string[] }));
  const topLevel: string[] = [];
  for (const name of declared) {
    const kind = !strict && t.chance(0.05) ? t.pick([...kindAliases.keys(), 'widget']) : t.pick(kinds);
    const specs = [...commonAttributes, ...(kindAttributes[kind as (typeof kinds)[number]] ?? [])];
    const label = t.chance(0.2) ? ` "${name} tier"` : '';
    const line = `${kind} ${name}${label}${attributeBlock(t, specs, declared, 7, strict)}`;
    if (regions.length > 0 && t.chance(0.6)) t.pick(regions).members.push(line);
    else topLevel.push(line);
  }
  lines.push(...topLevel);
  for (const region of regions) {
    const attributes = strict ? (t.chance(0.5) ? 'zones: [a, b, c]' : '') : attributeBlock(t, regionAttributes, [], 2).replace(/^ \{ | \}$/g, '');
    lines.push(`region ${region.name} {`, ...(attributes ? [`  ${attributes}`] : []), ...region.members.map((m) => `  ${m}`), '}');
  }
  const endpoint = () => (declared.length > 0 && (strict || t.chance(0.93)) ? t.pick(declared) : t.pick(names));
  for (const _ of t.many(18, () => 0)) {
    const chain = [endpoint(), endpoint(), ...(t.chance(0.2) ? [endpoint()] : [])];
    if (strict && chain.some((name, i) => i > 0 && name === chain[i - 1])) continue;
    const comment = t.chance(0.05) ? `# archlint-disable-next-line ${t.pick(builtinRuleIds)} -- fuzz\n` : '';
    lines.push(`${comment}${chain.join(' -> ')}${attributeBlock(t, edgeAttributes, declared, 4, strict)}`);
  }
  return lines.join('\n') + '\n';
}

/** Up to four edits: a slice deleted, duplicated or replaced by a piece of the language, or one character changed. */
export function mutate(t: Tape, text: string): string {
  let out = text;
  for (const _ of t.many(4, () => 0)) {
    const at = t.int(out.length + 1);
    const length = t.int(Math.min(24, out.length - at) + 1);
    switch (t.int(4)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + length);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at, at + length).repeat(2) + out.slice(at + length);
        break;
      case 2:
        out = out.slice(0, at) + t.pick(pieces) + out.slice(at + length);
        break;
      default:
        out = out.slice(0, at) + String.fromCharCode(t.int(0x3000)) + out.slice(at + 1);
    }
  }
  return out;
}

export const builtinRuleIds: readonly string[] = builtinRegistry.all().map((r) => r.id);
const severities = ['off', 'info', 'warning', 'error', 'fatal', 2];
const presets = ['archlint:recommended', 'archlint:strict', 'archlint:all', 'eslint:recommended'];

/** A value for a rule option like `like`: the same type mostly, at odd values. */
function optionValue(t: Tape, like: unknown): unknown {
  if (t.chance(0.05)) return t.pick([null, 'x', [], {}, true, -1]);
  if (typeof like === 'number') return t.pick([0, 1, 0.5, like, like * 10, -1, 1e9, 1e-9]);
  if (typeof like === 'boolean') return t.chance(0.5);
  if (typeof like === 'string') return t.pick([like, '', 'x']);
  if (Array.isArray(like)) return t.many(3, () => t.pick(['a', 'user_id', '*', '']));
  return like;
}

const selector = (t: Tape): Record<string, unknown> => {
  const s: Record<string, unknown> = {};
  if (t.chance(0.5)) s.kind = t.pick([...kinds, 'widget']);
  if (t.chance(0.3)) s.name = t.pick(['*', 'web*', '', '[', '**/x']);
  if (t.chance(0.2)) s.region = t.pick(['us-*', '*']);
  if (t.chance(0.2)) s.replicas = t.pick([{ gte: 2 }, { lt: 0 }, 3, { eq: 'x' }]);
  if (t.chance(0.1)) s.tags = ['pii'];
  if (t.chance(0.1)) s.not = { kind: 'client' };
  return s;
};

/** An `archlint.config.json`: presets, severities and options of the built-in rules, policies, ignores. */
export function configText(t: Tape): string {
  const config: Record<string, unknown> = {};
  if (t.chance(0.6)) config.extends = t.chance(0.7) ? t.pick(presets) : t.many(3, () => t.pick(presets));
  if (t.chance(0.8)) {
    const rules: Record<string, unknown> = {};
    for (const _ of t.many(6, () => 0)) {
      const rule = t.chance(0.95) ? t.pick(builtinRegistry.all()) : undefined;
      const id = rule?.id ?? t.pick(['nope', 'policy/x', 'plugin/rule']);
      const severity = t.pick(severities);
      const defaults = (rule?.meta.defaultOptions ?? {}) as Record<string, unknown>;
      const keys = Object.keys(defaults);
      if (t.chance(0.5) && (keys.length > 0 || t.chance(0.2))) {
        const options: Record<string, unknown> = {};
        for (const key of t.many(3, () => (keys.length > 0 && t.chance(0.9) ? t.pick(keys) : 'unknownOption')))
          options[key] = optionValue(t, defaults[key] ?? 1);
        rules[id] = [severity, options];
      } else rules[id] = severity;
    }
    config.rules = rules;
  }
  if (t.chance(0.2)) config.ignore = t.many(2, () => t.pick(['**/x.arch', '', '[', 'a/**']));
  if (t.chance(0.3)) {
    config.policies = t.many(3, (i) => {
      const p: Record<string, unknown> = { id: t.chance(0.9) ? `p${i}` : 'Bad Id', where: selector(t) };
      switch (t.int(4)) {
        case 0:
          p.require = { replicas: t.pick([{ gte: 2 }, 2, { lt: 'x' }]) };
          break;
        case 1:
          p.forbid = { from: selector(t), to: selector(t), ...(t.chance(0.5) ? { path: true } : {}) };
          break;
        case 2:
          p['require-path-through'] = { from: selector(t), to: selector(t), through: selector(t) };
          break;
        default:
      }
      if (t.chance(0.3)) p.message = t.pick(['{{name}} is {{kind}}', '{{nope}}', '{{', '']);
      return p;
    });
  }
  if (t.chance(0.05)) config.plugins = { acme: './missing-plugin.js' };
  if (t.chance(0.05)) config.unknownSetting = 1;
  const text = t.chance(0.05) ? JSON.stringify(t.pick([[], 'x', null, 1])) : JSON.stringify(config, null, t.chance(0.5) ? 2 : 0);
  return t.chance(0.25) ? mutate(t, text) : text;
}

/** An `archlint-baseline.json` of up to four findings, some well formed, some not. */
export function baselineText(t: Tape): string {
  const findings = t.many(4, (i) => {
    const f: Record<string, unknown> = {
      fingerprint: t.chance(0.8) ? `${'0123456789abcdef'.repeat(2)}:${t.pick([1, 2, 0])}` : 'x',
      ruleId: t.pick([...builtinRuleIds, '']),
      file: t.pick(['main.arch', 'other.arch', '', '../x.arch']),
      message: `finding ${i}`,
    };
    if (t.chance(0.5)) f.component = t.pick(names);
    if (t.chance(0.05)) f.extra = true;
    return f;
  });
  const doc: Record<string, unknown> = { version: t.chance(0.9) ? 1 : t.pick([2, '1', null]), findings };
  const text = t.chance(0.05) ? t.pick(['[]', '{}', '"x"', '']) : JSON.stringify(doc, null, 2);
  return t.chance(0.25) ? mutate(t, text) : text;
}

/** What-if targets (`eval --fail`): components, regions, zones, `name:N`, and names of nothing. */
export function failTargets(t: Tape, model: string): string[] {
  const declared = [...model.matchAll(/^\s*[a-z]+ ([A-Za-z_][\w-]*)/gm)].map((m) => m[1]!);
  return t.many(3, () => {
    const name = declared.length > 0 && t.chance(0.8) ? t.pick(declared) : t.pick([...names, ...regionNames]);
    switch (t.int(5)) {
      case 0:
        return `${name}:${t.pick([0, 1, 2, 99, -1])}`;
      case 1:
        return `${name}/${t.pick(zoneNames)}`;
      case 2:
        return t.pick(['', ':', '/', 'a:b:c', '*']);
      default:
        return name;
    }
  });
}

/** Commands and flags of the command line, mixed; never one that waits (`lsp`, `--watch`) or starts a browser. */
const argvPieces = [
  'main.arch',
  'missing.arch',
  '.',
  '*.arch',
  '--format',
  'json',
  'sarif',
  'compact',
  'junit',
  'markdown',
  'text',
  '--config',
  'archlint.config.json',
  '--baseline',
  'archlint-baseline.json',
  '--update-baseline',
  '--rule',
  'spof:off',
  'spof:loud',
  '--max-warnings',
  '-1',
  '3',
  '--fail',
  'web',
  'web:2',
  'us-east',
  '--print-defaults',
  '--print-config',
  '--simulate',
  '--requests',
  '1000',
  '--seed',
  '--hide',
  'telemetry,async',
  'bogus',
  '--focus',
  '--hops',
  '--region',
  '--suppressed',
  '--with-eval',
  '-d',
  'TB',
  '--layout',
  'elk',
  '--check',
  '--include-suppressed',
  '--quiet',
  '--verbose',
  '--no-color',
  '--',
  '-',
  '',
  '\u0000',
  '--help',
  '--version',
  '--nope',
];
const commands = ['check', 'eval', 'rules', 'render', 'fmt', 'init', 'drift', 'import', 'nope', ''];

export function argvOf(t: Tape): string[] {
  const argv = [t.pick(commands), ...t.many(6, () => t.pick(argvPieces))];
  // A simulation of the default 200,000 requests is timed by the evaluator's own tests; here, a short one.
  return argv.includes('--simulate') && !argv.includes('--requests') ? [...argv, '--requests', '300'] : argv;
}
