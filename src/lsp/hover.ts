/**
 * Hover: what the word under the cursor is. A kind → what the kind is and its attributes; an
 * attribute name → its meaning, values and default; a component name (declared or referenced) →
 * its kind, label, region and the attributes written on it; a region → its label and components;
 * a settings block → what it holds; a rule id in a suppression comment → the rule.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { Comment, Span } from '../../grammar/ast.js';
import { parseSuppressions } from '../engine/suppressions.js';
import { isKind, kindAliases, kindDescriptions } from '../model/schema.js';
import { closest } from '../../grammar/suggest.js';
import { attributeMarkdown, attributeSpec, blockMarkdown, kindMarkdown, ruleMarkdown } from './docs.js';
import { occurrenceAt, type ComponentDecl } from './names.js';
import type { DocumentView } from './view.js';

const code = (s: string) => `\`${s}\``;
/** How many written attributes a component's hover lists. */
const SHOWN_ATTRIBUTES = 12;

export function hover(view: DocumentView, offset: number): Hover | null {
  const comment = commentAt(view.parse.ast.comments, offset);
  if (comment) return suppressionHover(view, comment, offset);
  const o = occurrenceAt(view.index, offset);
  if (!o) return null;
  const markdown = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: view.range(span) });
  switch (o.type) {
    case 'kind': {
      const kind = o.component.kind;
      if (isKind(kind)) return markdown(kindMarkdown(kind), o.span);
      const meant = kindAliases.get(kind) ?? closest(kind, Object.keys(kindDescriptions));
      return meant && isKind(meant) ? markdown(`${code(kind)} is not a kind: did you mean ${code(meant)}?\n\n${kindMarkdown(meant)}`, o.span) : null;
    }
    case 'attribute': {
      const spec = attributeSpec(o.owner, o.name);
      return spec ? markdown(attributeMarkdown(spec, o.owner), o.span) : null;
    }
    case 'settings':
      return markdown(blockMarkdown(o.block), o.span);
    case 'declaration':
    case 'reference': {
      const text = o.type === 'declaration' && o.what === 'region' ? regionMarkdown(view, o.name) : componentMarkdown(view, o.name);
      return text === undefined ? null : markdown(text, o.span);
    }
  }
}

/** The comment containing an offset (comments are in source order). */
export function commentAt(comments: readonly Comment[], offset: number): Comment | undefined {
  let lo = 0;
  let hi = comments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = comments[mid]!;
    if (offset < c.span.start.offset) hi = mid - 1;
    else if (offset > c.span.end.offset) lo = mid + 1;
    else return c;
  }
  return undefined;
}

function suppressionHover(view: DocumentView, comment: Comment, offset: number): Hover | null {
  const [suppression] = parseSuppressions(view.key, [comment]);
  if (!suppression) return null;
  const id = suppression.ruleIds?.find((r) => r.span.start.offset <= offset && offset <= r.span.end.offset);
  if (!id) return null;
  const rule = view.registry.get(id.id);
  const near = closest(id.id, view.registry.ids());
  const value = rule
    ? ruleMarkdown(view.registry, rule)
    : `${code(id.id)} is not a rule${near ? `: did you mean ${code(near)}?` : ''} (\`archlint rules\` lists them)`;
  return { contents: { kind: MarkupKind.Markdown, value }, range: view.range(id.span) };
}

function componentMarkdown(view: DocumentView, name: string): string | undefined {
  const found = view.model.component(name);
  if (!found) return undefined;
  const c = found.component;
  const label = c.label !== undefined ? ` ${JSON.stringify(c.label)}` : '';
  const region = c.region !== undefined ? ` in region ${code(c.region)}` : '';
  const lines = [`**${code(c.name)}**: ${isKind(c.kind) ? `a ${code(c.kind)}` : `of the unknown kind ${code(c.kind)}`}${label}${region}`];
  if (isKind(c.kind)) lines.push('', kindDescriptions[c.kind]);
  const attributes = writtenAttributes(view, found.file, c);
  if (attributes.length > 0) lines.push('', attributes.join(' · '));
  if (found.file !== view.key) lines.push('', `Declared in ${view.workspace.nameOf(found.file)}, line ${c.nameSpan.start.line}.`);
  return lines.join('\n');
}

/** The attributes as written in the declaration (`replicas: 2`), in order. */
function writtenAttributes(view: DocumentView, file: string, c: ComponentDecl): string[] {
  const list = c.attributes?.attributes ?? [];
  const text = view.textOf(file);
  if (text === undefined) return [];
  const shown = list.slice(0, SHOWN_ATTRIBUTES).map((a) => code(text.slice(a.span.start.offset, a.span.end.offset).replace(/\s+/g, ' ')));
  if (list.length > SHOWN_ATTRIBUTES) shown.push(`and ${list.length - SHOWN_ATTRIBUTES} more`);
  return shown;
}

function regionMarkdown(view: DocumentView, name: string): string {
  const openings = view.model.declarations.get(name)?.filter((d) => d.region) ?? [];
  const label = openings.map((d) => d.region!.label).find((l) => l !== undefined);
  const members = view.model.components.filter((c) => c.component.region === name).map((c) => code(c.component.name));
  const shown = members.length > SHOWN_ATTRIBUTES ? [...members.slice(0, SHOWN_ATTRIBUTES), `and ${members.length - SHOWN_ATTRIBUTES} more`] : members;
  return [
    `**region ${code(name)}**${label !== undefined ? ` ${JSON.stringify(label)}` : ''}: a data center or cloud region`,
    '',
    members.length === 0 ? 'No components yet.' : `${members.length === 1 ? '1 component' : `${members.length} components`}: ${shown.join(', ')}.`,
  ].join('\n');
}
