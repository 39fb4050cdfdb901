/**
 * The Mermaid flowchart of a model: regions as subgraphs titled with their zones, hosts as
 * subgraphs inside them, a shape and a symbol per kind, replica, standby and shard counts and a
 * component's own zones, dashed async/replication/telemetry/sessions links, every finding named
 * where it applies with a legend of rules and severities, the evaluator's figures per tier on
 * request.
 *
 * Nothing from the model reaches the output unescaped: node and group ids are generated (`n0`,
 * `r0`, …) so no name can be a Mermaid keyword or start an `o--`/`x--` edge, and every label goes
 * through `escapeLabel` (Mermaid entity codes inside quotes). No title, directive, `click`, style
 * or HTML of the model's is ever written.
 */
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Evaluation } from '../evaluate/evaluate.js';
import type { Component, Edge, Model, Region } from '../model/model.js';
import type { Kind } from '../model/schema.js';
import { UsageError } from '../errors.js';
import { labelMs as ms, wholePercent as percent } from '../text/format.js';

export type Direction = 'LR' | 'TB';

export interface DiagramOptions {
  direction?: Direction;
  /** Mermaid's layout engine for a flowchart (`layouts`); the default is `defaultLayout`. */
  layout?: Layout;
  /** Only flowcharts are drawn (`architectureRemoved` says why). */
  diagram?: 'flowchart';
  /** Findings to mark on the components and edges they concern (suppressed ones are skipped unless `withSuppressed`). */
  findings?: readonly Diagnostic[];
  /** Draw suppressed findings too, each named `<rule> (suppressed)`. */
  withSuppressed?: boolean;
  /** The evaluator's figures to show per tier. */
  evaluation?: Evaluation;
  /** Classes of links to leave out (flowchart). */
  hide?: readonly LinkClass[];
  /** Only these components, and the links between them (flowchart; `selectComponents`). */
  only?: ReadonlySet<string>;
}

/**
 * The layout engines a flowchart can be drawn with: Mermaid's dagre, or the Eclipse Layout Kernel
 * that mermaid-cli ships. The default was chosen by measuring both (docs/diagrams.md).
 */
export const layouts = ['dagre', 'elk'] as const;
export type Layout = (typeof layouts)[number];
export const defaultLayout: Layout = 'dagre';

/** Links a reader may leave out of a busy picture. */
export const linkClasses = ['telemetry', 'replication', 'async', 'sessions'] as const;
export type LinkClass = (typeof linkClasses)[number];

/**
 * The components a focused picture shows: those within `hops` links (either way) of `focus`, or
 * those of `region`, or both at once (within the hops and in the region). One breadth-first
 * walk: linear in the model.
 */
export function selectComponents(model: Model, options: { focus?: string; hops?: number; region?: string }): Set<string> {
  let chosen = new Set(model.components().map((c) => c.name));
  if (options.region !== undefined) chosen = new Set(model.region(options.region)?.components ?? []);
  if (options.focus !== undefined) {
    const near = new Set<string>([options.focus]);
    let frontier = [options.focus];
    for (let hop = 0; hop < (options.hops ?? 2) && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const name of frontier) {
        const visit = (other: string) => {
          if (near.has(other)) return;
          near.add(other);
          next.push(other);
        };
        for (const e of model.outEdges(name)) visit(e.to);
        for (const e of model.inEdges(name)) visit(e.from);
      }
      frontier = next;
    }
    chosen = new Set([...chosen].filter((n) => near.has(n)));
  }
  return chosen;
}

/**
 * Text for inside a quoted flowchart label: every character that could close the label, start
 * markup, a directive (`%%`), an entity or a Markdown string becomes a Mermaid entity code
 * (`#34;`); control and bidirectional-override characters become spaces.
 */
export function escapeLabel(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/["#&<>`\\|[\]{}()%;]/g, (ch) => `#${ch.codePointAt(0)};`);
}

/** The characters `escapeLabel` writes as Mermaid entity codes (`#96;`). */
export const escapedCharacters = '"#&<>`\\|[]{}()%;';

/** Flowchart shapes by kind: [open, close] around the quoted label. */
const shapes: Readonly<Record<Kind, [string, string]>> = {
  client: ['(["', '"])'],
  dns: ['{{"', '"}}'],
  cdn: ['[/"', '"/]'],
  lb: ['[["', '"]]'],
  service: ['["', '"]'],
  worker: ['("', '")'],
  cache: ['[("', '")]'],
  database: ['[("', '")]'],
  queue: ['>"', '"]'],
  storage: ['[/"', '"\\]'],
  monitoring: ['[\\"', '"/]'],
  external: ['(("', '"))'],
  gateway: ['{{"', '"}}'],
  search: ['{"', '"}'],
  function: ['((("', '")))'],
};

/** A symbol per kind, each one DejaVu Sans (the common Linux fallback font) covers. */
const symbols: Readonly<Record<Kind, string>> = {
  client: '☺',
  dns: '⌘',
  cdn: '☁',
  lb: '⇄',
  service: '⚙',
  worker: '⚒',
  cache: '⚡',
  database: '◧',
  queue: '☰',
  storage: '▤',
  monitoring: '◔',
  external: '⇢',
  gateway: '⊞',
  search: '⌕',
  function: 'λ',
};

const severityRank: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };
export const severityStyles: Readonly<Record<Severity, string>> = {
  error: 'fill:#fde2e1,stroke:#c62828,stroke-width:3px,color:#111',
  warning: 'fill:#fff3cd,stroke:#b26a00,stroke-width:2px,color:#111',
  info: 'fill:#e3f0ff,stroke:#1565c0,stroke-width:1px,color:#111',
};
const hostStyle = 'fill:#f3f3f3,stroke:#666,stroke-width:1px,stroke-dasharray:5 3,color:#111';
const edgeColours: Readonly<Record<Severity, string>> = { error: '#c62828', warning: '#b26a00', info: '#1565c0' };

function countText(c: Component): string {
  const standby = c.kind === 'database' && c.attrs.standby ? ` +${c.attrs.standby} standby` : '';
  const shards = c.attrs.shards !== undefined && c.attrs.shards > 1 ? ` · ${c.attrs.shards} shards` : '';
  if (c.attrs.autoscale) return ` ×${c.attrs.autoscale.min}..${c.attrs.autoscale.max}${standby}${shards}`;
  return `${c.attrs.replicas > 1 || standby ? ` ×${c.attrs.replicas}` : ''}${standby}${shards}`;
}

/** What a component is called on the picture: its label, or its name when the label is blank. */
export const displayName = (c: Component): string => (c.label !== undefined && c.label.trim() !== '' ? c.label : c.name);

/** The second line of a node: its kind (and name, under a label), count and own zones. */
export function kindLine(c: Component): string {
  const zones = c.attrs.zones ? ` · ${zonesText(c.attrs.zones)}` : '';
  return `${c.kind}${displayName(c) !== c.name ? ` ${c.name}` : ''}${countText(c)}${zones}`;
}

const zonesText = (zones: readonly string[]) => `${zones.length === 1 ? 'zone' : 'zones'} ${zones.join(', ')}`;

/** A region's title: its label (or its name, when the label is blank) and the zones it declares. */
function regionTitle(region: Region): string {
  const label = region.label !== undefined && region.label.trim() !== '' ? region.label : region.name;
  return `${label}${region.zones ? ` · ${zonesText(region.zones)}` : ''}`;
}

interface Mark {
  severity: Severity;
  rules: string[];
}

interface Marks {
  /** Worst severity and rule ids, by component name. */
  components: Map<string, Mark>;
  /** Worst severity and rule ids, by edge id. */
  edges: Map<number, Mark>;
  /** Each rule id that marks a component or an edge, with its worst severity, in the order first met. */
  rules: Map<string, Severity>;
  /** Findings about neither a component nor an edge (a budget, the whole system): listed in the legend. */
  loose: Diagnostic[];
}

/** Adds a finding to a mark: the worst severity wins, each rule once. */
function mark<K>(into: Map<K, Mark>, key: K, d: Diagnostic): void {
  const m = into.get(key) ?? { severity: d.severity, rules: [] };
  if (severityRank[d.severity] > severityRank[m.severity]) m.severity = d.severity;
  if (!m.rules.includes(d.ruleId)) m.rules.push(d.ruleId);
  into.set(key, m);
}

/** Longest finding message the legend shows whole. */
const LEGEND_MESSAGE = 110;

function marksOf(model: Model, findings: readonly Diagnostic[], withSuppressed = false): Marks {
  const marks: Marks = { components: new Map(), edges: new Map(), rules: new Map(), loose: [] };
  const seen = (d: Diagnostic) => {
    const current = marks.rules.get(d.ruleId);
    if (!current || severityRank[d.severity] > severityRank[current]) marks.rules.set(d.ruleId, d.severity);
  };
  const edgeAt = new Map<string, Edge[]>();
  for (const e of model.edges()) {
    const key = `${e.file}\u0000${e.span.start.offset}`;
    const list = edgeAt.get(key) ?? [];
    list.push(e);
    edgeAt.set(key, list);
  }
  for (const found of findings) {
    if (found.suppressed && !withSuppressed) continue;
    // Asked for, a suppressed finding is drawn under its rule's name and the word `suppressed`.
    const d = found.suppressed ? { ...found, ruleId: `${found.ruleId} (suppressed)` } : found;
    if (d.component !== undefined && model.component(d.component)) {
      mark(marks.components, d.component, d);
      seen(d);
      continue;
    }
    const on = edgeAt.get(`${d.file}\u0000${d.span.start.offset}`) ?? [];
    for (const e of on) mark(marks.edges, e.id, d);
    if (on.length === 0) marks.loose.push(d);
    else seen(d);
  }
  return marks;
}

function edgeWords(e: Edge): string[] {
  // An empty or blank label says nothing: the edge's own words then (Mermaid refuses `|""|`).
  if (e.label !== undefined && e.label.trim() !== '') return [e.label];
  const words: string[] = [];
  if (e.reads) words.push('reads');
  if (e.writes) words.push('writes');
  if (e.static) words.push('static');
  if (e.async) words.push('async');
  if (e.replication) words.push(`replication ${e.replication}`);
  if (e.telemetry) words.push('telemetry');
  if (e.optional) words.push('optional');
  if (e.rps !== undefined) words.push(`${e.rps.toLocaleString('en-US')} rps`);
  return words;
}

function tierLine(t: Evaluation['tiers'][number] | undefined): string | undefined {
  if (!t) return undefined;
  if (t.saturated) return `ρ ${percent(t.utilization)}, saturated`;
  return `ρ ${percent(t.utilization)} · p99 ${t.p99_ms === null ? '—' : ms(t.p99_ms)}`;
}

function flowchart(model: Model, options: DiagramOptions): string {
  const direction = options.direction ?? 'LR';
  // Findings about what is not drawn are not drawn either (the legend lists what the picture shows).
  const only = options.only;
  const findings = only === undefined ? (options.findings ?? []) : (options.findings ?? []).filter((d) => d.component === undefined || only.has(d.component));
  const marks = marksOf(model, findings, options.withSuppressed === true);
  const tiers = new Map((options.evaluation?.tiers ?? []).map((t) => [t.component, t]));
  const ids = new Map<string, string>();
  model.components().forEach((c, i) => ids.set(c.name, `n${i}`));
  // A layout other than Mermaid's own is named in the text, so that every viewer of the .mmd uses it
  // (one that lacks it falls back to dagre).
  const layout = options.layout ?? defaultLayout;
  const lines: string[] = [...(layout === 'dagre' ? [] : ['---', 'config:', `  layout: ${layout}`, '---']), `flowchart ${direction}`];

  const drawn = (name: string) => options.only === undefined || options.only.has(name);
  const hidden = new Set(options.hide ?? []);
  const node = (c: Component, indent: string) => {
    const [open, close] = shapes[c.kind];
    const parts = [`${symbols[c.kind]} ${escapeLabel(displayName(c))}`];
    parts.push(escapeLabel(kindLine(c)));
    const tier = tierLine(tiers.get(c.name));
    if (tier !== undefined) parts.push(escapeLabel(tier));
    const mark = marks.components.get(c.name);
    if (mark) parts.push(`⚠ ${escapeLabel(mark.rules.join(', '))}`);
    lines.push(`${indent}${ids.get(c.name)}${open}${parts.join('<br/>')}${close}`);
  };

  const hostIds = new Map([...model.hosts().keys()].map((h, i) => [h, `h${i}`]));
  // The components of one place (a region, or none) in declaration order, each host's (as the
  // model groups them) in a box where the first of them stands: a host is in one region.
  const boxedHosts = new Set<string>();
  const place = (members: readonly Component[], indent: string) => {
    const placed = new Set<string>();
    for (const c of members) {
      if (!drawn(c.name)) continue;
      const host = c.attrs.host;
      if (host === undefined) {
        node(c, indent);
        continue;
      }
      if (placed.has(host)) continue;
      placed.add(host);
      boxedHosts.add(host);
      lines.push(`${indent}subgraph ${hostIds.get(host)}["▣ host ${escapeLabel(host)}"]`);
      for (const on of model.hosts().get(host)!) if (drawn(on.name)) node(on, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  model.regions().forEach((region, i) => {
    if (!region.components.some(drawn)) return;
    lines.push(`  subgraph r${i}["${escapeLabel(regionTitle(region))}"]`);
    place(
      region.components.map((name) => model.component(name)!),
      '    ',
    );
    lines.push('  end');
  });
  place(
    model.components().filter((c) => c.region === undefined),
    '  ',
  );

  // A host is a machine, not a place: a grey dashed box, unlike a region's.
  for (const [host, id] of hostIds) if (boxedHosts.has(host)) lines.push(`  style ${id} ${hostStyle}`);

  // Link numbers, for linkStyle: the links drawn, in order.
  const linkNumber = new Map<number, number>();
  const isHidden = (e: Edge) =>
    (hidden.has('telemetry') && e.telemetry) || (hidden.has('replication') && e.replication !== undefined) || (hidden.has('async') && e.async);
  // Replication both ways between two stores (multi-primary, or a pair of regions' copies) is one
  // link with two heads: two links between the same nodes draw their labels on top of each other.
  const replicationPair = new Map<string, Edge>();
  const unmarkedReplication = (e: Edge) => e.replication !== undefined && !marks.edges.has(e.id) && drawn(e.from) && drawn(e.to) && !isHidden(e);
  for (const e of model.edges()) if (unmarkedReplication(e)) replicationPair.set(`${e.from}\u0000${e.to}\u0000${edgeWords(e).join(', ')}`, e);
  const mergedInto = new Map<number, Edge>();
  for (const e of model.edges()) {
    if (!unmarkedReplication(e) || mergedInto.has(e.id) || e.from === e.to) continue;
    const back = replicationPair.get(`${e.to}\u0000${e.from}\u0000${edgeWords(e).join(', ')}`);
    if (back && !mergedInto.has(back.id) && back.id > e.id) mergedInto.set(back.id, e);
  }
  const bothWays = new Set([...mergedInto.values()].map((e) => e.id));
  let links = 0;
  model.edges().forEach((e) => {
    if (!drawn(e.from) || !drawn(e.to) || isHidden(e)) return;
    const into = mergedInto.get(e.id);
    if (into) {
      linkNumber.set(e.id, linkNumber.get(into.id)!);
      return;
    }
    linkNumber.set(e.id, links++);
    const dashed = e.async || e.replication !== undefined || e.telemetry;
    const edgeMark = marks.edges.get(e.id);
    const words = [...edgeWords(e), ...(bothWays.has(e.id) ? ['both ways'] : []), ...(edgeMark ? [`⚠ ${edgeMark.rules.join(', ')}`] : [])];
    const label = words.length > 0 ? `|"${escapeLabel(words.join(', '))}"|` : '';
    lines.push(`  ${ids.get(e.from)} ${bothWays.has(e.id) ? '<-.->' : dashed ? '-.->' : '-->'}${label} ${ids.get(e.to)}`);
  });

  // Where each service keeps its sessions (`sessions: store`): a dashed link, after the model's own
  // (whose link numbers are their edge ids).
  if (!hidden.has('sessions')) {
    for (const c of model.components()) {
      const store = c.attrs.sessions;
      if (store !== undefined && store !== 'local' && ids.has(store) && drawn(c.name) && drawn(store))
        lines.push(`  ${ids.get(c.name)} -.->|"sessions"| ${ids.get(store)}`);
    }
  }

  // Findings: classes by severity, a legend naming each rule with its severity (and the findings
  // about no one component or edge, with their message), and coloured edges.
  // The rules on what is drawn (a hidden link's finding is not), with their worst severity.
  const legendRules = new Map<string, Severity>();
  const onDrawn = [...marks.components].filter(([name]) => drawn(name)).map(([, m]) => m);
  for (const [id, m] of marks.edges) if (linkNumber.has(id)) onDrawn.push(m);
  for (const [rule, severity] of marks.rules) if (onDrawn.some((m) => m.rules.includes(rule))) legendRules.set(rule, severity);
  const severities = new Set([...legendRules.values(), ...marks.loose.map((d) => d.severity)]);
  const present = (['error', 'warning', 'info'] as Severity[]).filter((s) => severities.has(s));
  if (present.length > 0) {
    for (const s of present) lines.push(`  classDef ${s} ${severityStyles[s]}`);
    for (const s of present) {
      const names = [...marks.components].filter(([, m]) => m.severity === s).map(([name]) => ids.get(name)!);
      if (names.length > 0) lines.push(`  class ${names.join(',')} ${s}`);
    }
    lines.push(`  subgraph legend["Findings (archlint check)"]`);
    // Entries across the picture's direction: a row of them beside a left-to-right picture would
    // be wider than the picture itself.
    lines.push(`    direction ${direction === 'LR' ? 'TB' : 'LR'}`);
    let n = 0;
    for (const s of present) {
      for (const [rule, severity] of legendRules) if (severity === s) lines.push(`    legend${n++}["${escapeLabel(`${rule} · ${s}`)}"]:::${s}`);
    }
    for (const d of marks.loose) {
      const message = d.message.length > LEGEND_MESSAGE ? `${d.message.slice(0, LEGEND_MESSAGE - 1).trimEnd()}…` : d.message;
      lines.push(`    legend${n++}["${escapeLabel(`⚠ ${d.ruleId}: ${message}`)}"]:::${d.severity}`);
    }
    // Invisible links between the entries keep them in one column (one row when the picture runs
    // top to bottom); they come after every drawn link, so the links' numbers stay as they are.
    if (n > 1) lines.push(`    ${Array.from({ length: n }, (_, i) => `legend${i}`).join(' ~~~ ')}`);
    lines.push('  end');
    for (const [id, m] of [...marks.edges].sort((a, b) => a[0] - b[0])) {
      const n = linkNumber.get(id);
      if (n !== undefined) lines.push(`  linkStyle ${n} stroke:${edgeColours[m.severity]},stroke-width:3px`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Why there is no `architecture-beta` diagram any more. Drawn from a real two-region design it
 * overlapped nodes and regions, put components outside their region, and could not label a link
 * (Mermaid #6322); the flowchart says all of that, laid out by dagre or ELK.
 */
export const architectureRemoved =
  'the architecture diagram was removed: Mermaid draws it with overlapping nodes and regions and no labels on links (mermaid #6322), ' +
  'so it could not show what the flowchart shows. Draw the flowchart (leave out --diagram), and try --layout elk for right-angled links.';

export function renderDiagram(model: Model, options: DiagramOptions = {}): string {
  if ((options as { diagram?: string }).diagram === 'architecture') throw new UsageError(architectureRemoved);
  return flowchart(model, options);
}

/** Kept for callers of the first version: a plain flowchart. */
export function renderMermaid(model: Model, direction: Direction = 'LR'): string {
  return renderDiagram(model, { direction });
}

/**
 * The Mermaid configuration to render a diagram with: strict security (no scripts, no click
 * callbacks), and limits raised for large models (Mermaid refuses more than 500 edges and
 * 50,000 characters by default).
 */
export function mermaidConfig(edgeCount: number, textLength: number): Record<string, unknown> {
  return {
    securityLevel: 'strict',
    maxEdges: Math.max(500, Math.ceil(edgeCount * 1.2) + 100),
    maxTextSize: Math.max(50_000, textLength * 2),
    // Labels as SVG <text>, not HTML in <foreignObject>: the SVG then draws the same outside a
    // browser (librsvg, PDF and wiki pipelines). svg.ts finishes the job (`portableSvg`).
    htmlLabels: false,
    flowchart: { htmlLabels: false, useMaxWidth: false },
    // A link's label stands on an opaque box: Mermaid's is half transparent, so the line it labels
    // ran through the words.
    themeCSS: '.edgeLabel rect{opacity:1;fill:#f2f2f2}',
    architecture: { iconSize: 60 },
  };
}
