/**
 * The findings the CI-format tests (report-sarif.test.ts, report-ci.test.ts) format: one report of
 * three files with every kind of finding, an empty report, and the fingerprints those findings must
 * get, worked out with coreutils rather than with the code under test.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../src/diagnostics.js';
import { reporters, summarize, type FileReport, type LintReport, type ReporterOptions } from '../src/report/index.js';

export const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const span = (line: number, column: number, endColumn: number, endLine = line) => ({
  start: { line, column, offset: 0 },
  end: { line: endLine, column: endColumn, offset: 0 },
});

export const spof: Diagnostic = {
  ruleId: 'spof',
  severity: 'error',
  message: '`db` is a single point of failure',
  file: 'a.arch',
  span: span(3, 10, 12),
  component: 'db',
};
export const noCdn: Diagnostic = { ruleId: 'missing-cdn', severity: 'warning', message: 'no CDN', file: 'a.arch', span: span(1, 21, 33) };
export const silenced: Diagnostic = {
  ruleId: 'sync-long-task',
  severity: 'warning',
  message: '`importer` runs a long task synchronously',
  file: 'a.arch',
  span: span(7, 9, 17),
  component: 'importer',
  suppressed: { reason: 'the batch importer may stop for a day' },
};
export const silencedNoReason: Diagnostic = {
  ruleId: 'spof',
  severity: 'error',
  message: '`cron` is a single point of failure',
  file: 'a.arch',
  span: span(9, 9, 13),
  component: 'cron',
  suppressed: {},
};
export const info: Diagnostic = { ruleId: 'x', severity: 'info', message: 'an info\nover two lines', file: 'a.arch', span: span(12, 1, 2) };
export const syntax: Diagnostic = { ruleId: 'syntax', severity: 'error', message: 'unexpected `}`', file: 'dir/my shop ü.arch', span: span(2, 5, 6) };

export const files: FileReport[] = [
  { file: 'a.arch', diagnostics: [spof, noCdn, silenced, silencedNoReason, info] },
  { file: 'dir/my shop ü.arch', diagnostics: [syntax] },
  { file: 'clean.arch', diagnostics: [] },
];
export const report: LintReport = { files, summary: summarize(files) };
export const empty: LintReport = { files: [], summary: summarize([]) };
export const cwd = '/work/project';

/** A one-file report of the given findings. */
export const reportOf = (fileReports: FileReport[]): LintReport => ({ files: fileReports, summary: summarize(fileReports) });

export const format = (name: string, r: LintReport, extra: Partial<ReporterOptions> = {}): string => reporters.get(name)!(r, { cwd, color: false, ...extra });

/**
 * Fingerprints as src/report/fingerprint.ts documents them: the first 32 hex digits of the SHA-256
 * of rule, file, component and message joined by NUL, then `:n`. Computed once with coreutils, e.g.
 *   printf 'spof\0a.arch\0db\0`db` is a single point of failure' | sha256sum | cut -c1-32
 * and GitLab's fingerprint is the MD5 of that text:
 *   printf '%s' '0f1126e7a2aa356c098f25dff087d419:1' | md5sum
 */
export const prints = {
  spof: '0f1126e7a2aa356c098f25dff087d419:1',
  noCdn: 'fedb13f2920f72dc6995c52fa6373300:1',
  info: 'fa611f527487991b4301b8635a5df5fd:1',
  syntax: '06de06fd2dd84a68e6e7cc792d37da61:1',
} as const;
export const gitlabPrints = {
  spof: '2e4bfa05820fdb510d296eff476224eb',
  noCdn: '2ba304c4dc9f4b7c86ec20dbfc099644',
  info: '8d1e54f690e2ad1926c2a0e7b6b6f707',
  syntax: '45eb943bb03baf94dbe4631fcdc8468e',
} as const;
