/**
 * Runs rules over a model and turns their reports into diagnostics. A rule that throws becomes a
 * finding that names it, never a crash of the whole run.
 */
import type { Span } from '../../grammar/ast.js';
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Model } from '../model/model.js';
import { formatMessage, type Report, type Rule, type Target } from './rule.js';

/** How one rule is configured: `off`, or a severity and options (merged over the defaults). */
export interface RuleSetting {
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

export type RuleSettings = ReadonlyMap<string, RuleSetting>;

export interface RunResult {
  diagnostics: Diagnostic[];
  /** Ids of rules that threw. */
  crashed: string[];
}

const zeroSpan: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** Where a target is: file, span and the component it concerns. */
export function locate(model: Model, target: Target): { file: string; span: Span; component?: string } {
  if ('span' in target) {
    return { file: target.file, span: target.span, ...(target.componentName !== undefined ? { component: target.componentName } : {}) };
  }
  if ('component' in target) {
    const c = target.component;
    const span = (target.attribute !== undefined ? c.attributeSpans.get(target.attribute) : undefined) ?? c.nameSpan;
    return { file: c.file, span, component: c.name };
  }
  if ('edge' in target) {
    const e = target.edge;
    const span = (target.attribute !== undefined ? e.attributeSpans.get(target.attribute) : undefined) ?? e.span;
    return { file: e.file, span };
  }
  const block = target.block === 'workload' ? model.workload : target.block === 'budget' ? model.budget : model.latency;
  if (!block) return { file: model.files[0] ?? '', span: zeroSpan };
  const span = (target.attribute !== undefined ? block.spans.get(target.attribute) : undefined) ?? block.span;
  return { file: block.file, span };
}

/** Shallow merge of options over defaults: one pure function, used everywhere options are read. */
export function mergeOptions<O>(defaults: O, options: Record<string, unknown> | undefined): O {
  return options ? ({ ...defaults, ...options } as O) : defaults;
}

export function effectiveSeverity(rule: Rule, setting: RuleSetting | undefined): Severity | 'off' {
  return setting?.severity ?? rule.meta.defaultSeverity;
}

export function runRules(model: Model, rules: readonly Rule[], settings: RuleSettings = new Map()): RunResult {
  const diagnostics: Diagnostic[] = [];
  const crashed: string[] = [];
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    const severity = effectiveSeverity(rule, setting);
    if (severity === 'off') continue;
    const options = mergeOptions(rule.meta.defaultOptions, setting?.options);
    const found: Diagnostic[] = [];
    const context = {
      options,
      report(report: Report<string>) {
        const template = rule.meta.messages[report.messageId];
        if (template === undefined) throw new Error(`rule ${rule.id} has no message \`${report.messageId}\``);
        const where = locate(model, report.target);
        const messageSeverity = setting?.severity === undefined ? (report.severity ?? rule.meta.messageSeverity?.[report.messageId]) : undefined;
        found.push({
          ruleId: rule.id,
          severity: messageSeverity ?? severity,
          message: formatMessage(template, report.data),
          file: where.file,
          span: where.span,
          ...(where.component !== undefined ? { component: where.component } : {}),
          messageId: report.messageId,
        });
      },
    };
    try {
      rule.check(model, context);
      diagnostics.push(...found);
    } catch (error) {
      crashed.push(rule.id);
      const detail = error instanceof Error ? error.message : String(error);
      diagnostics.push({
        ruleId: rule.id,
        severity: 'error',
        message: `rule \`${rule.id}\` failed on this model and was skipped: ${detail}. This is a bug in archlint; please report it with the file.`,
        file: model.files[0] ?? '',
        span: zeroSpan,
      });
    }
  }
  return { diagnostics, crashed };
}
