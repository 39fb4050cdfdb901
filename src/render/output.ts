/**
 * Writes rendered diagrams to files, by the output's extension: `.mmd` (the Mermaid text), `.md`
 * (a Markdown document: title, the diagram in a ```mermaid block, the findings), `.svg` and
 * `.png` (laid out by Mermaid in headless Chromium through mermaid-cli's `renderMermaid`).
 *
 * Everything is checked before the first byte is written (no output may be one of the inputs;
 * no two outputs may be the same file), one browser serves the whole run and is always closed,
 * and every file is written atomically: a temporary file in the same directory, then a rename,
 * so a reader never sees half a diagram and a failure leaves the old file in place.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { OutputError } from '../errors.js';
import { describeFsError } from '../io/errors.js';
import { checkOutputs } from '../io/guard.js';
import { writeFileAtomic } from '../io/write.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Model } from '../model/model.js';
import { launchChromium, type BrowserSession } from './browser.js';
import { mermaidConfig } from './mermaid.js';
import { cell, fence, plain, plural } from '../text/markdown.js';

export type OutputFormat = 'svg' | 'png' | 'md' | 'mmd';
export const outputFormats: readonly OutputFormat[] = ['svg', 'png', 'md', 'mmd'];

/** The format an output path asks for by its extension (case-insensitive), if it is one of ours. */
export function formatOf(file: string): OutputFormat | undefined {
  const ext = path.extname(file).slice(1).toLowerCase();
  return (outputFormats as readonly string[]).includes(ext) ? (ext as OutputFormat) : undefined;
}

export function needsBrowser(format: OutputFormat): boolean {
  return format === 'svg' || format === 'png';
}

/** One diagram to write. */
export interface OutputJob {
  /** The root .arch file, as given on the command line. */
  input: string;
  /** Every file the model was read from (the root and its imports): none may be overwritten. */
  modelFiles: readonly string[];
  output: string;
  format: OutputFormat;
  model: Model;
  /** The Mermaid text. */
  diagram: string;
  /** The model's findings (suppressed ones are left out of the Markdown table). */
  findings: readonly Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * The Markdown document: the system's title, where it comes from, the diagram in a ```mermaid
 * block (which GitHub and GitLab render), and a table of the unsuppressed findings. Paths in the
 * table are links relative to `relativeTo` (the document's directory), with a `#L<line>` anchor.
 */
export function markdownDocument(job: Pick<OutputJob, 'input' | 'model' | 'diagram' | 'findings'>, cwd: string, relativeTo: string): string {
  const link = (file: string) => {
    const relative = path.relative(relativeTo, path.resolve(cwd, file)).split(path.sep).join('/');
    return encodeURI(relative || path.basename(file)).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  };
  const title = job.model.title ?? path.basename(job.input, path.extname(job.input));
  const findings = job.findings.filter((d) => !d.suppressed);
  const bySeverity = (s: Diagnostic['severity']) => findings.filter((d) => d.severity === s).length;
  const lines = [
    `# ${plain(title)}`,
    '',
    `Rendered by archlint from [${plain(path.basename(job.input))}](${link(job.input)}): ` +
      `${plural(job.model.components().length, 'component')}, ${plural(job.model.edges().length, 'connection')}.`,
    '',
  ];
  const f = fence(job.diagram);
  lines.push(`${f}mermaid`, job.diagram.trimEnd(), f, '', '## Findings', '');
  if (findings.length === 0) {
    lines.push('`archlint check` finds nothing to report.');
  } else {
    const counts = [plural(bySeverity('error'), 'error'), plural(bySeverity('warning'), 'warning')];
    if (bySeverity('info') > 0) counts.push(plural(bySeverity('info'), 'info'));
    lines.push(`${plural(findings.length, 'finding')} (${counts.join(', ')}).`, '');
    lines.push('| rule | severity | where | message |', '| --- | --- | --- | --- |');
    for (const d of findings) {
      const where = `[${plain(path.basename(d.file))}:${d.span.start.line}:${d.span.start.column}](${link(d.file)}#L${d.span.start.line})`;
      lines.push(`| \`${d.ruleId}\` | ${d.severity} | ${where} | ${cell(d.message)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// SVG and PNG

/** PNG limits: at most this many pixels on a side and in all (a 1,000-component system fits). */
export const PNG_MAX_SIDE = 32_000;
export const PNG_MAX_PIXELS = 120_000_000;
/** Small diagrams are drawn at twice their size, for sharp text on high-density screens. */
const PNG_MAX_SCALE = 2;
/** Large ones shrink towards this many pixels (a PNG of that size takes seconds, not minutes)… */
const PNG_TARGET_PIXELS = 16_000_000;
/** …but never below this scale (12-pixel text) while the limits allow it. */
const PNG_LEGIBLE_SCALE = 0.75;

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

async function renderSvg(session: BrowserSession, job: OutputJob): Promise<string> {
  const { renderMermaid } = await import('@mermaid-js/mermaid-cli');
  const nodes = job.model.components().length;
  const { data } = await renderMermaid(session.browser, job.diagram, 'svg', {
    mermaidConfig: mermaidConfig(job.model.edges().length, job.diagram.length),
    // Room to lay out in, growing with the system (Mermaid shrinks a diagram that is set to fit
    // the page); the SVG keeps the diagram's own size either way.
    viewport: { width: Math.min(16_384, Math.max(1_200, 120 * nodes)), height: 900, deviceScaleFactor: 1 },
    backgroundColor: 'white',
    svgId: 'archlint-diagram',
  });
  return new TextDecoder().decode(data);
}

/**
 * Draws Mermaid's SVG into a PNG at `pngScale`, in a page of exactly the output's size with
 * scripts off and every request but inline data refused. (mermaid-cli's own PNG path screenshots
 * the diagram at its laid-out size, which Chromium paints blank beyond some tens of thousands of
 * pixels — a 1,000-component flowchart is 9,000 × 84,000 — and cannot shrink it.)
 */
async function rasterize(session: BrowserSession, svg: string): Promise<Uint8Array> {
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
    const css = `html,body{margin:0;padding:0;background:white;overflow:hidden}` +
      `body>svg{display:block;width:${cssWidth}px!important;height:${cssHeight}px!important;max-width:none!important}`;
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${svg}</body></html>`, { waitUntil: 'load' });
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: cssWidth, height: cssHeight }, captureBeyondViewport: false });
  } finally {
    await page.close();
  }
}

export interface WriteOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Debug messages (ARCHLINT_DEBUG). */
  debug?: (message: string) => void;
}

/** The contents of one output; `browser` is called only for the formats that need one. */
export async function outputData(job: OutputJob, browser: () => Promise<BrowserSession>, cwd: string): Promise<string | Uint8Array> {
  switch (job.format) {
    case 'mmd':
      return job.diagram;
    case 'md':
      return markdownDocument(job, cwd, path.dirname(path.resolve(cwd, job.output)));
    case 'svg':
      return renderSvg(await browser(), job);
    case 'png':
      return rasterize(await browser(), await renderSvg(await browser(), job));
  }
}

/**
 * Checks every output (`checkOutputs`), then writes them in order. The browser starts once, when
 * the first SVG or PNG is due (before anything is written when all outputs are images), and is
 * closed at the end, also when something fails.
 */
export async function writeOutputs(jobs: readonly OutputJob[], options: WriteOptions): Promise<void> {
  checkOutputs(jobs, options.cwd);
  let session: BrowserSession | undefined;
  let starting: Promise<BrowserSession> | undefined;
  const browser = () => {
    starting ??= launchChromium(options.env, options.debug).then((s) => (session = s));
    return starting;
  };
  try {
    // Fail on a missing browser before writing any file, not halfway through.
    if (jobs.some((j) => needsBrowser(j.format))) await browser();
    for (const job of jobs) {
      const file = path.resolve(options.cwd, job.output);
      let data: string | Uint8Array;
      try {
        data = await outputData(job, browser, options.cwd);
      } catch (error) {
        // The browser died, hung or was closed: say so plainly. Anything else (Mermaid refusing the
        // text it was given) is a bug in archlint and goes up as it is.
        if (error instanceof Error && ['ProtocolError', 'TimeoutError', 'TargetCloseError', 'ConnectionClosedError'].includes(error.name)) {
          throw new OutputError(`the browser failed while rendering ${job.input}: ${error.message.split('\n')[0]}`);
        }
        throw error;
      }
      try {
        mkdirSync(path.dirname(file), { recursive: true });
      } catch (error) {
        throw new OutputError(`cannot create the directory ${path.dirname(job.output)}: ${describeFsError(error)}`);
      }
      writeFileAtomic(file, data, job.output);
      options.debug?.(`wrote ${job.output}`);
    }
  } finally {
    await session?.close();
  }
}
