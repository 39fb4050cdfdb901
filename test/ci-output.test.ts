/**
 * The CI side of `check`, through the real executable on files in a temporary directory: several
 * outputs from one run, a reader that stops early, and the markdown report.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedRules, withStepOne } from './ci-project.js';
import { archlint, bin, root } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('ci');
afterAll(() => temp.removeAll());
const tempDir = () => temp.make();
const project = () => withStepOne(temp.make());

describe('--output: several formats from one run', () => {
  it('writes each report, prints the main one, and exits as a plain run would', () => {
    const dir = project();
    const result = archlint(['check', 'm.arch', '--format', 'compact', '--output', 'json:reports/a.json', '--output', 'markdown:reports/a.md'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${path.join(dir, 'm.arch')}: line 25, col 9, Error - \`web\` is a single point of failure`);
    expect(result.stdout.trimEnd().endsWith('12 problems')).toBe(true);
    // The JSON file holds the step's marked findings, and is what --format json prints.
    const written = readFileSync(path.join(dir, 'reports/a.json'), 'utf8');
    const report = JSON.parse(written) as { files: { file: string; diagnostics: { ruleId: string }[] }[]; summary: object };
    expect(report.files.map((f) => f.file)).toEqual(['m.arch']);
    expect(report.files[0]!.diagnostics.map((d) => d.ruleId).sort()).toEqual(expectedRules);
    expect(report.summary).toEqual({ errors: 4, warnings: 7, infos: 1 });
    expect(written).toBe(archlint(['check', 'm.arch', '--format', 'json'], { cwd: dir }).stdout);
    const md = readFileSync(path.join(dir, 'reports/a.md'), 'utf8');
    expect(md.startsWith('## archlint\n\n❌ 12 problems (4 errors, 7 warnings, 1 info) in 1 file.\n')).toBe(true);
  });

  it('refuses to write over an input file, and leaves it as it was', () => {
    const dir = project();
    const before = readFileSync(path.join(dir, 'm.arch'), 'utf8');
    const result = archlint(['check', 'm.arch', '--output', 'json:m.arch'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('archlint: refusing to write m.arch: it is the input file m.arch (choose another output path)\n');
    expect(readFileSync(path.join(dir, 'm.arch'), 'utf8')).toBe(before);
  });

  it('rejects an unknown format, a missing file name and the same file twice', () => {
    const dir = project();
    const unknown = archlint(['check', 'm.arch', '--output', 'pdf:a.pdf'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^archlint: --output pdf:a\.pdf: write --output <format>:<file>, the format one of stylish, compact, json, markdown/);
    expect(archlint(['check', 'm.arch', '--output', 'json'], { cwd: dir }).code).toBe(2);
    const twice = archlint(['check', 'm.arch', '--output', 'json:r.json', '--output', 'compact:./r.json'], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('archlint: --output json:r.json and --output compact:./r.json name the same file\n');
    expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
  });

  it('still writes the reports when the model is invalid (exit 2), so CI shows the syntax error', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.arch'), 'service web {\n  replicas: 2\n');
    const result = archlint(['check', 'bad.arch', '--output', 'json:r.json'], { cwd: dir });
    expect(result.code).toBe(2);
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { files: { diagnostics: { ruleId: string; line: number }[] }[] };
    expect(report.files[0]!.diagnostics.map((d) => d.ruleId)).toEqual(['syntax']);
  });
});

describe('a reader that stops early', () => {
  it('closes the pipe without a crash or a message (`archlint check -f sarif | head`)', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" check examples/chapter-1 -f sarif | head -c 20`], { cwd: root, encoding: 'utf8' });
    expect(result.stdout).toBe('{\n  "$schema": "http');
    expect(result.stderr).toBe('');
  });
});

describe('--format markdown', () => {
  it('summarises, lists every finding, draws the diagram with findings marked and tabulates the flows', () => {
    const dir = project();
    const { stdout, code } = archlint(['check', 'm.arch', '--format', 'markdown'], { cwd: dir });
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '## archlint',
      '',
      '❌ 12 problems (4 errors, 7 warnings, 1 info) in 1 file.',
      '',
      '| severity | where | rule | message |',
    ]);
    const rows = lines.filter((l) => /^\| (🔴|🟡|🔵)/.test(l));
    expect(rows).toHaveLength(12);
    // The first finding in file order is the workload's missing-observability on line 16.
    expect(rows[0]!.startsWith('| 🔵 info | `m.arch:16:1` | `missing-observability` | the system has no `monitoring` component')).toBe(true);
    expect(stdout).toContain('\n### Photo sharing, step 1: a single server\n\n`m.arch`: 6 components, 5 connections.\n\n```mermaid\nflowchart LR\n');
    // web, thumbnailer and photos_db have error findings.
    expect(stdout).toContain('  class n2,n3,n4 error\n');
    expect(stdout).toContain('| client | kind | rps | p50 ms | p99 ms | availability | path |');
    // 20 rps, 60% static: 12 static requests per second straight to the web server.
    expect(stdout).toMatch(/\n\| users \| static \| 12 \| [^|]+ \| [^|]+ \| [^|]+ \| users → web \|\n/);
    expect(stdout).toContain('(saturated at thumbnailer) | users → web → photos_db → thumbnailer → media |');
  });

  it('escapes table cells and says so plainly when there is nothing to report', () => {
    const dir = tempDir();
    copyFileSync(path.join(root, 'examples/photo-sharing.arch'), path.join(dir, 'clean.arch'));
    const { stdout, code } = archlint(['check', 'clean.arch', '--format', 'markdown'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout.startsWith('## archlint\n\n✅ No problems in 1 file.\n\n### Photo sharing, chapter 1 final\n')).toBe(true);
  });

  // docs/output-formats.md: GitHub takes 65,536 characters in a comment, and the report keeps within 60,000 bytes.
  it('keeps within 60,000 bytes, saying how many findings and flows it left out', () => {
    const dir = tempDir();
    const parts = Array.from({ length: 300 }, (_, i) => `client c${i}\nservice s${i}\nc${i} -> s${i}`).join('\n');
    writeFileSync(path.join(dir, 'wide.arch'), `${parts}\n`);
    const { stdout } = archlint(['check', 'wide.arch', '--format', 'markdown'], { cwd: dir });
    // Each of the 300 services runs as one instance at the end of its client's flow (spof, an error)
    // and is called with no load balancer in front (missing-load-balancer, a warning); nothing is
    // monitored (missing-observability, info once): 601 findings.
    expect(stdout.startsWith('## archlint\n\n❌ 601 problems (300 errors, 300 warnings, 1 info) in 1 file.\n')).toBe(true);
    expect(Buffer.byteLength(stdout)).toBeLessThanOrEqual(60_000);
    const rows = stdout.split('\n').filter((l) => /^\| (🔴|🟡|🔵)/.test(l)).length;
    const left = Number(/\n…and (\d+) more findings; `archlint check` lists them all\.\n/.exec(stdout)?.[1]);
    expect(rows).toBeGreaterThan(0);
    expect(rows + left).toBe(601);
    const flows = stdout.split('\n').filter((l) => /^\| c\d+ \| /.test(l)).length;
    const leftFlows = Number(/\n…and (\d+) more flows; `archlint eval wide\.arch` lists them all\.\n/.exec(stdout)?.[1]);
    // A plain edge carries reads and writes, and nothing is static: two flows per client, 600 in all.
    expect(flows + leftFlows).toBe(600);
  });

  it('keeps within 60,000 bytes with many models too, saying how many it left out (it went to 70 KB before)', () => {
    const dir = tempDir();
    // 40 copies of the photo-sharing example: each one's section (diagram and flows) is a few KB.
    const names = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}.arch`);
    for (const name of names) copyFileSync(path.join(root, 'examples/photo-sharing.arch'), path.join(dir, name));
    const { stdout } = archlint(['check', '.', '--format', 'markdown'], { cwd: dir });
    expect(Buffer.byteLength(stdout)).toBeLessThanOrEqual(60_000);
    const shown = stdout.split('\n').filter((l) => l.startsWith('### ')).length;
    const left = Number(
      /\n…and (\d+) more models; `archlint check <file> --format markdown`, `archlint render` and `archlint eval` show each\.\n$/.exec(stdout)?.[1],
    );
    expect(shown).toBeGreaterThan(0);
    expect(shown + left).toBe(40);
    // Every section shown is whole: a diagram or the sentence that leaves it out, then flows or the sentence that leaves them out.
    for (const section of stdout.split('\n### ').slice(1))
      expect(section).toMatch(/(```mermaid|The diagram is left out)[\s\S]*(Flows as `archlint eval`|The flows are left out)/);
  });

  // docs/output-formats.md: GitHub draws diagrams of at most 500 edges.
  it('leaves out a diagram with more than 500 connections, and says how to draw it', () => {
    const dir = tempDir();
    const services = Array.from({ length: 501 }, (_, i) => `service s${i} { replicas: 2 }\nusers -> s${i}`).join('\n');
    writeFileSync(path.join(dir, 'big.arch'), `client users\n${services}\n`);
    const { stdout } = archlint(['check', 'big.arch', '--format', 'markdown'], { cwd: dir });
    expect(stdout).toContain(
      "\n`big.arch`: 502 components, 501 connections.\n\nThe diagram is left out (501 connections, more than the 500 a comment's diagram can draw); `archlint render big.arch -o big.svg` draws it.\n",
    );
    expect(stdout).not.toContain('```mermaid');
  });
});

describe('CI reports name files from the repository root, wherever archlint runs', () => {
  /** A Git work tree whose design lives two directories down, in packages/shop/. */
  function repository(): { repo: string; pkg: string } {
    const repo = temp.make();
    spawnSync('git', ['init', '-q', repo]);
    const pkg = path.join(repo, 'packages/shop');
    mkdirSync(pkg, { recursive: true });
    withStepOne(pkg);
    return { repo, pkg };
  }
  const sarifUris = (text: string) => {
    const log = JSON.parse(text) as {
      runs: {
        originalUriBaseIds: Record<string, { uri: string }>;
        results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
      }[];
    };
    const run = log.runs[0]!;
    return {
      base: run.originalUriBaseIds['%SRCROOT%']!.uri,
      uris: [...new Set(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))],
    };
  };

  it('from a subdirectory of a Git work tree: sarif, github, gitlab and junit paths start at its top', () => {
    const { repo, pkg } = repository();
    const sarif = archlint(['check', 'm.arch', '--format', 'sarif'], { cwd: pkg });
    expect(sarifUris(sarif.stdout)).toEqual({ base: `${pathToFileURL(repo).href}/`, uris: ['packages/shop/m.arch'] });
    const github = archlint(['check', 'm.arch', '--format', 'github'], { cwd: pkg });
    expect(github.stdout).toContain('::error file=packages/shop/m.arch,line=25,col=9,');
    const gitlab = JSON.parse(archlint(['check', 'm.arch', '--format', 'gitlab'], { cwd: pkg }).stdout) as { location: { path: string } }[];
    expect([...new Set(gitlab.map((i) => i.location.path))]).toEqual(['packages/shop/m.arch']);
    const junit = archlint(['check', 'm.arch', '--format', 'junit'], { cwd: pkg });
    expect(junit.stdout).toContain('<testsuite name="packages/shop/m.arch"');
    // What a person reads stays relative to where they ran it.
    expect(archlint(['check', 'm.arch', '--format', 'json'], { cwd: pkg }).stdout).toContain('"file": "m.arch"');
  });

  it('GITHUB_WORKSPACE or CI_PROJECT_DIR, when set, is the root', () => {
    const { repo, pkg } = repository();
    const workspace = path.join(repo, 'packages');
    const github = archlint(['check', 'm.arch', '--format', 'github'], { cwd: pkg, env: { GITHUB_WORKSPACE: workspace } });
    expect(github.stdout).toContain('::error file=shop/m.arch,line=25,col=9,');
    const gitlab = JSON.parse(archlint(['check', 'm.arch', '--format', 'gitlab'], { cwd: pkg, env: { CI_PROJECT_DIR: workspace } }).stdout) as {
      location: { path: string };
    }[];
    expect([...new Set(gitlab.map((i) => i.location.path))]).toEqual(['shop/m.arch']);
  });

  it('outside any Git work tree, the working directory is the root', () => {
    const dir = project();
    const sarif = archlint(['check', 'm.arch', '--format', 'sarif'], { cwd: dir });
    expect(sarifUris(sarif.stdout)).toEqual({ base: `${pathToFileURL(dir).href}/`, uris: ['m.arch'] });
  });
});
