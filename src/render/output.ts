/**
 * Writes rendered diagrams to files, each in the format its extension names (`formats.ts`): the
 * Mermaid text, the Markdown document (`markdown-document.ts`), the SVG (`svg.ts`), the PNG
 * (`png.ts`) or the HTML report (`html-report.ts`).
 *
 * Every file goes through the command's write gate (src/io/gate.ts), which checked all of them
 * before the first byte (no output may be a file the command reads; no two outputs may be the
 * same file) and writes each atomically, so a reader never sees half a diagram and a failure
 * leaves the old file in place. One browser serves the whole run and is always closed.
 */
import path from 'node:path';
import { OutputError } from '../errors.js';
import type { WriteGate } from '../io/gate.js';
import { launchChromium, type BrowserSession } from './browser.js';
import { needsBrowser, type OutputFormat } from './formats.js';
import type { Evaluation } from '../evaluate/evaluate.js';
import { htmlReport } from './html-report.js';
import { markdownDocument, type DocumentSource } from './markdown-document.js';
import { PNG_LEGIBLE_SCALE, pngScale, rasterize, svgSize } from './png.js';
import { renderSvg } from './svg.js';

/** One diagram to write. */
export interface OutputJob extends DocumentSource {
  output: string;
  format: OutputFormat;
  /** The evaluator's figures, for the HTML report's tables and panel. */
  evaluation?: Evaluation;
}

export interface WriteOptions {
  cwd: string;
  /** The command's gate, with every job's output planned. */
  gate: WriteGate;
  env: Record<string, string | undefined>;
  /** Debug messages (ARCHLINT_DEBUG). */
  debug?: (message: string) => void;
  /** Notes for the reader (a PNG too large to read), printed on stderr. */
  note?: (message: string) => void;
}

/** The contents of one output; `browser` is called only for the formats that need one. */
export async function outputData(
  job: OutputJob,
  browser: () => Promise<BrowserSession>,
  cwd: string,
  note: (message: string) => void = () => {},
): Promise<string | Uint8Array> {
  switch (job.format) {
    case 'mmd':
      return job.diagram;
    case 'md':
      return markdownDocument(job, cwd, path.dirname(path.resolve(cwd, job.output)));
    case 'svg':
      return renderSvg(await browser(), job.model, job.diagram);
    case 'png': {
      const svg = await renderSvg(await browser(), job.model, job.diagram);
      const { width, height } = svgSize(svg);
      const scale = pngScale(width, height);
      // Text is 16 units high in the SVG: below 12 pixels a reader has to zoom, below 8 it is gone.
      if (scale < PNG_LEGIBLE_SCALE)
        note(
          `${job.output}: the picture is ${Math.round(width).toLocaleString('en-US')} × ${Math.round(height).toLocaleString('en-US')}, so the PNG draws it at ${Math.round(scale * 100)}% ` +
            `(text about ${Math.max(1, Math.round(16 * scale))} pixels high); for a readable picture draw a part of it (--region, --focus) or write the SVG`,
        );
      return rasterize(await browser(), svg);
    }
    case 'html':
      if (!job.evaluation) throw new Error('an HTML report needs the evaluation');
      return htmlReport({ ...job, evaluation: job.evaluation, svg: await renderSvg(await browser(), job.model, job.diagram) }, cwd);
  }
}

/** Errors by which puppeteer says the browser died, hung or was closed. */
const browserFailures = ['ProtocolError', 'TimeoutError', 'TargetCloseError', 'ConnectionClosedError'];

/**
 * Writes the outputs in order. The browser starts once, when the first SVG or PNG is due (before
 * anything is written when all outputs are images), and is closed at the end, also when
 * something fails.
 */
export async function writeOutputs(jobs: readonly OutputJob[], options: WriteOptions): Promise<void> {
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
      let data: string | Uint8Array;
      try {
        data = await outputData(job, browser, options.cwd, options.note);
      } catch (error) {
        // The browser died, hung or was closed: say so plainly. Anything else (Mermaid refusing the
        // text it was given) is a bug in archlint and goes up as it is.
        if (error instanceof Error && browserFailures.includes(error.name)) {
          throw new OutputError(`the browser failed while rendering ${job.input}: ${error.message.split('\n')[0]}`);
        }
        throw error;
      }
      options.gate.write(job.output, data);
      options.debug?.(`wrote ${job.output}`);
    }
  } finally {
    await session?.close();
  }
}
