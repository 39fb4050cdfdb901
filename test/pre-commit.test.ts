/**
 * The pre-commit framework's hook from docs/ci.md, run by the real pre-commit (installed from the
 * Python package index into a virtual environment of the test's own) on a Git repository whose
 * project has archlint in node_modules/.bin, as `npm ci` leaves it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { bin, root } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('pre-commit');
afterAll(() => temp.removeAll());

const doc = readFileSync(path.join(root, 'docs/ci.md'), 'utf8');
/** The documented `.pre-commit-config.yaml`: the YAML block with `repos:`. */
const config = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((t) => t.startsWith('repos:'))!;

let preCommit: string;
let home: string;

beforeAll(() => {
  const venv = temp.make();
  home = temp.make();
  execFileSync('python3', ['-m', 'venv', venv]);
  // This machine's package index mirror, when it has one (the public index may be out of reach).
  const mirror = '/opt/pypi/simple';
  const index = existsSync(mirror) ? ['--index-url', `file://${mirror}`] : [];
  execFileSync(path.join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...index, 'pre-commit'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  preCommit = path.join(venv, 'bin/pre-commit');
}, 300_000);

describe('the pre-commit hook of docs/ci.md', () => {
  it('is a local hook that runs the project’s own archlint on .arch files', () => {
    const parsed = parseYaml(config) as { repos: { repo: string; hooks: { id: string; entry: string; language: string; files: string }[] }[] };
    expect(parsed.repos).toEqual([
      { repo: 'local', hooks: [{ id: 'archlint', name: 'archlint', entry: 'npx --no-install archlint check', language: 'system', files: '\\.arch$' }] },
    ]);
  });

  it('stops a commit with an error finding and lets the fixed one through', () => {
    const repo = temp.make();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      PRE_COMMIT_HOME: path.join(home, 'cache'),
      NO_COLOR: '1',
      npm_config_update_notifier: 'false',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    };
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8', env });
    git('init', '-q');
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), config);
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
    mkdirSync(path.join(repo, 'node_modules/.bin'), { recursive: true });
    symlinkSync(bin, path.join(repo, 'node_modules/.bin/archlint'));
    mkdirSync(path.join(repo, 'arch'));
    cpSync(path.join(root, 'examples/chapter-1/01-single-server.arch'), path.join(repo, 'arch/shop.arch'));
    writeFileSync(path.join(repo, 'README.md'), '# shop\n');

    const installed = spawnSync(preCommit, ['install'], { cwd: repo, encoding: 'utf8', env });
    expect(installed.stdout).toContain('pre-commit installed at .git/hooks/pre-commit');

    git('add', '.');
    const refused = git('commit', '-q', '-m', 'one server');
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/archlint\.+Failed/);
    // The stylish report of the staged file, with the single server marked (line 25, column 9).
    expect(refused.stdout + refused.stderr).toMatch(/^arch\/shop\.arch$/m);
    expect(refused.stdout + refused.stderr).toMatch(/^ {2}25:9 +error +`web` is a single point of failure/m);
    expect(git('rev-parse', '--verify', 'HEAD').status).not.toBe(0);

    // The chapter's last step has no finding: the commit goes through.
    cpSync(path.join(root, 'examples/chapter-1/10-sharding.arch'), path.join(repo, 'arch/shop.arch'));
    git('add', '.');
    const accepted = git('commit', '-q', '-m', 'sharded');
    expect(accepted.stdout + accepted.stderr).toMatch(/archlint\.+Passed/);
    expect(accepted.status).toBe(0);

    // A commit without .arch files does not run archlint at all.
    writeFileSync(path.join(repo, 'README.md'), '# shop, sharded\n');
    git('add', '.');
    const skipped = git('commit', '-q', '-m', 'readme');
    expect(skipped.stdout + skipped.stderr).toMatch(/archlint\.+\(no files to check\)Skipped/);
    expect(skipped.status).toBe(0);
  });
});
