/**
 * The composite GitHub Action (action.yml), its steps run here as the runner would run them: each
 * `run:` with bash in its working directory, `${{ … }}` replaced by the inputs, the action's path
 * and the earlier steps' outputs (read from the `$GITHUB_OUTPUT` file each step writes), and each
 * `if:` decided on the same values. The one step that is another action (the SARIF upload) cannot
 * run here: the test checks what it would be given.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { bin, root } from './cli-run.js';
import { markers } from './markers.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('action');
afterAll(() => temp.removeAll());

interface Step {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parseYaml(readFileSync(path.join(root, 'action.yml'), 'utf8')) as Action;

interface StepRun {
  name: string;
  ran: boolean;
  code: number;
  stdout: string;
  stderr: string;
  /** For a `uses:` step: its `with:`, resolved. */
  with?: Record<string, string>;
}

/** Runs the action's steps in `workspace` with `given` inputs (the rest at their defaults). */
function runAction(workspace: string, given: Record<string, string>) {
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = given[name] ?? input.default ?? '';
  const outputs: Record<string, Record<string, string>> = {};
  const runnerTemp = temp.make();
  const summaryFile = path.join(runnerTemp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  let failed = false;

  const value = (expr: string): string => {
    const e = expr.trim();
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(e))) {
      if (!(m[1]! in inputs)) throw new Error(`action.yml reads an input it does not declare: ${m[1]}`);
      return inputs[m[1]!]!;
    }
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return outputs[m[1]!]?.[m[2]!] ?? '';
    if (e === 'github.action_path') return root.replace(/\/$/, '');
    if ((m = /^'([^']*)'$/.exec(e))) return m[1]!;
    throw new Error(`the test does not know the expression \`${e}\`: keep action.yml's expressions simple or teach the test`);
  };
  const interpolate = (text: string) => text.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => value(e));
  // `if:` as GitHub decides it: terms joined by &&; without a status function, only after success.
  const decide = (condition: string | undefined): boolean => {
    const terms = (condition ?? '')
      .split('&&')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!terms.some((t) => t === 'always()') && failed) return false;
    return terms.every((t) => {
      if (t === 'always()') return true;
      const m = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(t);
      if (!m) throw new Error(`the test does not know the condition \`${t}\``);
      return (value(m[1]!) === value(m[3]!)) === (m[2] === '==');
    });
  };

  const steps: StepRun[] = [];
  for (const step of action.runs.steps) {
    if (!decide(step.if)) {
      steps.push({ name: step.name, ran: false, code: 0, stdout: '', stderr: '' });
      continue;
    }
    if (step.uses !== undefined) {
      const resolved = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
      steps.push({ name: step.name, ran: true, code: 0, stdout: '', stderr: '', with: resolved });
      continue;
    }
    expect(step.shell).toBe('bash');
    const outputFile = path.join(runnerTemp, `output-${steps.length}`);
    writeFileSync(outputFile, '');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: workspace,
      NO_COLOR: '1',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(String(v));
    const cwd = path.resolve(workspace, interpolate(step['working-directory'] ?? '.'));
    // GitHub runs a bash step as `bash --noprofile --norc -eo pipefail {0}`.
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', interpolate(step.run!)], {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const code = result.status ?? 1;
    if (code !== 0) failed = true;
    if (step.id !== undefined) {
      outputs[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    steps.push({ name: step.name, ran: true, code, stdout: result.stdout, stderr: result.stderr });
  }
  const actionOutputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value)]));
  return { steps, outputs: actionOutputs, summary: readFileSync(summaryFile, 'utf8'), failed };
}

/** A repository with the chapter's second and fourth steps in packages/shop/arch/. */
function repository(withLocalArchlint: boolean): { repo: string; pkg: string } {
  const repo = temp.make();
  spawnSync('git', ['init', '-q', repo]);
  const pkg = path.join(repo, 'packages/shop');
  mkdirSync(path.join(pkg, 'arch'), { recursive: true });
  cpSync(path.join(root, 'examples/chapter-1/02-load-balancer.arch'), path.join(pkg, 'arch/lb.arch'));
  cpSync(path.join(root, 'examples/chapter-1/04-cache.arch'), path.join(pkg, 'arch/cache.arch'));
  if (withLocalArchlint) {
    mkdirSync(path.join(pkg, 'node_modules/.bin'), { recursive: true });
    symlinkSync(bin, path.join(pkg, 'node_modules/.bin/archlint'));
  }
  return { repo, pkg };
}

const step = (run: ReturnType<typeof runAction>, name: string) => run.steps.find((s) => s.name === name)!;

describe('the GitHub Action', () => {
  it('is a composite action whose steps are bash or the SARIF upload at v4', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.filter((s) => s.uses !== undefined).map((s) => s.uses)).toEqual(['github/codeql-action/upload-sarif@v4']);
  });

  it("docs/ci.md's workflow uses it at this version's tag, with inputs it declares", () => {
    const doc = readFileSync(path.join(root, 'docs/ci.md'), 'utf8');
    const workflow = parseYaml(/```yaml\n([\s\S]*?)```/.exec(doc)![1]!) as {
      jobs: { archlint: { steps: { uses?: string; with?: Record<string, string> }[] } };
    };
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const uses = workflow.jobs.archlint.steps.find((s) => s.uses?.startsWith('archlint/archlint@'))!;
    expect(uses.uses).toBe(`archlint/archlint@v${version}`);
    for (const name of Object.keys(uses.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
  });

  it("annotates, writes SARIF and the job summary, uploads, then fails on the findings, from a package's directory", () => {
    const { repo, pkg } = repository(true);
    const run = runAction(repo, { files: 'arch/', 'working-directory': 'packages/shop' });
    const check = step(run, 'Check');
    expect(check.stderr).toBe('');
    // One annotation per marked finding, named from the repository root.
    const annotations = check.stdout
      .split('\n')
      .filter((l) => l.startsWith('::'))
      .map((l) => {
        const m = /^::(?:error|warning|notice) file=([^,]+),line=(\d+),.*title=archlint\(([^)]+)\)::/.exec(l)!;
        return `${m[1]} ${m[3]}@${m[2]}`;
      });
    const expected = ['lb', 'cache'].flatMap((f) => markers(path.join(pkg, `arch/${f}.arch`)).map((m) => `packages/shop/arch/${f}.arch ${m}`));
    expect(annotations.sort()).toEqual(expected.sort());

    expect(run.outputs['exit-code']).toBe('1');
    const sarif = path.join(pkg, 'archlint.sarif');
    expect(run.outputs.sarif).toBe(sarif);
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs[0]!.results).toHaveLength(expected.length);
    expect(step(run, 'Upload to code scanning').with).toEqual({ sarif_file: sarif, category: 'archlint' });
    expect(run.summary.startsWith('## archlint\n')).toBe(true);
    expect(run.summary).toContain('```mermaid');
    expect(step(run, 'Fail on findings')).toMatchObject({ ran: true, code: 1 });
    expect(run.failed).toBe(true);
  });

  it("uses the action's own archlint when the project has none, and passes a clean design with no upload when asked", () => {
    const { repo, pkg } = repository(false);
    cpSync(path.join(root, 'examples/chapter-1/10-sharding.arch'), path.join(pkg, 'arch/lb.arch'));
    cpSync(path.join(root, 'examples/chapter-1/10-sharding.arch'), path.join(pkg, 'arch/cache.arch'));
    const run = runAction(repo, { files: 'arch/lb.arch', 'working-directory': 'packages/shop', 'upload-sarif': 'false', summary: 'false' });
    expect(step(run, 'Find archlint').stdout).toBe('');
    expect(step(run, 'Check').stderr).toBe('');
    expect(run.outputs['exit-code']).toBe('0');
    expect(step(run, 'Upload to code scanning').ran).toBe(false);
    expect(step(run, 'Fail on findings').ran).toBe(false);
    expect(run.summary).toBe('');
    expect(run.failed).toBe(false);
  });

  it('passes the baseline through: known findings pass', () => {
    const { repo, pkg } = repository(true);
    const recorded = spawnSync(process.execPath, [bin, 'check', 'arch/', '--update-baseline'], { cwd: pkg, encoding: 'utf8' });
    expect(recorded.stderr).toMatch(/^archlint: wrote \d+ findings to archlint-baseline.json$/m);
    const run = runAction(repo, { files: 'arch/', 'working-directory': 'packages/shop', baseline: 'archlint-baseline.json', summary: 'false' });
    expect(
      step(run, 'Check')
        .stdout.split('\n')
        .filter((l) => l.startsWith('::')),
    ).toEqual([]);
    expect(run.outputs['exit-code']).toBe('0');
    expect(step(run, 'Upload to code scanning').ran).toBe(true);
    expect(run.failed).toBe(false);
  });

  it('passes the configuration through; one that cannot be read fails with exit code 2, annotated', () => {
    const { repo, pkg } = repository(true);
    const run = runAction(repo, { files: 'arch/', 'working-directory': 'packages/shop', config: 'missing.json', sarif: '' });
    expect(step(run, 'Check').stdout).toContain(
      '::error file=packages/shop/missing.json,line=1,col=1,endLine=1,endColumn=2,title=archlint(config)::cannot read the configuration: no such file',
    );
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs.sarif).toBe('');
    expect(step(run, 'Upload to code scanning').ran).toBe(false);
    expect(step(run, 'Fail on findings')).toMatchObject({ ran: true, code: 2 });
    expect(existsSync(path.join(pkg, 'archlint.sarif'))).toBe(false);
  });
});
