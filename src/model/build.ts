/**
 * Meaning checks and model building: the syntax trees of a root file and its imports become one
 * `Model`, and every unknown kind, unknown attribute, bad value, duplicate name, dangling edge,
 * misplaced statement and share mismatch becomes an error diagnostic with a location. The steps
 * live in build/: declarations, attributes, edges, references (and shares) and defaults, sharing
 * one `BuildState`.
 */
import { Model, type Region } from './model.js';
import type { SettingsBlockName } from './schema.js';
import { addFile } from './build/declarations.js';
import { buildEdges } from './build/edges.js';
import { checkHosts, checkShares, checkZones, resolveRefs } from './build/references.js';
import { BuildState, type BuildResult, type SourceFile } from './build/state.js';

export { applyDefaults } from './build/defaults.js';
export type { BuildResult, SourceFile } from './build/state.js';
export type { AttributeSpec } from './schema.js';

/** Builds one model from a root file and its imports (root first). */
export function buildModel(sources: readonly SourceFile[]): BuildResult {
  const state = new BuildState();
  sources.forEach((source, i) => addFile(state, source, i === 0));
  // Edges and references are checked once every file is declared: they may name later components.
  const edges = buildEdges(state);
  resolveRefs(state);
  checkShares(state);
  checkZones(state);
  checkHosts(state);
  const regions: Region[] = [...state.regions.values()].map((r) => ({ ...r }));
  const settings = (block: SettingsBlockName) => state.settings.get(block);
  const model = new Model({
    ...(state.title !== undefined ? { title: state.title } : {}),
    files: state.files,
    components: state.components,
    edges,
    regions,
    ...(settings('workload') ? { workload: settings('workload') } : {}),
    ...(settings('budget') ? { budget: settings('budget') } : {}),
    ...(settings('latency') ? { latency: settings('latency') } : {}),
  });
  return { model, diagnostics: state.diagnostics };
}
