/**
 * dagre against ELK on the bundled examples and the chapter journey: each example's flowchart is
 * rendered to SVG in both layouts and both directions, and its geometry measured
 * (bench/svg-geometry.ts): links crossing, the picture's area, components outside their region or
 * host box. `npm run measure:layouts` prints the table docs/diagrams.md states (`--write` puts it
 * there); test/layout.test.ts checks the figures and that the default layout is the one they favour.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel } from '../src/engine/pipeline.js';
import { nodeHost } from '../src/model/load.js';
import type { BrowserSession } from '../src/render/browser.js';
import { renderDiagram, type Direction, type Layout } from '../src/render/mermaid.js';
import { renderSvg } from '../src/render/svg.js';
import { crossings, inside, svgGeometry, type Geometry } from './svg-geometry.js';

/** The examples measured, in a stable order: the chapter journey, then the others. */
export function layoutExamples(root: string): string[] {
  const dir = (d: string) =>
    readdirSync(path.join(root, d))
      .filter((f) => f.endsWith('.arch'))
      .sort()
      .map((f) => `${d}/${f}`);
  return [
    ...dir('examples/chapter-1'),
    'examples/photo-sharing.arch',
    ...dir('examples/designs'),
    ...['spof', 'stateful-web-tier', 'missing-cdn', 'bad-shard-key'].flatMap((r) => dir(`examples/${r}`)),
  ];
}

export interface LayoutFigures {
  file: string;
  direction: Direction;
  layout: Layout;
  crossings: number;
  /** The picture's area in thousands of square pixels (CSS pixels at scale 1). */
  area: number;
  /** Components drawn outside the box of the region or host they belong to. */
  outside: string[];
  geometry: Geometry;
  diagram: string;
}

/** The Mermaid ids of each subgraph's direct members, read from the flowchart text. */
export function membership(diagram: string): Map<string, string> {
  const parent = new Map<string, string>();
  const stack: string[] = [];
  for (const line of diagram.split('\n')) {
    const t = line.trim();
    const open = /^subgraph (\w+)\[/.exec(t);
    if (open) {
      if (stack.length > 0) parent.set(open[1]!, stack[stack.length - 1]!);
      stack.push(open[1]!);
    } else if (t === 'end') stack.pop();
    else {
      const node = /^(n\d+)[[({>]/.exec(t);
      if (node && stack.length > 0) parent.set(node[1]!, stack[stack.length - 1]!);
    }
  }
  return parent;
}

/** Renders and measures one example in one layout and direction, with every rule's findings marked. */
export async function measureLayout(
  session: BrowserSession,
  page: Page,
  root: string,
  file: string,
  layout: Layout,
  direction: Direction,
): Promise<LayoutFigures> {
  const result = checkModel(file, { host: nodeHost(root), rules: builtinRegistry.all() });
  if (!result.model) throw new Error(`${file} is not a valid model`);
  const diagram = renderDiagram(result.model, { findings: result.diagnostics, layout, direction });
  const geometry = await svgGeometry(page, await renderSvg(session, result.model, diagram));
  const outside: string[] = [];
  for (const [member, box] of membership(diagram)) {
    const own = geometry.nodes.get(member) ?? geometry.clusters.get(member);
    const around = geometry.clusters.get(box);
    if (!own || !around || !inside(own, around, 2)) outside.push(`${member} in ${box}`);
  }
  return {
    file,
    direction,
    layout,
    crossings: crossings(geometry.links),
    area: Math.round((geometry.width * geometry.height) / 1000),
    outside,
    geometry,
    diagram,
  };
}

/** The Markdown table docs/diagrams.md states: per example left to right, then totals per direction. */
export function layoutTable(figures: readonly LayoutFigures[]): string {
  const get = (file: string, direction: Direction, layout: Layout) => figures.find((f) => f.file === file && f.direction === direction && f.layout === layout)!;
  const files = [...new Set(figures.map((f) => f.file))];
  const lines = ['| example (left to right) | crossings dagre | crossings ELK | area dagre | area ELK |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const file of files) {
    const d = get(file, 'LR', 'dagre');
    const e = get(file, 'LR', 'elk');
    lines.push(`| ${file.replace(/^examples\//, '')} | ${d.crossings} | ${e.crossings} | ${d.area}k | ${e.area}k |`);
  }
  for (const direction of ['LR', 'TB'] as const) {
    const total = (layout: Layout, key: 'crossings' | 'area') =>
      figures.filter((f) => f.direction === direction && f.layout === layout).reduce((n, f) => n + f[key], 0);
    lines.push(
      `| **all ${files.length}, ${direction === 'LR' ? 'left to right' : 'top to bottom'}** | **${total('dagre', 'crossings')}** | **${total('elk', 'crossings')}** | **${total('dagre', 'area')}k** | **${total('elk', 'area')}k** |`,
    );
  }
  return lines.join('\n');
}
