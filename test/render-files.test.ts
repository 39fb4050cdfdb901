/**
 * `archlint render <files> -o <out>`: diagrams written as .mmd, .md, .svg and .png files. SVG and
 * PNG go through the real headless Chromium (/usr/bin/chromium here; .ci/run installs it), so
 * this file keeps to a handful of renders.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModel } from '../src/engine/pipeline.js';
import { BrowserError, chromiumPaths, findChromium, launchChromium } from '../src/render/browser.js';
import { OutputError } from '../src/errors.js';
import { writeFileAtomic } from '../src/io/write.js';
import { formatOf } from '../src/render/formats.js';
import { PNG_MAX_PIXELS, PNG_MAX_SIDE, pngScale, svgSize } from '../src/render/png.js';
import { generateChain } from '../bench/generate.js';
import { archlint, root, stackTrace } from './cli-run.js';

const photo = 'examples/photo-sharing.arch';
const single = 'examples/chapter-1/01-single-server.arch';

let work: string;
/** The CLI's temporary directory (TMPDIR), where its browser profiles go: must end up empty. */
let tmp: string;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'archlint-render-files-'));
  tmp = path.join(work, 'tmp');
  mkdirSync(tmp);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const render = (args: string[], env: Record<string, string> = {}, cwd = root) => archlint(['render', ...args], { cwd, env: { TMPDIR: tmp, ...env } });

/** Parses XML with happy-dom's DOMParser; a document that is not well-formed yields a <parsererror>. */
function parseXml(text: string): { root: string; errors: number; text: string } {
  const window = new Window();
  try {
    const doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
    return { root: doc.documentElement.nodeName, errors: doc.getElementsByTagName('parsererror').length, text: doc.documentElement.textContent ?? '' };
  } finally {
    void window.happyDOM.close();
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A minimal PNG reader (8-bit RGB or RGBA, not interlaced, as Chromium writes them): size and the share of non-white pixels. */
function readPng(bytes: Buffer): { width: number; height: number; inked: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const [depth, colour, , , interlace] = bytes.subarray(24, 29);
  expect(depth).toBe(8);
  expect(interlace).toBe(0);
  const channels = colour === 6 ? 4 : colour === 2 ? 3 : NaN;
  expect(channels).not.toBeNaN();
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  let previous = Buffer.alloc(stride);
  let inked = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels]! : 0;
      const b = previous[x]!;
      const c = x >= channels ? previous[x - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (line[x]! + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const i = x * channels;
      if (line[i]! < 230 || line[i + 1]! < 230 || line[i + 2]! < 230) inked++;
    }
    previous = line;
  }
  return { width, height, inked: inked / (width * height) };
}

/** What each component shows in the diagram: its label, or its name. */
function titles(file: string): string[] {
  return checkModel(path.join(root, file), { rules: [] })
    .model!.components()
    .map((c) => c.label ?? c.name);
}

const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.startsWith('.'));

/**
 * The SVGs of the two examples, rendered once and shared: the SVG test checks them, the PNG test
 * sizes its images against them. Tests run in a shuffled order, so whichever comes first renders.
 */
let svgRun: { run: ReturnType<typeof render>; out: string } | undefined;
function svgs(): { run: ReturnType<typeof render>; out: string } {
  if (!svgRun) {
    const out = path.join(work, 'svg');
    svgRun = { run: render([photo, single, '-o', out], { ARCHLINT_DEBUG: '1' }), out };
  }
  return svgRun;
}

describe('archlint render to SVG and PNG (real Chromium)', () => {
  it('renders two files to SVG with one browser, well-formed, with every component labelled', () => {
    const { run, out } = svgs();
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    // The debug log names each browser launch: two inputs, one browser, closed once.
    expect(run.stderr.match(/^archlint: debug: launched /gm)).toHaveLength(1);
    expect(run.stderr.match(/^archlint: debug: closed the browser$/gm)).toHaveLength(1);
    expect(run.stderr.match(/^archlint: debug: wrote /gm)).toHaveLength(2);
    expect(readdirSync(out).sort()).toEqual(['01-single-server.svg', 'photo-sharing.svg']);
    for (const [input, name] of [
      [photo, 'photo-sharing.svg'],
      [single, '01-single-server.svg'],
    ] as const) {
      const svg = readFileSync(path.join(out, name), 'utf8');
      const xml = parseXml(svg);
      expect(xml.errors, `${name} is not well-formed XML`).toBe(0);
      expect(xml.root).toBe('svg');
      for (const title of titles(input)) expect(xml.text, `${name} lacks ${title}`).toContain(title);
    }
    // The browser's profile went with it, and no temporary file was left next to the outputs.
    expect(readdirSync(tmp)).toEqual([]);
    expect(leftovers(out)).toEqual([]);
  });

  it('renders hostile labels as inert text: no script, handler, link or directive reaches the SVG', () => {
    const labels = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '"]; click n0 call alert(1); %%',
      '%%{init: {"securityLevel": "loose"}}%%',
      '<a href="javascript:alert(1)">x</a>',
    ];
    const q = (label: string) => `"${label.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const src = `client users ${q(labels[0]!)}\nservice web ${q(labels[1]!)}\ndatabase db ${q(labels[2]!)}\nregion r ${q(labels[3]!)} { cache c ${q(labels[4]!)} }\nusers -> web -> db { label: ${q(labels[0]!)} }\nweb -> c`;
    const dir = mkdtempSync(path.join(work, 'hostile-'));
    writeFileSync(path.join(dir, 'h.arch'), src);
    const run = render(['h.arch', '-o', 'h.svg'], {}, dir);
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(0);
    const svg = readFileSync(path.join(dir, 'h.svg'), 'utf8');
    const xml = parseXml(svg);
    expect(xml.errors).toBe(0);
    // In the document itself: no script or link element, no event-handler attribute, no javascript: URL.
    const window = new Window();
    try {
      const doc = new window.DOMParser().parseFromString(svg, 'image/svg+xml');
      const elements = [...doc.getElementsByTagName('*')];
      expect(elements.filter((e) => /^(script|a|iframe|object|embed)$/i.test(e.nodeName)).map((e) => e.nodeName)).toEqual([]);
      for (const e of elements) {
        for (const attribute of [...e.attributes]) {
          expect(attribute.name.toLowerCase().startsWith('on'), `${e.nodeName} has ${attribute.name}`).toBe(false);
          expect(attribute.value).not.toMatch(/javascript:/i);
        }
      }
    } finally {
      void window.happyDOM.close();
    }
    // The text is shown as written (as SVG text, wrapped onto rows at spaces: compared without them).
    expect(svg).not.toContain('<foreignObject');
    const unspaced = xml.text.replace(/\s+/g, '');
    expect(unspaced).toContain('<script>alert(1)</script>');
    expect(unspaced).toContain('<imgsrc=xonerror=alert(1)>');
  });

  it('renders PNGs: the signature, a size that follows the diagram, and ink on the page', () => {
    const out = path.join(work, 'png');
    const run = render([photo, single, '-o', out, '--to', 'png'], { ARCHLINT_DEBUG: '1' });
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/^archlint: debug: launched /gm)).toHaveLength(1);
    expect(readdirSync(out).sort()).toEqual(['01-single-server.png', 'photo-sharing.png']);
    for (const name of ['photo-sharing', '01-single-server']) {
      const png = readPng(readFileSync(path.join(out, `${name}.png`)));
      // Drawn at pngScale of the size Mermaid laid the diagram out at (the same diagram's SVG).
      const svg = svgs();
      expect(svg.run.code).toBe(0);
      const size = svgSize(readFileSync(path.join(svg.out, `${name}.svg`), 'utf8'));
      const scale = pngScale(size.width, size.height);
      expect(scale).toBe(2);
      expect(Math.abs(png.width - size.width * scale)).toBeLessThanOrEqual(2);
      expect(Math.abs(png.height - size.height * scale)).toBeLessThanOrEqual(2);
      expect(png.width).toBeGreaterThan(400);
      expect(png.height).toBeGreaterThan(200);
      // Not a blank page: boxes, lines and text cover part of it.
      expect(png.inked).toBeGreaterThan(0.02);
      expect(png.inked).toBeLessThan(0.9);
    }
    expect(readdirSync(tmp)).toEqual([]);
    expect(leftovers(out)).toEqual([]);
  });

  it('says when a PNG is too large to read, and what to draw instead', () => {
    // A chain of 420 services top to bottom is about 55,000 units high: the 32,000-pixel limit
    // draws it at under 58%, text under 12 pixels.
    const dir = path.join(work, 'tall');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'chain.arch'), generateChain(420));
    const run = render([path.join(dir, 'chain.arch'), '-d', 'TB', '-o', path.join(dir, 'chain.png')]);
    expect(run.code).toBe(0);
    const png = readPng(readFileSync(path.join(dir, 'chain.png')));
    expect(png.height).toBe(PNG_MAX_SIDE);
    // The same picture's SVG gives its size.
    expect(render([path.join(dir, 'chain.arch'), '-d', 'TB', '-o', path.join(dir, 'chain.svg')]).code).toBe(0);
    const size = svgSize(readFileSync(path.join(dir, 'chain.svg'), 'utf8'));
    expect(size.height).toBeGreaterThan(PNG_MAX_SIDE / 0.75);
    const scale = PNG_MAX_SIDE / size.height;
    expect(run.stderr).toBe(
      `archlint: note: ${path.join(dir, 'chain.png')}: the picture is ${Math.round(size.width).toLocaleString('en-US')} × ${Math.round(size.height).toLocaleString('en-US')}, ` +
        `so the PNG draws it at ${Math.round(scale * 100)}% (text about ${Math.round(16 * scale)} pixels high); for a readable picture draw a part of it (--region, --focus) or write the SVG\n`,
    );
    // A small picture says nothing.
    expect(render([single, '-o', path.join(dir, 'single.png')]).stderr).toBe('');
  });
});

describe('the browser leaves nothing in TMPDIR', () => {
  it('even when it is killed: its profile, its temporary files and its socket directory all go', async () => {
    const dir = path.join(work, 'killed');
    mkdirSync(dir);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    try {
      const session = await launchChromium({ PATH: process.env.PATH ?? '' });
      // While it runs, everything of it is inside its one profile directory.
      expect(readdirSync(dir)).toHaveLength(1);
      expect(readdirSync(dir)[0]).toMatch(/^archlint-/);
      const page = await session.browser.newPage();
      await page.setContent('<p>x</p>');
      session.browser.process()!.kill('SIGKILL');
      await session.close();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.env.TMPDIR = saved;
    }
  });
});

describe('archlint render without a browser', () => {
  // No Chromium anywhere: ARCHLINT_CHROMIUM points nowhere and PATH holds only node.
  const noBrowser = () => ({ ARCHLINT_CHROMIUM: '/nonexistent', PATH: path.dirname(process.execPath) });

  it('writes .mmd and .md, and refuses .svg with how to install Chromium (exit 2)', () => {
    const out = path.join(work, 'no-browser');
    const mmd = render([single, '-o', path.join(out, 'one.mmd')], noBrowser());
    expect(mmd).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(path.join(out, 'one.mmd'), 'utf8')).toBe(render([single], noBrowser()).stdout);
    expect(readFileSync(path.join(out, 'one.mmd'), 'utf8')).toMatch(/^flowchart LR\n/);

    const md = render([single, '-o', path.join(out, 'one.md')], noBrowser());
    expect(md).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const doc = readFileSync(path.join(out, 'one.md'), 'utf8');
    expect(doc).toMatch(/^# Photo sharing, step 1: a single server\n/);
    expect(doc).toContain('\n```mermaid\nflowchart LR\n');
    expect(doc).toContain('\n| rule | severity | where | message |\n| --- | --- | --- | --- |\n');
    expect(doc).toMatch(
      /\n\| `spof` \| error \| \[01-single-server\.arch:\d+:\d+\]\(\.\.\/\.\.\/.*examples\/chapter-1\/01-single-server\.arch#L\d+\) \| `web` is a single point of failure/,
    );

    const svg = render([single, '-o', path.join(out, 'one.svg')], noBrowser());
    expect(svg.code).toBe(2);
    expect(svg.stdout).toBe('');
    expect(svg.stderr).toMatch(/^archlint: cannot render SVG or PNG: ARCHLINT_CHROMIUM is set to \/nonexistent/);
    expect(svg.stderr).toContain('apt-get install chromium');
    expect(svg.stderr).not.toMatch(stackTrace);
    expect(readdirSync(out).sort()).toEqual(['one.md', 'one.mmd']);
  });

  it('reports a browser that does not start (exit 2), leaving no profile and no file', () => {
    const fake = path.join(work, 'not-a-browser.sh');
    writeFileSync(fake, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const out = path.join(work, 'broken-browser');
    const run = render([single, '-o', path.join(out, 'one.png')], { ARCHLINT_CHROMIUM: fake });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^archlint: cannot render SVG or PNG: .*not-a-browser\.sh did not start/);
    expect(run.stderr).not.toMatch(stackTrace);
    expect(readdirSync(tmp)).toEqual([]);
    expect(() => readdirSync(out)).toThrow();
  });

  it('passes --direction, --layout and --with-eval to the diagram, and refuses --diagram architecture', () => {
    const out = path.join(work, 'options');
    expect(render([photo, '-o', path.join(out, 'tb.mmd'), '--direction', 'TB', '--with-eval'], noBrowser()).code).toBe(0);
    const tb = readFileSync(path.join(out, 'tb.mmd'), 'utf8');
    expect(tb).toMatch(/^flowchart TB\n/);
    expect(tb).toContain('ρ ');
    // The architecture diagram is gone: a usage error that says why and what to draw instead, and no file.
    const arch = render([photo, '-o', path.join(out, 'arch.mmd'), '--diagram', 'architecture'], noBrowser());
    expect(arch.code).toBe(2);
    expect(arch.stderr).toBe(
      'archlint: render: the architecture diagram was removed: Mermaid draws it with overlapping nodes and regions and no labels on links (mermaid #6322), ' +
        'so it could not show what the flowchart shows. Draw the flowchart (leave out --diagram), and try --layout elk for right-angled links.\n',
    );
    expect(existsSync(path.join(out, 'arch.mmd'))).toBe(false);
    // --layout elk names the layout in the text, so that every viewer of the .mmd uses it.
    expect(render([photo, '-o', path.join(out, 'elk.mmd'), '--layout', 'elk'], noBrowser()).code).toBe(0);
    expect(readFileSync(path.join(out, 'elk.mmd'), 'utf8')).toMatch(/^---\nconfig:\n {2}layout: elk\n---\nflowchart LR\n/);
    // Suppressed findings stay off the picture unless asked for, then under their rule's name and `suppressed`.
    const quiet = path.join(out, 'quiet.arch');
    writeFileSync(quiet, 'client users\n# archlint-disable-next-line spof\nservice web\nusers -> web\n# archlint-disable missing-observability\n');
    const plain = render([quiet]).stdout;
    expect(plain).toContain('  n0(["☺ users<br/>client"])\n  n1["⚙ web<br/>service"]\n');
    expect(plain).not.toContain('suppressed');
    const asked = render([quiet, '--suppressed']).stdout;
    expect(asked).toContain('  n0(["☺ users<br/>client<br/>⚠ missing-observability #40;suppressed#41;"])\n');
    expect(asked).toContain('  n1["⚙ web<br/>service<br/>⚠ spof #40;suppressed#41;"]\n');
    expect(asked).toContain('    legend0["spof #40;suppressed#41; · error"]:::error\n');
    // A directory: a file that another one imports is drawn as part of it, not on its own.
    const dir = path.join(out, 'project');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'main.arch'), 'import "web.arch"\nclient users\nusers -> web\n');
    writeFileSync(path.join(dir, 'web.arch'), 'service web { replicas: 2 }\n');
    expect(render([dir, '-o', path.join(out, 'project-diagrams'), '--to', 'mmd'], noBrowser()).code).toBe(0);
    expect(readdirSync(path.join(out, 'project-diagrams'))).toEqual(['main.mmd']);
    // Printed to stdout without -o: the Mermaid text, or with --to md the Markdown document.
    expect(render([photo, '--to', 'md'], noBrowser()).stdout).toMatch(/^# Photo sharing/);
  });
});

describe('archlint render: what it refuses', () => {
  it('never writes over an input file, and writes nothing then', () => {
    const dir = path.join(work, 'same');
    mkdirSync(dir);
    // An input whose name is also a valid output name.
    copyFileSync(path.join(root, single), path.join(dir, 'model.svg'));
    copyFileSync(path.join(root, single), path.join(dir, 'model.mmd'));
    const before = readFileSync(path.join(dir, 'model.svg'));
    for (const args of [
      ['model.svg', '-o', 'model.svg'],
      ['model.svg', '-o', './sub/../model.svg'],
      [path.join(dir, 'model.svg'), '-o', 'model.svg'],
      ['model.mmd', '-o', '.', '--to', 'mmd'],
      ['model.svg', 'model.mmd', '-o', '.', '--to', 'svg'],
    ]) {
      const run = render(args, {}, dir);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^archlint: refusing to write .*model\.(svg|mmd): it is the input file /);
    }
    expect(readFileSync(path.join(dir, 'model.svg')).equals(before)).toBe(true);
    expect(readFileSync(path.join(dir, 'model.mmd')).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['model.mmd', 'model.svg']);

    // Nor over a file the model imports.
    const imports = path.join(work, 'imports');
    mkdirSync(imports);
    writeFileSync(path.join(imports, 'main.arch'), 'import "part.md"\nclient users\nusers -> web\n');
    writeFileSync(path.join(imports, 'part.md'), 'service web { replicas: 2 }\n');
    const imported = render(['main.arch', '-o', 'part.md'], {}, imports);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toBe('archlint: refusing to write part.md: it is part.md, which main.arch imports (choose another output path)\n');
    expect(readFileSync(path.join(imports, 'part.md'), 'utf8')).toBe('service web { replicas: 2 }\n');
  });

  it('refuses an output it cannot tell the format of, several files without -o, and --to against the extension', () => {
    const out = path.join(work, 'usage');
    const unknown = render([photo, '-o', path.join(out, 'diagram.pdf')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('.svg, .png, .html, .md or .mmd');
    const several = render([photo, single]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('-o <dir>');
    const mismatch = render([photo, '-o', path.join(out, 'x.svg'), '--to', 'png']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('--to png');
    const clash = render([photo, path.join(root, 'examples/spof/before.arch'), path.join(root, 'examples/missing-cdn/before.arch'), '-o', out, '--to', 'mmd']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/would both be written to .*before\.mmd/);
    for (const run of [unknown, several, mismatch, clash]) expect(run.stderr).not.toMatch(stackTrace);
    expect(() => readdirSync(out)).toThrow();
  });

  it('reports an invalid model with exit 2 and writes nothing for any of the files', () => {
    const dir = path.join(work, 'invalid');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'bad.arch'), 'service web { replicas: 0 }\n');
    const run = render([photo, path.join(dir, 'bad.arch'), '-o', path.join(dir, 'out'), '--to', 'mmd']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('`replicas` must be at least 1');
    expect(readdirSync(dir)).toEqual(['bad.arch']);
  });
});

describe('the pieces', () => {
  it('finds the browser: ARCHLINT_CHROMIUM, PUPPETEER_EXECUTABLE_PATH, the usual paths, then PATH', () => {
    const only =
      (...files: string[]) =>
      (file: string) =>
        files.includes(file);
    expect(findChromium({ ARCHLINT_CHROMIUM: '/a', PUPPETEER_EXECUTABLE_PATH: '/b' }, only('/a', '/b', '/usr/bin/chromium'))).toBe('/a');
    expect(findChromium({ PUPPETEER_EXECUTABLE_PATH: '/b' }, only('/b', '/usr/bin/chromium'))).toBe('/b');
    expect(findChromium({}, only('/usr/bin/google-chrome', '/snap/bin/chromium'))).toBe('/usr/bin/google-chrome');
    expect(findChromium({ PATH: ['/x', '/opt/bin'].join(path.delimiter) }, only(path.join('/opt/bin', 'chromium-browser')))).toBe(
      path.join('/opt/bin', 'chromium-browser'),
    );
    // A variable that is set is what the user asked for: reported, not replaced by another browser.
    expect(() => findChromium({ ARCHLINT_CHROMIUM: '/nonexistent' }, only('/usr/bin/chromium'))).toThrow(BrowserError);
    expect(() => findChromium({ PATH: '/x' }, only())).toThrow(/none was found.*apt-get install chromium.*ARCHLINT_CHROMIUM/);
    expect(chromiumPaths).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });

  it('sizes PNGs: twice the size when small, near 16 megapixels when large, within the limits always', () => {
    expect(pngScale(800, 600)).toBe(2);
    const mid = pngScale(3000, 8000);
    expect(mid).toBeGreaterThanOrEqual(0.75);
    expect(3000 * 8000 * mid * mid).toBeLessThanOrEqual(16_000_001);
    // A 1,000-component flowchart as Mermaid lays it out (LR and TB).
    for (const [w, h] of [
      [9_082, 84_278],
      [117_418, 4_804],
    ] as const) {
      const s = pngScale(w, h);
      expect(Math.max(w, h) * s).toBeLessThanOrEqual(PNG_MAX_SIDE);
      expect(w * h * s * s).toBeLessThanOrEqual(PNG_MAX_PIXELS);
      expect(s).toBeGreaterThan(0.25);
    }
    expect(svgSize('<svg id="x" width="100%" viewBox="-20 -30 400.5 300"><g/></svg>')).toEqual({ width: 400.5, height: 300 });
    expect(formatOf('a/B.PNG')).toBe('png');
    expect(formatOf('a/b.pdf')).toBeUndefined();
  });

  it('writes atomically: the old file stays until the new one is complete, and no temporary file is left', () => {
    const dir = path.join(work, 'atomic');
    mkdirSync(dir);
    const file = path.join(dir, 'a.mmd');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(() => writeFileAtomic(path.join(dir, 'missing', 'b.mmd'), 'x')).toThrow(OutputError);
    // Renaming onto a directory fails after the temporary file was written: it is removed.
    mkdirSync(path.join(dir, 'c.mmd'));
    expect(() => writeFileAtomic(path.join(dir, 'c.mmd'), 'x')).toThrow(/cannot write .*c\.mmd/);
    expect(readdirSync(dir).sort()).toEqual(['a.mmd', 'c.mmd']);
  });
});
