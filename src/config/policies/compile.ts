/**
 * Policies become rules: each entry of the configuration's `policies` (already valid against the
 * schema in schema.ts) is checked for what a schema cannot say — one form per policy, unique ids,
 * thresholds written as the language writes them, placeholders the form has — and compiled into a
 * rule `policy/<id>` with one message, which then runs, is configured, suppressed and reported
 * exactly like a built-in rule.
 */
import { parseValueText } from '../../../grammar/index.js';
import { defineRule, listNames, type Rule, type RuleContext } from '../../engine/rule.js';
import type { Component, Model } from '../../model/model.js';
import { attributesByKind, commonAttributes, isKind, kindAttributes, kinds, type ValueSpec } from '../../model/schema.js';
import { coerce } from '../../model/values.js';
import type { RegisteredRule } from '../../engine/registry.js';
import { durationLiteral, percent, plainNumber } from '../../text/format.js';
import type { SchemaProblem } from '../json.js';
import { pathTo, searchPaths } from '../../graph/paths.js';
import {
  attributeValue,
  compileSelector,
  describeCondition,
  describeSelector,
  holds,
  selectorKeys,
  type Comparison,
  type Condition,
  type Conditions,
  type Selector,
} from './select.js';

export interface PolicyJson {
  id: string;
  description?: string;
  severity?: 'error' | 'warning' | 'info';
  message?: string;
  where?: Selector;
  require?: Conditions;
  forbid?: { from: Selector; to: Selector; path?: boolean };
  'require-path-through'?: { from: Selector; to: Selector; through: Selector };
}

type Form = 'require' | 'forbid' | 'forbidPath' | 'requirePathThrough';

type Match = (c: Component) => boolean;

/** The placeholders of each form's message, and its message when the policy gives none. */
const forms: Readonly<Record<Form, { data: readonly string[]; message: string }>> = {
  require: {
    data: ['policy', 'name', 'kind', 'attribute', 'actual', 'expected'],
    message: '`{{name}}` breaks the policy `{{policy}}`: its `{{attribute}}` is {{actual}}, and the policy requires {{expected}}.',
  },
  forbid: {
    data: ['policy', 'from', 'to'],
    message: 'the policy `{{policy}}` forbids the edge `{{from}} -> {{to}}`.',
  },
  forbidPath: {
    data: ['policy', 'from', 'to', 'path'],
    message: 'the policy `{{policy}}` forbids any request path from `{{from}}` to `{{to}}`, and there is one: {{path}}.',
  },
  requirePathThrough: {
    data: ['policy', 'from', 'to', 'path'],
    message: 'a request path from `{{from}}` to `{{to}}` passes through no component that the policy `{{policy}}` requires on it: {{path}}.',
  },
};

const formOf = (p: PolicyJson): Form | undefined =>
  p.require !== undefined
    ? 'require'
    : p.forbid !== undefined
      ? p.forbid.path === true
        ? 'forbidPath'
        : 'forbid'
      : p['require-path-through'] !== undefined
        ? 'requirePathThrough'
        : undefined;

/** Every attribute's type, by name (a name has one type in every kind that takes it). */
const specs = new Map<string, ValueSpec>();
for (const spec of [...commonAttributes, ...kinds.flatMap((k) => kindAttributes[k])]) if (!specs.has(spec.name)) specs.set(spec.name, spec.value);

/** A value in the model's units, in words for a message. */
function show(spec: ValueSpec | undefined, value: unknown): string {
  if (value === undefined) return 'not set';
  if (typeof value === 'number' && spec) {
    if (spec.type === 'percent') return percent(value);
    if (spec.type === 'duration') return durationLiteral(value);
  }
  if (typeof value === 'number') return plainNumber(value);
  if (Array.isArray(value)) return value.length === 0 ? 'empty' : value.map((v) => `\`${String(v)}\``).join(', ');
  if (typeof value === 'object' && value !== null) {
    const range = value as { min: number; max: number };
    return `\`${range.min}..${range.max}\``;
  }
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

const numericTypes = new Set(['int', 'count', 'percent', 'duration', 'size']);
const operators = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'] as const;

/**
 * Puts a condition's thresholds in the model's units: `"99.9%"`, `"5ms"`, `"20k"` are read as
 * the language reads them; numbers are taken as already in those units. Problems are reported at
 * `at` (the condition's place in the configuration).
 */
function normalise(attribute: string, condition: Condition, at: (string | number)[], problems: SchemaProblem[]): Condition {
  const spec = specs.get(attribute);
  if (!spec || !numericTypes.has(spec.type)) return condition;
  const value = (x: unknown, place: (string | number)[]): unknown => {
    if (typeof x === 'number') {
      if (spec.type === 'percent' && (x < 0 || x > 1))
        problems.push({ segments: place, message: `\`${attribute}\` is compared as a fraction from 0 to 1 here: write ${x / 100} or "${x}%"` });
      return x;
    }
    if (typeof x !== 'string') return x;
    const parsed = parseValueText(x);
    if (!parsed) {
      problems.push({
        segments: place,
        message: `\`${attribute}\` takes a number here, as the language writes it (such as "90%", "5ms" or "20k"), not "${x}"`,
      });
      return x;
    }
    for (const p of parsed.problems) problems.push({ segments: place, message: p.message });
    if (parsed.problems.length > 0) return x;
    const coerced = coerce(attribute, spec, parsed.value);
    if (!coerced.ok) {
      problems.push({ segments: place, message: coerced.message });
      return x;
    }
    return coerced.value;
  };
  if (typeof condition !== 'object' || Array.isArray(condition)) return value(condition, at) as Condition;
  const out: Comparison = { ...condition };
  for (const op of operators) if (condition[op] !== undefined) (out as Record<string, unknown>)[op] = value(condition[op], [...at, op]);
  return out;
}

function normaliseSelector(selector: Selector, at: (string | number)[], problems: SchemaProblem[]): Selector {
  const out: Selector = { ...selector };
  for (const [key, condition] of Object.entries(selector)) {
    if (key === 'not') out.not = normaliseSelector(selector.not!, [...at, 'not'], problems);
    else if (!selectorKeys.includes(key)) out[key] = normalise(key, condition as Condition, [...at, key], problems);
  }
  return out;
}

/** The policy with every threshold in the model's units. */
function normalisePolicy(policy: PolicyJson, at: (string | number)[], problems: SchemaProblem[]): PolicyJson {
  const selector = (s: Selector, place: string[]) => normaliseSelector(s, [...at, ...place], problems);
  const out: PolicyJson = { ...policy };
  if (policy.where) out.where = selector(policy.where, ['where']);
  if (policy.require)
    out.require = Object.fromEntries(
      Object.entries(policy.require).map(([attribute, c]) => [attribute, normalise(attribute, c, [...at, 'require', attribute], problems)]),
    );
  if (policy.forbid)
    out.forbid = { ...policy.forbid, from: selector(policy.forbid.from, ['forbid', 'from']), to: selector(policy.forbid.to, ['forbid', 'to']) };
  const through = policy['require-path-through'];
  if (through) {
    const key = 'require-path-through';
    out[key] = { from: selector(through.from, [key, 'from']), to: selector(through.to, [key, 'to']), through: selector(through.through, [key, 'through']) };
  }
  return out;
}

/** The kinds a selector restricts to, if it does. */
const kindsOf = (s: Selector | undefined): string[] | undefined => (s?.kind === undefined ? undefined : Array.isArray(s.kind) ? s.kind : [s.kind]);

/** An attribute none of the selected kinds takes can never be set: say so rather than never match. */
function checkAttributes(keys: readonly string[], selected: string[] | undefined, at: (string | number)[], problems: SchemaProblem[]): void {
  if (!selected) return;
  for (const key of keys) {
    if (selectorKeys.includes(key) && key !== 'tags') continue;
    if (selected.some((k) => isKind(k) && attributesByKind.get(k)!.has(key))) continue;
    problems.push({ segments: at, key, message: `\`${key}\` is not an attribute of ${listNames(selected)}` });
  }
}

/** A path of component names, short: `a -> b -> c`; a long one (`…` for what is left out) with its length. */
function pathText(names: readonly string[], hops: number): string {
  return `\`${names.join(' -> ')}\`${names.includes('…') ? ` (${hops} hops)` : ''}`;
}

/**
 * The path forms: a finding on each component matching `to` that a request path from one matching
 * `from` reaches (avoiding every component matching `through`, when given), with one such path.
 */
function pathCheck(
  model: Model,
  context: RuleContext<'violation', unknown>,
  data: Record<string, string>,
  from: Match,
  to: Match,
  through: Match | undefined,
): void {
  const components = model.components();
  const graph = context.requestGraph();
  const sources = components.filter((c) => from(c) && !(through && through(c))).map((c) => c.index);
  if (sources.length === 0) return;
  const isTarget = (v: number) => to(components[v]!) && !(through && through(components[v]!));
  const search = searchPaths(graph.succ, sources, isTarget, through ? (v) => through(components[v]!) : undefined);
  for (const c of components) {
    if (search.arrivedFrom[c.index] === -1) continue;
    const path = pathTo(search, c.index, 8);
    const names = path.nodes.map((i) => (i < 0 ? '…' : components[i]!.name));
    context.report({ messageId: 'violation', data: { ...data, from: names[0]!, to: c.name, path: pathText(names, path.hops) }, target: { component: c } });
  }
}

/** One policy as a rule, or the problems that keep it from being one. */
function compile(policy: PolicyJson, index: number, configFile: string, problems: SchemaProblem[]): Rule | undefined {
  const at: (string | number)[] = [index];
  const form = formOf(policy);
  const given = (['require', 'forbid', 'require-path-through'] as const).filter((k) => policy[k] !== undefined);
  if (given.length !== 1 || form === undefined) {
    problems.push({
      segments: at,
      message:
        given.length === 0
          ? `the policy \`${policy.id}\` says nothing to check: give it \`where\` and \`require\`, \`forbid\`, or \`require-path-through\``
          : `a policy takes one of \`require\`, \`forbid\` and \`require-path-through\`; \`${policy.id}\` has ${listNames(given)}`,
    });
    return undefined;
  }
  if (policy.where !== undefined && form !== 'require') {
    problems.push({ segments: at, key: 'where', message: '`where` goes with `require`: `forbid` and `require-path-through` select with `from` and `to`' });
    return undefined;
  }
  const before = problems.length;
  const template = policy.message ?? forms[form].message;
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    if (!forms[form].data.includes(m[1]!))
      problems.push({
        segments: [...at, 'message'],
        message: `\`{{${m[1]!}}}\` is not a placeholder of this policy; it has ${forms[form].data.map((d) => `\`{{${d}}}\``).join(', ')}`,
      });
  }
  const id = `policy/${policy.id}`;
  const data = { policy: policy.id };
  if (form === 'require') {
    checkAttributes(Object.keys(policy.where ?? {}), kindsOf(policy.where), [...at, 'where'], problems);
    checkAttributes(Object.keys(policy.require!), kindsOf(policy.where), [...at, 'require'], problems);
  }
  const p = normalisePolicy(policy, at, problems);
  let check: Rule<'violation'>['check'];
  if (form === 'require') {
    const where = p.where ? compileSelector(p.where) : () => true;
    const requirements = Object.entries(p.require!);
    check = (model, context) => {
      for (const c of model.components()) {
        if (!where(c)) continue;
        for (const [attribute, condition] of requirements) {
          const value = attributeValue(c, attribute);
          if (holds(condition, value)) continue;
          const spec = specs.get(attribute);
          const target = c.attributeSpans.has(attribute) ? { component: c, attribute } : { component: c };
          context.report({
            messageId: 'violation',
            data: { ...data, name: c.name, kind: c.kind, attribute, actual: show(spec, value), expected: describeCondition(condition, (v) => show(spec, v)) },
            target,
          });
        }
      }
    };
  } else if (form === 'forbid') {
    const from = compileSelector(p.forbid!.from);
    const to = compileSelector(p.forbid!.to);
    check = (model, context) => {
      for (const edge of model.edges()) {
        if (from(model.component(edge.from)!) && to(model.component(edge.to)!))
          context.report({ messageId: 'violation', data: { ...data, from: edge.from, to: edge.to }, target: { edge } });
      }
    };
  } else {
    const ends = form === 'forbidPath' ? p.forbid! : p['require-path-through']!;
    const from = compileSelector(ends.from);
    const to = compileSelector(ends.to);
    const through = form === 'requirePathThrough' ? compileSelector(p['require-path-through']!.through) : undefined;
    check = (model, context) => pathCheck(model, context, data, from, to, through);
  }
  if (problems.length > before) return undefined;
  return defineRule<'violation'>({
    id,
    meta: {
      description: policy.description ?? describePolicy(p, form),
      defaultSeverity: policy.severity ?? 'error',
      messages: { violation: template },
      docs: policyDocs(id, policy, policy.description ?? describePolicy(p, form), configFile, index),
      recommended: true,
    },
    check,
  });
}

/** A policy in one line, when it gives no `description`: what it asks, from its selectors and conditions. */
function describePolicy(policy: PolicyJson, form: Form): string {
  const shown = (attribute: string, value: unknown) => show(specs.get(attribute), value);
  const a = (s: Selector) => describeSelector(s, shown);
  switch (form) {
    case 'require': {
      const conditions = Object.entries(policy.require!).map(([attribute, c]) => `\`${attribute}\` ${describeCondition(c, (v) => shown(attribute, v))}`);
      return `Every ${policy.where ? a(policy.where) : 'component'} has ${conditions.join(', and ')}.`;
    }
    case 'forbid':
      return `No edge from a ${a(policy.forbid!.from)} to a ${a(policy.forbid!.to)}.`;
    case 'forbidPath':
      return `No request path from a ${a(policy.forbid!.from)} to a ${a(policy.forbid!.to)}.`;
    case 'requirePathThrough': {
      const p = policy['require-path-through']!;
      return `Every request path from a ${a(p.from)} to a ${a(p.to)} passes through a ${a(p.through)}.`;
    }
  }
}

/** What `archlint rules policy/<id>` prints: the policy as written. */
function policyDocs(id: string, policy: PolicyJson, description: string, configFile: string, index: number): string {
  const lines = [
    `# ${id}`,
    '',
    description,
    '',
    `Defined in \`${configFile}\` (\`policies[${index}]\`):`,
    '',
    '```json',
    JSON.stringify(policy, null, 2),
    '```',
    '',
  ];
  return lines.join('\n');
}

/**
 * The configuration's policies as rules, in the order written. Problems are located relative to
 * `policies` (their segments start with the policy's index).
 */
export function compilePolicies(policies: readonly PolicyJson[], configFile: string): { entries: RegisteredRule[]; problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  const entries: RegisteredRule[] = [];
  const first = new Map<string, number>();
  policies.forEach((policy, i) => {
    const earlier = first.get(policy.id);
    if (earlier !== undefined) {
      problems.push({ segments: [i, 'id'], message: `two policies are named \`${policy.id}\`; the first is \`policies[${earlier}]\`` });
      return;
    }
    first.set(policy.id, i);
    const rule = compile(policy, i, configFile, problems);
    if (rule) entries.push({ rule, origin: { type: 'policy', config: configFile } });
  });
  return { entries, problems };
}
