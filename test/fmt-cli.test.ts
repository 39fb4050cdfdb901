/** `archlint fmt` through the real executable: stdin, --check with its diff, --write in place, and files it must not touch. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archlint, stackTrace } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('fmt');
afterAll(() => temp.removeAll());

const messy = 'client users   service web{replicas:3}\nusers->web\n';
const tidy = 'client users\nservice web { replicas: 3 }\nusers -> web\n';
const broken = 'service {\n';

function project(files: Record<string, string>): string {
  const dir = temp.make();
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('archlint fmt', () => {
  it('formats stdin to stdout', () => {
    const run = archlint(['fmt'], { input: messy });
    expect([run.code, run.stdout, run.stderr]).toEqual([0, tidy, '']);
  });

  it('--check: a unified diff of each file that is not formatted, exit 1; formatted files pass with 0', () => {
    const dir = project({ 'a.arch': messy, 'b.arch': tidy });
    const run = archlint(['fmt', '--check', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'Index: a.arch',
        '===================================================================',
        '--- a.arch',
        '+++ a.arch',
        '@@ -1,2 +1,3 @@',
        '-client users   service web{replicas:3}',
        '-users->web',
        '+client users',
        '+service web { replicas: 3 }',
        '+users -> web',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('archlint: 1 file is not formatted (archlint fmt --write fixes it)\n');
    expect(archlint(['fmt', '--check', 'b.arch'], { cwd: dir })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('--write rewrites what is not formatted and leaves the rest, byte for byte', () => {
    const dir = project({ 'a.arch': messy, 'b.arch': tidy });
    const run = archlint(['fmt', '--write', 'a.arch', 'b.arch'], { cwd: dir });
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', 'archlint: formatted 1 file\n']);
    expect(readFileSync(path.join(dir, 'a.arch'), 'utf8')).toBe(tidy);
    expect(readFileSync(path.join(dir, 'b.arch'), 'utf8')).toBe(tidy);
    expect(archlint(['fmt', '--check', '.'], { cwd: dir }).code).toBe(0);
  });

  it('never writes a file with syntax errors: reports them, located, and exits with 2', () => {
    const dir = project({ 'a.arch': messy, 'bad.arch': broken });
    const run = archlint(['fmt', '--write', '.'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.stderr).toContain('bad.arch\n  1:1  error  unexpected `service`');
    expect(readFileSync(path.join(dir, 'bad.arch'), 'utf8')).toBe(broken);
    // The other files are still formatted.
    expect(readFileSync(path.join(dir, 'a.arch'), 'utf8')).toBe(tidy);
    expect(archlint(['fmt'], { input: broken }).code).toBe(2);
  });

  it('usage errors: --check with --write, --write without files, a path that matches nothing', () => {
    const dir = project({ 'a.arch': messy });
    for (const args of [
      ['fmt', '--check', '--write', 'a.arch'],
      ['fmt', '--write'],
      ['fmt', 'nowhere.arch'],
    ]) {
      const run = archlint(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^archlint: /);
      expect(run.stderr).not.toMatch(stackTrace);
    }
    expect(readFileSync(path.join(dir, 'a.arch'), 'utf8')).toBe(messy);
  });
});
