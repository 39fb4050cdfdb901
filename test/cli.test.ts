import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { archlint, bin, root, stackTrace } from './cli-run.js';
import { tempDirs } from './temp.js';

const allRules = builtinRegistry.all();

const temp = tempDirs('cli');
afterAll(() => temp.removeAll());

/** A fresh temporary directory holding `files`. */
function project(files: Record<string, string>): string {
  const dir = temp.make();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A configuration that runs only the given rules, so that a test sees only the findings it is about. */
function only(dir: string, ...ids: string[]): string[] {
  writeFileSync(
    path.join(dir, 'only.json'),
    JSON.stringify({ rules: Object.fromEntries(allRules.map((r) => [r.id, ids.includes(r.id) ? r.meta.defaultSeverity : 'off'])) }),
  );
  return ['--config', 'only.json'];
}

const clean = 'client users\nlb edge { replicas: 2 }\nservice web { replicas: 2 }\nusers -> edge -> web\n';
const warning = 'client users\nlb edge { replicas: 2 }\nservice web { replicas: 2, sessions: local }\nusers -> edge -> web\n';
const error = 'client users\nservice web\nusers -> web\n';
const invalid = 'client users\nservice web { replicas: 0 }\n';

describe('archlint check', () => {
  it('checks the bundled §1 example clean, with exit 0 and no output', () => {
    const run = archlint(['check', 'examples/photo-sharing.arch']);
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  it.each([
    ['clean', clean, 0],
    ['warnings only', warning, 0],
    ['an error finding', error, 1],
    ['a meaning error', invalid, 2],
    ['a syntax error', 'service {', 2],
  ])('exit code for %s', (_, text, code) => {
    const dir = project({ 'a.arch': text });
    const run = archlint(['check', 'a.arch'], { cwd: dir });
    expect(run.code).toBe(code);
    expect(run.stderr).not.toMatch(stackTrace);
  });

  it('a clean check says so in one line on a terminal or with --verbose; a pipe and the machine formats stay as they were', () => {
    // The bundled §1 example has no finding at all (the first test above).
    const spotless = readFileSync(path.join(root, 'examples/photo-sharing.arch'), 'utf8');
    const dir = project({ 'a.arch': spotless, 'b/c.arch': spotless });
    expect(archlint(['check', '.'], { cwd: dir }).stdout).toBe('');
    expect(archlint(['check', '.', '--verbose'], { cwd: dir }).stdout).toBe('✔ no problems in 2 files\n');
    expect(archlint(['check', 'a.arch', '--verbose'], { cwd: dir }).stdout).toBe('✔ no problems in 1 file\n');
    const json = archlint(['check', 'a.arch', '--verbose', '--format', 'json'], { cwd: dir }).stdout;
    expect(json).toBe(archlint(['check', 'a.arch', '--format', 'json'], { cwd: dir }).stdout);
    // Findings are the report: nothing is added to it.
    const warned = project({ 'w.arch': warning });
    expect(archlint(['check', 'w.arch', '--verbose'], { cwd: warned }).stdout).not.toContain('no problems');
    // On a terminal (a pseudo-terminal made by util-linux's script), without --verbose.
    const tty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} check a.arch`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TERM: 'dumb' },
    });
    expect(tty.stdout.replace(/\r\n/g, '\n')).toBe('✔ no problems in 1 file\n');
  });

  it('fails on too many warnings with --max-warnings', () => {
    const dir = project({ 'a.arch': warning });
    expect(archlint(['check', 'a.arch', '--max-warnings', '1'], { cwd: dir }).code).toBe(0);
    const over = archlint(['check', 'a.arch', '--max-warnings', '0'], { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('archlint found 1 warnings (more than --max-warnings 0).');
  });

  it('reports errors only with --quiet', () => {
    const dir = project({ 'w.arch': warning, 'e.arch': error });
    const run = archlint(['check', '.', '--quiet', '--format', 'compact'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('e.arch: line 2, col 9, Error - `web` is a single point of failure');
    expect(run.stdout).not.toContain('Warning');
  });

  it('expands directories and globs, in a stable order, and names files as given', () => {
    const dir = project({ 'b.arch': clean, 'a/x.arch': error, 'a/y.arch': clean, 'node_modules/z.arch': 'broken {', 'notes.txt': 'x' });
    const run = archlint(['check', '.', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(run.stdout) as { files: { file: string }[] };
    expect(out.files.map((f) => f.file)).toEqual(['a/x.arch', 'a/y.arch', 'b.arch']);
    const globbed = JSON.parse(archlint(['check', 'a/*.arch', '--format', 'json'], { cwd: dir }).stdout) as { files: { file: string }[] };
    expect(globbed.files.map((f) => f.file)).toEqual(['a/x.arch', 'a/y.arch']);
  });

  it('checks an imported file as part of the model that imports it, and reports its findings under its own name', () => {
    const dir = project({
      'main.arch': 'import "parts/db.arch"\nclient users\nservice web { replicas: 2 }\nusers -> web -> db\n',
      'parts/db.arch': 'database db\n',
    });
    const run = archlint(['check', '.', '--format', 'json', ...only(dir, 'spof')], { cwd: dir });
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { files: { file: string; diagnostics: { ruleId: string; line: number }[] }[] };
    expect(out.files.map((f) => [f.file, f.diagnostics.map((d) => `${d.ruleId}@${d.line}`)])).toEqual([
      ['main.arch', []],
      ['parts/db.arch', ['spof@1']],
    ]);
  });

  it('does not call a suppression in a shared file stale when one of the models that import it uses it', () => {
    const dir = project({
      'shared.arch': '# archlint-disable-next-line spof -- rebuilt nightly\ndatabase db\n',
      'a.arch': 'import "shared.arch"\nclient u\nservice w { replicas: 2 }\nu -> w -> db\n',
      'b.arch': 'import "shared.arch"\nservice other { replicas: 2 }\n',
    });
    const args = only(dir, 'spof', 'unused-suppression');
    expect(archlint(['check', '.', '--format', 'compact', ...args], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    // Checked alone, b.arch's model does not use it: then it is reported.
    const alone = archlint(['check', 'b.arch', '--format', 'compact', ...args], { cwd: dir });
    expect(alone.stdout).toContain('shared.arch: line 1, col 30, Warning - `spof` is suppressed but reports nothing on line 2');
  });

  it('says which operand is wrong, with exit 2', () => {
    const dir = project({ 'a.arch': clean, 'empty/readme.txt': '' });
    expect(archlint(['check', 'missing.arch'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'archlint: no such file or directory: missing.arch\n' });
    expect(archlint(['check', 'nothing/*.arch'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'archlint: no files match nothing/*.arch\n' });
    expect(archlint(['check', 'empty'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'archlint: no .arch files, Kubernetes manifests, Compose files or Terraform JSON in directory empty\n',
    });
  });

  it('treats a directory named like a file as a directory', () => {
    const dir = project({ 'a.arch/inner.txt': '' });
    expect(archlint(['check', 'a.arch'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'archlint: no .arch files, Kubernetes manifests, Compose files or Terraform JSON in directory a.arch\n',
    });
  });

  it.each([
    [['check'], 'archlint: check needs files, directories or globs to check (or --print-config <file>)'],
    [['check', 'a.arch', '--format', 'xml'], "argument 'xml' is invalid. Allowed choices are stylish, compact, json"],
    [['check', 'a.arch', '--max-warnings', 'many'], 'expected a whole number of 0 or more'],
    [['check', 'a.arch', '--bogus'], "error: unknown option '--bogus'"],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [[], 'Usage: archlint'],
  ])('rejects a wrong command line %j with exit 2', (args, message) => {
    const run = archlint(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(stackTrace);
  });

  it('prints help and version with exit 0', () => {
    expect(archlint(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(archlint(['check', '--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(archlint(['render', '-v'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = archlint(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--max-warnings <n>');
    expect(archlint(['render', '--help']).stdout).toContain('--direction');
  });

  it('colours only on request or on a terminal', () => {
    const dir = project({ 'a.arch': error });
    expect(archlint(['check', 'a.arch'], { cwd: dir }).stdout).not.toContain('\u001b[');
    expect(archlint(['check', 'a.arch', '--color'], { cwd: dir }).stdout).toContain('\u001b[');
    expect(archlint(['check', 'a.arch'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).toContain('\u001b[');
  });

  it('prints stable output: files in path order whatever order they were made in, findings in line order, nothing of the machine', () => {
    // Made last-first, so that a listing in creation order would differ from path order.
    const dir = project({ 'z.arch': error, 'm/b.arch': error, 'm/a.arch': clean, 'a.arch': error });
    const out = JSON.parse(archlint(['check', '.', '--format', 'json'], { cwd: dir }).stdout) as {
      files: { file: string; diagnostics: { ruleId: string; line: number }[] }[];
    };
    expect(out.files.map((f) => f.file)).toEqual(['a.arch', 'm/a.arch', 'm/b.arch', 'z.arch']);
    // The workload's missing monitoring on line 1, the lone web server on line 2, the edge on line 3.
    expect(out.files[0]!.diagnostics.map((d) => `${d.ruleId}@${d.line}`)).toEqual(['missing-observability@1', 'spof@2', 'missing-load-balancer@3']);
    const examples = archlint(['check', 'examples', '--format', 'json']);
    expect((JSON.parse(examples.stdout) as { files: { file: string }[] }).files.map((f) => f.file)).toEqual([
      'examples/bad-shard-key/after.arch',
      'examples/bad-shard-key/before.arch',
      ...[
        '01-single-server',
        '02-load-balancer',
        '03-database-replication',
        '04-cache',
        '05-cdn',
        '06-stateless-web-tier',
        '07-data-centers',
        '08-message-queue',
        '09-logging-metrics-automation',
        '10-sharding',
      ].map((f) => `examples/chapter-1/${f}.arch`),
      'examples/designs/aws-three-tier.arch',
      'examples/designs/social-feed-two-region.arch',
      'examples/designs/startup-monolith.arch',
      'examples/designs/url-shortener.arch',
      'examples/missing-cdn/after.arch',
      'examples/missing-cdn/before.arch',
      'examples/photo-sharing.arch',
      'examples/plugin/orders.arch',
      'examples/spof/after.arch',
      'examples/spof/before.arch',
      'examples/stateful-web-tier/after.arch',
      'examples/stateful-web-tier/before.arch',
    ]);
    // No absolute path, user or time: the same files give the same bytes on any machine.
    expect(examples.stdout).not.toContain(root);
    expect(examples.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });
});

describe('archlint render', () => {
  it('prints a Mermaid flowchart with regions as subgraphs', () => {
    const run = archlint(['render', 'examples/photo-sharing.arch']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(run.stdout).toContain('  subgraph r0["US East"]');
    expect(run.stdout).toContain('  subgraph r1["US West"]');
    // users_db: replicas: 3, shards: 4 (examples/photo-sharing.arch).
    expect(run.stdout).toContain('[("◧ users_db<br/>database ×3 · 4 shards")]');
    expect(archlint(['render', 'examples/photo-sharing.arch', '--direction', 'TB']).stdout.startsWith('flowchart TB\n')).toBe(true);
  });

  it("marks the findings check would report, under the file's configuration", () => {
    const dir = project({ 'a.arch': error });
    expect(archlint(['render', 'a.arch'], { cwd: dir }).stdout).toContain('⚠ spof');
    writeFileSync(path.join(dir, 'archlint.config.json'), '{ "rules": { "spof": "off" } }');
    expect(archlint(['render', 'a.arch'], { cwd: dir }).stdout).not.toContain('spof');
  });

  it('refuses an invalid model with its errors and exit 2', () => {
    const dir = project({ 'a.arch': invalid });
    const run = archlint(['render', 'a.arch'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('2:25  error  `replicas` must be at least 1, not `0`');
  });
});

describe('the README', () => {
  it('shows what archlint really prints for the tour example', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = /A system in `shop.arch`:\n\n```arch\n([\s\S]*?)```/.exec(readme)![1]!;
    const shown = /```console\n\$ archlint check shop.arch\n([\s\S]*?)```/.exec(readme)![1]!;
    const dir = project({ 'shop.arch': source });
    const run = archlint(['check', 'shop.arch'], { cwd: dir });
    expect(run.stdout).toBe(shown);
    expect(run.code).toBe(0);
  });
});

describe('JSON output of real runs', () => {
  it('is valid against the published schema, for clean, failing and invalid files alike', async () => {
    const { Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(new URL('../schema/archlint-output.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    for (const target of ['examples', 'test/fixtures/malformed', 'examples/photo-sharing.arch']) {
      const run = archlint(['check', target, '--format', 'json']);
      const out = JSON.parse(run.stdout) as unknown;
      expect(validate(out), `${target}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
