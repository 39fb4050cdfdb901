/**
 * Quick fixes for rule findings (not compiler errors, which cannot be suppressed): suppress the
 * rule on the finding's line, with `# archlint-disable-next-line <rule>` on a new line above it at
 * the same indentation (or the id added to the suppression comment already there), or in the whole
 * file, with `# archlint-disable <rule>` at the top (or the id added to such a comment).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { parseSuppressions, type Suppression } from '../engine/suppressions.js';
import type { DocumentView } from './view.js';

export function codeActions(view: DocumentView, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const suppressions = parseSuppressions(view.key, view.parse.ast.comments);
  const suppressible = view.registry.suppressible();
  const out: CodeAction[] = [];
  const titles = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== 'archlint' || typeof d.code !== 'string' || !suppressible.has(d.code)) continue;
    for (const [title, edit] of [
      [`Suppress ${d.code} on this line`, lineEdit(view, suppressions, d.code, d.range.start.line)],
      [`Suppress ${d.code} in this file`, fileEdit(view, suppressions, d.code)],
    ] as const) {
      if (!edit || titles.has(title)) continue;
      titles.add(title);
      out.push(action(view, title, edit, d));
    }
  }
  return out;
}

function action(view: DocumentView, title: string, edit: TextEdit, diagnostic: Diagnostic): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [view.document.uri]: [edit] } } };
}

/** `, <rule>` after the last id of a suppression that lists ids; undefined when it covers every rule or names this one. */
function addTo(view: DocumentView, s: Suppression, rule: string): TextEdit | undefined {
  const ids = s.ruleIds;
  if (!ids || ids.some((r) => r.id === rule)) return undefined;
  const end = view.range(ids[ids.length - 1]!.span).end;
  return { range: { start: end, end }, newText: `, ${rule}` };
}

/** `line` is 0-based, as in LSP; a suppression's `line` is the 1-based line it covers. */
function lineEdit(view: DocumentView, suppressions: readonly Suppression[], rule: string, line: number): TextEdit | undefined {
  const existing = suppressions.find((s) => s.scope === 'next-line' && s.line === line + 1);
  if (existing) return addTo(view, existing, rule);
  const text = view.document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)![0];
  const at = { line, character: line === 0 ? view.bom : 0 };
  return { range: { start: at, end: at }, newText: `${indent}# archlint-disable-next-line ${rule}${lineBreak(view)}` };
}

function fileEdit(view: DocumentView, suppressions: readonly Suppression[], rule: string): TextEdit | undefined {
  const existing = suppressions.filter((s) => s.scope === 'file');
  if (existing.some((s) => !s.ruleIds || s.ruleIds.some((r) => r.id === rule))) return undefined;
  const listing = existing.find((s) => s.ruleIds);
  if (listing) return addTo(view, listing, rule);
  const at = { line: 0, character: view.bom };
  return { range: { start: at, end: at }, newText: `# archlint-disable ${rule}${lineBreak(view)}` };
}

/** The document's own line break (CRLF files stay CRLF). */
function lineBreak(view: DocumentView): string {
  return /\r\n|\r|\n/.exec(view.text)?.[0] ?? '\n';
}
