/**
 * The geometry of a rendered Mermaid flowchart, read by the browser that drew it, and the figures a
 * reader feels: how many times links cross, how much paper the picture takes, and whether every
 * component stands inside the box of its region (or host).
 *
 * The browser is the oracle: each link's path is sampled with `getPointAtLength` (whatever curve
 * or orthogonal route the layout chose) and each node's and box's outline is its `getBBox`, all
 * mapped into the SVG's own coordinates. Crossings are counted here, between the sampled
 * polylines of different links, with a uniform grid so that a 1,000-component picture takes
 * seconds, not minutes.
 */
import type { Page } from 'puppeteer';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Geometry {
  width: number;
  height: number;
  /** Mermaid node ids (`n3`, `legend0`) to their outline. */
  nodes: Map<string, Box>;
  /** Subgraph ids (`r0`, `h1`) to their box, and `legend` to the findings legend's. */
  clusters: Map<string, Box>;
  /** Each drawn link, as sampled points in the SVG's coordinates. */
  links: { id: string; points: [number, number][] }[];
  /** Each link label's words and box. */
  labels: [string, Box][];
}

/** Reads the geometry of `svg` (Mermaid's output, id `archlint-diagram`) in a page of the browser. */
export async function svgGeometry(page: Page, svg: string): Promise<Geometry> {
  await page.setJavaScriptEnabled(true);
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`, { waitUntil: 'load' });
  // Run in the page as plain JavaScript (this program is compiled without the DOM's types).
  const raw = (await page.evaluate(geometryScript)) as {
    width: number;
    height: number;
    nodes: [string, Box][];
    clusters: [string, Box][];
    links: Geometry['links'];
    labels: [string, Box][];
  };
  return { width: raw.width, height: raw.height, nodes: new Map(raw.nodes), clusters: new Map(raw.clusters), links: raw.links, labels: raw.labels };
}

const geometryScript = `(() => {
  const root = document.querySelector('svg');
  if (!root) throw new Error('no <svg> in the page');
  const rootMatrix = root.getScreenCTM().inverse();
  const toRoot = (el, x, y) => {
    const p = new DOMPoint(x, y).matrixTransform(rootMatrix.multiply(el.getScreenCTM()));
    return [p.x, p.y];
  };
  const boxOf = (el) => {
    const b = el.getBBox();
    const [x0, y0] = toRoot(el, b.x, b.y);
    const [x1, y1] = toRoot(el, b.x + b.width, b.y + b.height);
    return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
  };
  const prefix = root.id + '-';
  const own = (id) => (id.startsWith(prefix) ? id.slice(prefix.length) : id);
  const nodes = [];
  for (const g of root.querySelectorAll('g.node')) {
    // archlint-diagram-flowchart-n3-12: the node id is between "flowchart-" and the counter.
    const m = /^(?:flowchart-)?(.+)-\\d+$/.exec(own(g.id));
    const shape = g.querySelector(':scope > rect, :scope > path, :scope > polygon, :scope > circle, :scope > g');
    if (m) nodes.push([m[1], boxOf(shape || g)]);
  }
  const clusters = [];
  for (const g of root.querySelectorAll('g.cluster')) clusters.push([own(g.id), boxOf(g.querySelector(':scope > rect') || g)]);
  // The findings legend archlint draws below the picture (src/render/svg.ts).
  const legend = root.querySelector('g.archlint-legend');
  if (legend) clusters.push(['legend', boxOf(legend)]);
  const links = [];
  for (const path of root.querySelectorAll('path.flowchart-link')) {
    const length = path.getTotalLength();
    const steps = Math.max(8, Math.min(400, Math.ceil(length / 6)));
    const points = [];
    for (let i = 0; i <= steps; i++) {
      const p = path.getPointAtLength((length * i) / steps);
      points.push(toRoot(path, p.x, p.y));
    }
    links.push({ id: own(path.id), points });
  }
  // Each link's label: the box behind its words (links without words have an empty one).
  const labels = [];
  for (const g of root.querySelectorAll('g.edgeLabel')) {
    const text = g.querySelector('text');
    if (!text || !text.textContent.trim()) continue;
    labels.push([text.textContent.trim(), boxOf(g.querySelector('rect.background') || text)]);
  }
  const viewBox = root.viewBox.baseVal;
  return { width: viewBox.width, height: viewBox.height, nodes, clusters, links, labels };
})()`;

type Point = [number, number];

/** Where segments p1p2 and q1q2 properly cross, if they do. */
function intersection(p1: Point, p2: Point, q1: Point, q2: Point): Point | undefined {
  const rx = p2[0] - p1[0];
  const ry = p2[1] - p1[1];
  const sx = q2[0] - q1[0];
  const sy = q2[1] - q1[1];
  const denominator = rx * sy - ry * sx;
  if (Math.abs(denominator) < 1e-9) return undefined; // parallel or overlapping: not a crossing
  const t = ((q1[0] - p1[0]) * sy - (q1[1] - p1[1]) * sx) / denominator;
  const u = ((q1[0] - p1[0]) * ry - (q1[1] - p1[1]) * rx) / denominator;
  if (t < 0 || t > 1 || u < 0 || u > 1) return undefined;
  return [p1[0] + t * rx, p1[1] + t * ry];
}

const near = (a: Point, b: Point, d: number) => Math.abs(a[0] - b[0]) <= d && Math.abs(a[1] - b[1]) <= d;

/**
 * The number of places where two different links cross. Links that meet at a shared node touch
 * near their ends: points within `endClearance` of either link's end are not crossings. Several
 * sampled segments meeting at one crossing count once.
 */
export function crossings(links: Geometry['links'], endClearance = 10): number {
  const cell = 40;
  const grid = new Map<string, { link: number; a: Point; b: Point }[]>();
  for (let l = 0; l < links.length; l++) {
    const pts = links[l]!.points;
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1]!;
      const b = pts[i]!;
      const x0 = Math.floor(Math.min(a[0], b[0]) / cell);
      const x1 = Math.floor(Math.max(a[0], b[0]) / cell);
      const y0 = Math.floor(Math.min(a[1], b[1]) / cell);
      const y1 = Math.floor(Math.max(a[1], b[1]) / cell);
      for (let x = x0; x <= x1; x++)
        for (let y = y0; y <= y1; y++) {
          const key = `${x},${y}`;
          let list = grid.get(key);
          if (!list) grid.set(key, (list = []));
          list.push({ link: l, a, b });
        }
    }
  }
  // Crossing points per pair of links, merged when closer than 3 units (one crossing sampled twice).
  const found = new Map<string, Point[]>();
  for (const [key, list] of grid) {
    const [cx, cy] = key.split(',').map(Number) as [number, number];
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const s = list[i]!;
        const t = list[j]!;
        if (s.link === t.link) continue;
        const p = intersection(s.a, s.b, t.a, t.b);
        if (!p || Math.floor(p[0] / cell) !== cx || Math.floor(p[1] / cell) !== cy) continue; // counted in its own cell
        const ends = [links[s.link]!.points, links[t.link]!.points].flatMap((pts) => [pts[0]!, pts[pts.length - 1]!]);
        if (ends.some((e) => near(p, e, endClearance))) continue;
        const pair = s.link < t.link ? `${s.link} ${t.link}` : `${t.link} ${s.link}`;
        const seen = found.get(pair) ?? [];
        if (seen.some((q) => near(p, q, 3))) continue;
        seen.push(p);
        found.set(pair, seen);
      }
  }
  let count = 0;
  for (const points of found.values()) count += points.length;
  return count;
}

/** Whether `inner` lies within `outer` (to within `slack` units, for strokes and rounding). */
export function inside(inner: Box, outer: Box, slack = 1): boolean {
  return (
    inner.x >= outer.x - slack &&
    inner.y >= outer.y - slack &&
    inner.x + inner.width <= outer.x + outer.width + slack &&
    inner.y + inner.height <= outer.y + outer.height + slack
  );
}

/** Whether two boxes overlap by more than `slack` units each way. */
export function overlaps(a: Box, b: Box, slack = 1): boolean {
  return a.x + a.width - slack > b.x && b.x + b.width - slack > a.x && a.y + a.height - slack > b.y && b.y + b.height - slack > a.y;
}
