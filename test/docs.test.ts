import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { check } from './helpers.js';

const allRules = builtinRegistry.all();

const docPath = (id: string) => new URL(`../docs/rules/${id}.md`, import.meta.url);

/** The first ```arch block after a `## heading`. */
function example(doc: string, heading: string): string {
  const at = doc.indexOf(`\n## ${heading}\n`);
  expect(at, `no "## ${heading}" section`).toBeGreaterThan(-1);
  const match = /```arch\n([\s\S]*?)```/.exec(doc.slice(at));
  expect(match, `no arch example under "## ${heading}"`).not.toBeNull();
  return match![1]!;
}

describe.each(allRules.map((r) => [r.id, r] as const))('docs/rules/%s.md', (id) => {
  it('exists, starts with the rule id and states the default severity', () => {
    expect(existsSync(docPath(id))).toBe(true);
    const doc = readFileSync(docPath(id), 'utf8');
    expect(doc.startsWith(`# ${id}\n`)).toBe(true);
    const rule = allRules.find((r) => r.id === id)!;
    expect(doc).toContain(`Default severity: **${rule.meta.defaultSeverity}**`);
    for (const section of ['What it catches', 'Why', 'Incorrect', 'Correct', 'Options']) expect(doc).toContain(`\n## ${section}\n`);
  });

  it('has an incorrect example that the rule reports', () => {
    const result = check(example(readFileSync(docPath(id), 'utf8'), 'Incorrect'));
    expect(result.status).toBe('checked');
    expect(result.diagnostics.filter((d) => d.ruleId === id).length).toBeGreaterThan(0);
  });

  it('has a correct example that the rule does not report', () => {
    const result = check(example(readFileSync(docPath(id), 'utf8'), 'Correct'));
    expect(result.status).toBe('checked');
    expect(result.diagnostics.filter((d) => d.ruleId === id && !d.suppressed)).toEqual([]);
  });
});

describe('grammar/README.md (the language reference)', () => {
  const doc = readFileSync(new URL('../grammar/README.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/```arch\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('has examples', () => expect(blocks.length).toBeGreaterThan(10));

  it.each(blocks.map((b, i) => [i + 1, b] as const))('example %i is a valid model', (_, block) => {
    const result = check(block);
    // A syntax or meaning error stops the check before the rules: the status says so, the diagnostics say why.
    expect(result.status, JSON.stringify(result.diagnostics.filter((d) => d.severity === 'error'))).toBe('checked');
  });
});
