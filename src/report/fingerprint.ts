/**
 * A finding's fingerprint: what it is, not where it is, so that it survives edits elsewhere in the
 * file (lines added above it, components reordered). Used by baselines, GitLab's Code Quality
 * report and SARIF's `partialFingerprints`.
 *
 * The key is the rule, the file (relative to the working directory, with `/`), the component the
 * finding is about, and the message with its figures left out: names are quoted in `backticks` and
 * kept, while numbers outside them (a utilisation, a latency) become `#`, so that a load that grows
 * from 160% to 180% of capacity is still the same known finding. Identical keys in one file are
 * told apart by their order: the first is `…:1`, the second `…:2`.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { FileReport } from './types.js';

/** The file as fingerprints and reports name it: relative to `cwd`, with forward slashes. */
export function reportPath(file: string, cwd: string, root = cwd): string {
  const relative = path.relative(root, path.resolve(cwd, file));
  return (relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(cwd, file) : relative).split(path.sep).join('/');
}

/** The part of the fingerprint that does not depend on order. */
export function fingerprintKey(d: Diagnostic, cwd: string, root = cwd): string {
  const shape = d.message
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\d+(?:[.,]\d+)*/g, '#')))
    .join('');
  return [d.ruleId, reportPath(d.file, cwd, root), d.component ?? '', shape].join('\0');
}

/**
 * Fingerprints of every diagnostic in `files` (in the files' stable order), as 32 hex digits of
 * SHA-256 followed by `:n`, the occurrence of that key in its file.
 */
export function fingerprints(files: readonly FileReport[], cwd: string, root = cwd): Map<Diagnostic, string> {
  const out = new Map<Diagnostic, string>();
  for (const f of files) {
    const seen = new Map<string, number>();
    for (const d of f.diagnostics) {
      const key = fingerprintKey(d, cwd, root);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      out.set(d, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${n}`);
    }
  }
  return out;
}
