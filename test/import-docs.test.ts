/**
 * The import and drift guides show real commands and their real output: every ```console block
 * of docs/importers.md, docs/drift.md and docs/importers/terraform.md that starts with
 * `$ archlint …` is run from the repository's root, and its standard output must be the block's
 * text. (The Kubernetes and Compose pages are checked by their importers' tests.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { archlint, root } from './cli-run.js';

const pages = ['docs/importers.md', 'docs/drift.md', 'docs/importers/terraform.md'];

describe.each(pages)('%s', (page) => {
  const doc = readFileSync(path.join(root, page), 'utf8');
  const blocks = [...doc.matchAll(/```console\n\$ archlint (.+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!] as const);

  it('has examples', () => expect(blocks.length).toBeGreaterThan(0));

  it.each(blocks)('shows what `archlint %s` prints', (command, shown) => {
    const out = archlint(command.split(' '));
    expect(out.stdout).toBe(shown);
    expect(out.code).not.toBe(2);
  });
});
