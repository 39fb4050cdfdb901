/**
 * A Mermaid `flowchart` of the model: regions as subgraphs, a shape per kind, replica counts, and
 * dashed edges for async, replication and telemetry. Node ids are generated (`n0`, `n1`, …), never
 * taken from the model, so no name can collide with a Mermaid keyword; every label is escaped.
 */
import type { Component, Edge, Model } from '../model/model.js';
import type { Kind } from '../model/schema.js';

export type Direction = 'LR' | 'TB';

/** Mermaid entity codes for the characters that would end or change a quoted label. */
export function escapeLabel(text: string): string {
  return text.replace(/["#&<>`\\|[\]{}()\r\n;]/g, (ch) => {
    if (ch === '\n' || ch === '\r') return ' ';
    return `#${ch.codePointAt(0)};`;
  });
}

const shapes: Record<Kind, [string, string]> = {
  client: ['(["', '"])'],
  dns: ['{{"', '"}}'],
  cdn: ['[/"', '"/]'],
  lb: ['[["', '"]]'],
  service: ['["', '"]'],
  worker: ['("', '")'],
  cache: ['(("', '"))'],
  database: ['[("', '")]'],
  queue: ['>"', '"]'],
  storage: ['[("', '")]'],
  monitoring: ['[/"', '"\\]'],
};

function nodeLabel(c: Component): string {
  const title = c.label ?? c.name;
  const parts = [escapeLabel(title)];
  if (c.label !== undefined) parts.push(escapeLabel(c.name));
  let count = '';
  if (c.attrs.autoscale) count = ` ×${c.attrs.autoscale.min}..${c.attrs.autoscale.max}`;
  else if (c.attrs.replicas > 1) count = ` ×${c.attrs.replicas}`;
  parts[parts.length - 1] += count;
  return `${c.kind}: ${parts.join('<br/>')}`;
}

function edgeLabel(e: Edge): string {
  const words: string[] = [];
  if (e.label !== undefined) words.push(e.label);
  else {
    if (e.reads) words.push('reads');
    if (e.writes) words.push('writes');
    if (e.static) words.push('static');
    if (e.async) words.push('async');
    if (e.replication) words.push(`replication (${e.replication})`);
    if (e.telemetry) words.push('telemetry');
  }
  return escapeLabel(words.join(', '));
}

export function renderMermaid(model: Model, direction: Direction = 'LR'): string {
  const ids = new Map<string, string>();
  model.components().forEach((c, i) => ids.set(c.name, `n${i}`));
  const lines: string[] = [`flowchart ${direction}`];
  const node = (c: Component, indent: string) => {
    const [open, close] = shapes[c.kind];
    lines.push(`${indent}${ids.get(c.name)}${open}${nodeLabel(c)}${close}`);
  };
  model.regions().forEach((region, i) => {
    lines.push(`  subgraph r${i}["${escapeLabel(region.label ?? region.name)}"]`);
    for (const name of region.components) node(model.component(name)!, '    ');
    lines.push('  end');
  });
  for (const c of model.components()) if (c.region === undefined) node(c, '  ');
  for (const e of model.edges()) {
    const dashed = e.async || e.replication !== undefined || e.telemetry;
    const label = edgeLabel(e);
    const arrow = dashed ? '-.->' : '-->';
    lines.push(`  ${ids.get(e.from)} ${arrow}${label ? `|"${label}"|` : ''} ${ids.get(e.to)}`);
  }
  return `${lines.join('\n')}\n`;
}
