/**
 * The CI recipes in docs/ci.md, run for real: every `archlint check` command in them runs against a
 * copy of the chapter's examples, and the Git hook guards a real repository's commits.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { bin, root } from './cli-run.js';
import { markers } from './markers.js';
import { tempDirs } from './temp.js';

const doc = readFileSync(path.join(root, 'docs/ci.md'), 'utf8');
const blocks = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));

/** The archlint commands of the recipes, as written (YAML list markers and `run:` removed). */
const commands = blocks.flatMap((b) =>
  b.text
    .split('\n')
    .map((l) => l.trim().replace(/^- (run: )?/, ''))
    .filter((l) => l.startsWith('npx archlint ')),
);

const temp = tempDirs('recipe');
afterAll(() => temp.removeAll());

/** `file ruleId@line` for every finding the chapter's steps mark by hand (see chapter.test.ts). */
const chapter = path.join(root, 'examples/chapter-1');
const marked = readdirSync(chapter)
  .filter((f) => f.endsWith('.arch'))
  .flatMap((f) => markers(path.join(chapter, f)).map((m) => `arch/${f} ${m}`))
  .sort();

/** A project whose arch/ holds the chapter's ten steps, with archlint installed in node_modules/.bin. */
function project(): string {
  const dir = temp.make();
  cpSync(path.join(root, 'examples/chapter-1'), path.join(dir, 'arch'), { recursive: true });
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(bin, path.join(dir, 'node_modules/.bin/archlint'));
  return dir;
}

function sh(command: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('sh', ['-c', command], {
    cwd,
    encoding: 'utf8',
    env: { PATH: `${path.join(cwd, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1', HOME: cwd },
  });
  // npx may warn or advertise an update about the machine's npm configuration; that is npm's business, not archlint's.
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^npm (warn|notice)\b.*\n/gm, '') };
}

describe('docs/ci.md', () => {
  it('has the commands the recipes promise', () => {
    expect(commands).toEqual([
      'npx archlint check arch/ --format github --output sarif:archlint.sarif --output markdown:archlint.md',
      'npx archlint check arch/ --format github --output sarif:archlint.sarif --output markdown:archlint.md',
      'npx archlint check arch/ --output gitlab:gl-code-quality-report.json --output junit:archlint-junit.xml',
      'npx archlint check arch/ --update-baseline          # writes archlint-baseline.json; commit it',
      'npx archlint check arch/ --baseline archlint-baseline.json',
    ]);
  });

  it('the workflow and pipeline are valid YAML whose steps read the files the command writes', () => {
    const yamls = blocks.filter((b) => b.lang === 'yaml').map((b) => parseYaml(b.text) as Record<string, unknown>);
    // The action's workflow (test/action.test.ts runs the action), the plain workflow, GitLab's
    // pipeline, the pre-commit configuration (test/pre-commit.test.ts).
    expect(yamls).toHaveLength(4);
    const workflow = yamls[1] as { jobs: { archlint: { steps: { run?: string; uses?: string; with?: Record<string, string> }[] } } };
    const steps = workflow.jobs.archlint.steps;
    const command = steps.find((s) => s.run?.startsWith('npx archlint check'))!.run!;
    expect(steps.find((s) => s.uses === 'github/codeql-action/upload-sarif@v4')!.with!.sarif_file).toBe(/--output sarif:(\S+)/.exec(command)![1]);
    expect(steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!.run).toBe(`cat ${/--output markdown:(\S+)/.exec(command)![1]} >> "$GITHUB_STEP_SUMMARY"`);
    const pipeline = yamls[2] as { archlint: { script: string[]; artifacts: { when: string; reports: { codequality: string; junit: string } } } };
    const script = pipeline.archlint.script.find((l) => l.startsWith('npx archlint check'))!;
    expect(pipeline.archlint.artifacts.when).toBe('always');
    expect(pipeline.archlint.artifacts.reports.codequality).toBe(/--output gitlab:(\S+)/.exec(script)![1]);
    expect(pipeline.archlint.artifacts.reports.junit).toBe(/--output junit:(\S+)/.exec(script)![1]);
    // Every setup-node step uses the current LTS line.
    for (const doc of [yamls[0], yamls[1]] as { jobs: { archlint: { steps: { uses?: string; with?: Record<string, unknown> }[] } } }[]) {
      expect(doc.jobs.archlint.steps.find((s) => s.uses === 'actions/setup-node@v4')!.with!['node-version']).toBe(24);
    }
  });

  it('GitHub Actions: annotations on stdout, SARIF and Markdown files, and a failing exit code on errors', () => {
    const dir = project();
    const result = sh(commands[1]!, dir);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    // One annotation per marked finding (the steps suppress nothing).
    expect(marked).toHaveLength(59);
    expect(lines).toHaveLength(59);
    const annotated = lines.map((line) => {
      const m = /^::(?:error|warning|notice) file=(arch\/\d\d-[a-z-]+\.arch),line=(\d+),col=\d+,endLine=\d+,endColumn=\d+,title=archlint\(([a-z-]+)\)::/.exec(
        line,
      );
      expect(m, line).not.toBeNull();
      return `${m![1]} ${m![3]}@${m![2]}`;
    });
    expect(annotated.sort()).toEqual(marked);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'archlint.sarif'), 'utf8')) as { runs: { results: { suppressions?: unknown[] }[] }[] };
    expect(sarif.runs[0]!.results).toHaveLength(59);
    expect(sarif.runs[0]!.results.filter((r) => r.suppressions)).toEqual([]);
    expect(readFileSync(path.join(dir, 'archlint.md'), 'utf8')).toMatch(/^## archlint\n\n❌ 59 problems/);
  });

  it('GitLab CI: a Code Quality report and a JUnit report', () => {
    const dir = project();
    const result = sh(commands[2]!, dir);
    expect(result.code).toBe(1);
    const quality = JSON.parse(readFileSync(path.join(dir, 'gl-code-quality-report.json'), 'utf8')) as {
      check_name: string;
      fingerprint: string;
      location: { path: string; lines: { begin: number } };
    }[];
    expect(quality.map((q) => `${q.location.path} ${q.check_name}@${q.location.lines.begin}`).sort()).toEqual(marked);
    expect(new Set(quality.map((q) => q.fingerprint)).size).toBe(59);
    const junit = readFileSync(path.join(dir, 'archlint-junit.xml'), 'utf8');
    expect(junit.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    // One suite per checked file: the chapter's ten steps.
    expect(junit.match(/<testsuite /g)).toHaveLength(10);
  });

  it('baselines: record, then pass with nothing new', () => {
    const dir = project();
    const update = sh(commands[3]!, dir);
    expect(update.code).toBe(0);
    expect(update.stderr).toBe('archlint: wrote 59 findings to archlint-baseline.json\n');
    const again = sh(commands[4]!, dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('the pre-commit hook stops a commit with an error finding and lets a clean one through', () => {
    const dir = project();
    const hook = blocks.find((b) => b.lang === 'sh' && b.text.startsWith('#!/bin/sh'))!.text;
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        // The hook's report (on git's stderr) belongs to the test, not to the test runner's log.
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: `${path.join(dir, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
          HOME: dir,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      });
    git('init', '-q');
    writeFileSync(path.join(dir, '.git/hooks/pre-commit'), hook);
    chmodSync(path.join(dir, '.git/hooks/pre-commit'), 0o755);
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\narch/\n');
    git('add', '.gitignore');
    git('commit', '-qm', 'no .arch files: the hook lets it through');

    cpSync(path.join(root, 'examples/chapter-1/01-single-server.arch'), path.join(dir, 'single.arch'));
    git('add', 'single.arch');
    expect(() => git('commit', '-qm', 'a single server')).toThrow(/spof/);
    expect(git('log', '--format=%s')).toBe('no .arch files: the hook lets it through\n');

    git('rm', '-q', '--cached', 'single.arch');
    cpSync(path.join(root, 'examples/photo-sharing.arch'), path.join(dir, 'photos.arch'));
    git('add', 'photos.arch');
    git('commit', '-qm', 'the final design');
    expect(git('log', '--format=%s')).toBe('the final design\nno .arch files: the hook lets it through\n');
  });
});
