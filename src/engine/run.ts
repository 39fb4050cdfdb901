/**
 * Runs rules over a model and turns their reports into diagnostics. A rule that throws becomes a
 * finding that names it, never a crash of the whole run. Every rule of a run shares one set of
 * services (services.ts), so the evaluation and the graphs are built at most once.
 */
import type { Span } from '../../grammar/ast.js';
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Model } from '../model/model.js';
import { describeOptionErrors, resolveOptions } from './options.js';
import { formatMessage, type Report, type Rule, type RuleServices, type Target } from './rule.js';
import { createServices } from './services.js';
import { pushAll } from '../arrays.js';

/** How one rule is configured: `off`, or a severity, and options (merged over the rule's defaults). */
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

export const zeroSpan: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

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

/** The severity a rule runs at: the configured one, else its default (`off`: it does not run). */
export function ruleSeverity(rule: Rule, setting: RuleSetting | undefined): Severity | 'off' {
  return setting?.severity ?? rule.meta.defaultSeverity;
}

/**
 * The severity of one finding. A severity the user configured wins; otherwise the finding's own
 * (one that depends on the model), else its message's default (`meta.messageSeverity`), else the
 * rule's default.
 */
export function findingSeverity(rule: Rule, setting: RuleSetting | undefined, report: Pick<Report<string>, 'messageId' | 'severity'>): Severity {
  if (setting?.severity !== undefined && setting.severity !== 'off') return setting.severity;
  return report.severity ?? rule.meta.messageSeverity?.[report.messageId] ?? rule.meta.defaultSeverity;
}

/**
 * The options a rule runs with under `setting`. Options that do not match the rule's schema are a
 * mistake of the caller (configuration files are validated before they get here) and throw.
 */
export function ruleOptions(rule: Rule, setting: RuleSetting | undefined): unknown {
  const resolved = resolveOptions(rule, setting?.options);
  if (!resolved.ok) throw new TypeError(`invalid options for rule \`${rule.id}\`: ${describeOptionErrors(resolved.errors)}`);
  return resolved.options;
}

/** A finding of `rule` from one of its reports. */
export function toDiagnostic(model: Model, rule: Rule, setting: RuleSetting | undefined, report: Report<string>): Diagnostic {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} has no message \`${report.messageId}\``);
  const where = locate(model, report.target);
  return {
    ruleId: rule.id,
    severity: findingSeverity(rule, setting, report),
    message: formatMessage(template, report.data),
    file: where.file,
    span: where.span,
    ...(where.component !== undefined ? { component: where.component } : {}),
    messageId: report.messageId,
  };
}

export function runRules(model: Model, rules: readonly Rule[], settings: RuleSettings = new Map(), services: RuleServices = createServices(model)): RunResult {
  const diagnostics: Diagnostic[] = [];
  const crashed: string[] = [];
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    if (ruleSeverity(rule, setting) === 'off') continue;
    const options = ruleOptions(rule, setting);
    const found: Diagnostic[] = [];
    const context = { ...services, options, report: (report: Report<string>) => void found.push(toDiagnostic(model, rule, setting, report)) };
    try {
      rule.check(model, context);
      pushAll(diagnostics, found);
    } catch (error) {
      crashed.push(rule.id);
      const detail = error instanceof Error ? error.message : String(error);
      const plugin = rule.id.includes('/') && !rule.id.startsWith('policy/') ? rule.id.slice(0, rule.id.indexOf('/')) : undefined;
      const blame =
        plugin !== undefined ? `This is a bug in the plugin \`${plugin}\`, not in the model.` : 'This is a bug in archlint; please report it with the file.';
      diagnostics.push({
        ruleId: rule.id,
        severity: 'error',
        message: `rule \`${rule.id}\` failed on this model and was skipped: ${detail}. ${blame}`,
        file: model.files[0] ?? '',
        span: zeroSpan,
      });
    }
  }
  return { diagnostics, crashed };
}
