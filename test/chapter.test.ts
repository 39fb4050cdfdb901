/**
 * The chapter's journey (examples/chapter-1/): each file carries its expected findings inline, as
 * a comment on the line the finding is anchored to:
 *   service web   # expect: spof, missing-load-balancer
 * Each step after the first names, in a `# fixes: rule-id, …` comment, the findings of the previous
 * step it fixes; those rules report nothing in it any more. The last step checks clean.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArch } from '../grammar/index.js';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel } from '../src/engine/pipeline.js';
import { nodeHost } from '../src/model/load.js';
import { root } from './cli-run.js';
import { markers } from './markers.js';

// What a user sees with no configuration: the rules of archlint:recommended.
const recommended = builtinRegistry.all().filter((r) => r.meta.recommended !== false);

const dir = 'examples/chapter-1/';
const steps = readdirSync(root + dir)
  .filter((f) => f.endsWith('.arch'))
  .sort();

/** Rule ids named in a `# fixes: a, b` comment. */
function fixesOf(file: string): string[] {
  const { ast } = parseArch(readFileSync(root + dir + file, 'utf8'));
  return ast.comments.flatMap((c) => {
    const m = /^\s*fixes:\s*(.+?)\s*$/.exec(c.text);
    return m
      ? m[1]!
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [];
  });
}

function findings(file: string) {
  const result = checkModel(dir + file, { host: nodeHost(root), rules: recommended });
  expect(result.status, `${file}: ${JSON.stringify(result.diagnostics.slice(0, 3))}`).toBe('checked');
  return result.diagnostics.filter((d) => !d.suppressed);
}

describe('the chapter as examples', () => {
  it('is a journey of at least ten steps', () => expect(steps.length).toBeGreaterThanOrEqual(10));

  it.each(steps)('%s reports exactly the findings marked in it', (file) => {
    const found = findings(file)
      .map((d) => `${d.ruleId}@${d.span.start.line}`)
      .sort();
    expect(found).toEqual(markers(root + dir + file));
  });

  it.each(steps.slice(1).map((file, i) => [file, steps[i]!] as const))('%s fixes what %s was told', (file, previous) => {
    const fixes = fixesOf(file);
    expect(fixes.length, `${file} has no "# fixes:" comment`).toBeGreaterThan(0);
    const before = new Set(findings(previous).map((d) => d.ruleId));
    const after = new Set(findings(file).map((d) => d.ruleId));
    for (const id of fixes) {
      expect(before.has(id), `${previous} is not told ${id}`).toBe(true);
      expect(after.has(id), `${file} still reports ${id}`).toBe(false);
    }
  });

  it('covers every rule of the chapter along the way', () => {
    const told = new Set(steps.flatMap((f) => findings(f).map((d) => d.ruleId)));
    for (const id of [
      'spof',
      'missing-load-balancer',
      'no-db-replication',
      'missing-cache',
      'missing-cdn',
      'stateful-web-tier',
      'single-datacenter',
      'missing-geo-routing',
      'sync-long-task',
      'missing-observability',
      'bad-shard-key',
    ]) {
      expect(told.has(id), id).toBe(true);
    }
  });

  it('ends clean', () => {
    expect(findings(steps[steps.length - 1]!)).toEqual([]);
  });

  it('ends with what the review concerns beyond the chapter still ask, and no more', () => {
    // Every rule, those of archlint:strict included: each region's public entry limits no
    // client's rate (12M daily users), and each thumbnail queue has no dead-letter queue. The
    // databases and the object store are backed up from step 3 on, so no-backup is quiet.
    const last = steps[steps.length - 1]!;
    const result = checkModel(dir + last, { host: nodeHost(root), rules: builtinRegistry.all() });
    const found = result.diagnostics.map((d) => `${d.ruleId}@${d.span.start.line}`).sort();
    expect(found).toEqual(['missing-dead-letter@31', 'missing-dead-letter@43', 'missing-rate-limit@27', 'missing-rate-limit@39']);
  });
});
