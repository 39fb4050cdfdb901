/**
 * Render's `.html` output: one self-contained page with the diagram (the same SVG as `.svg`,
 * with pan and zoom, and a panel showing a clicked component's findings and figures), the table
 * of findings and the evaluator's tables. Everything is inline; a Content-Security-Policy lets
 * the page load nothing from anywhere, so it works offline and cannot call out when opened.
 */
import path from 'node:path';
import type { Diagnostic, Severity } from '../diagnostics.js';
import type { Evaluation, FlowResult } from '../evaluate/evaluate.js';
import { flowNote, tierCells } from '../text/evaluation.js';
import { availabilityFraction, grouped, tableMs } from '../text/format.js';
import type { DocumentSource } from './markdown-document.js';
import { displayName, kindLine } from './mermaid.js';

/** What the page is made from: the document's sources, the SVG and the evaluation. */
export interface ReportSource extends DocumentSource {
  svg: string;
  evaluation: Evaluation;
}

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A message's `code` spans as <code>, the rest as text. */
const prose = (text: string) => html(text).replace(/`([^`]+)`/g, '<code>$1</code>');
/** JSON inside a <script> element: nothing in it can close the element or start a comment. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

function table(
  caption: string,
  header: string[],
  rows: string[][],
  numeric: (i: number) => boolean,
  attrs: (i: number) => string = () => '',
  isProse: (i: number) => boolean = () => false,
): string {
  const head = header.map((h, i) => `<th scope="col"${numeric(i) ? ' class="num"' : ''}>${html(h)}</th>`).join('');
  const body = rows
    .map((r, j) => `<tr${attrs(j)}>${r.map((c, i) => `<td${numeric(i) ? ' class="num"' : ''}>${isProse(i) ? prose(c) : html(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><caption>${html(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The page. Paths are shown relative to `cwd`, as `check` shows them. */
export function htmlReport(job: ReportSource, cwd: string): string {
  const model = job.model;
  const where = (file: string, line: number, column: number) =>
    `${path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/') || file}:${line}:${column}`;
  const title = model.title ?? path.basename(job.input, path.extname(job.input));
  const findings = job.findings.filter((d) => !d.suppressed);
  const ids = new Map(model.components().map((c, i) => [c.name, `n${i}`]));
  const tiers = new Map(job.evaluation.tiers.map((t) => [t.component, t]));
  const flowsThrough = new Map<string, FlowResult[]>();
  for (const f of job.evaluation.flows)
    for (const name of new Set(f.path)) {
      const list = flowsThrough.get(name) ?? [];
      list.push(f);
      flowsThrough.set(name, list);
    }
  const findingOf = (d: Diagnostic) => ({
    severity: d.severity,
    rule: d.ruleId,
    message: d.message,
    where: where(d.file, d.span.start.line, d.span.start.column),
  });
  const byComponent = new Map<string, Diagnostic[]>();
  for (const d of findings)
    if (d.component !== undefined) {
      const list = byComponent.get(d.component) ?? [];
      list.push(d);
      byComponent.set(d.component, list);
    }
  // What the panel shows for each drawn node, by its Mermaid id.
  const components: Record<string, unknown> = {};
  for (const c of model.components()) {
    const t = tiers.get(c.name);
    const cells = t ? tierCells(t, false) : [];
    components[ids.get(c.name)!] = {
      name: c.name,
      title: displayName(c),
      kind: kindLine(c),
      where: where(c.file, c.span.start.line, c.span.start.column),
      ...(c.region !== undefined ? { region: c.region } : {}),
      ...(c.attrs.host !== undefined ? { host: c.attrs.host } : {}),
      findings: (byComponent.get(c.name) ?? []).map(findingOf),
      ...(t ? { tier: Object.fromEntries(['servers', 'λ (rps)', 'ρ', 'wait (ms)', 'response (ms)', 'p99 (ms)'].map((k, i) => [k, cells[i]])) } : {}),
      flows: (flowsThrough.get(c.name) ?? []).map((f) => ({
        client: f.client,
        kind: f.kind,
        p99: tableMs(f.p99_ms),
        availability: availabilityFraction(f.availability),
      })),
    };
  }
  const counts = (['error', 'warning', 'info'] as Severity[])
    .map((s) => [s, findings.filter((d) => d.severity === s).length] as const)
    .filter(([, n]) => n > 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
  const summary = `${plural(model.components().length, 'component')}, ${plural(model.edges().length, 'connection')}; ${
    findings.length === 0 ? 'no findings' : `${plural(findings.length, 'finding')} (${counts.map(([s, n]) => plural(n, s)).join(', ')})`
  }.`;
  const sorted = [...findings].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
  const findingsTable =
    sorted.length === 0
      ? '<p><code>archlint check</code> finds nothing to report.</p>'
      : table(
          'Findings, the worst first (click a row to show its component)',
          ['severity', 'rule', 'component', 'where', 'message'],
          sorted.map((d) => [d.severity, d.ruleId, d.component ?? '', where(d.file, d.span.start.line, d.span.start.column), d.message]),
          () => false,
          (j) => {
            const d = sorted[j]!;
            const id = d.component !== undefined ? ids.get(d.component) : undefined;
            return ` class="${d.severity}"${id ? ` data-node="${id}" tabindex="0"` : ''}`;
          },
          (i) => i === 4,
        );
  const e = job.evaluation;
  // Tiers whose workers wait on their calls: how long a worker is held per request (as `eval` shows).
  const held = e.tiers.some((t) => t.hold_ms !== undefined);
  const flowsTable =
    e.flows.length === 0
      ? '<p>No client reaches anything.</p>'
      : table(
          'Flows (times in ms; availability as the fraction of requests that succeed)',
          ['client', 'kind', 'rps', 'mean', 'p50', 'p99', 'availability', 'note', 'path'],
          e.flows.map((f) => [
            f.client,
            f.kind,
            grouped(f.rps),
            tableMs(f.mean_ms),
            tableMs(f.p50_ms),
            tableMs(f.p99_ms),
            availabilityFraction(f.availability),
            flowNote(f),
            f.path.join(' → '),
          ]),
          (i) => i >= 2 && i <= 6,
        );
  const tiersTable =
    e.tiers.length === 0
      ? '<p>No load.</p>'
      : table(
          'Tiers (λ in requests per second; c servers; ρ utilisation; times in ms)',
          ['component', 'c', 'λ', 'ρ', 'wait', 'response', ...(held ? ['held'] : []), 'p99'],
          e.tiers.map((t) => [t.component, ...tierCells(t, held)]),
          (i) => i > 0,
          (j) => {
            const id = ids.get(e.tiers[j]!.component);
            return id ? ` data-node="${id}" tabindex="0"` : '';
          },
        );
  const bottleneck = e.bottleneck ? `<p>Bottleneck: <strong>${html(e.bottleneck)}</strong>.</p>` : '';
  const notes = e.notes.map((n) => `<p class="note">Note: ${html(n)}.</p>`).join('\n');
  // The SVG's own fixed size goes: the page sizes it, and pan and zoom move its viewBox.
  const svg = job.svg.replace(/^\s*<\?xml[^>]*>\s*/, '');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="archlint">
<title>${html(title)} · archlint</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>${html(title)}</h1>
<p>Rendered by archlint from <code>${html(path.relative(cwd, path.resolve(cwd, job.input)).split(path.sep).join('/') || job.input)}</code>: ${html(summary)}</p>
</header>
<main>
<section id="diagram" aria-label="Diagram">
<div class="toolbar" role="toolbar" aria-label="Zoom">
<button type="button" id="zoom-in" aria-label="Zoom in">+</button>
<button type="button" id="zoom-out" aria-label="Zoom out">−</button>
<button type="button" id="zoom-fit">Fit</button>
<span class="hint">Drag to pan, scroll to zoom (or + − 0 and the arrow keys), click a component.</span>
</div>
<div id="viewport" tabindex="0" aria-label="The diagram: drag to pan, scroll to zoom">
${svg}
</div>
</section>
<aside id="panel" aria-live="polite" aria-label="The selected component"><p class="hint">Click a component to see its findings and figures.</p></aside>
</main>
<section id="findings">
<h2>Findings</h2>
${findingsTable}
</section>
<section id="evaluation">
<h2>Evaluation</h2>
${flowsTable}
${tiersTable}
${bottleneck}
${notes}
</section>
<script type="application/json" id="archlint-data">${scriptJson({ components })}</script>
<script>${script}</script>
</body>
</html>
`;
}

const style = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d1d1f;background:#fafafa}
body{margin:0 auto;max-width:1600px;padding:16px 24px}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.2rem;margin:24px 0 8px}
header p{margin:0;color:#444}
main{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:16px;margin-top:12px}
@media (max-width:900px){main{grid-template-columns:1fr}}
#diagram{border:1px solid #d0d0d0;background:#fff;border-radius:6px;display:flex;flex-direction:column;min-height:420px}
.toolbar{display:flex;gap:6px;align-items:center;padding:6px 8px;border-bottom:1px solid #e4e4e4}
.toolbar button{font:inherit;min-width:2.2em;padding:2px 8px;border:1px solid #bbb;border-radius:4px;background:#f6f6f6;cursor:pointer}
.toolbar button:focus-visible,#viewport:focus-visible,tr[data-node]:focus-visible{outline:2px solid #1565c0;outline-offset:1px}
.hint{color:#666;font-size:.85rem}
#viewport{flex:1;height:70vh;overflow:hidden;cursor:grab;touch-action:none}
#viewport.dragging{cursor:grabbing}
#viewport svg{width:100%;height:100%;max-width:none!important;display:block}
#viewport g.node{cursor:pointer}
#viewport g.node.selected{filter:drop-shadow(0 0 3px #6a1b9a) drop-shadow(0 0 3px #6a1b9a)}
#panel{border:1px solid #d0d0d0;background:#fff;border-radius:6px;padding:12px 14px;max-height:calc(70vh + 40px);overflow:auto}
#panel h2{margin:0 0 2px;font-size:1.1rem}#panel h3{font-size:.95rem;margin:14px 0 4px}
#panel ul{margin:0;padding-left:18px}#panel li{margin:4px 0}
#panel dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0}#panel dt{color:#555}#panel dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;padding:0 6px;border-radius:3px;font-size:.8rem;font-weight:600}
.sev.error,tr.error td:first-child{background:#fde2e1;color:#8e1c1c}.sev.warning,tr.warning td:first-child{background:#fff3cd;color:#7a4a00}.sev.info,tr.info td:first-child{background:#e3f0ff;color:#0d47a1}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0 16px;font-size:.9rem}
caption{text-align:left;color:#555;padding:4px 0}
th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f2f2f2}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr[data-node]{cursor:pointer}tr[data-node]:hover{background:#f3f0ff}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
`;

/** The page's script: pan and zoom by the SVG's viewBox, and the panel of a clicked component. */
const script = `
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('archlint-data').textContent);
  const viewport = document.getElementById('viewport');
  const panel = document.getElementById('panel');
  const svg = viewport.querySelector('svg');
  if (!svg) return;
  const base = svg.viewBox.baseVal;
  const home = { x: base.x, y: base.y, w: base.width, h: base.height };
  let view = { ...home };
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.style.maxWidth = 'none';
  const apply = () => svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h);
  const toSvg = (clientX, clientY) => new DOMPoint(clientX, clientY).matrixTransform(svg.getScreenCTM().inverse());
  const zoom = (factor, at) => {
    const w = Math.min(home.w * 4, Math.max(home.w / 40, view.w * factor));
    const f = w / view.w;
    const c = at || { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    view = { x: c.x - (c.x - view.x) * f, y: c.y - (c.y - view.y) * f, w: view.w * f, h: view.h * f };
    apply();
  };
  const pan = (dx, dy) => { view.x += dx; view.y += dy; apply(); };
  viewport.addEventListener('wheel', (ev) => { ev.preventDefault(); zoom(ev.deltaY > 0 ? 1.2 : 1 / 1.2, toSvg(ev.clientX, ev.clientY)); }, { passive: false });
  let drag = null;
  viewport.addEventListener('pointerdown', (ev) => { drag = { x: ev.clientX, y: ev.clientY, view: { ...view }, moved: false, id: ev.pointerId }; });
  viewport.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) { drag.moved = true; viewport.classList.add('dragging'); viewport.setPointerCapture(drag.id); }
    const scale = svg.getScreenCTM().a;
    view = { ...drag.view, x: drag.view.x - dx / scale, y: drag.view.y - dy / scale };
    apply();
  });
  const endDrag = () => { viewport.classList.remove('dragging'); setTimeout(() => { drag = null; }, 0); };
  viewport.addEventListener('pointerup', endDrag);
  viewport.addEventListener('pointercancel', endDrag);
  document.getElementById('zoom-in').addEventListener('click', () => zoom(1 / 1.25));
  document.getElementById('zoom-out').addEventListener('click', () => zoom(1.25));
  document.getElementById('zoom-fit').addEventListener('click', () => { view = { ...home }; apply(); });
  viewport.addEventListener('keydown', (ev) => {
    const step = view.w / 10;
    const keys = { '+': () => zoom(1 / 1.25), '=': () => zoom(1 / 1.25), '-': () => zoom(1.25), '0': () => { view = { ...home }; apply(); },
      ArrowLeft: () => pan(-step, 0), ArrowRight: () => pan(step, 0), ArrowUp: () => pan(0, -step), ArrowDown: () => pan(0, step) };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });
  const nodeId = (g) => { const m = /-flowchart-(n\\d+)-\\d+$/.exec(g.id); return m ? m[1] : undefined; };
  // A message's \`code\` spans as <code> elements, the rest as text nodes.
  const prose = (text) => text.split('\`').map((part, i) => (i % 2 === 1 ? el('code', part) : document.createTextNode(part)));
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const select = (id) => {
    const c = data.components[id];
    if (!c) return;
    for (const g of svg.querySelectorAll('g.node.selected')) g.classList.remove('selected');
    for (const g of svg.querySelectorAll('g.node')) if (nodeId(g) === id) g.classList.add('selected');
    panel.replaceChildren();
    panel.dataset.component = c.name;
    panel.append(el('h2', c.title), el('p', c.kind + ' · ' + c.where, 'hint'));
    if (c.region || c.host) panel.append(el('p', [c.region ? 'region ' + c.region : '', c.host ? 'host ' + c.host : ''].filter(Boolean).join(' · ')));
    panel.append(el('h3', c.findings.length === 0 ? 'No findings' : c.findings.length === 1 ? '1 finding' : c.findings.length + ' findings'));
    if (c.findings.length > 0) {
      const ul = el('ul');
      for (const f of c.findings) {
        const li = el('li');
        li.append(el('span', f.severity, 'sev ' + f.severity), ' ', el('code', f.rule), ' ', ...prose(f.message), ' ', el('span', '(' + f.where + ')', 'hint'));
        ul.append(li);
      }
      panel.append(ul);
    }
    if (c.tier) {
      panel.append(el('h3', 'Figures (archlint eval)'));
      const dl = el('dl');
      for (const [k, v] of Object.entries(c.tier)) dl.append(el('dt', k), el('dd', v));
      panel.append(dl);
    }
    if (c.flows.length > 0) {
      panel.append(el('h3', 'Flows through it'));
      const ul = el('ul');
      for (const f of c.flows) ul.append(el('li', f.client + ' ' + f.kind + ': p99 ' + f.p99 + ' ms, availability ' + f.availability));
      panel.append(ul);
    }
  };
  viewport.addEventListener('click', (ev) => {
    if (drag && drag.moved) return;
    const g = ev.target.closest && ev.target.closest('g.node');
    const id = g && nodeId(g);
    if (id) select(id);
  });
  for (const row of document.querySelectorAll('tr[data-node]')) {
    const go = () => { select(row.dataset.node); viewport.scrollIntoView({ block: 'nearest' }); };
    row.addEventListener('click', go);
    row.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); go(); } });
  }
})();
`;
