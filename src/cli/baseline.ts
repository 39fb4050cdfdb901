/**
 * Baselines, for adopting archlint on an existing design: `--update-baseline` records today's
 * findings; `--baseline <file>` then reports only findings that are not recorded, counts the
 * recorded ones it matched, and reports recorded entries that match nothing any more (stale), so
 * the file only shrinks as problems are fixed.
 *
 * Entries are matched by fingerprint (src/report/fingerprint.ts): the rule, file, component and
 * message, never the line, so edits elsewhere in a file do not turn known findings into new ones.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { findNodeAtLocation } from 'jsonc-parser';
import { packageRoot } from '../package-info.js';
import { pathText, pointerSegments, readJson, spanAt } from '../config/json.js';
import { compilerRuleIds, type Diagnostic } from '../diagnostics.js';
import { fingerprints, reportPath } from '../report/fingerprint.js';
import type { FileReport } from '../report/types.js';

export const BASELINE_FILE = 'archlint-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  component?: string;
  message: string;
}

export interface Baseline {
  file: string;
  entries: BaselineEntry[];
  /** Where each entry is in the file, for reporting stale ones. */
  spans: Diagnostic['span'][];
}

let validator: ValidateFunction | undefined;
function validate(value: unknown): ValidateFunction['errors'] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'schema', 'archlint-baseline.schema.json'), 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator(value) ? [] : (validator.errors ?? []);
}

/** Only a rule's findings are recorded: syntax and meaning errors must be fixed, not baselined. */
const compilerIds: ReadonlySet<string> = new Set(Object.values(compilerRuleIds));
export const baselinable = (d: Diagnostic): boolean => !d.suppressed && !compilerIds.has(d.ruleId);

/** Reads and validates a baseline (or `unsaved`, as if it were the file's); every problem is a located `baseline` error. */
export function loadBaseline(file: string, cwd: string, unsaved?: string): { baseline?: Baseline; diagnostics: Diagnostic[] } {
  const error = (message: string, span = spanAt('', 0, 0)): Diagnostic => ({ ruleId: compilerRuleIds.baseline, severity: 'error', message, file, span });
  const read = readJson(file, cwd, 'the baseline', {
    missing: 'no such file (write one with --update-baseline)',
    empty: 'the baseline is empty: write one with --update-baseline',
    ...(unsaved !== undefined ? { unsaved } : {}),
  });
  if (!read.ok) return { diagnostics: read.problems.map((p) => error(p.message, p.span)) };
  const { text, root } = read.doc;
  const value = read.doc.value as { findings: BaselineEntry[] };
  const errors = validate(value) ?? [];
  if (errors.length > 0) {
    const diagnostics = errors.map((e) => {
      const node = findNodeAtLocation(root, pointerSegments(e.instancePath));

      const segments = pointerSegments(e.instancePath);
      const where = segments.length === 0 ? 'the baseline' : `\`${pathText(segments)}\``;
      const what =
        e.keyword === 'additionalProperties'
          ? `has an unknown key \`${String((e.params as { additionalProperty: string }).additionalProperty)}\``
          : (e.message ?? 'is not valid');
      return error(`${where} ${what}`, node ? spanAt(text, node.offset, node.length) : spanAt(text, root.offset, 1));
    });
    return { diagnostics };
  }
  const items = findNodeAtLocation(root, ['findings'])?.children ?? [];
  return { baseline: { file, entries: value.findings, spans: items.map((n) => spanAt(text, n.offset, 1)) }, diagnostics: [] };
}

/** The baseline's text for the current findings: sorted by what they are, so its diffs stay small. */
export function baselineText(files: readonly FileReport[], cwd: string): { text: string; count: number } {
  const prints = fingerprints(
    files.map((f) => ({ file: f.file, diagnostics: f.diagnostics.filter(baselinable) })),
    cwd,
  );
  const entries: BaselineEntry[] = [...prints].map(([d, fingerprint]) => ({
    fingerprint,
    ruleId: d.ruleId,
    file: reportPath(d.file, cwd),
    ...(d.component !== undefined ? { component: d.component } : {}),
    message: d.message,
  }));
  const key = (e: BaselineEntry) => [e.file, e.ruleId, e.component ?? '', e.message, e.fingerprint.padStart(48, '0')].join('\0');
  entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { text: `${JSON.stringify({ version: 1, findings: entries }, null, 2)}\n`, count: entries.length };
}

export interface BaselineOutcome {
  /** The reports without the findings the baseline knows. */
  files: FileReport[];
  matched: number;
  /** Entries for checked files that matched nothing: warnings located in the baseline file. */
  stale: Diagnostic[];
}

/**
 * Removes the findings the baseline records. Entries for files that were not checked in this run
 * are neither matched nor stale (checking one file must not call the rest of the baseline stale).
 */
export function applyBaseline(files: readonly FileReport[], baseline: Baseline, cwd: string): BaselineOutcome {
  const prints = fingerprints(
    files.map((f) => ({ file: f.file, diagnostics: f.diagnostics.filter(baselinable) })),
    cwd,
  );
  const known = new Map<string, number>();
  baseline.entries.forEach((e, i) => known.set(`${e.file}\0${e.fingerprint}`, i));
  const used = new Set<number>();
  const out = files.map((f) => ({
    file: f.file,
    diagnostics: f.diagnostics.filter((d) => {
      const print = prints.get(d);
      if (print === undefined) return true;
      const i = known.get(`${reportPath(d.file, cwd)}\0${print}`);
      if (i === undefined) return true;
      used.add(i);
      return false;
    }),
  }));
  const checked = new Set(files.map((f) => reportPath(f.file, cwd)));
  const stale: Diagnostic[] = [];
  baseline.entries.forEach((e, i) => {
    if (used.has(i) || !checked.has(e.file)) return;
    stale.push({
      ruleId: compilerRuleIds.baseline,
      severity: 'warning',
      message: `stale baseline entry: ${e.ruleId}${e.component !== undefined ? ` on \`${e.component}\`` : ''} in ${e.file} no longer occurs; run with --update-baseline to drop it`,
      file: baseline.file,
      span: baseline.spans[i]!,
    });
  });
  return { files: out, matched: used.size, stale };
}

/** Refuses to replace a file that is not a baseline (a typo in --baseline must not eat a model). */
export function checkBaselineTarget(file: string, cwd: string): string | undefined {
  const resolved = path.resolve(cwd, file);
  try {
    if (statSync(resolved).isDirectory()) return `cannot write the baseline to ${file}: it is a directory`;
  } catch {
    return undefined;
  }
  const { diagnostics } = loadBaseline(file, cwd);
  return diagnostics.length > 0 ? `refusing to overwrite ${file}: it is not an archlint baseline (${diagnostics[0]!.message})` : undefined;
}
