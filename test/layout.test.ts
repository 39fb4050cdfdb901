/**
 * Layout quality, measured from the geometry of the rendered SVG (bench/svg-geometry.ts): every
 * example and chapter step in dagre and ELK, left to right and top to bottom. Every component is
 * inside its region's and host's box, no component or link label covers another, the legend
 * keeps clear of the picture, the crossing and
 * area figures docs/diagrams.md states are the ones measured, and the default layout is the one
 * with the fewest crossings.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutExamples, layoutTable, measureLayout, membership, type LayoutFigures } from '../bench/layouts.js';
import { crossings, inside, overlaps } from '../bench/svg-geometry.js';
import { launchChromium, type BrowserSession } from '../src/render/browser.js';
import { defaultLayout, layouts } from '../src/render/mermaid.js';
import { root } from './cli-run.js';

describe('counting crossings', () => {
  const line = (id: string, ...points: [number, number][]) => ({ id, points });
  it('counts two links that cross as one crossing, wherever the samples fall', () => {
    expect(crossings([line('a', [0, 0], [100, 100]), line('b', [0, 100], [100, 0])])).toBe(1);
    // The same X, each link sampled finely, one sample exactly on the crossing point (50, 50).
    const fine = (from: [number, number], to: [number, number]) =>
      Array.from({ length: 21 }, (_, i): [number, number] => [from[0] + ((to[0] - from[0]) * i) / 20, from[1] + ((to[1] - from[1]) * i) / 20]);
    expect(crossings([line('a', ...fine([0, 0], [100, 100])), line('b', ...fine([0, 100], [100, 0]))])).toBe(1);
  });

  it('does not count links that only meet at a shared node, run parallel, or do not reach each other', () => {
    expect(crossings([line('a', [0, 0], [100, 0]), line('b', [0, 0], [100, 50])])).toBe(0);
    expect(crossings([line('a', [0, 0], [100, 0]), line('b', [0, 10], [100, 10])])).toBe(0);
    expect(crossings([line('a', [0, 0], [40, 40]), line('b', [60, 0], [100, 100])])).toBe(0);
    // Near the end of one link (within 10 units): where links converge on a node, not a crossing.
    expect(crossings([line('a', [0, 50], [100, 50]), line('b', [95, 0], [95, 100])])).toBe(0);
  });

  it('counts a link that crosses another twice as two crossings, and a third link on its own', () => {
    const zigzag = line('z', [0, 0], [50, 100], [100, 0]);
    expect(crossings([zigzag, line('h', [-20, 50], [120, 50])])).toBe(2);
    expect(crossings([zigzag, line('h', [-20, 50], [120, 50]), line('v', [80, -20], [80, 120])])).toBe(4);
  });
});

const examples = layoutExamples(root);
const runs = examples.flatMap((file) => (['LR', 'TB'] as const).flatMap((direction) => layouts.map((layout) => [file, direction, layout] as const)));

// Measured once, in one browser, before the tests (which run in any order) look at the figures.
let session: BrowserSession | undefined;
const figures: LayoutFigures[] = [];
beforeAll(async () => {
  session = await launchChromium(process.env);
  const page: Page = await session.browser.newPage();
  for (const [file, direction, layout] of runs) figures.push(await measureLayout(session, page, root, file, layout, direction));
}, 900_000);
afterAll(async () => {
  await session?.close();
});

describe('the examples in each layout and direction', () => {
  it.each(runs)('%s %s %s: every component inside its box, no label on another, the legend clear of the picture', (file, direction, layout) => {
    const f = figures.find((x) => x.file === file && x.direction === direction && x.layout === layout)!;
    expect(f.outside).toEqual([]);
    const parents = membership(f.diagram);
    const legend = f.geometry.clusters.get('legend');
    // Every component is drawn, once.
    for (const [, id] of f.diagram.matchAll(/^\s+(n\d+)[[({>]/gm)) expect(f.geometry.nodes.has(id!), id).toBe(true);
    // No two components, and no two link labels, cover each other, and no label covers a component.
    const nodes = [...f.geometry.nodes].filter(([id]) => !id.startsWith('legend'));
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) expect(overlaps(nodes[i]![1], nodes[j]![1]), `${nodes[i]![0]} on ${nodes[j]![0]}`).toBe(false);
    const labels = f.geometry.labels;
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i]![1], labels[j]![1]), `"${labels[i]![0]}" on "${labels[j]![0]}"`).toBe(false);
      for (const [id, box] of nodes) expect(overlaps(labels[i]![1], box), `"${labels[i]![0]}" on ${id}`).toBe(false);
    }
    if (legend) {
      for (const [id, box] of [...f.geometry.nodes, ...f.geometry.clusters])
        if (id !== 'legend' && parents.get(id) !== 'legend' && !id.startsWith('legend')) expect(overlaps(box, legend), `${id} overlaps the legend`).toBe(false);
      const within = { x: legend.x + 2, y: legend.y + 2, width: legend.width - 4, height: legend.height - 4 };
      for (const link of f.geometry.links)
        expect(
          link.points.some(([x, y]) => inside({ x, y, width: 0, height: 0 }, within, 0)),
          `${link.id} runs through the legend`,
        ).toBe(false);
    }
  });

  it('gives the figures docs/diagrams.md states, and the default layout crosses fewest links', () => {
    expect(figures).toHaveLength(runs.length);
    const docs = readFileSync(`${root}docs/diagrams.md`, 'utf8');
    const stated = docs
      .slice(docs.indexOf('<!-- layout-figures:start -->\n') + 30, docs.indexOf('<!-- layout-figures:end -->'))
      .trim()
      .split('\n');
    const measured = layoutTable(figures).split('\n');
    expect(stated.length).toBe(measured.length);
    // Each figure as stated, within 2 or a sixth (another build of Chromium may lay a picture out a little differently).
    const numbers = (row: string) => [...row.replace(/^\|[^|]*\|/, '').matchAll(/\d+/g)].map((m) => Number(m[0]));
    stated.forEach((row, i) => {
      expect(row.split('|')[1], `row ${i}`).toBe(measured[i]!.split('|')[1]);
      numbers(row).forEach((n, j) => expect(Math.abs(n - numbers(measured[i]!)[j]!), `${row} against ${measured[i]}`).toBeLessThanOrEqual(Math.max(2, n / 6)));
    });
    for (const direction of ['LR', 'TB'] as const) {
      const total = (layout: string) => figures.filter((f) => f.direction === direction && f.layout === layout).reduce((n, f) => n + f.crossings, 0);
      for (const other of layouts) expect(total(defaultLayout), `${defaultLayout} against ${other}, ${direction}`).toBeLessThanOrEqual(total(other));
    }
  });
});
