/**
 * Hostile deployment files never crash archlint: every fixture deployment of each source, cut,
 * spliced, with bytes replaced and values swapped for other types, is imported and checked with
 * every rule, and the result is always a model or located problems, never an exception, a
 * crashed rule or an invalid model from the importer's own output (an unknown attribute or a
 * dangling edge would be the importer's bug). Fixed seeds: the same inputs every run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { compilerRuleIds } from '../src/diagnostics.js';
import { checkModel } from '../src/engine/pipeline.js';
import { root } from './cli-run.js';

const fixtures = path.join(root, 'test/fixtures/import');
const rules = builtinRegistry.all();
/** The checks that say the importer wrote a model the language does not accept. */
const builderErrors = new Set<string>([
  compilerRuleIds.kind,
  compilerRuleIds.attribute,
  compilerRuleIds.value,
  compilerRuleIds.duplicate,
  compilerRuleIds.reference,
  compilerRuleIds.structure,
  compilerRuleIds.share,
]);

const sources = {
  kubernetes: { file: 'deploy.yaml', samples: globSync('kubernetes/**/*.yaml', { cwd: fixtures }) },
  compose: { file: 'compose.yaml', samples: globSync('compose/**/*.{yaml,yml}', { cwd: fixtures }) },
  terraform: { file: 'plan.json', samples: globSync('terraform/**/*.{json,tfstate}', { cwd: fixtures }) },
};

/** Values of other types, put where a manifest has a value. */
const hostile = ['null', '[]', '{}', '-1', '0', '1e400', '"x"', 'true', '~', '[[[]]]', '"\\u0000"', '999999999999999999999', '*a', '&a x'];

function mutate(text: string, picks: readonly number[]): string {
  let out = text;
  for (let i = 0; i + 2 < picks.length; i += 3) {
    const at = picks[i]! % Math.max(1, out.length);
    const kind = picks[i + 1]! % 4;
    const other = picks[i + 2]!;
    if (kind === 0)
      out = out.slice(0, at); // cut short
    else if (kind === 1)
      out = out.slice(0, at) + out.slice(other % Math.max(1, out.length)); // splice
    else if (kind === 2)
      out = out.slice(0, at) + String.fromCharCode(other % 128) + out.slice(at + 1); // replace a byte
    else {
      // a value of another type after the next `:`
      const colon = out.indexOf(':', at);
      if (colon < 0) continue;
      const end = out.slice(colon + 1).search(/[\n,}]/);
      out = `${out.slice(0, colon + 1)} ${hostile[other % hostile.length]!}${end < 0 ? '' : out.slice(colon + 1 + end)}`;
    }
  }
  return out;
}

describe.each(Object.entries(sources))('%s files, mutated', (_, source) => {
  it('has fixtures to mutate', () => expect(source.samples.length).toBeGreaterThan(0));

  it('are imported and checked without a crash or an invalid model', () => {
    const texts = source.samples.map((f) => readFileSync(path.join(fixtures, f), 'utf8'));
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(fc.nat(), { minLength: 3, maxLength: 12 }), (which, picks) => {
        const text = mutate(texts[which]!, picks);
        const host = { cwd: '/fuzz', readFile: () => text };
        const result = checkModel(source.file, { host, rules, deployment: [source.file] });
        expect(result.status).not.toBe('crashed');
        const wrong = result.diagnostics.filter((d) => builderErrors.has(d.ruleId));
        expect(wrong, text).toEqual([]);
        for (const d of result.diagnostics) {
          expect(d.span.start.line).toBeGreaterThanOrEqual(1);
          expect(d.span.start.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 150, seed: 14 },
    );
  });
});

describe('loops a deployment can hide', () => {
  it('an include that includes itself through a path that changes each time stops after 64 files, with a note', () => {
    // Every file read is this text: `include: ./db/compose.yaml` from db/ names db/db/compose.yaml, and so on.
    const text = 'include:\n  - ./db/compose.yaml\nservices:\n  web:\n    image: nginx\n';
    const result = checkModel('compose.yaml', { host: { cwd: '/fuzz', readFile: () => text }, rules, deployment: ['compose.yaml'] });
    expect(result.status).toBe('checked');
    // (Each included file also defines `web`, which Compose refuses: a note per file, 64 of them.)
    expect(result.diagnostics.filter((d) => d.message.includes('conflict'))).toHaveLength(64);
    expect(result.diagnostics.filter((d) => d.message.startsWith('more than')).map((d) => d.message)).toEqual([
      expect.stringMatching(/^more than 64 included files: .*db\/compose\.yaml and the rest are not read$/),
    ]);
  });

  it('the only client, the schedule of CronJobs, takes all of the (no) traffic rather than a share of 0%', () => {
    const text =
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: report}\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: r, image: acme/report:1}]\n';
    const result = checkModel('cron.yaml', { host: { cwd: '/fuzz', readFile: () => text }, rules, deployment: ['cron.yaml'] });
    expect(result.status).toBe('checked');
  });
});
