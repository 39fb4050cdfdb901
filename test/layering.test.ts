/**
 * The layering of docs/architecture.md, enforced: dependency-cruiser with the project's own
 * .dependency-cruiser.cjs finds nothing wrong in archlint, and finds every kind of wrong import in
 * a fixture project built to break each rule once (test/fixtures/layering/).
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { root } from './cli-run.js';

const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as IConfiguration;

async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(
    ['grammar', 'src', 'rules'],
    { ...config.options, ruleSet: { forbidden: config.forbidden }, baseDir, validate: true },
    undefined,
    { tsConfig: {} },
  );
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('the layering', () => {
  it('holds in archlint itself', async () => {
    expect(await violations(root)).toEqual([]);
  });

  it('catches each kind of wrong import', async () => {
    expect(await violations(path.join(root, 'test/fixtures/layering'))).toEqual([
      'engine: src/engine/knows-the-rules.ts → rules/index.ts',
      'evaluate: src/evaluate/evaluate.ts → src/engine/knows-the-rules.ts',
      'grammar: grammar/parser.ts → src/model/a.ts',
      'leaves: src/io/write.ts → test/helper.ts',
      'leaves: src/text/format.ts → src/model/a.ts',
      'lsp: src/lsp/runs-the-cli.ts → src/cli/tool.ts',
      'lsp: src/lsp/uses-a-rule.ts → rules/wrong.ts',
      'no-circular: src/model/a.ts → src/model/b.ts',
      'no-tests-or-tools-in-the-product: src/io/write.ts → test/helper.ts',
      'one-rule-list: src/engine/knows-the-rules.ts → rules/index.ts',
      'render: src/render/draws-the-cli.ts → src/cli/tool.ts',
      'report-types-only-from-evaluate: src/report/evaluates.ts → src/evaluate/evaluate.ts',
      'rules-through-the-registry: src/lsp/uses-a-rule.ts → rules/wrong.ts',
      'rules: rules/wrong.ts → src/graph/reach.ts',
    ]);
  });
});
