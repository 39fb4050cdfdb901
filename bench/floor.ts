/**
 * The floor as a whole process: read the JSON equivalent of a model, JSON.parse it, build the same
 * @dagrejs/graphlib multigraph archlint builds, and print a one-line JSON summary. bench/run.ts
 * spawns it to compare archlint's wall time with the least any Node tool could do.
 *
 *   node dist/bench/floor.js bench/out/model-10000.json
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Graph } from '@dagrejs/graphlib';

export interface JsonModel {
  components: { kind: string; name: string; label?: string; region?: string; attributes: Record<string, unknown> }[];
  edges: { from: string; to: string; flags: string[]; attributes?: Record<string, unknown> }[];
}

/** JSON.parse plus the graph: nodes labelled with the component objects, edges with theirs. */
export function floor(text: string): Graph {
  const model = JSON.parse(text) as JsonModel;
  const graph = new Graph({ directed: true, multigraph: true });
  for (const c of model.components) graph.setNode(`:${c.name}`, c);
  model.edges.forEach((e, i) => graph.setEdge(`:${e.from}`, `:${e.to}`, e, String(i)));
  return graph;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist/bench/floor.js <model.json>\n');
    process.exit(2);
  }
  const graph = floor(readFileSync(file, 'utf8'));
  process.stdout.write(`${JSON.stringify({ nodes: graph.nodeCount(), edges: graph.edgeCount() })}\n`);
}
