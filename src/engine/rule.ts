/**
 * What a rule is: static metadata and one `check` function over the model. Rules never build
 * message strings by hand (templates live in `meta.messages`) and never see syntax.
 */
import type { Span } from '../../grammar/ast.js';
import type { Severity } from '../diagnostics.js';
import type { Component, Edge, Model } from '../model/model.js';

/** A JSON Schema (draft 2020-12 subset) for a rule's options. */
export type OptionsSchema = Record<string, unknown>;

export interface RuleMeta<MessageId extends string, Options> {
  /** One line, for `archlint rules` and SARIF. */
  description: string;
  defaultSeverity: Severity;
  /** Templates with `{{placeholders}}`, by message id. */
  messages: Record<MessageId, string>;
  /**
   * Severity of particular messages while the rule runs at its default severity (e.g. a shard key
   * that is missing outright is an error where the rest of `bad-shard-key` warns).
   */
  messageSeverity?: Partial<Record<MessageId, Severity>>;
  /** JSON Schema of the options object. */
  schema: OptionsSchema;
  defaultOptions: Options;
  /** When some findings take another severity by default, in a few words ("error without a shard key"). */
  severityNote?: string;
  /** Part of `archlint:recommended` (default true); every rule is in `archlint:all`. */
  recommended?: boolean;
}

/** What a finding is anchored to. */
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
   * This finding's severity while the rule runs at its default severity (e.g. info for a small
   * system, warning for a large one). A severity the user configures always wins.
   */
  severity?: Severity;
}

export interface RuleContext<MessageId extends string, Options> {
  readonly options: Options;
  report(report: Report<MessageId>): void;
}

export interface Rule<MessageId extends string = string, Options = unknown> {
  /** Equals the rule's file name in rules/ (a test checks it). */
  id: string;
  meta: RuleMeta<MessageId, Options>;
  check(model: Model, context: RuleContext<MessageId, Options>): void;
}

export function defineRule<MessageId extends string, Options = Record<string, never>>(rule: Rule<MessageId, Options>): Rule<MessageId, Options> {
  return rule;
}

/** Fills `{{name}}` placeholders; an unknown placeholder is a programmer error and throws. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!Object.hasOwn(data, key)) throw new Error(`message placeholder {{${key}}} has no data`);
    return String(data[key]);
  });
}

/** Formatters for message data, so that rules write numbers and names as the rest of archlint does. */
export { listNames, plural } from '../text/names.js';
export * as format from '../text/format.js';
