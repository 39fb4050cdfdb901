/**
 * The package as a user gets it: packed with `npm pack`, installed from the tarball globally, into
 * a project and through `npx`, and run from outside this repository, as the README's install
 * section says. No install may run a script (a script is how a browser download would happen): npm
 * runs every lifecycle script through a shell that records it and fails the install, and the tree
 * installed is searched for packages that declare one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archlint, root, stackTrace } from './cli-run.js';
import { Client, spofDb, shop } from './lsp-client.js';
import { markers } from './markers.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('install');
afterAll(() => temp.removeAll());

const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const MB = 1024 * 1024;

/** The README's commands, with the packed tarball for `archlint`. */
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

let dir: string;
let tarball: string;
let scriptLog: string;
let npmEnv: Record<string, string>;

/** Runs npm with the tripwire shell; throws with npm's output when it fails. */
function npm(args: string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...npmEnv, ...env }, timeout: 300_000 });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Every package under `nodeModules` that has an install-time script or a native build. */
function installScripts(nodeModules: string): string[] {
  const found: string[] = [];
  const visit = (dirPath: string) => {
    if (!existsSync(dirPath)) return;
    for (const name of readdirSync(dirPath)) {
      if (name.startsWith('.')) continue;
      const pkgDir = path.join(dirPath, name);
      if (name.startsWith('@')) {
        visit(pkgDir);
        continue;
      }
      const manifest = path.join(pkgDir, 'package.json');
      if (existsSync(manifest)) {
        const scripts = (JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
        for (const event of ['preinstall', 'install', 'postinstall']) if (scripts[event]) found.push(`${name}: ${event}`);
        if (existsSync(path.join(pkgDir, 'binding.gyp'))) found.push(`${name}: binding.gyp`);
      }
      visit(path.join(pkgDir, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found;
}

/** Bytes of the files under `dir` (symbolic links not followed). */
function size(dirPath: string): number {
  let total = 0;
  for (const entry of readdirSync(dirPath, { withFileTypes: true })) {
    const p = path.join(dirPath, entry.name);
    if (entry.isDirectory()) total += size(p);
    else total += lstatSync(p).size;
  }
  return total;
}

beforeAll(() => {
  dir = temp.make();
  scriptLog = path.join(dir, 'scripts.log');
  // npm runs every script through this shell: an install-time one is recorded and fails the
  // install; anything else (npx running a command) runs as usual.
  const tripwire = path.join(dir, 'tripwire.sh');
  writeFileSync(
    tripwire,
    [
      '#!/bin/sh',
      'case "$npm_lifecycle_event" in',
      `  preinstall|install|postinstall|prepare) echo "$npm_package_name $npm_lifecycle_event: $*" >> ${JSON.stringify(scriptLog)}; exit 1 ;;`,
      'esac',
      'exec /bin/sh "$@"',
      '',
    ].join('\n'),
  );
  chmodSync(tripwire, 0o755);
  // The machine's own ways to the registry pass through: its certificate authorities and proxies,
  // and npm's global configuration (found beside the Node that runs npm, which under .ci/run's
  // other Node versions is not the machine's).
  const network = [
    'NODE_EXTRA_CA_CERTS',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'HTTPS_PROXY',
    'HTTP_PROXY',
    'NO_PROXY',
    'https_proxy',
    'http_proxy',
    'no_proxy',
    'npm_config_globalconfig',
  ];
  npmEnv = {
    ...Object.fromEntries(network.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    npm_config_script_shell: tripwire,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_prefer_offline: 'true',
  };
  // The build is already in dist/ (npm test builds first): pack it as it is.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = path.join(dir, packed[0]!.filename);
}, 120_000);

describe('the packed tarball', () => {
  it('ships what runs and nothing of the repository besides', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing).toContain('package/LICENSE');
    expect(listing).toContain('package/CHANGELOG.md');
    expect(listing).toContain('package/bin/archlint.js');
    expect(listing).toContain('package/dist/src/index.d.ts');
    expect(listing.filter((f) => /^package\/dist\/(bench|scripts|test)\//.test(f))).toEqual([]);
    expect(listing.filter((f) => /^package\/(src|test|bench|scripts|editors|\.ci)\//.test(f))).toEqual([]);
  });
});

describe('installed globally', () => {
  let prefix: string;
  let work: string;
  let bin: string;
  beforeAll(() => {
    prefix = path.join(dir, 'global');
    npm(['install', '--global', '--prefix', prefix, tarball], dir);
    bin = path.join(prefix, 'lib/node_modules/archlint/bin/archlint.js');
    work = temp.make();
    cpSync(path.join(root, 'examples/chapter-1'), path.join(work, 'arch'), { recursive: true });
  }, 300_000);

  it('ran no install script, installs nothing that has one, and is under 20 MB', () => {
    expect(existsSync(scriptLog) ? readFileSync(scriptLog, 'utf8') : '').toBe('');
    expect(installScripts(path.join(prefix, 'lib/node_modules'))).toEqual([]);
    expect(existsSync(path.join(prefix, 'lib/node_modules/puppeteer'))).toBe(false);
    expect(existsSync(path.join(prefix, 'lib/node_modules/archlint/node_modules/puppeteer'))).toBe(false);
    expect(size(path.join(prefix, 'lib/node_modules'))).toBeLessThan(20 * MB);
  });

  it('runs from outside the repository: --version, check, eval, rules, init, render to .mmd and .md', () => {
    const exe = path.join(prefix, 'bin/archlint');
    expect(spawnSync(exe, ['--version'], { encoding: 'utf8', cwd: work }).stdout.trim()).toBe(version);
    const step = 'arch/02-load-balancer.arch';
    const checked = archlint(['check', step, '--format', 'json'], { cwd: work, bin });
    expect(checked.stderr).not.toMatch(stackTrace);
    const report = JSON.parse(checked.stdout) as { files: { file: string; diagnostics: { ruleId: string; line: number }[] }[] };
    const found = report.files.flatMap((f) => f.diagnostics.map((d) => `${d.ruleId}@${d.line}`)).sort();
    expect(found).toEqual(markers(path.join(work, step)));
    expect(checked.code).toBe(1);

    const evaluated = archlint(['eval', 'arch/04-cache.arch'], { cwd: work, bin });
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/^Flows/m);
    expect(evaluated.stdout).toMatch(/^Bottleneck: /m);

    const rules = archlint(['rules'], { cwd: work, bin });
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/^spof\b/m);
    const init = archlint(['init', 'new'], { cwd: work, bin });
    expect(init.code).toBe(0);
    expect(existsSync(path.join(work, 'new/archlint.config.json'))).toBe(true);

    const rendered = archlint(['render', step, '-o', 'lb.mmd'], { cwd: work, bin });
    expect(rendered.code).toBe(0);
    const document = archlint(['render', step, '-o', 'lb.md'], { cwd: work, bin });
    expect(document.code).toBe(0);
    expect(readFileSync(path.join(work, 'lb.md'), 'utf8')).toContain('```mermaid');
    // The same diagram as this checkout draws: the package is complete.
    expect(readFileSync(path.join(work, 'lb.mmd'), 'utf8')).toBe(archlint(['render', path.join(work, step)], { cwd: work }).stdout);
  });

  it('refuses SVG without the optional renderer, saying what to install, and writes nothing', () => {
    const result = archlint(['render', 'arch/02-load-balancer.arch', '-o', 'lb.svg'], { cwd: work, bin });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(stackTrace);
    expect(result.stderr).toContain('npm install --save-dev @mermaid-js/mermaid-cli@11 puppeteer@npm:puppeteer-core@24');
    expect(existsSync(path.join(work, 'lb.svg'))).toBe(false);
  });

  it('serves a real LSP client', async () => {
    const client = await Client.start(work, [], { script: bin, args: ['lsp', '--stdio'] });
    try {
      const diagnostics = await client.open(path.join(work, 'shop.arch'), shop);
      expect(diagnostics).toContainEqual(spofDb);
    } finally {
      await client.stop();
    }
  });
});

describe('installed into a project', () => {
  let project: string;
  // Measured right after the install (tests run in random order; one adds the renderer).
  let installed: { scripts: string[]; size: number };
  beforeAll(() => {
    project = temp.make();
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'design-docs', private: true, type: 'module' }, null, 2)}\n`);
    npm(['install', '--save-dev', tarball], project);
    installed = { scripts: installScripts(path.join(project, 'node_modules')), size: size(path.join(project, 'node_modules')) };
  }, 300_000);

  it('ran no install script and installs under 20 MB', () => {
    expect(existsSync(scriptLog) ? readFileSync(scriptLog, 'utf8') : '').toBe('');
    expect(installed.scripts).toEqual([]);
    expect(installed.size).toBeLessThan(20 * MB);
  });

  it('runs through npx in the project, and closes deep imports', () => {
    const result = spawnSync('npx', ['--no-install', 'archlint', '--version'], { cwd: project, encoding: 'utf8', env: npmEnv, timeout: 60_000 });
    expect(result.stdout.trim()).toBe(version);
    const deep = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('archlint/dist/src/cli/main.js')"], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('runs the examples of docs/api.md, the TypeScript one type-checked', () => {
    const api = readFileSync(path.join(root, 'docs/api.md'), 'utf8');
    const examples = [...api.matchAll(/```(js|ts)\n\/\/ (\S+)\n([\s\S]*?)```/g)].map((m) => ({ name: m[2]!, text: m[3]! }));
    expect(examples.map((e) => e.name)).toEqual(['check-designs.mjs', 'review.ts']);
    for (const e of examples) writeFileSync(path.join(project, e.name), e.text);
    mkdirSync(path.join(project, 'arch'), { recursive: true });
    for (const [from, to] of [
      ['02-load-balancer.arch', 'lb.arch'],
      ['04-cache.arch', 'cache.arch'],
    ])
      cpSync(path.join(root, 'examples/chapter-1', from!), path.join(project, 'arch', to!));

    // check-designs.mjs: each finding the steps mark by hand, SARIF as the command line writes it,
    // and the command line's exit code.
    const run = spawnSync(process.execPath, ['check-designs.mjs'], { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    const found = lines.slice(0, -1).map((l) => {
      const m = /^(arch\/\S+):(\d+):\d+ (?:error|warning|info) (\S+)$/.exec(l);
      expect(m, l).not.toBeNull();
      return `${m![1]} ${m![3]}@${m![2]}`;
    });
    const expected = ['lb', 'cache'].flatMap((f) => markers(path.join(project, `arch/${f}.arch`)).map((m) => `arch/${f}.arch ${m}`));
    expect(found.sort()).toEqual(expected.sort());
    const cli = archlint(['check', 'arch/', '--format', 'sarif'], { cwd: project });
    expect(run.status).toBe(cli.code);
    expect(readFileSync(path.join(project, 'archlint.sarif'), 'utf8')).toBe(cli.stdout);

    // review.ts: type-checked strictly against the installed declarations, then run.
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          outDir: 'out',
          typeRoots: [path.join(root, 'node_modules/@types')],
          types: ['node'],
        },
        files: ['review.ts'],
      }),
    );
    const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const review = spawnSync(process.execPath, ['out/review.js'], { cwd: project, encoding: 'utf8' });
    expect(review.stderr).toBe('');
    // The draft's one database runs alone behind two web servers: a single point of failure.
    expect(review.stdout).toMatch(/^draft\.arch:4 spof: `orders` is a single point of failure/m);
    expect(review.stdout).toMatch(/^\w+ read: p99 [\d.]+ ms, availability 0\.\d+$/m);
    expect(review.stdout).toMatch(/^bottleneck: \w+$/m);

    // CommonJS gets a message that says what to do instead.
    const required = spawnSync(process.execPath, ['-e', "require('archlint')"], { cwd: project, encoding: 'utf8' });
    expect(required.status).toBe(1);
    expect(required.stderr).toContain("archlint is an ES module and cannot be loaded with require(). Use `import { check } from 'archlint'`");
  });

  it('draws SVG once the renderer from the README is installed, still without install scripts', () => {
    const install = /npm install --save-dev (@mermaid-js\/mermaid-cli@\S+ puppeteer@npm:puppeteer-core@\S+)/.exec(readme);
    expect(install, "the README's renderer install command").not.toBeNull();
    npm(['install', '--save-dev', ...install![1]!.split(' ')], project);
    expect(existsSync(scriptLog) ? readFileSync(scriptLog, 'utf8') : '').toBe('');
    expect(installScripts(path.join(project, 'node_modules'))).toEqual([]);
    mkdirSync(path.join(project, 'svg'), { recursive: true });
    cpSync(path.join(root, 'examples/chapter-1/02-load-balancer.arch'), path.join(project, 'svg/lb.arch'));
    const result = archlint(['render', 'svg/lb.arch', '-o', 'lb.svg'], {
      cwd: project,
      bin: path.join(project, 'node_modules/archlint/bin/archlint.js'),
      env: { HOME: project },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(project, 'lb.svg'), 'utf8')).toMatch(/^<svg[^>]+id="archlint-diagram"/);
  }, 300_000);
});

describe('run through npx from the tarball', () => {
  it('installs into its own cache and runs, with no install script', () => {
    const cache = temp.make();
    const work = temp.make();
    const result = spawnSync('npx', ['--yes', '--package', tarball, '--', 'archlint', '--version'], {
      cwd: work,
      encoding: 'utf8',
      // Nothing on stdin: npx must not wait for an answer. npm's own log says what it fetched.
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...npmEnv, npm_config_cache: cache, npm_config_loglevel: 'http' },
      timeout: 240_000,
    });
    const said = `npx exited with ${result.status ?? result.signal}:\n${result.stderr.slice(-4000)}`;
    expect(result.stdout.trim(), said).toBe(version);
    expect(result.stderr, said).not.toMatch(/^npm error/m);
    expect(existsSync(scriptLog) ? readFileSync(scriptLog, 'utf8') : '').toBe('');
    const npxDirs = readdirSync(path.join(cache, '_npx'));
    expect(npxDirs).toHaveLength(1);
    expect(installScripts(path.join(cache, '_npx', npxDirs[0]!, 'node_modules'))).toEqual([]);
  }, 300_000);
});
