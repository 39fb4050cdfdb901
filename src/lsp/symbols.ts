/**
 * Document symbols (the editor's outline): regions, with the components declared in them as
 * children; components declared outside a region; the `workload`, `budget` and `latency` blocks.
 * Each component gets a symbol kind that suggests its role.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { Statement } from '../../grammar/ast.js';
import type { Kind } from '../model/schema.js';
import type { DocumentView } from './view.js';

const componentSymbolKinds: Readonly<Record<Kind, SymbolKind>> = {
  client: SymbolKind.Interface,
  dns: SymbolKind.Key,
  cdn: SymbolKind.Package,
  lb: SymbolKind.Operator,
  service: SymbolKind.Class,
  worker: SymbolKind.Function,
  cache: SymbolKind.Variable,
  database: SymbolKind.Struct,
  queue: SymbolKind.Event,
  storage: SymbolKind.File,
  monitoring: SymbolKind.Object,
  external: SymbolKind.Module,
  gateway: SymbolKind.Namespace,
  search: SymbolKind.Array,
  function: SymbolKind.Method,
};

export function documentSymbols(view: DocumentView): DocumentSymbol[] {
  return symbolsOf(view, view.parse.ast.statements);
}

function symbolsOf(view: DocumentView, statements: readonly Statement[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const s of statements) {
    const label = 'label' in s && s.label !== undefined ? JSON.stringify(s.label) : undefined;
    switch (s.type) {
      case 'region':
        out.push({
          name: s.name,
          ...(label !== undefined ? { detail: label } : {}),
          kind: SymbolKind.Namespace,
          range: view.range(s.span),
          selectionRange: view.range(s.nameSpan),
          children: symbolsOf(view, s.body),
        });
        break;
      case 'component':
        out.push({
          name: s.name,
          detail: label !== undefined ? `${s.kind} ${label}` : s.kind,
          kind: Object.hasOwn(componentSymbolKinds, s.kind) ? componentSymbolKinds[s.kind as Kind] : SymbolKind.Object,
          range: view.range(s.span),
          selectionRange: view.range(s.nameSpan),
        });
        break;
      case 'settings':
        out.push({ name: s.block, kind: SymbolKind.Struct, range: view.range(s.span), selectionRange: view.range(s.keywordSpan) });
        break;
      default:
    }
  }
  return out;
}
