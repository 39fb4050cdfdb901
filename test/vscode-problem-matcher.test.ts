/**
 * The extension's problem matcher (editors/vscode/package.json) and VS Code's built-in
 * `$eslint-compact` against real `archlint check --format compact` output, held to the findings the
 * examples mark by hand.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { archlint, root } from './cli-run.js';
import { markers } from './markers.js';
import { manifest } from './vscode.js';

interface Problem {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string;
}

/** Applies a VS Code problem pattern (a JS regular expression and group numbers) to each line. */
function matchProblems(
  output: string,
  pattern: { regexp: RegExp; file: number; line: number; column: number; severity: number; message: number; code: number },
): Problem[] {
  return output.split('\n').flatMap((text) => {
    const m = pattern.regexp.exec(text);
    if (!m) return [];
    return [
      {
        file: m[pattern.file]!,
        line: Number(m[pattern.line]),
        column: Number(m[pattern.column]),
        severity: m[pattern.severity]!,
        message: m[pattern.message]!,
        code: m[pattern.code]!,
      },
    ];
  });
}

/**
 * VS Code's built-in `$eslint-compact` pattern, copied from microsoft/vscode,
 * src/vs/workbench/contrib/tasks/common/problemMatcher.ts (ProblemPatternRegistryImpl.fillDefaults,
 * `this.add('eslint-compact', …)`, commit dbc8a32e5aa996c4ebbc7f42e464ce9fcd7bd276).
 */
const eslintCompact = {
  regexp: /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/,
  file: 1,
  line: 2,
  character: 3,
  severity: 4,
  message: 5,
  code: 6,
};

describe('problem matchers against real `archlint check --format compact` output', () => {
  const matcher = manifest.contributes.problemMatchers[0]!;
  const ours = { ...matcher.pattern, regexp: new RegExp(matcher.pattern.regexp) };
  const builtin = { ...eslintCompact, column: eslintCompact.character };
  const file = 'examples/chapter-1/01-single-server.arch';
  const compact = archlint(['check', '--format', 'compact', file]);

  it('the matcher is declared for absolute paths, owned by archlint', () => {
    expect(matcher).toMatchObject({ name: 'archlint', owner: 'archlint', source: 'archlint', fileLocation: 'absolute' });
  });

  it('archlint reports the example with findings', () => {
    expect(compact.stderr).toBe('');
    expect(compact.code).toBe(1);
    expect(compact.stdout).toMatch(/\n\n12 problems\n$/);
  });

  it('hand-checked findings of the example, with messages that contain parentheses', () => {
    const problems = matchProblems(compact.stdout, ours);
    const abs = path.resolve(root, file);
    expect(problems).toHaveLength(12);
    expect(problems.every((p) => p.file === abs)).toBe(true);
    // `service web "Web server" {` on line 25: the name starts at column 9.
    expect(problems.find((p) => p.line === 25)).toMatchObject({ column: 9, severity: 'Error', code: 'spof' });
    expect(problems.find((p) => p.line === 25)!.message).toMatch(
      /^`web` is a single point of failure: .* \(or mark it `managed` if the platform provides redundancy\)\.$/,
    );
    // `worker thumbnailer { duration: 2s }` on line 29: two findings at `thumbnailer`, column 8.
    expect(problems.filter((p) => p.line === 29).map((p) => [p.column, p.severity, p.code])).toEqual([
      [8, 'Error', 'over-capacity'],
      [8, 'Error', 'spof'],
    ]);
    expect(problems.find((p) => p.code === 'over-capacity')!.message).toContain('(160% of capacity)');
    expect(problems[0]).toMatchObject({ line: 16, column: 1, severity: 'Info', code: 'missing-observability' });
    expect(problems[0]!.message.endsWith('from each service and worker.')).toBe(true);
  });

  it('both patterns read every finding, with the rule ids, lines and severities the example marks', () => {
    const problems = matchProblems(compact.stdout, ours);
    // VS Code's own pattern reads the same problems as the extension's.
    expect(matchProblems(compact.stdout, builtin)).toEqual(problems);
    // The `# expect:` markers of the step, written by hand on the lines the findings are anchored to.
    expect(problems.map((p) => `${p.code}@${p.line}`).sort()).toEqual(markers(path.resolve(root, file)));
    // As the step's header comment lists them: spof ×3 and over-capacity are errors, missing-observability is info.
    const count = (severity: string) => problems.filter((p) => p.severity === severity).length;
    expect([count('Error'), count('Warning'), count('Info')]).toEqual([4, 7, 1]);
    for (const p of problems) {
      expect(p.message, p.code).not.toMatch(/\n/);
      expect(p.message.endsWith(`(${p.code})`), p.message).toBe(false);
    }
  });

  it('every chapter file: one problem per finding line, nothing from the summary', () => {
    const dir = path.join(root, 'examples/chapter-1');
    const marked = readdirSync(dir)
      .filter((f) => f.endsWith('.arch'))
      .flatMap((f) => markers(path.join(dir, f)).map((m) => `${f} ${m}`))
      .sort();
    // The ten steps mark 59 findings between them (12, 10, 8, 7, 5, 4, 8, 1, 4 and 0).
    expect(marked).toHaveLength(59);
    const result = archlint(['check', '--format', 'compact', 'examples/chapter-1']);
    expect(result.stdout.endsWith('\n\n59 problems\n')).toBe(true);
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('/'));
    expect(lines).toHaveLength(59);
    const problems = matchProblems(result.stdout, ours);
    expect(problems).toHaveLength(59);
    expect(matchProblems(result.stdout, builtin)).toEqual(problems);
    expect(problems.map((p) => `${path.basename(p.file)} ${p.code}@${p.line}`).sort()).toEqual(marked);
    for (const p of problems) {
      expect(p.file, p.file).toBe(path.join(dir, path.basename(p.file)));
      expect(['Error', 'Warning', 'Info']).toContain(p.severity);
    }
  });
});
