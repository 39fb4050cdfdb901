/**
 * The SVG draws the same outside a browser. Each SVG archlint writes is drawn twice, by the
 * Chromium that laid it out and by librsvg (`rsvg-convert`, Debian's librsvg2-bin; `npm test`
 * installs it with Chromium), and each label's ink is compared where the browser says the label
 * stands: present in both, about as wide in both (librsvg once lost the spaces between words).
 * The label texts themselves are checked against the Mermaid text they came from, so a finding
 * named in the Mermaid text is named in the SVG too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel } from '../src/engine/pipeline.js';
import { nodeHost } from '../src/model/load.js';
import { launchChromium, type BrowserSession } from '../src/render/browser.js';
import { renderDiagram, type Layout } from '../src/render/mermaid.js';
import { rasterize } from '../src/render/png.js';
import { portableSvg, renderSvg } from '../src/render/svg.js';
import { root } from './cli-run.js';

let session: BrowserSession;
let page: Page;
let work: string;
beforeAll(async () => {
  session = await launchChromium(process.env);
  page = await session.browser.newPage();
  work = mkdtempSync(path.join(os.tmpdir(), 'archlint-svg-portable-'));
}, 60_000);
afterAll(async () => {
  await session?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The labels of a Mermaid flowchart as a reader should see them: each line of each quoted label, entity codes decoded. */
function mermaidLabels(text: string): string[] {
  const labels: string[] = [];
  for (const [, quoted] of text.matchAll(/"([^"]*)"/g))
    for (const line of quoted!.split('<br/>')) {
      const plain = line.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code))).trim();
      if (plain !== '') labels.push(plain);
    }
  return labels;
}

interface LabelInk {
  text: string;
  /** The horizontal extent of dark pixels inside the label's box, in SVG units, per renderer. */
  chromium: number;
  librsvg: number;
}

/**
 * Each `<text>` of the SVG with its content (rows joined by spaces) and the width of its ink in
 * the two PNGs, both drawn at the SVG's own size and read back through a canvas.
 */
async function labelInk(svg: string, chromiumPng: Uint8Array, librsvgPng: Uint8Array): Promise<LabelInk[]> {
  await page.setJavaScriptEnabled(true);
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`, { waitUntil: 'load' });
  const script = `(async (a, b) => {
    const root = document.querySelector('svg');
    const vb = root.viewBox.baseVal;
    const toRoot = root.getScreenCTM().inverse();
    const load = (b64) => new Promise((resolve, reject) => { const i = new Image(); i.onload = () => resolve(i); i.onerror = reject; i.src = 'data:image/png;base64,' + b64; });
    const read = async (b64) => {
      const img = await load(b64);
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(vb.width); canvas.height = Math.ceil(vb.height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = 'white'; ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      return ctx.getImageData(0, 0, canvas.width, canvas.height);
    };
    const [ca, cb] = [await read(a), await read(b)];
    const inkWidth = (data, x0, y0, x1, y1) => {
      let lo = Infinity, hi = -Infinity;
      for (let y = Math.max(0, Math.floor(y0)); y < Math.min(data.height, Math.ceil(y1)); y++)
        for (let x = Math.max(0, Math.floor(x0)); x < Math.min(data.width, Math.ceil(x1)); x++) {
          const k = (y * data.width + x) * 4;
          const [r, g, bl] = [data.data[k], data.data[k + 1], data.data[k + 2]];
          // The labels' grey-black ink, not the coloured outlines of the shapes around them.
          if (0.299 * r + 0.587 * g + 0.114 * bl < 120 && Math.max(r, g, bl) - Math.min(r, g, bl) < 40) { if (x < lo) lo = x; if (x > hi) hi = x; }
        }
      return hi >= lo ? hi - lo + 1 : 0;
    };
    const out = [];
    for (const t of root.querySelectorAll('text')) {
      const rows = [...t.querySelectorAll('tspan.row, tspan.title-row')];
      const text = (rows.length ? rows.map((r) => r.textContent) : [t.textContent]).map((s) => s.trim()).filter(Boolean).join(' ');
      if (!text) continue;
      const b = t.getBBox();
      const m = toRoot.multiply(t.getScreenCTM());
      const p0 = new DOMPoint(b.x, b.y).matrixTransform(m), p1 = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
      const box = [Math.min(p0.x, p1.x) - vb.x, Math.min(p0.y, p1.y) - vb.y, Math.max(p0.x, p1.x) - vb.x, Math.max(p0.y, p1.y) - vb.y];
      out.push({ text, chromium: inkWidth(ca, ...box), librsvg: inkWidth(cb, ...box) });
    }
    return out;
  })`;
  const b64 = (png: Uint8Array) => Buffer.from(png).toString('base64');
  return (await page.evaluate(`${script}(${JSON.stringify(b64(chromiumPng))}, ${JSON.stringify(b64(librsvgPng))})`)) as LabelInk[];
}

/** librsvg's drawing of `svg`, at the SVG's own size. */
function librsvg(svg: string, name: string): Uint8Array {
  const file = path.join(work, `${name}.svg`);
  writeFileSync(file, svg);
  const run = spawnSync('rsvg-convert', ['-o', path.join(work, `${name}.png`), file], { encoding: 'utf8' });
  expect(run.error, 'rsvg-convert (Debian: apt-get install librsvg2-bin) must be installed').toBeUndefined();
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(path.join(work, `${name}.png`));
}

const hostileSource = [
  'architecture "Hostile labels"',
  'region us "US `East` <i>bold</i> & #2 (z) 50% ; a|b" {',
  '  lb edge "LB `x` & (y) [z] {w}" { replicas: 2 }',
  '  service web "Web \\"quoted\\" back\\\\slash *star* _u_ 사용자" { replicas: 2 }',
  '}',
  'client users',
  'users -> edge -> web',
].join('\n');

const cases: [string, Layout][] = [
  ['examples/designs/social-feed-two-region.arch', 'dagre'],
  ['examples/designs/social-feed-two-region.arch', 'elk'],
  ['examples/photo-sharing.arch', 'dagre'],
  ['examples/chapter-1/10-sharding.arch', 'elk'],
  ['hostile', 'dagre'],
  ['hostile', 'elk'],
];

describe('a portable SVG', () => {
  it.each(cases)(
    '%s (%s) has every label as text, drawn by librsvg as by Chromium',
    async (file, layout) => {
      const host =
        file === 'hostile'
          ? { ...nodeHost(root), readFile: (f: string) => (f.endsWith('hostile.arch') ? hostileSource : nodeHost(root).readFile(f)) }
          : nodeHost(root);
      const result = checkModel(file === 'hostile' ? path.join(root, 'hostile.arch') : file, { host, rules: builtinRegistry.all() });
      expect(result.model).toBeDefined();
      const diagram = renderDiagram(result.model!, { findings: result.diagnostics.filter((d) => !d.suppressed), layout });
      const svg = await renderSvg(session, result.model!, diagram);
      expect(svg).not.toContain('<foreignObject');
      const ink = await labelInk(svg, await rasterize(session, svg), librsvg(svg, `${path.basename(file)}-${layout}`));
      // Every label of the Mermaid text is a text of the SVG: the same words, nothing lost or left encoded.
      const texts = ink.map((l) => l.text.replace(/\s+/g, ' ')).join('\n');
      for (const label of mermaidLabels(diagram)) expect(texts).toContain(label.replace(/\s+/g, ' '));
      expect(texts).not.toMatch(/&#\d+;|#\d+;/);
      for (const label of ink) {
        expect(label.chromium, `Chromium draws ${label.text}`).toBeGreaterThan(0);
        expect(label.librsvg, `librsvg draws ${label.text}`).toBeGreaterThan(0);
        // Within a few pixels or a tenth: the same words with their spaces (the same fonts draw both).
        expect(Math.abs(label.librsvg - label.chromium), `${label.text}: librsvg ${label.librsvg}, Chromium ${label.chromium}`).toBeLessThanOrEqual(
          Math.max(4, 0.1 * label.chromium),
        );
      }
    },
    120_000,
  );
});

/** The texts of an SVG as a reader sees them: each `<text>`'s rows joined by spaces. */
async function svgTexts(svg: string): Promise<string> {
  await page.setJavaScriptEnabled(true);
  await page.setContent(`<!DOCTYPE html><html><body>${svg}</body></html>`, { waitUntil: 'load' });
  return (await page.evaluate(`[...document.querySelectorAll('svg text')].map((t) => {
    const rows = [...t.querySelectorAll('tspan.row, tspan.title-row')];
    return (rows.length ? rows.map((r) => r.textContent) : [t.textContent]).map((s) => s.trim()).filter(Boolean).join(' ');
  }).join('\\n')`)) as string;
}

const walked = [
  'examples/photo-sharing.arch',
  'examples/chapter-1',
  'examples/designs',
  'examples/spof',
  'examples/stateful-web-tier',
  'examples/missing-cdn',
  'examples/bad-shard-key',
].flatMap((f) =>
  f.endsWith('.arch')
    ? [f]
    : readdirSync(path.join(root, f))
        .filter((n) => n.endsWith('.arch'))
        .sort()
        .map((n) => `${f}/${n}`),
);

describe('every finding in the SVG', () => {
  // test/diagram.test.ts walks the findings of each example in the Mermaid text, each where it
  // belongs; here the SVG of each has every label of that text, so it names each finding too.
  it.each(walked)(
    '%s',
    async (file) => {
      const result = checkModel(file, { host: nodeHost(root), rules: builtinRegistry.all() });
      const diagram = renderDiagram(result.model!, { findings: result.diagnostics });
      const texts = (await svgTexts(await renderSvg(session, result.model!, diagram))).replace(/[ \t]+/g, ' ');
      for (const label of mermaidLabels(diagram)) expect(texts).toContain(label.replace(/\s+/g, ' '));
      for (const d of result.diagnostics.filter((x) => !x.suppressed)) expect(texts, `${d.ruleId} at line ${d.span.start.line}`).toContain(d.ruleId);
    },
    60_000,
  );
});

describe('portableSvg', () => {
  it('keeps the spaces of every text and decodes the entity codes Mermaid left as text', () => {
    const mermaidOut =
      '<svg><g><text y="-10.1"><tspan class="row">US</tspan><tspan> &amp;#96;East&amp;#96; &amp;#38; &amp;#35;2</tspan></text>' +
      '<text xml:space="default">x &amp;#8364; &amp;amp;</text><rect aria-label="&amp;#96;"/></g></svg>';
    expect(portableSvg(mermaidOut)).toBe(
      '<svg><g><text xml:space="preserve" y="-10.1"><tspan class="row">US</tspan><tspan> &#96;East&#96; &#38; &#35;2</tspan></text>' +
        // Only the codes archlint writes are decoded (not € here); a text that says how to treat spaces is left alone.
        '<text xml:space="default">x &amp;#8364; &amp;amp;</text><rect aria-label="&amp;#96;"/></g></svg>',
    );
  });
});
