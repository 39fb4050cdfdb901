/**
 * Mermaid text to SVG, laid out by Mermaid itself in the run's headless Chromium through
 * mermaid-cli's `renderMermaid`, with archlint's Mermaid configuration (`mermaidConfig`) and a
 * page that grows with the system; then made portable (`portableSvg`).
 */
import type { Model } from '../model/model.js';
import type { BrowserSession } from './browser.js';
import type { Severity } from '../diagnostics.js';
import { escapedCharacters, mermaidConfig, severityStyles } from './mermaid.js';
import { loadRenderer } from './renderer.js';

/**
 * Mermaid's SVG made to draw the same in any SVG renderer, not only in a browser. Its labels are
 * already `<text>` (`htmlLabels: false`); two things are left that librsvg and other non-browser
 * renderers get wrong:
 * - Mermaid puts each word of a label in its own `<tspan>`, the space before it included, and XML
 *   collapses a leading space away unless the text says `xml:space="preserve"` (Chromium keeps it
 *   anyway, librsvg does not: "Web servers" became "Webservers").
 * - In some labels (region boxes, single-line labels) Mermaid leaves the entity codes of the
 *   Mermaid text (`#96;` for a backtick) as the literal characters `&#96;`; they are turned into
 *   the characters they stand for. (A label whose own text is an entity code, such as a literal
 *   `&#96;` on a component, comes out as the character: the one case this cannot tell apart.)
 * No fonts are embedded or fetched: the labels use Mermaid's font list (Trebuchet MS, Verdana,
 * Arial, then the system's sans-serif), the same for the browser that laid them out and for the
 * renderer that draws them.
 */
export function portableSvg(svg: string): string {
  return svg
    .replace(/<text\b(?![^>]*\sxml:space=)/g, '<text xml:space="preserve"')
    .replace(/>([^<]+)</g, (all, text: string) =>
      text.includes('&amp;#')
        ? `>${text.replace(/&amp;#(\d{2,3});/g, (code, digits: string) => (escapedCodes.has(Number(digits)) ? `&#${digits};` : code))}<`
        : all,
    );
}

/** The characters `escapeLabel` writes as entity codes, by code point. */
const escapedCodes = new Set([...escapedCharacters].map((ch) => ch.codePointAt(0)!));

/** One entry of the findings legend: its severity and its text (entity codes decoded). */
export interface LegendEntry {
  severity: Severity;
  text: string;
}

/**
 * The Mermaid text without its findings legend (`subgraph legend … end`), and the legend's title
 * and entries. Drawn by Mermaid, the legend is one more box for the layout to place, and dagre
 * put it in the way of links (chapter step 5: the client's links to DNS and the CDN ran through
 * it); in the SVG it is drawn below the picture instead (`withLegend`), with the same words.
 */
export function splitLegend(diagram: string): { picture: string; title: string; entries: LegendEntry[] } {
  const lines = diagram.split('\n');
  const start = lines.findIndex((l) => l.startsWith('  subgraph legend["'));
  if (start < 0) return { picture: diagram, title: '', entries: [] };
  const end = lines.indexOf('  end', start);
  const decode = (text: string) =>
    text.replace(/#(\d{2,3});/g, (code, digits: string) => (escapedCodes.has(Number(digits)) ? String.fromCodePoint(Number(digits)) : code));
  const title = decode(/^ {2}subgraph legend\["(.*)"\]$/.exec(lines[start]!)?.[1] ?? '');
  const entries: LegendEntry[] = [];
  for (const line of lines.slice(start + 1, end)) {
    const entry = /^ {4}legend\d+\["(.*)"\]:::(error|warning|info)$/.exec(line);
    if (entry) entries.push({ text: decode(entry[1]!), severity: entry[2] as Severity });
  }
  return { picture: [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n'), title, entries };
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const styleOf = (severity: Severity, key: 'fill' | 'stroke') => new RegExp(`${key}:(#[0-9a-f]{3,6})`).exec(severityStyles[severity])![1]!;

/** Legend geometry: font, line height, swatch and margins, in SVG units. */
const LEGEND = { font: 15, line: 21, swatch: 13, pad: 16, gap: 8, minWidth: 560 } as const;
const legendFont = `${LEGEND.font}px "trebuchet ms", verdana, arial, sans-serif`;

/**
 * `svg` with the findings legend drawn below the picture: the title, then each entry as a
 * swatch of its severity's colours and its text, wrapped at the picture's width (at least
 * 560 units). Text is measured in the browser that laid the picture out, with the same fonts;
 * the SVG's viewBox, width and height grow to hold it.
 */
export async function withLegend(session: BrowserSession, svg: string, title: string, entries: readonly LegendEntry[]): Promise<string> {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  const viewBox = root && /\sviewBox="\s*([-\d.e]+)[\s,]+([-\d.e]+)[\s,]+([\d.e]+)[\s,]+([\d.e]+)\s*"/.exec(root);
  if (!root || !viewBox) return svg;
  const [x, y, width, height] = viewBox.slice(1).map(Number) as [number, number, number, number];
  const words = [...new Set([title, ...entries.flatMap((e) => e.text.split(' '))])];
  const page = await session.browser.newPage();
  let measured: number[];
  try {
    measured = (await page.evaluate(
      `(() => { const c = document.createElement('canvas').getContext('2d'); c.font = ${JSON.stringify(legendFont)}; return ${JSON.stringify(words)}.map((w) => c.measureText(w).width); })()`,
    )) as number[];
  } finally {
    await page.close();
  }
  const widthOf = new Map(words.map((w, i) => [w, measured[i]!]));
  const space = (widthOf.get('·') ?? LEGEND.font / 2) * 0.9;
  const textLeft = LEGEND.pad + LEGEND.swatch + LEGEND.gap;
  const wrapAt = Math.max(LEGEND.minWidth, width) - textLeft - LEGEND.pad;
  const rows: { severity?: Severity; lines: string[] }[] = [{ lines: [title] }];
  let widest = LEGEND.pad + (widthOf.get(title) ?? 0);
  for (const entry of entries) {
    const lines: string[] = [];
    let line = '';
    let lineWidth = 0;
    for (const word of entry.text.split(' ')) {
      const w = widthOf.get(word) ?? 0;
      if (line !== '' && lineWidth + space + w > wrapAt) {
        lines.push(line);
        line = word;
        lineWidth = w;
      } else {
        line = line === '' ? word : `${line} ${word}`;
        lineWidth = line === word ? w : lineWidth + space + w;
      }
      widest = Math.max(widest, textLeft + lineWidth);
    }
    lines.push(line);
    rows.push({ severity: entry.severity, lines });
  }
  const top = y + height + LEGEND.pad;
  const parts: string[] = [`<g class="archlint-legend" font-family='"trebuchet ms", verdana, arial, sans-serif' font-size="${LEGEND.font}" fill="#333">`];
  let cursor = top;
  for (const row of rows) {
    if (row.severity === undefined) {
      parts.push(
        `<text xml:space="preserve" x="${x + LEGEND.pad}" y="${cursor + LEGEND.font}" font-weight="bold"><tspan class="row">${xmlText(row.lines[0]!)}</tspan></text>`,
      );
    } else {
      parts.push(
        `<rect x="${x + LEGEND.pad}" y="${cursor + 4}" width="${LEGEND.swatch}" height="${LEGEND.swatch}" fill="${styleOf(row.severity, 'fill')}" stroke="${styleOf(row.severity, 'stroke')}" stroke-width="2"/>`,
        `<text xml:space="preserve" x="${x + textLeft}" y="${cursor + LEGEND.font}">${row.lines
          .map((l, i) => `<tspan class="row" x="${x + textLeft}" dy="${i === 0 ? 0 : LEGEND.line}">${xmlText(l)}</tspan>`)
          .join('')}</text>`,
      );
    }
    cursor += row.lines.length * LEGEND.line + (row.severity === undefined ? LEGEND.gap : 2);
  }
  parts.push('</g>');
  const newWidth = Math.max(width, Math.ceil(widest + LEGEND.pad));
  const newHeight = Math.ceil(cursor + LEGEND.pad - y);
  const newRoot = root
    .replace(viewBox[0], ` viewBox="${x} ${y} ${newWidth} ${newHeight}"`)
    .replace(/\swidth="[\d.]+(px)?"/, ` width="${newWidth}"`)
    .replace(/\sheight="[\d.]+(px)?"/, ` height="${newHeight}"`)
    .replace(/max-width:\s*[\d.]+px/, `max-width: ${newWidth}px`);
  const close = svg.lastIndexOf('</svg>');
  return `${svg.slice(0, close).replace(root, newRoot)}${parts.join('')}${svg.slice(close)}`;
}

/**
 * Moves each link label that Mermaid put on top of another label or a node to the first free
 * place along its own link (40%, 60%, 30%, 70%, 20% or 80% of the way), so that two links'
 * words never cover each other: dagre centres every label on its link, and where links cross or
 * run side by side (the two-region designs) their labels landed on one another. A label with no
 * free place stays where it was. Positions are worked out in the browser, which knows every
 * box and path; the SVG text is changed only in those labels' `translate`.
 */
export async function separateLabels(session: BrowserSession, svg: string): Promise<string> {
  const page = await session.browser.newPage();
  let moves: Record<string, [number, number]>;
  try {
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`, { waitUntil: 'load' });
    moves = (await page.evaluate(separateScript)) as Record<string, [number, number]>;
  } finally {
    await page.close();
  }
  if (Object.keys(moves).length === 0) return svg;
  return svg.replace(/<g class="edgeLabel" transform="translate\([^)]*\)"><g class="label" data-id="([^"]+)"/g, (all, id: string) =>
    moves[id] ? `<g class="edgeLabel" transform="translate(${moves[id][0]}, ${moves[id][1]})"><g class="label" data-id="${id}"` : all,
  );
}

const separateScript = `(() => {
  const root = document.querySelector('svg');
  const inverse = root.getScreenCTM().inverse();
  const box = (el) => {
    const b = el.getBBox();
    const m = inverse.multiply(el.getScreenCTM());
    const p = new DOMPoint(b.x, b.y).matrixTransform(m), q = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
    return { x: Math.min(p.x, q.x), y: Math.min(p.y, q.y), w: Math.abs(q.x - p.x), h: Math.abs(q.y - p.y) };
  };
  const cell = 200;
  const grid = new Map();
  const cells = (b, f) => {
    for (let x = Math.floor(b.x / cell); x <= Math.floor((b.x + b.w) / cell); x++)
      for (let y = Math.floor(b.y / cell); y <= Math.floor((b.y + b.h) / cell); y++) f(x + ',' + y);
  };
  const add = (b) => cells(b, (k) => { if (!grid.has(k)) grid.set(k, []); grid.get(k).push(b); });
  const overlap = (a, b) => a.x + a.w - 1 > b.x && b.x + b.w - 1 > a.x && a.y + a.h - 1 > b.y && b.y + b.h - 1 > a.y;
  const clash = (b) => { let hit = false; cells(b, (k) => { if (!hit && (grid.get(k) || []).some((o) => overlap(o, b))) hit = true; }); return hit; };
  for (const g of root.querySelectorAll('g.node')) add(box(g));
  const moves = {};
  for (const g of root.querySelectorAll('g.edgeLabel[transform]')) {
    const text = g.querySelector('text');
    const label = g.querySelector('g.label[data-id]');
    if (!text || !label || !text.textContent.trim()) continue;
    const b = box(g.querySelector('rect.background') || text);
    if (!clash(b)) { add(b); continue; }
    const path = root.querySelector('path[data-id="' + label.getAttribute('data-id') + '"]');
    const at = /translate\\(\\s*([-\\d.e]+)[ ,]+([-\\d.e]+)\\s*\\)/.exec(g.getAttribute('transform'));
    let placed = b;
    if (path && at) {
      const toRoot = inverse.multiply(path.getScreenCTM());
      const parentToRoot = inverse.multiply(g.parentNode.getScreenCTM());
      const fromRoot = parentToRoot.inverse();
      const here = new DOMPoint(Number(at[1]), Number(at[2])).matrixTransform(parentToRoot);
      const length = path.getTotalLength();
      for (const t of [0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
        const p = new DOMPoint(path.getPointAtLength(length * t).x, path.getPointAtLength(length * t).y).matrixTransform(toRoot);
        const moved = { ...b, x: b.x + p.x - here.x, y: b.y + p.y - here.y };
        if (clash(moved)) continue;
        const q = p.matrixTransform(fromRoot);
        moves[label.getAttribute('data-id')] = [Math.round(q.x * 1000) / 1000, Math.round(q.y * 1000) / 1000];
        placed = moved;
        break;
      }
    }
    add(placed);
  }
  return moves;
})()`;

/** The SVG of `diagram`, the Mermaid text drawn from `model`: the picture by Mermaid, the findings legend below it. */
export async function renderSvg(session: BrowserSession, model: Model, diagram: string): Promise<string> {
  const { renderMermaid } = await loadRenderer();
  const { picture, title, entries } = splitLegend(diagram);
  const nodes = model.components().length;
  const { data } = await renderMermaid(session.browser, picture, 'svg', {
    mermaidConfig: mermaidConfig(model.edges().length, picture.length),
    // Room to lay out in, growing with the system (Mermaid shrinks a diagram that is set to fit
    // the page); the SVG keeps the diagram's own size either way.
    viewport: { width: Math.min(16_384, Math.max(1_200, 120 * nodes)), height: 900, deviceScaleFactor: 1 },
    backgroundColor: 'white',
    svgId: 'archlint-diagram',
  });
  const svg = await separateLabels(session, portableSvg(new TextDecoder().decode(data)));
  return entries.length > 0 ? withLegend(session, svg, title, entries) : svg;
}
