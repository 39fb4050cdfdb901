/**
 * Suppression comments (LANGUAGE.md §7):
 *   # archlint-disable-next-line spof, missing-cdn -- the platform team runs it active-passive
 *   # archlint-disable missing-observability
 * With no rule ids, every rule is meant. A suppression that silences nothing is reported.
 */
import type { Comment, Span } from '../../grammar/ast.js';
import { closest } from '../../grammar/suggest.js';
import { compilerRuleIds, type Diagnostic } from '../diagnostics.js';

const compilerIds: ReadonlySet<string> = new Set(Object.values(compilerRuleIds));

/** The rule that reports stale suppressions: it cannot itself be suppressed. */
export const UNUSED_SUPPRESSION = 'unused-suppression';

export interface Suppression {
  file: string;
  scope: 'next-line' | 'file';
  /** Rule ids, or `undefined` for every rule. */
  ruleIds?: { id: string; span: Span }[];
  reason?: string;
  /** The comment. */
  span: Span;
  /** For `next-line`: the line whose findings it silences. */
  line: number;
}

const pattern = /^\s*archlint-(disable-next-line|disable)(?=\s|$)\s*(.*)$/s;

export function parseSuppressions(file: string, comments: readonly Comment[]): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of comments) {
    const match = pattern.exec(comment.text);
    if (!match) continue;
    let rest = match[2]!;
    let reason: string | undefined;
    const dash = rest.search(/(^|\s)--(\s|$)/);
    if (dash !== -1) {
      reason =
        rest
          .slice(dash)
          .replace(/^\s*--\s*/, '')
          .trim() || undefined;
      rest = rest.slice(0, dash);
    }
    // Where the rule list starts, relative to the comment's start.
    const listDelta = comment.markerLength + (comment.text.length - match[2]!.length);
    const ruleIds: { id: string; span: Span }[] = [];
    const idPattern = /[^\s,]+/g;
    for (let m = idPattern.exec(rest); m; m = idPattern.exec(rest)) {
      const column = comment.span.start.column + listDelta + m.index;
      const offset = comment.span.start.offset + listDelta + m.index;
      ruleIds.push({
        id: m[0],
        span: {
          start: { line: comment.span.start.line, column, offset },
          end: { line: comment.span.start.line, column: column + m[0].length, offset: offset + m[0].length },
        },
      });
    }
    out.push({
      file,
      scope: match[1] === 'disable' ? 'file' : 'next-line',
      ...(ruleIds.length > 0 ? { ruleIds } : {}),
      ...(reason !== undefined ? { reason } : {}),
      span: comment.span,
      line: comment.span.end.line + 1,
    });
  }
  return out;
}

/** One place suppressions apply to (a rule on a line, or in a file), the last suppression listed there, and whether anything was silenced. */
interface Place {
  ruleId: string;
  last: number;
  hit: boolean;
}

/**
 * Where suppressions apply: by file, then line (0 for the whole file), then rule id ('' for every
 * rule). A finding is covered by the suppressions of at most four places. A line names few rules,
 * so its places are a short list, which becomes a map once it grows (a file with thousands of
 * file-wide suppressions stays linear). No key string is built per lookup.
 */
class Places {
  private readonly byFile = new Map<string, Map<number, Place[] | Map<string, Place>>>();

  get(file: string, line: number, ruleId: string): Place | undefined {
    const places = this.byFile.get(file)?.get(line);
    if (places instanceof Map) return places.get(ruleId);
    if (places) for (const place of places) if (place.ruleId === ruleId) return place;
    return undefined;
  }

  add(file: string, line: number, ruleId: string, index: number): void {
    let lines = this.byFile.get(file);
    if (!lines) this.byFile.set(file, (lines = new Map<number, Place[] | Map<string, Place>>()));
    const known = this.get(file, line, ruleId);
    if (known) {
      known.last = index;
      return;
    }
    const place = { ruleId, last: index, hit: false };
    const places = lines.get(line);
    if (places instanceof Map) places.set(ruleId, place);
    else if (!places) lines.set(line, [place]);
    else if (places.length < 8) places.push(place);
    else lines.set(line, new Map([...places, place].map((p) => [p.ruleId, p])));
  }
}

const lineOf = (s: Suppression) => (s.scope === 'file' ? 0 : s.line);

/** A suppression, or one rule id in it, that silenced nothing: a report of `unused-suppression`. */
export interface UnusedSuppression {
  file: string;
  span: Span;
  /** One of `unused-suppression`'s messages, with its data. */
  messageId: UnusedMessageId;
  data: Record<string, string | number>;
}

export type UnusedMessageId =
  | 'silencesNothingInFile'
  | 'silencesNothingOnLine'
  | 'compilerCheck'
  | 'suppressesItself'
  | 'unknownRule'
  | 'unknownRuleNear'
  | 'unusedInFile'
  | 'unusedOnLine';

/**
 * Identifies a suppression, or one rule id within it, across models: a file imported by two
 * models may have a suppression that only one of them uses, and it is not stale.
 */
export function suppressionKey(file: string, span: Span): string {
  return `${file}\u0000${span.start.offset}`;
}

export interface SuppressionOutcome {
  unused: UnusedSuppression[];
  /** `suppressionKey`s of the suppressions (or rule ids in them) that silenced something. */
  used: Set<string>;
}

/**
 * Marks suppressed findings (in place, as `suppressed`) and lists the suppressions, or the rule ids
 * within them, that silenced nothing. Only findings of `suppressible` rules can be silenced.
 */
export function applySuppressions(diagnostics: Diagnostic[], suppressions: readonly Suppression[], suppressible: ReadonlySet<string>): SuppressionOutcome {
  // Suppressions indexed by place, so matching is linear in findings plus suppressions. A finding
  // takes the reason of the last suppression covering it, in file order.
  const places = new Places();
  suppressions.forEach((s, index) => {
    if (s.ruleIds === undefined) places.add(s.file, lineOf(s), '', index);
    else for (const r of s.ruleIds) places.add(s.file, lineOf(s), r.id, index);
  });
  for (const d of diagnostics) {
    if (!suppressible.has(d.ruleId)) continue;
    const line = d.span.start.line;
    let last = -1;
    for (const place of [places.get(d.file, 0, d.ruleId), places.get(d.file, 0, ''), places.get(d.file, line, d.ruleId), places.get(d.file, line, '')]) {
      if (!place) continue;
      place.hit = true;
      last = Math.max(last, place.last);
    }
    if (last === -1) continue;
    const reason = suppressions[last]!.reason;
    d.suppressed = reason !== undefined ? { reason } : {};
  }
  const hit = (s: Suppression, ruleId: string | undefined) => places.get(s.file, lineOf(s), ruleId ?? '')!.hit;
  const usedKeys = new Set<string>();
  for (const s of suppressions) {
    if (s.ruleIds === undefined) {
      if (hit(s, undefined)) usedKeys.add(suppressionKey(s.file, s.span));
    } else for (const r of s.ruleIds) if (hit(s, r.id)) usedKeys.add(suppressionKey(s.file, r.span));
  }
  const unused: UnusedSuppression[] = [];
  const report = (file: string, span: Span, messageId: UnusedMessageId, data: Record<string, string | number> = {}) =>
    unused.push({ file, span, messageId, data });
  for (const s of suppressions) {
    const inFile = s.scope === 'file';
    if (s.ruleIds === undefined) {
      if (!hit(s, undefined)) report(s.file, s.span, inFile ? 'silencesNothingInFile' : 'silencesNothingOnLine', inFile ? {} : { line: s.line });
      continue;
    }
    for (const r of s.ruleIds) {
      if (hit(s, r.id)) continue;
      if (compilerIds.has(r.id)) {
        report(s.file, r.span, 'compilerCheck', { id: r.id });
      } else if (r.id === UNUSED_SUPPRESSION) {
        report(s.file, r.span, 'suppressesItself');
      } else if (!suppressible.has(r.id)) {
        const near = closest(r.id, suppressible);
        report(s.file, r.span, near ? 'unknownRuleNear' : 'unknownRule', near ? { id: r.id, near } : { id: r.id });
      } else {
        report(s.file, r.span, inFile ? 'unusedInFile' : 'unusedOnLine', inFile ? { id: r.id } : { id: r.id, line: s.line });
      }
    }
  }
  return { unused, used: usedKeys };
}
