/**
 * The services a run offers its rules (`RuleServices`): the evaluation, the request graph, its
 * dominator trees and what clients reach. Each is built on first use and kept for the run, so the
 * rules that need one share it and a run whose rules need none builds none. They belong to one
 * run of one model: nothing is cached beyond it.
 */
import { evaluate, type EvaluateOptions, type FlowKind } from '../evaluate/evaluate.js';
import { componentAvailability, figuresFor } from '../evaluate/figures.js';
import { DominatorSolver } from '../graph/dominators.js';
import { reachedFromClients } from '../graph/reach.js';
import { requestGraph } from '../graph/request-graph.js';
import { isRequestEdge, type Model } from '../model/model.js';
import type { RuleServices } from './rule.js';

const LIMITS = [
  ['read', 'read_p99'],
  ['write', 'write_p99'],
  ['static', 'static_p99'],
] as const;

/**
 * What `check` asks of the evaluator: percentiles only for the kinds of flow the budget limits,
 * and only for flows that might exceed their limit; no tier percentiles (no rule reads them).
 */
export function checkEvaluationOptions(model: Model): EvaluateOptions {
  const budget = model.budget?.values ?? {};
  const quantiles = new Set<FlowKind>();
  const quantileLimits = new Map<FlowKind, number>();
  for (const [kind, key] of LIMITS) {
    const limit = budget[key];
    if (limit === undefined) continue;
    quantiles.add(kind);
    quantileLimits.set(kind, limit);
  }
  return { quantiles, quantileLimits, tierQuantiles: false };
}

/** Lazily built services for one model. */
export function createServices(model: Model): RuleServices {
  let evaluation: ReturnType<RuleServices['evaluation']> | undefined;
  let figures: ReturnType<typeof figuresFor> | undefined;
  let graph: ReturnType<RuleServices['requestGraph']> | undefined;
  let solver: DominatorSolver | undefined;
  const reached = new Map<string, Uint8Array>();
  let sized: Map<string, number> | undefined;
  const services: RuleServices = {
    evaluation: () => (evaluation ??= evaluate(model, checkEvaluationOptions(model))),
    instances: (component) => {
      if (!component.attrs.autoscale) return component.attrs.replicas;
      sized ??= new Map(services.evaluation().tiers.map((t) => [t.component, t.replicas]));
      return sized.get(component.name) ?? component.attrs.autoscale.min;
    },
    componentAvailability: (component) =>
      componentAvailability((figures ??= evaluation?.figures ?? figuresFor(model)), component, services.instances(component)),
    requestGraph: () => (graph ??= requestGraph(model)),
    dominatorTree: (root) => {
      const g = services.requestGraph();
      solver ??= new DominatorSolver(g.succ, g.pred);
      return solver.solve(root.index);
    },
    reached: (along) => {
      let found = reached.get(along);
      if (!found) {
        const follow =
          along === 'edges' ? () => true : along === 'requests' ? isRequestEdge : (e: Parameters<typeof isRequestEdge>[0]) => isRequestEdge(e) && !e.async;
        found = reachedFromClients(model, follow, along === 'edges');
        reached.set(along, found);
      }
      return found;
    },
  };
  return services;
}
