/**
 * The cells of the evaluator's tables, shared by `archlint eval` (src/report/eval.ts) and the HTML
 * report (src/render/html-report.ts), so that both show a flow's note and a tier's figures alike.
 */
import { grouped, tableMs } from './format.js';

/** What a flow's note is made of (the evaluator's FlowResult has it; text/ is a leaf and imports no stage). */
export interface FlowNoteSource {
  broken?: true;
  saturated?: string[];
  failover?: string;
  bottleneck?: string;
}

/** What a tier's cells are made of (the evaluator's TierResult has it). */
export interface TierCellSource {
  replicas: number;
  autoscale?: { min: number; max: number };
  rps: number;
  utilization: number;
  saturated: boolean;
  wait_ms: number | null;
  response_ms: number | null;
  hold_ms?: number | null;
  p99_ms: number | null;
}

/** A flow's note: broken or saturated, where it failed over to, and its slowest tier. */
export function flowNote(f: FlowNoteSource): string {
  return [
    f.broken ? 'broken' : f.saturated ? `saturated at ${f.saturated.join(', ')}` : '',
    f.failover ? `fails over to ${f.failover}` : '',
    f.bottleneck && !f.saturated && !f.broken ? `slowest: ${f.bottleneck}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** A tier's figures after its name: c, λ, ρ, wait, response, (held,) p99. */
export function tierCells(t: TierCellSource, held: boolean): string[] {
  return [
    t.autoscale ? `${t.replicas} of ${t.autoscale.min}..${t.autoscale.max}` : String(t.replicas),
    grouped(t.rps),
    t.saturated ? `${Math.round(t.utilization * 100)}% saturated` : `${(t.utilization * 100).toFixed(t.utilization < 0.1 ? 1 : 0)}%`,
    tableMs(t.wait_ms),
    tableMs(t.response_ms),
    ...(held ? [t.hold_ms === undefined ? '' : tableMs(t.hold_ms)] : []),
    tableMs(t.p99_ms),
  ];
}
