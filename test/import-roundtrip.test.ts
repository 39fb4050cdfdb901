/**
 * The promises `archlint import` makes, on every deployment among the fixtures (test/fixtures/
 * import/, grouped into models as `archlint check` groups them):
 * - the .arch text it writes parses, is in `archlint fmt`'s layout, and checks exactly as the
 *   deployment does: the same findings (rule, component, message), on the .arch lines instead of
 *   the manifest lines;
 * - every component of the written file says where it came from;
 * - `archlint drift` of the written design against the deployment finds nothing (a design that is
 *   the deployment keeps every promise the deployment can show).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { formatArch } from '../grammar/format.js';
import { effectiveRules, ruleSettings } from '../src/config/effective.js';
import { builtinRegistry } from '../src/config/registry.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { drift } from '../src/engine/drift.js';
import { importedArch } from '../src/cli/import.js';
import { checkModel } from '../src/engine/pipeline.js';
import { detectFormat, importDeployment, planModels, type DeploymentFormat } from '../src/import/index.js';
import { memoryHost } from './helpers.js';
import { root } from './cli-run.js';

const fixtures = path.join(root, 'test/fixtures/import');
const files = globSync('**/*.{yaml,yml,json,tfstate}', { cwd: fixtures }).sort();
const read = (f: string) => readFileSync(path.join(fixtures, f), 'utf8');
// Fixtures of malformed input are about refusals, not imports: only what imports cleanly is here.
const deployments = planModels(files, () => [], fixtures, read).filter((p) => {
  if (!p.deployment) return false;
  return importDeployment(p.deployment, read).problems.length === 0;
});

/** What a finding says, wherever it is located. */
const said = (ds: readonly Diagnostic[]) =>
  ds
    .filter((d) => !d.ruleId.startsWith('import/') && !d.suppressed)
    .map((d) => `${d.ruleId} ${d.component ?? '-'} ${d.severity}: ${d.message}`)
    .sort();

describe('archlint import on every fixture deployment', () => {
  it('has fixtures from each source', () => {
    const formats = new Set(deployments.map((p) => detectFormat(p.root, read(p.root)).format));
    expect([...formats].sort()).toEqual(['compose', 'kubernetes', 'terraform']);
  });

  const presets = (['archlint:recommended', 'archlint:strict'] as const).map((preset) => {
    const choices = { extends: [preset], rules: new Map() };
    return [preset, ruleSettings(builtinRegistry, effectiveRules(builtinRegistry, choices), choices, new Map())] as const;
  });
  const cases = deployments.flatMap((p) => presets.map(([preset, settings]) => [`${p.deployment!.join(' + ')} (${preset})`, p, settings] as const));

  describe.each(cases)('%s', (_, plan, settings) => {
    const rules = builtinRegistry.all();
    const host = { cwd: fixtures, readFile: (f: string) => read(f) };
    const imported = importDeployment(plan.deployment!, read);
    const formatted = { text: importedArch(imported, { cwd: fixtures, relativeTo: fixtures, rules, settings }), problems: [] };

    it('writes .arch text that parses and is formatted', () => {
      expect(formatArch(formatted.text).problems).toEqual([]);
      expect(formatArch(formatted.text).text).toBe(formatted.text);
    });

    it('says where each component came from', () => {
      const lines = formatted.text.split('\n');
      const declarations = lines.flatMap((line, i) =>
        /^\s*[a-z]+ [A-Za-z_][\w-]*( "[^"]*")?( \{.*)?$/.test(line) && !/^\s*(architecture|region) /.test(line) ? [i] : [],
      );
      expect(declarations.length).toBeGreaterThan(0);
      for (const i of declarations) {
        // Above the declaration: where it came from, then any suppression written with it.
        const above = lines[i - 1]!.includes('archlint-disable-next-line') ? lines[i - 2] : lines[i - 1];
        expect(above, lines[i]).toMatch(/^\s*# .+, [^,]+:\d+$/);
      }
    });

    it('checks as the deployment does', () => {
      const deployed = checkModel(plan.root, { host, rules, settings, deployment: plan.deployment! });
      const written = checkModel('design.arch', { host: memoryHost({ 'design.arch': formatted.text }), rules, settings });
      expect(written.status).toBe(deployed.status);
      expect(said(written.diagnostics)).toEqual(said(deployed.diagnostics));
    });

    it('gives a design that drift finds nothing against', () => {
      const deployed = checkModel(plan.root, { host, rules: [], deployment: plan.deployment! });
      const written = checkModel('design.arch', { host: memoryHost({ 'design.arch': formatted.text }), rules: [] });
      const format = detectFormat(plan.root, read(plan.root)).format as DeploymentFormat;
      expect(drift({ design: written.model!, deployment: deployed.model!, format })).toEqual([]);
    });
  });
});
