/**
 * `npm run measure:layouts [-- --write]`: measures dagre and ELK on the examples (bench/layouts.ts)
 * and prints the table, or with `--write` replaces the table between the markers in
 * docs/diagrams.md. Needs Chromium and the optional renderer, as `archlint render -o x.svg` does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../src/render/browser.js';
import { layouts } from '../src/render/mermaid.js';
import { layoutExamples, layoutTable, measureLayout, type LayoutFigures } from './layouts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const session = await launchChromium(process.env);
try {
  const page = await session.browser.newPage();
  const figures: LayoutFigures[] = [];
  for (const file of layoutExamples(root))
    for (const direction of ['LR', 'TB'] as const)
      for (const layout of layouts) {
        const f = await measureLayout(session, page, root, file, layout, direction);
        if (f.outside.length > 0) process.stderr.write(`${file} ${direction} ${layout}: outside their box: ${f.outside.join(', ')}\n`);
        figures.push(f);
      }
  const table = layoutTable(figures);
  if (process.argv.includes('--write')) {
    const docs = path.join(root, 'docs/diagrams.md');
    const text = readFileSync(docs, 'utf8');
    const start = text.indexOf('<!-- layout-figures:start -->');
    const end = text.indexOf('<!-- layout-figures:end -->');
    if (start < 0 || end < start) throw new Error('docs/diagrams.md has no layout-figures markers');
    writeFileSync(docs, `${text.slice(0, start)}<!-- layout-figures:start -->\n${table}\n${text.slice(end)}`);
    process.stdout.write(`wrote the figures into ${path.relative(process.cwd(), docs)}\n`);
  } else process.stdout.write(`${table}\n`);
} finally {
  await session.close();
}
