/**
 * Mermaid's SVG to PNG. The scale is chosen from the diagram's own size (sharp when small, within
 * the pixel limits when huge), and the SVG is drawn in a fresh page of exactly the output's size
 * with scripts off and no requests but inline data, then screenshot.
 */
import type { Page } from 'puppeteer';
import type { BrowserSession } from './browser.js';

/** PNG limits: at most this many pixels on a side and in all (a 1,000-component system fits). */
export const PNG_MAX_SIDE = 32_000;
export const PNG_MAX_PIXELS = 120_000_000;
/** Small diagrams are drawn at twice their size, for sharp text on high-density screens. */
const PNG_MAX_SCALE = 2;
/** Large ones shrink towards this many pixels (a PNG of that size takes seconds, not minutes)… */
const PNG_TARGET_PIXELS = 16_000_000;
/** …but never below this scale (12-pixel text) while the limits allow it. */
export const PNG_LEGIBLE_SCALE = 0.75;

/**
 * The scale to draw a diagram of `width` × `height` (CSS pixels, as Mermaid laid it out) at in a
 * PNG: 2 for small diagrams; large ones shrink towards 16 megapixels, but no further than 0.75
 * unless the size limits (32,000 pixels on a side, 120 megapixels) force it.
 */
export function pngScale(width: number, height: number): number {
  const area = Math.max(1, width * height);
  const limit = Math.min(PNG_MAX_SIDE / Math.max(1, width, height), Math.sqrt(PNG_MAX_PIXELS / area));
  const wanted = Math.min(PNG_MAX_SCALE, Math.max(Math.sqrt(PNG_TARGET_PIXELS / area), PNG_LEGIBLE_SCALE));
  return Math.min(wanted, limit);
}

/** The diagram's own size, from the root element's viewBox (or width and height) of Mermaid's SVG. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const viewBox = /\sviewBox="\s*[-\d.e]+[\s,]+[-\d.e]+[\s,]+([\d.e]+)[\s,]+([\d.e]+)\s*"/.exec(root);
  if (viewBox) return { width: Number(viewBox[1]), height: Number(viewBox[2]) };
  const width = Number(/\swidth="([\d.]+)(?:px)?"/.exec(root)?.[1] ?? 800);
  const height = Number(/\sheight="([\d.]+)(?:px)?"/.exec(root)?.[1] ?? 600);
  return { width, height };
}

/**
 * Draws Mermaid's SVG into a PNG at `pngScale`, in a page of exactly the output's size with
 * scripts off and every request but inline data refused. (mermaid-cli's own PNG path screenshots
 * the diagram at its laid-out size, which Chromium paints blank beyond some tens of thousands of
 * pixels — a 1,000-component flowchart is 9,000 × 84,000 — and cannot shrink it.)
 */
export async function rasterize(session: BrowserSession, svg: string): Promise<Uint8Array> {
  const { width, height } = svgSize(svg);
  const scale = pngScale(width, height);
  // Up to scale 1 the page is the output's size; above it the page is the diagram's size and the
  // device pixel ratio supplies the extra pixels.
  const cssScale = Math.min(scale, 1);
  const deviceScaleFactor = scale / cssScale;
  const cssWidth = Math.max(1, Math.round(width * cssScale));
  const cssHeight = Math.max(1, Math.round(height * cssScale));
  const page: Page = await session.browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith('data:') || url === 'about:blank') void request.continue();
      else void request.abort('blockedbyclient');
    });
    await page.setViewport({ width: cssWidth, height: cssHeight, deviceScaleFactor });
    const css =
      `html,body{margin:0;padding:0;background:white;overflow:hidden}` +
      `body>svg{display:block;width:${cssWidth}px!important;height:${cssHeight}px!important;max-width:none!important}`;
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${svg}</body></html>`, { waitUntil: 'load' });
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: cssWidth, height: cssHeight }, captureBeyondViewport: false });
  } finally {
    await page.close();
  }
}
