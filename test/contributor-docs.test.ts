/**
 * CONTRIBUTING.md, docs/architecture.md and the README point at things that exist: every npm script
 * they name is in package.json, every file or folder they name is in the repository, every relative
 * link resolves, and the configuration the README shows is one archlint accepts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { root } from './cli-run.js';

const pages = ['CONTRIBUTING.md', 'docs/architecture.md', 'README.md', 'docs/custom-rules.md'];
const read = (page: string) => readFileSync(path.join(root, page), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

describe.each(pages)('%s', (page) => {
  const text = read(page);

  it('names only npm scripts that exist', () => {
    const named = [...text.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]!);
    for (const script of named) expect(scripts, `npm run ${script}`).toContain(script);
  });

  it('names only files and folders that exist', () => {
    // bench/out/ is where the benchmark writes, made when it runs; editors/vscode/dist/ is what
    // `npm run build:vscode` writes.
    const named = [...text.matchAll(/`((?:src|rules|grammar|test|docs|scripts|bench|schema|examples|editors|bin)\/[\w./-]*)`/g)]
      .map((m) => m[1]!)
      .filter((f) => f !== 'bench/out/' && f !== 'editors/vscode/dist/');
    // The pages for contributors name files on nearly every line: a pattern that found none would be broken.
    if (page === 'CONTRIBUTING.md' || page === 'docs/architecture.md') expect(named.length).toBeGreaterThan(5);
    for (const file of named) expect(existsSync(path.join(root, file)), file).toBe(true);
  });

  it('links only to files that exist', () => {
    const links = [...text.matchAll(/\]\(((?!https?:|#)[^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]!);
    for (const link of links) expect(existsSync(path.resolve(root, path.dirname(page), link)), link).toBe(true);
  });
});

describe('README.md', () => {
  it('shows a configuration with policies that archlint accepts', async () => {
    const shown = /## Custom rules[\s\S]*?```jsonc\n([\s\S]*?)```/.exec(read('README.md'))![1]!;
    const loaded = await loadConfig('archlint.config.json', root, shown);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config!.registry.ids().filter((id) => id.startsWith('policy/'))).toEqual(['policy/payments-behind-gateway', 'policy/prod-databases']);
  });
});
