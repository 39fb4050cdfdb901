/**
 * The one shape every problem takes, from a syntax error to a rule finding.
 * Positions are `Span`s (1-based lines and columns, exclusive end), converted from Chevrotain's
 * coordinates once, in grammar/ast-builder.ts.
 */
import type { Span } from '../grammar/ast.js';

export type { Span } from '../grammar/ast.js';

export type Severity = 'error' | 'warning' | 'info';

export const severityOrder: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Rule ids of the compiler's own checks (as opposed to the rules in rules/). */
export const compilerRuleIds = {
  syntax: 'syntax',
  import: 'import',
  kind: 'unknown-kind',
  attribute: 'unknown-attribute',
  value: 'invalid-value',
  duplicate: 'duplicate-name',
  reference: 'reference',
  structure: 'structure',
  share: 'share-sum',
  config: 'config',
  baseline: 'baseline',
} as const;

export type CompilerRuleId = (typeof compilerRuleIds)[keyof typeof compilerRuleIds];

export interface Diagnostic {
  /** A rule's id, or one of `compilerRuleIds` for syntax and meaning errors. */
  ruleId: string;
  severity: Severity;
  message: string;
  /** The file the problem is in, as the loader names it (the path as given, joined with import paths). */
  file: string;
  span: Span;
  /** The component the finding is about, when it is about one. */
  component?: string;
  /** The rule's message template id, for rule findings. */
  messageId?: string;
  /** Set when a suppression comment silenced the finding. */
  suppressed?: { reason?: string };
  /** Other places the finding is about (drift: the design's line for a deployment's finding), each with what it is. */
  related?: readonly RelatedLocation[];
}

export interface RelatedLocation {
  file: string;
  span: Span;
  message: string;
}

/** Stable order: file, then position, then rule id, then message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.span.start.line - b.span.start.line ||
    a.span.start.column - b.span.start.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
