/**
 * Go to definition and find references for component and region names, across the files of the
 * model (the document, its imports, and the model that imports it when one is open): a name in an
 * edge or in `sessions:` leads to its declaration; references are every edge end and attribute
 * that names it.
 */
import type { Location } from 'vscode-languageserver/node';
import { occurrenceAt, type ModelIndex, type Place } from './names.js';
import type { DocumentView } from './view.js';

/** The name under the cursor, if it is a component or region name. */
function nameAt(view: DocumentView, offset: number): string | undefined {
  const o = occurrenceAt(view.index, offset);
  return o && (o.type === 'declaration' || o.type === 'reference') ? o.name : undefined;
}

export function definition(view: DocumentView, offset: number): Location[] {
  const name = nameAt(view, offset);
  if (name === undefined) return [];
  return locations(view, view.model.declarations.get(name) ?? []);
}

export function references(view: DocumentView, offset: number, includeDeclaration: boolean): Location[] {
  const name = nameAt(view, offset);
  if (name === undefined) return [];
  const model = view.model;
  const places = [...(includeDeclaration ? (model.declarations.get(name) ?? []) : []), ...(model.references.get(name) ?? [])];
  return locations(view, sortByModelOrder(model, places));
}

function sortByModelOrder(model: ModelIndex, places: Place[]): Place[] {
  const order = new Map(model.files.map((f, i) => [f.file, i]));
  return places.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.span.start.offset - b.span.start.offset);
}

function locations(view: DocumentView, places: readonly Place[]): Location[] {
  return places.map((p) => ({ uri: view.workspace.uriOf(p.file), range: view.rangeIn(p.file, p.span) }));
}
