import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { archlint, root, stackTrace } from './cli-run.js';

const dir = 'test/fixtures/malformed/';
const fixtures = readdirSync(root + dir)
  .filter((f) => f.endsWith('.arch'))
  .sort();

/** `# expect: <ruleId> <line>:<column> <message text>` on the first line, or `# expect: none`. */
function expectation(file: string) {
  const first = readFileSync(root + dir + file, 'latin1')
    .replace(/^\xef\xbb\xbf/, '')
    .split(/\r?\n/)[0]!;
  const m = /^# expect: (?:none|(\S+) (\d+):(\d+) (.+))$/.exec(first);
  if (!m) throw new Error(`${file} has no expectation line`);
  return m[1] ? { ruleId: m[1], line: Number(m[2]), column: Number(m[3]), text: m[4]! } : undefined;
}

describe('malformed files', () => {
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThan(15));

  it.each(fixtures)('%s: exit 2, a located message, no stack trace', (file) => {
    const run = archlint(['check', dir + file, '--format', 'json']);
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout) as {
      files: { file: string; diagnostics: { ruleId: string; line: number; column: number; message: string; severity: string }[] }[];
    };
    const all = out.files.flatMap((f) => f.diagnostics.map((d) => ({ ...d, file: f.file })));
    expect(all.length).toBeGreaterThan(0);
    for (const d of all) {
      expect(d.severity).toBe('error');
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
    }
    const wanted = expectation(file);
    if (wanted) {
      expect(
        all.find(
          (d) => d.file === dir + file && d.ruleId === wanted.ruleId && d.line === wanted.line && d.column === wanted.column && d.message.includes(wanted.text),
        ),
        JSON.stringify(all, null, 1),
      ).toBeDefined();
    }
  });

  it('all at once: every file reported in one run, exit 2', () => {
    const run = archlint(['check', dir, '--format', 'compact']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(stackTrace);
    for (const file of fixtures) {
      // The cycle is one model; it is reported once, at the import that closes it (in cycle-b.arch).
      if (file === 'cycle-a.arch') continue;
      expect(run.stdout).toContain(`${root}${dir}${file}: line `);
    }
  });
});
