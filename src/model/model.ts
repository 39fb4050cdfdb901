/**
 * The model: one graphlib graph of components and edges, plus the workload, budget and latency
 * blocks. Rules and the evaluator read only this; they never see syntax.
 *
 * Units: ratios are fractions in 0..1 (`90%` → 0.9), durations milliseconds, sizes bytes, counts
 * plain numbers (`20k` → 20000).
 */
import { Graph } from '@dagrejs/graphlib';
import type { Span } from '../../grammar/ast.js';
import type { Kind } from './kinds.js';

export { consumerKinds, durableStoreKinds, productName } from './kinds.js';
import type { ComponentAttributes, EdgeAttributeValues, SettingsKey } from './schema.js';

export type { Kind } from './kinds.js';
/** A component's attributes with defaults applied; derived from the attribute tables (schema.ts). */
export type { ComponentAttributes } from './schema.js';

export interface Component {
  readonly name: string;
  readonly kind: Kind;
  readonly label?: string;
  /** The region it is declared in, if any. */
  readonly region?: string;
  readonly attrs: Readonly<ComponentAttributes>;
  /** The file it is declared in. */
  readonly file: string;
  /** The whole declaration. */
  readonly span: Span;
  readonly nameSpan: Span;
  /** Where each attribute the user wrote is, by attribute name. */
  readonly attributeSpans: ReadonlyMap<string, Span>;
  /** Declaration order across the model: the root file first, then imported files depth-first. */
  readonly index: number;
}

export interface Edge {
  /** Declaration order across the model; also the graphlib edge name. */
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly reads: boolean;
  readonly writes: boolean;
  readonly static: boolean;
  readonly async: boolean;
  /** Carries logs or metrics: an edge into a `monitoring` component, or marked `telemetry`. */
  readonly telemetry: boolean;
  readonly replication?: EdgeAttributeValues['replication'];
  readonly rps?: number;
  readonly latency?: number;
  /** Fraction (0..1] of the caller's requests that take this edge. */
  readonly share?: number;
  /** Calls each request makes along this edge, in parallel (≥ 1). */
  readonly fanout?: number;
  /** How long the caller waits before it gives up on the call, ms. */
  readonly timeout?: number;
  /** Times the caller tries again after a failed call. */
  readonly retries?: number;
  readonly backoff?: EdgeAttributeValues['backoff'];
  /** The caller stops calling (fails fast) once most calls fail. */
  readonly circuitBreaker?: true;
  /** The response does not need the call: its failure degrades the answer, not the flow. */
  readonly optional?: true;
  readonly label?: string;
  readonly file: string;
  /** The hop: from the `from` name to the `to` name, within its statement. */
  readonly span: Span;
  readonly attributeSpans: ReadonlyMap<string, Span>;
}

export interface Region {
  readonly name: string;
  readonly label?: string;
  readonly file: string;
  readonly span: Span;
  /** Component names in declaration order. */
  readonly components: readonly string[];
  /** Its availability zones (`zones: [a, b, c]`), when it declares them. */
  readonly zones?: readonly string[];
  /** Where `zones` is written, and in which file (a region may be reopened in another). */
  readonly zonesSpan?: Span;
  readonly zonesFile?: string;
}

/** A `workload`, `budget` or `latency` block: values by key, normalised, with their spans. */
export interface SettingsBlock<Keys extends string> {
  readonly file: string;
  readonly span: Span;
  readonly values: Readonly<Partial<Record<Keys, number>>>;
  readonly spans: ReadonlyMap<string, Span>;
}

export type Workload = SettingsBlock<SettingsKey<'workload'>>;
export type Budget = SettingsBlock<SettingsKey<'budget'>>;
export type LatencyOverrides = SettingsBlock<SettingsKey<'latency'>>;

/** Whether a request edge carries writes: it says `writes`, or says nothing of what it carries (ordinary requests). */
export function carriesWrites(edge: Edge): boolean {
  return edge.writes || (!edge.reads && !edge.static && !edge.async && !edge.attributeSpans.has('writes'));
}

/** Whether an edge carries client requests (not telemetry, not replication). */
export function isRequestEdge(edge: Edge): boolean {
  return !edge.telemetry && edge.replication === undefined;
}

/** Fewest instances the component runs with: the autoscale minimum when it autoscales; a database's standbys too. */
export function minInstances(component: Component): number {
  const running = component.attrs.autoscale ? component.attrs.autoscale.min : component.attrs.replicas;
  return running + (component.kind === 'database' ? (component.attrs.standby ?? 0) : 0);
}

/**
 * The zones a component's instances are spread over: its own `zones`, else its region's; none
 * outside a region or in a region that declares none.
 */
export function zonesOf(model: Model, component: Component): readonly string[] {
  if (component.attrs.zones) return component.attrs.zones;
  return component.region !== undefined ? (model.region(component.region)?.zones ?? []) : [];
}

/** graphlib stores nodes in plain objects, so names like `__proto__` get a prefix. */
const nodeId = (name: string): string => `:${name}`;

export interface ModelParts {
  title?: string;
  files: string[];
  components: Component[];
  edges: Edge[];
  regions: Region[];
  workload?: Workload;
  budget?: Budget;
  latency?: LatencyOverrides;
}

export class Model {
  readonly title?: string;
  /** Every file of the model, the root first. */
  readonly files: readonly string[];
  readonly workload?: Workload;
  readonly budget?: Budget;
  readonly latency?: LatencyOverrides;
  /** Multigraph: node ids are `nodeIdOf(name)`, edge names are `String(edge.id)`; labels are the Component and Edge. */
  readonly graph: Graph;

  private readonly byName = new Map<string, Component>();
  private readonly componentList: readonly Component[];
  private readonly edgeList: readonly Edge[];
  private readonly regionList: readonly Region[];
  private readonly out = new Map<string, Edge[]>();
  private readonly in = new Map<string, Edge[]>();
  private readonly hostList = new Map<string, Component[]>();

  constructor(parts: ModelParts) {
    if (parts.title !== undefined) this.title = parts.title;
    this.files = parts.files;
    if (parts.workload) this.workload = parts.workload;
    if (parts.budget) this.budget = parts.budget;
    if (parts.latency) this.latency = parts.latency;
    this.componentList = parts.components;
    this.edgeList = parts.edges;
    this.regionList = parts.regions;
    this.graph = new Graph({ directed: true, multigraph: true });
    for (const c of parts.components) {
      this.byName.set(c.name, c);
      this.graph.setNode(nodeId(c.name), c);
      this.out.set(c.name, []);
      this.in.set(c.name, []);
      const host = c.attrs.host;
      if (host !== undefined) {
        const on = this.hostList.get(host);
        if (on) on.push(c);
        else this.hostList.set(host, [c]);
      }
    }
    for (const e of parts.edges) {
      this.graph.setEdge(nodeId(e.from), nodeId(e.to), e, String(e.id));
      this.out.get(e.from)!.push(e);
      this.in.get(e.to)!.push(e);
    }
  }

  static nodeIdOf(name: string): string {
    return nodeId(name);
  }

  /** Components in declaration order. */
  components(): readonly Component[] {
    return this.componentList;
  }

  component(name: string): Component | undefined {
    return this.byName.get(name);
  }

  ofKind(kind: Kind): Component[] {
    return this.componentList.filter((c) => c.kind === kind);
  }

  /** Edges in declaration order. */
  edges(): readonly Edge[] {
    return this.edgeList;
  }

  /** Edges leaving a component, in declaration order. */
  outEdges(name: string): readonly Edge[] {
    return this.out.get(name) ?? [];
  }

  /** Edges entering a component, in declaration order. */
  inEdges(name: string): readonly Edge[] {
    return this.in.get(name) ?? [];
  }

  /** The hosts components name (`host: vm1`), each with the components on it in declaration order. */
  hosts(): ReadonlyMap<string, readonly Component[]> {
    return this.hostList;
  }

  regions(): readonly Region[] {
    return this.regionList;
  }

  region(name: string): Region | undefined {
    return this.regionList.find((r) => r.name === name);
  }
}
