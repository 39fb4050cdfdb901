/**
 * Everything archlint printed before the architecture rework (issue 10) must still be printed,
 * byte for byte: see test/fixtures/before-after/README.md.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateChain, generateModel } from '../bench/generate.js';
import { run } from '../src/cli/main.js';
import type { RuleSetting } from '../src/engine/run.js';
import { builtinRegistry } from '../src/config/registry.js';
import { root } from './cli-run.js';
import { check } from './helpers.js';

const allRules = builtinRegistry.all();

const fixtures = path.join(root, 'test/fixtures/before-after');
const read = (file: string) => readFileSync(path.join(fixtures, file), 'utf8');

async function runCli(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env: { NO_COLOR: '1' },
  });
  return { code, stdout, stderr };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What a later issue deliberately changed, with why (changed.json): such a record is no longer
 * what archlint must print, and it must differ from it (so the list holds nothing unchanged).
 */
const changed = JSON.parse(read('changed.json')) as { cli: Record<string, string>; rules: Record<string, string>; bench: Record<string, string> };

describe('the output of every example is what it was before the rework', () => {
  const index = JSON.parse(read('cli.json')) as Record<string, { args: string[]; code: number; stderr: string; sha256?: string }>;
  const projectRoot = root.replace(/\/$/, '');
  const normalise = (s: string) => s.split(pathToFileURL(projectRoot).href).join('file:///ROOT').split(projectRoot).join('/ROOT');

  it('covers every command of the record', () => {
    expect(Object.keys(index)).toHaveLength(337);
  });

  // The examples as they were: issue 10 added examples/plugin/, so `examples/` is checked as the
  // directories and files it held then (the same files in the same order).
  const before = [
    'examples/bad-shard-key',
    'examples/chapter-1',
    'examples/missing-cdn',
    'examples/photo-sharing.arch',
    'examples/spof',
    'examples/stateful-web-tier',
  ];
  const then = (args: readonly string[]) => args.flatMap((a) => (a === 'examples/' ? before : [a]));

  for (const [name, entry] of Object.entries(index)) {
    it(`archlint ${entry.args.join(' ')}`, async () => {
      const result = await runCli(then(entry.args), projectRoot);
      const stdout = normalise(result.stdout);
      if (changed.cli[name] !== undefined) {
        expect(entry.sha256 !== undefined ? sha256(stdout) : stdout, changed.cli[name]).not.toBe(entry.sha256 ?? read(`cli/${name}.txt`));
        return;
      }
      if (entry.sha256 !== undefined) expect(sha256(stdout)).toBe(entry.sha256);
      else expect(stdout).toBe(read(`cli/${name}.txt`));
      expect(normalise(result.stderr)).toBe(entry.stderr);
      expect(result.code).toBe(entry.code);
    });
  }
});

describe('every finding of the rule, engine and docs tests is worded as before', () => {
  interface Case {
    source: string;
    files: Record<string, string>;
    rules: string[] | null;
    settings: [string, RuleSetting][] | null;
    findings: unknown[];
  }
  const cases = JSON.parse(read('rule-cases.json')) as Case[];
  const byId = new Map(allRules.map((r) => [r.id, r]));

  it('covers every recorded model', () => {
    expect(cases).toHaveLength(382);
  });

  cases.forEach((c, i) => {
    it(`model ${i + 1}: ${c.source.split('\n')[0]!.slice(0, 60)}`, () => {
      const result = check(c.source, {
        files: c.files,
        ...(c.rules ? { rules: c.rules.map((id) => byId.get(id)!) } : {}),
        ...(c.settings ? { settings: new Map(c.settings) } : {}),
      });
      const findings = result.diagnostics.map(
        (d) =>
          JSON.parse(
            JSON.stringify({
              ruleId: d.ruleId,
              severity: d.severity,
              message: d.message,
              file: d.file,
              span: d.span,
              component: d.component,
              suppressed: d.suppressed,
            }),
          ) as unknown,
      );
      if (changed.rules[String(i + 1)] !== undefined) expect(findings, changed.rules[String(i + 1)]).not.toEqual(c.findings);
      else expect(findings).toEqual(c.findings);
    });
  });
});

describe('the benchmark models give the same reports as before', () => {
  const record = JSON.parse(read('bench-models.json')) as Record<string, { code: number; sha256: string; bytes: number }>;
  const models: Record<string, string> = {
    'model-1000': generateModel(1000).arch,
    'model-1000-regions-8': generateModel(1000, 0x5eed, 8).arch,
    'chain-300': generateChain(300),
  };

  it('for check, eval and render', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'archlint-before-after-'));
    try {
      for (const [name, text] of Object.entries(models)) writeFileSync(path.join(dir, `${name}.arch`), text);
      for (const [command, expected] of Object.entries(record)) {
        const result = await runCli(command.split(' '), dir);
        const now = { command, code: result.code, sha256: sha256(result.stdout), bytes: Buffer.byteLength(result.stdout) };
        if (changed.bench[command] !== undefined) expect(now.sha256, changed.bench[command]).not.toBe(expected.sha256);
        else expect(now).toEqual({ command, ...expected });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
