/**
 * Completion, by what the cursor context (context.ts) allows: kinds, statement words and component
 * names where a statement starts (in a region's body, the region's properties it does not set
 * yet); component names after `->`; the attributes the kind (or the edge,
 * or the settings block) takes inside its block, less those already written; the values an
 * attribute takes after `name:` (enum values, `true`/`false`, the caches and databases `sessions`
 * may name); rule ids in a suppression comment.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver/node';
import type { RegionStatement } from '../../grammar/ast.js';
import { statementWords } from '../../grammar/tokens.js';
import { kindDescriptions, kinds, regionAttributes, type AttributeSpec } from '../model/schema.js';
import { cursorContext, type CursorContext } from './context.js';
import { attributeMarkdown, attributeSpec, attributesOf, blockMarkdown, kindMarkdown, ruleMarkdown } from './docs.js';
import { valueText } from '../model/value-text.js';
import type { Owner } from './names.js';
import type { DocumentView } from './view.js';
import { pushAll } from '../arrays.js';

/** Statement words allowed only at the top level, not inside a region. */
const topLevelOnly = new Set(['architecture', 'import', 'workload', 'budget', 'latency', 'region']);

export function complete(view: DocumentView, offset: number): CompletionItem[] {
  const { context, wordStart } = cursorContext(view.parse.ast, view.text, offset);
  const range: Range = { start: view.positionAt(wordStart), end: view.positionAt(offset) };
  const item = (label: string, kind: CompletionItemKind, sortGroup: number, extra: Partial<CompletionItem> = {}): CompletionItem => {
    const { insertText, ...rest } = extra;
    return { label, kind, sortText: `${sortGroup}${label}`, textEdit: { range, newText: insertText ?? label }, ...rest };
  };
  return itemsFor(view, context, item, offset);
}

type ItemMaker = (label: string, kind: CompletionItemKind, sortGroup: number, extra?: Partial<CompletionItem>) => CompletionItem;

function itemsFor(view: DocumentView, context: CursorContext, item: ItemMaker, offset: number): CompletionItem[] {
  const markdown = (value: string) => ({ kind: MarkupKind.Markdown, value });
  switch (context.type) {
    case 'statement': {
      const out = kinds.map((k) => item(k, CompletionItemKind.Class, 0, { detail: kindDescriptions[k], documentation: markdown(kindMarkdown(k)) }));
      if (!context.inRegion) {
        for (const w of statementWords) {
          if (!topLevelOnly.has(w)) continue;
          const doc = w === 'workload' || w === 'budget' || w === 'latency' ? { documentation: markdown(blockMarkdown(w)) } : {};
          out.push(item(w, CompletionItemKind.Keyword, 1, doc));
        }
      } else {
        // A region's own properties (`zones: [a, b, c]`), less those its body already sets.
        const written = new Set(regionPropertiesAround(view, offset));
        for (const a of regionAttributes) if (!written.has(a.name)) out.push(attributeItem(a, { type: 'region' }, item));
      }
      pushAll(
        out,
        componentItems(view, item, () => true),
      );
      return out;
    }
    case 'edge-target':
      return componentItems(view, item, (name) => name !== context.from);
    case 'attribute': {
      const written = new Set(context.written);
      return attributesOf(context.owner)
        .filter((a) => !written.has(a.name))
        .map((a) => attributeItem(a, context.owner, item));
    }
    case 'value':
      return valueItems(view, context.owner, context.attribute, item);
    case 'suppression': {
      const listed = new Set(context.listed);
      const { registry } = view;
      return [...registry.suppressible()]
        .filter((id) => !listed.has(id))
        .map((id) => registry.get(id)!)
        .map((r) => item(r.id, CompletionItemKind.Value, 0, { detail: r.meta.description, documentation: markdown(ruleMarkdown(registry, r)) }));
    }
    case 'directive':
      return [
        item('archlint-disable-next-line', CompletionItemKind.Keyword, 0, { detail: "silences rules' findings on the next line" }),
        item('archlint-disable', CompletionItemKind.Keyword, 1, { detail: 'silences rules in the whole file' }),
      ];
    case 'none':
      return [];
  }
}

function attributeItem(spec: AttributeSpec, owner: Owner, item: ItemMaker): CompletionItem {
  const flag = spec.value.type === 'bool';
  return item(spec.name, CompletionItemKind.Property, 0, {
    detail: valueText(spec.value),
    documentation: { kind: MarkupKind.Markdown, value: attributeMarkdown(spec, owner) },
    insertText: flag ? spec.name : `${spec.name}: `,
  });
}

function valueItems(view: DocumentView, owner: Owner, attribute: string, item: ItemMaker): CompletionItem[] {
  const spec = attributeSpec(owner, attribute)?.value;
  if (!spec) return [];
  if (spec.type === 'bool') return ['true', 'false'].map((v) => item(v, CompletionItemKind.Value, 0));
  if (spec.type === 'enum') return spec.values.map((v) => item(v, CompletionItemKind.EnumMember, 0));
  if (spec.type !== 'enum-or-ref') return [];
  const targets = new Set<string>(spec.kinds);
  return [...spec.values.map((v) => item(v, CompletionItemKind.EnumMember, 0)), ...componentItems(view, item, (_, kind) => targets.has(kind))];
}

/**
 * The properties set in the body of the region the offset is in: the last region that starts
 * before it (an unclosed region's span ends at its last statement, so not its span's end).
 */
function regionPropertiesAround(view: DocumentView, offset: number): string[] {
  let region: RegionStatement | undefined;
  for (const s of view.parse.ast.statements) {
    if (s.span.start.offset >= offset) break;
    region = s.type === 'region' ? s : undefined;
  }
  return (region?.body ?? []).flatMap((s) => (s.type === 'property' ? [s.attribute.name] : []));
}

/** The model's components (this file's and its imports'), each once. */
function componentItems(view: DocumentView, item: ItemMaker, keep: (name: string, kind: string) => boolean): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const { component } of view.model.components) {
    if (!keep(component.name, component.kind)) continue;
    const label = component.label !== undefined ? ` ${JSON.stringify(component.label)}` : '';
    out.push(item(component.name, CompletionItemKind.Reference, 2, { detail: `${component.kind}${label}` }));
  }
  return out;
}
