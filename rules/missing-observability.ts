/**
 * missing-observability: no monitoring at all, a monitoring component that lacks logs or metrics,
 * or a service or worker that sends its telemetry to no monitoring component that collects both.
 * Information while the system is small, a warning once the workload is large (by daily users or
 * requests per second). One pass over the components and each one's out-edges.
 */
import { defineRule, listNames, type Severity } from '../src/engine/rule.js';
import type { Component } from '../src/model/model.js';

/**
 * No monitoring; a monitoring component missing logs, metrics or both; a service or worker whose
 * telemetry reaches no monitoring component that collects both (none at all, or only ones that
 * lack one or the other).
 */
type MessageId = 'noMonitoring' | 'noLogs' | 'noMetrics' | 'noLogsNoMetrics' | 'notConnected' | 'notConnectedToPartial' | 'notConnectedToPartials';

const incomplete = (missing: string, flags: string) =>
  `\`{{name}}\` collects no ${missing}: monitoring needs both logs, to find and diagnose errors, and metrics, to see the health of hosts and tiers. Add ${flags}.`;
const notConnected = (detail: string) =>
  `\`{{name}}\` sends its logs and metrics to no monitoring component that collects both${detail}: its errors and load go unseen. Add an edge \`{{name}} -> {{ops}}\`.`;

export interface Options {
  /** From this many daily active users, missing observability is a warning. */
  dau: number;
  /** From this many requests per second, missing observability is a warning. */
  rps: number;
}

const complete = (c: Component): boolean => c.attrs.logging === true && c.attrs.metrics === true;

export default defineRule<MessageId, Options>({
  id: 'missing-observability',
  meta: {
    serves: 'Chapter: logging, metrics and automation.',
    description: 'No monitoring, monitoring without logs or metrics, or services and workers whose logs and metrics go nowhere.',
    defaultSeverity: 'warning',
    severityNote: 'info while dau < 1M and rps < 1k',
    messages: {
      noMonitoring:
        'the system has no `monitoring` component: without collected logs and metrics, errors and overloaded tiers go unnoticed until users complain. Add one (`monitoring ops { logging, metrics, alerting }`) and an edge to it from each service and worker.',
      noLogs: incomplete('logs', '`logging`'),
      noMetrics: incomplete('metrics', '`metrics`'),
      noLogsNoMetrics: incomplete('logs and no metrics', '`logging` and `metrics`'),
      notConnected: notConnected(''),
      notConnectedToPartial: notConnected(' ({{partial}} lacks logs or metrics)'),
      notConnectedToPartials: notConnected(' ({{partial}} lack logs or metrics)'),
    },
    schema: {
      type: 'object',
      properties: {
        dau: { type: 'number', minimum: 0 },
        rps: { type: 'number', minimum: 0 },
      },
      additionalProperties: false,
    },
    defaultOptions: { dau: 1_000_000, rps: 1000 },
  },
  check(model, context) {
    const components = model.components();
    if (components.length === 0) return;
    const values = model.workload?.values;
    const large = values !== undefined && ((values.dau ?? 0) >= context.options.dau || (values.rps ?? 0) >= context.options.rps);
    const severity: Severity = large ? 'warning' : 'info';

    const monitors = components.filter((c) => c.kind === 'monitoring');
    if (monitors.length === 0) {
      const target = model.workload ? { block: 'workload' as const } : { component: components[0]! };
      context.report({ messageId: 'noMonitoring', target, severity });
      return;
    }

    for (const m of monitors) {
      if (complete(m)) continue;
      const messageId = !m.attrs.logging && !m.attrs.metrics ? 'noLogsNoMetrics' : !m.attrs.logging ? 'noLogs' : 'noMetrics';
      context.report({ messageId, data: { name: m.name }, target: { component: m }, severity });
    }

    const ops = (monitors.find(complete) ?? monitors[0]!).name;
    for (const c of components) {
      if (c.kind !== 'service' && c.kind !== 'worker') continue;
      const partial = new Set<string>();
      let connected = false;
      for (const edge of model.outEdges(c.name)) {
        const to = model.component(edge.to)!;
        if (to.kind !== 'monitoring') continue;
        if (complete(to)) {
          connected = true;
          break;
        }
        partial.add(to.name);
      }
      if (connected) continue;
      const messageId = partial.size === 0 ? 'notConnected' : partial.size === 1 ? 'notConnectedToPartial' : 'notConnectedToPartials';
      context.report({ messageId, data: { name: c.name, ops, partial: listNames([...partial]) }, target: { component: c }, severity });
    }
  },
});
