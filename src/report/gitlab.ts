/**
 * `--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), the subset of
 * the Code Climate issue format that GitLab reads: a JSON array of objects with `description`,
 * `check_name`, `fingerprint`, `severity` and `location` (`path` relative to the project, and
 * `lines.begin`). Unsuppressed findings only.
 *
 * Severity: error → `major`, warning → `minor`, info → `info`. GitLab's scale is info, minor,
 * major, critical, blocker, shared by every tool that feeds the same merge request widget; an
 * architecture finding fails the check but is not an outage or a vulnerability, so the top two
 * steps are left to the tools that report those.
 *
 * Fingerprint: GitLab shows findings with the same fingerprint as one and compares fingerprints
 * between the source and target branch to tell new findings from fixed ones, so each must be
 * unique in the report and stable across unrelated edits. It is the MD5 (32 hex digits, the form
 * GitLab's documentation shows) of our own fingerprint (fingerprint.ts): rule, file, component and
 * message, plus the occurrence number that separates identical findings in one file.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../diagnostics.js';
import { fingerprints, reportPath } from './fingerprint.js';
import { lastLine } from './github.js';
import type { Reporter } from './types.js';

const severity: Readonly<Record<Severity, 'major' | 'minor' | 'info'>> = { error: 'major', warning: 'minor', info: 'info' };

export const gitlab: Reporter = (report, options) => {
  const prints = fingerprints(report.files, options.cwd, options.root);
  const issues = report.files.flatMap((f) =>
    f.diagnostics
      .filter((d) => !d.suppressed)
      .map((d) => ({
        description: d.message,
        check_name: d.ruleId,
        fingerprint: createHash('md5').update(prints.get(d)!).digest('hex'),
        severity: severity[d.severity],
        location: { path: reportPath(d.file, options.cwd, options.root), lines: { begin: d.span.start.line, end: lastLine(d.span) } },
      })),
  );
  return `${JSON.stringify(issues, null, 2)}\n`;
};
