/**
 * The rule contract: what a rule is, and everything a rule may use. A rule is static metadata
 * and one `check` function over the model; it reports findings through its context, with message
 * templates from its metadata and data that are values (names, counts, figures), never sentences
 * built in code. Rules import this module and the model's types, nothing else: the graph and
 * evaluator results they need come from the context's services, built once per run.
 *
 * Built-in rules (rules/) and plugin rules are written the same way, with `defineRule`.
 */
import type { Span } from '../../grammar/ast.js';
import type { Severity } from '../diagnostics.js';
import type { Evaluation } from '../evaluate/evaluate.js';
import type { DominatorTree } from '../graph/dominators.js';
import type { RequestGraph } from '../graph/request-graph.js';
import { productName, type Component, type Edge, type Model } from '../model/model.js';

import { hitRatios, managedBackups } from '../model/figures.js';
import { grouped } from '../text/format.js';
export type { Severity } from '../diagnostics.js';
export type { Evaluation, FlowKind, FlowResult, TierResult } from '../evaluate/evaluate.js';
export type { Csr, DominatorTree } from '../graph/dominators.js';
export type { RequestGraph } from '../graph/request-graph.js';
export type { Component, Edge, Model, Region } from '../model/model.js';
export type { UnusedMessageId } from './suppressions.js';

/** Formatters for message data, so that rules write numbers and names as the rest of archlint does. */
export { listNames, plural } from '../text/names.js';
export * as format from '../text/format.js';

/** A JSON Schema (draft-07) for a rule's options object. */
export type OptionsSchema = Record<string, unknown>;

export interface RuleMeta<MessageId extends string, Options> {
  /** One line, for `archlint rules`, hover and SARIF. */
  description: string;
  /** The chapter principle or the review concern the rule serves, in a sentence or two (the README's catalogue). */
  serves?: string;
  defaultSeverity: Severity;
  /** Templates with `{{placeholders}}`, by message id: one per outcome the rule reports. */
  messages: Record<MessageId, string>;
  /**
   * The one place for per-message defaults: the severity of particular messages while the rule
   * runs at its default severity (a shard key missing outright is an error where the rest of
   * `bad-shard-key` warns). A severity the user configures always wins.
   */
  messageSeverity?: Partial<Record<MessageId, Severity>>;
  /** JSON Schema of the options object; every option given is validated against it. */
  schema: OptionsSchema;
  /** The options a rule runs with when none are given; given options are merged over a copy. */
  defaultOptions: Options;
  /** When some findings take another severity by default, in a few words ("error without a shard key"). */
  severityNote?: string;
  /** Part of `archlint:recommended` (default true); every rule is in `archlint:all`. */
  recommended?: boolean;
  /**
   * The rule's documentation as Markdown, for `archlint rules <id>` and SARIF's help (plugin
   * rules; the built-in rules' pages are docs/rules/<id>.md).
   */
  docs?: string;
  /** Where the documentation is published (plugin rules). */
  url?: string;
}

/** What a finding is anchored to: its position, and the component it is about. */
export type Target =
  | { component: Component; attribute?: string }
  | { edge: Edge; attribute?: string }
  | { block: 'workload' | 'budget' | 'latency'; attribute?: string }
  | { file: string; span: Span; componentName?: string };

export interface Report<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  target: Target;
  /**
   * This finding's severity while the rule runs at its default, when it depends on the model
   * itself (information while a system is small, a warning once it is large). Per-message
   * defaults belong in `meta.messageSeverity`. A severity the user configures always wins.
   */
  severity?: Severity;
}

/** What the evaluator and the graph know of the model, computed on first use and shared by every rule of a run. */
export interface RuleServices {
  /**
   * The evaluator's flows and tiers under the model's workload. Percentiles are computed only for
   * the kinds of flow the budget limits, and only where they might exceed the limit (elsewhere
   * `p50_ms`/`p99_ms` are `null`); tiers carry no p99.
   */
  evaluation(): Evaluation;
  /**
   * Availability of one component as the evaluator counts it: its instances fail over to each
   * other; a managed one is as available as its provider, and never less than its instances.
   */
  componentAvailability(component: Component): number;
  /** Instances a component runs under the workload: `replicas`, or for an autoscaled tier what its load needs within its range. */
  instances(component: Component): number;
  /** Components by index, joined by the edges that carry requests (and each service's link to its session store). */
  requestGraph(): RequestGraph;
  /** The dominator tree of the request graph from `root`. Its arrays are reused: valid until the next call. */
  dominatorTree(root: Component): DominatorTree;
  /**
   * `reached[component.index]` is 1 for every component some client reaches (clients included),
   * following every edge, only request edges, or only synchronous request edges; each service
   * also reaches its session store, and along every edge each queue reaches its `dead_letter`.
   */
  reached(along: 'edges' | 'requests' | 'synchronous'): Uint8Array;
}

export interface RuleContext<MessageId extends string, Options> extends RuleServices {
  readonly options: Options;
  report(report: Report<MessageId>): void;
}

export interface Rule<MessageId extends string = string, Options = unknown> {
  /** The id findings carry: for a built-in rule, its file name in rules/ (a test checks it); for a plugin's, `<plugin>/<name>`. */
  id: string;
  meta: RuleMeta<MessageId, Options>;
  check(model: Model, context: RuleContext<MessageId, Options>): void;
}

/** What `defineRule` takes: a rule whose schema and default options may be left out when it has no options. */
export interface RuleDefinition<MessageId extends string, Options> {
  /** Built-in rules name themselves; a plugin's rules are named by the key they are exported under (if given, it must be that key). */
  id?: string;
  meta: Omit<RuleMeta<MessageId, Options>, 'schema' | 'defaultOptions'> & Partial<Pick<RuleMeta<MessageId, Options>, 'schema' | 'defaultOptions'>>;
  check(model: Model, context: RuleContext<MessageId, Options>): void;
}

/** A rule that takes no options. */
/**
 * The share of reads a cache (or CDN) answers: its own `hit_ratio`, else the model's
 * `cache_hit_ratio` (or `cdn_hit_ratio`) in its \`latency { }\` block, else the evaluator's default.
 */
export function hitRatioOf(model: Model, c: Component): number {
  const key = c.kind === 'cdn' ? 'cdn_hit_ratio' : 'cache_hit_ratio';
  return c.attrs.hit_ratio ?? model.latency?.values[key] ?? hitRatios.find((f) => f.key === key)!.value;
}

/**
 * Where a managed database's automated backups come from, when its provider backs up its engine
 * by default (RDS, Aurora, Spanner, …); undefined otherwise (DynamoDB, for one, keeps no
 * point-in-time backups unless asked).
 */
export function providerBackups(c: Component): string | undefined {
  if (!c.attrs.managed || c.kind !== 'database') return undefined;
  const engine = productName(c.attrs.engine);
  return engine === undefined ? undefined : managedBackups.find((b) => b.engines.includes(engine))?.source;
}

/** Options of the rules that speak differently to a large system: the thresholds it is large from. */
export interface SizeOptions {
  /** Daily active users from which a system is large. */
  dau: number;
  /** Peak requests per second from which a system is large. */
  rps: number;
}
export const sizeOptionsSchema = { dau: { type: 'number', minimum: 0 }, rps: { type: 'number', minimum: 0 } } as const;
export const defaultSizeOptions: SizeOptions = { dau: 1_000_000, rps: 1_000 };

/**
 * Whether the model's workload makes the system large (its `dau` or its `rps` at the threshold),
 * and its size in words: the figure that makes it large, else the one written
 * (`5,000,000 daily users`, `20,000 requests a second at peak`); no text without a workload.
 */
export function systemSize(model: Model, options: SizeOptions): { large: boolean; text?: string } {
  const w = model.workload?.values;
  if (!w) return { large: false };
  const byDau = (w.dau ?? 0) >= options.dau;
  const byRps = (w.rps ?? 0) >= options.rps;
  const dau = `${grouped(w.dau ?? 0)} daily users`;
  const rps = `${grouped(w.rps ?? 0)} requests a second at peak`;
  const text = byDau ? dau : byRps ? rps : w.dau !== undefined ? dau : w.rps !== undefined ? rps : undefined;
  return { large: byDau || byRps, ...(text !== undefined ? { text } : {}) };
}

export const noOptions: OptionsSchema = { type: 'object', properties: {}, additionalProperties: false };

/**
 * Defines a rule. Without a `schema` the rule takes no options; without `defaultOptions` it
 * starts from none. The id is filled in when the rule is registered (a plugin's rules by the key
 * they are exported under).
 */
export function defineRule<MessageId extends string, Options = Record<string, never>>(
  definition: RuleDefinition<MessageId, Options>,
): Rule<MessageId, Options> {
  return {
    id: definition.id ?? '',
    meta: { ...definition.meta, schema: definition.meta.schema ?? noOptions, defaultOptions: definition.meta.defaultOptions ?? ({} as Options) },
    check: (model, context) => definition.check(model, context),
  };
}

/** Fills `{{name}}` placeholders; an unknown placeholder is a programmer error and throws. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!Object.hasOwn(data, key)) throw new Error(`message placeholder {{${key}}} has no data`);
    return String(data[key]);
  });
}
