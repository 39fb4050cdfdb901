/**
 * `archlint render -o report.html`: the self-contained report, opened from file:// in headless
 * Chromium with every request but the page itself refused (the network is off for it). The page
 * asks for nothing else and logs no error; a click on a component shows its findings and figures;
 * the wheel, drag, buttons and keys move the view; the tables hold every finding and tier that
 * `archlint check` and `archlint eval` report. A screenshot is written for a reader to look at.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type BrowserSession } from '../src/render/browser.js';
import { archlint, root } from './cli-run.js';

let work: string;
let session: BrowserSession;
beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'archlint-html-report-'));
  session = await launchChromium(process.env);
}, 60_000);
afterAll(async () => {
  await session?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Opens `file` with the network off: every request but the page itself is refused and recorded, with console errors. */
async function open(file: string): Promise<{ page: Page; refused: string[]; errors: string[] }> {
  const page = await session.browser.newPage();
  const url = pathToFileURL(file).href;
  const refused: string[] = [];
  const errors: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url) void request.continue();
    else {
      refused.push(request.url());
      void request.abort('internetdisconnected');
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, refused, errors };
}

/** Runs `js` in the page (this program is compiled without the DOM's types). */
const inPage = async <T>(page: Page, js: string): Promise<T> => (await page.evaluate(js)) as T;
const viewBox = (page: Page) => inPage<number[]>(page, `document.querySelector('#viewport svg').getAttribute('viewBox').split(' ').map(Number)`);
/** The cells of each row of the table body `selector`. */
const cells = (page: Page, selector: string) =>
  inPage<string[][]>(
    page,
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))`,
  );

describe('the HTML report', () => {
  it('works offline: a click shows a component, the view pans and zooms, the tables are whole', async () => {
    const file = 'examples/chapter-1/01-single-server.arch';
    const out = path.join(work, 'single.html');
    const run = archlint(['render', file, '-o', out], { env: { TMPDIR: work } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^<!DOCTYPE html>\n/);
    expect(text).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
    const { page, refused, errors } = await open(out);
    try {
      expect(refused).toEqual([]);
      expect(errors).toEqual([]);
      // Every finding of `archlint check`, in the table with its rule and message.
      const check = JSON.parse(archlint(['check', file, '--format', 'json']).stdout) as { files: { diagnostics: { ruleId: string; message: string }[] }[] };
      const diagnostics = check.files[0]!.diagnostics;
      const rows = await cells(page, '#findings tbody tr');
      expect(rows).toHaveLength(diagnostics.length);
      // Messages show their `code` spans as code: the same words without the backticks.
      const shown = (message: string) => message.replace(/`/g, '');
      for (const d of diagnostics) expect(rows.some((r) => r[1] === d.ruleId && r[4] === shown(d.message))).toBe(true);
      expect(await inPage<number>(page, `document.querySelectorAll('#findings tbody td code').length`)).toBeGreaterThan(0);
      // Every tier of `archlint eval`, with its servers.
      const evaluation = JSON.parse(archlint(['eval', file, '--format', 'json']).stdout) as {
        tiers: { component: string; replicas: number }[];
        flows: unknown[];
      };
      const tiers = await cells(page, '#evaluation table:nth-of-type(2) tbody tr');
      expect(tiers.map((r) => [r[0], r[1]])).toEqual(evaluation.tiers.map((t) => [t.component, String(t.replicas)]));
      expect(await cells(page, '#evaluation table:nth-of-type(1) tbody tr')).toHaveLength(evaluation.flows.length);

      // A click on web's node (found by its label in the SVG) shows its findings and figures.
      const web = evaluation.tiers.find((t) => t.component === 'web')!;
      const webNode = await inPage<string | undefined>(
        page,
        `[...document.querySelectorAll('g.node')].find((g) => /service web(?!_)/.test(g.textContent))?.id`,
      );
      expect(webNode).toMatch(/-flowchart-n\d+-\d+$/);
      await (await page.$(`g.node[id="${webNode!}"]`))!.click();
      const panel = await inPage<string>(page, `document.getElementById('panel').innerText`);
      expect(panel).toContain('web');
      const webFindings = check.files[0]!.diagnostics.filter((d) => (d as { component?: string }).component === 'web');
      expect(webFindings.length).toBeGreaterThan(0);
      for (const d of webFindings) {
        expect(panel).toContain(d.ruleId);
        expect(panel).toContain(shown(d.message));
      }
      expect(panel).toContain(`servers\n${web.replicas}`);
      expect(await inPage<string[]>(page, `[...document.querySelectorAll('g.node.selected')].map((g) => g.id)`)).toEqual([webNode]);
      writeFileSync(path.join(work, 'single.png'), await page.screenshot());

      // The wheel zooms in where the pointer is, a drag pans, Fit goes back; so do the keys.
      const home = await viewBox(page);
      await page.mouse.move(400, 400);
      await page.mouse.wheel({ deltaY: -200 });
      const zoomed = await viewBox(page);
      expect(zoomed[2]).toBeCloseTo(home[2]! / 1.2, 3);
      await page.mouse.move(600, 600);
      await page.mouse.down();
      await page.mouse.move(500, 600, { steps: 5 });
      await page.mouse.up();
      const panned = await viewBox(page);
      expect(panned[0]).toBeGreaterThan(zoomed[0]!);
      expect(panned[2]).toBeCloseTo(zoomed[2]!, 6);
      await page.click('#zoom-fit');
      expect(await viewBox(page)).toEqual(home);
      await page.focus('#viewport');
      await page.keyboard.press('-');
      expect((await viewBox(page))[2]).toBeCloseTo(home[2]! * 1.25, 3);
      await page.keyboard.press('0');
      expect(await viewBox(page)).toEqual(home);
      // A findings row chosen with the keyboard shows its component.
      const dbRow = rows.findIndex((r) => r[2] === 'photos_db');
      expect(dbRow).toBeGreaterThanOrEqual(0);
      await page.focus(`#findings tbody tr:nth-child(${dbRow + 1})`);
      await page.keyboard.press('Enter');
      expect(await inPage<string>(page, `document.getElementById('panel').dataset.component`)).toBe('photos_db');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('shows hostile text as text: no script but its own, nothing fetched', async () => {
    const source = path.join(work, 'hostile.arch');
    writeFileSync(
      source,
      'architecture "<script>alert(1)</script></title>"\nclient users "<img src=x onerror=alert(2)>"\nservice web "</script><script>alert(3)</script>" { replicas: 2 }\nusers -> web\n',
    );
    const out = path.join(work, 'hostile.html');
    const run = archlint(['render', source, '-o', out], { env: { TMPDIR: work } });
    expect(run.code).toBe(0);
    const { page, refused, errors } = await open(out);
    try {
      expect(refused).toEqual([]);
      expect(errors).toEqual([]);
      expect(await inPage<string[]>(page, `[...document.querySelectorAll('script')].map((x) => x.getAttribute('type') || 'js')`)).toEqual([
        'application/json',
        'js',
      ]);
      expect(await page.$$('img')).toHaveLength(0);
      expect(await page.title()).toBe('<script>alert(1)</script></title> · archlint');
      await (await page.$('g.node[id*="-flowchart-n1-"]'))!.click();
      expect(await inPage<string>(page, `document.querySelector('#panel h2').textContent`)).toBe('</script><script>alert(3)</script>');
    } finally {
      await page.close();
    }
  }, 120_000);
});

describe('render to .html', () => {
  it('is refused without -o, like the other formats that need a browser', () => {
    const run = archlint(['render', `${root}examples/spof/after.arch`, '--to', 'html']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('archlint: --to html writes a file: name it with -o <file>\n');
  });
});
