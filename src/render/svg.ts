/**
 * Mermaid text to SVG, laid out by Mermaid itself in the run's headless Chromium through
 * mermaid-cli's `renderMermaid`, with archlint's Mermaid configuration (`mermaidConfig`) and a
 * page that grows with the system.
 */
import type { Model } from '../model/model.js';
import type { BrowserSession } from './browser.js';
import { mermaidConfig } from './mermaid.js';
import { loadRenderer } from './renderer.js';

/** The SVG of `diagram`, the Mermaid text drawn from `model`. */
export async function renderSvg(session: BrowserSession, model: Model, diagram: string): Promise<string> {
  const { renderMermaid } = await loadRenderer();
  const nodes = model.components().length;
  const { data } = await renderMermaid(session.browser, diagram, 'svg', {
    mermaidConfig: mermaidConfig(model.edges().length, diagram.length),
    // Room to lay out in, growing with the system (Mermaid shrinks a diagram that is set to fit
    // the page); the SVG keeps the diagram's own size either way.
    viewport: { width: Math.min(16_384, Math.max(1_200, 120 * nodes)), height: 900, deviceScaleFactor: 1 },
    backgroundColor: 'white',
    svgId: 'archlint-diagram',
  });
  return new TextDecoder().decode(data);
}
