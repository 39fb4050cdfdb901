/**
 * Edge statements, checked once every file is declared: `a -> b -> c { … }` is one edge per hop,
 * all with the statement's attributes. Each end must name a component (not a region, not an
 * undeclared name); a hop may not join a component to itself, and a replication edge joins two
 * data stores. A statement with a wrong attribute or end adds no edges; a wrong hop is reported and
 * ends the edges the statement adds (the hops before it stay).
 */
import { Suggester } from '../../../grammar/suggest.js';
import { compilerRuleIds } from '../../diagnostics.js';
import { storeKinds } from '../kinds.js';
import type { Edge } from '../model.js';
import { edgeAttributesByName } from '../schema.js';
import { checkAttributes } from './attributes.js';
import type { BuildState } from './state.js';

export function buildEdges(state: BuildState): Edge[] {
  const edges: Edge[] = [];
  let componentNames: Suggester | undefined;
  for (const { statement, file } of state.edgeStatements) {
    const checked = checkAttributes(state, statement.attributes, edgeAttributesByName, { text: 'an edge' }, file);
    const { values, spans: attributeSpans } = checked;
    let valid = checked.valid;
    for (const end of statement.ends) {
      const declared = state.names.get(end.name);
      if (declared?.what === 'component') continue;
      valid = false;
      if (declared?.what === 'region') {
        state.error(compilerRuleIds.reference, `\`${end.name}\` is a region; edges join components`, file, end.span);
        continue;
      }
      // Indexed once, on the first undeclared end, so that many of them stay near-linear.
      componentNames ??= new Suggester([...state.names.entries()].filter(([, d]) => d.what === 'component').map(([n]) => n));
      const near = componentNames.closest(end.name);
      state.error(compilerRuleIds.reference, `\`${end.name}\` is not declared${near ? `; did you mean \`${near}\`?` : ''}`, file, end.span);
    }
    for (let i = 0; i + 1 < statement.ends.length; i++) {
      const from = statement.ends[i]!;
      const to = statement.ends[i + 1]!;
      const source = state.byName.get(from.name);
      const target = state.byName.get(to.name);
      if (!source || !target) continue;
      if (from.name === to.name) {
        state.error(compilerRuleIds.reference, `an edge from \`${from.name}\` to itself`, file, { start: from.span.start, end: to.span.end });
        valid = false;
        continue;
      }
      const replication = values.get('replication') as Edge['replication'];
      if (replication && !(storeKinds.has(source.kind) && storeKinds.has(target.kind))) {
        state.error(
          compilerRuleIds.value,
          `a replication edge joins two stores (database, cache, storage); \`${from.name}\` is a ${source.kind} and \`${to.name}\` a ${target.kind}`,
          file,
          attributeSpans.get('replication')!,
        );
        valid = false;
        continue;
      }
      if (!valid) continue;
      const optional = (key: string) => (values.has(key) ? { [key]: values.get(key) } : {});
      edges.push({
        id: edges.length,
        from: from.name,
        to: to.name,
        reads: values.get('reads') === true,
        writes: values.get('writes') === true,
        static: values.get('static') === true,
        async: values.get('async') === true,
        telemetry: values.get('telemetry') === true || target.kind === 'monitoring',
        ...optional('replication'),
        ...optional('rps'),
        ...optional('latency'),
        ...optional('share'),
        ...optional('fanout'),
        ...optional('timeout'),
        ...optional('retries'),
        ...optional('backoff'),
        ...(values.get('circuit_breaker') === true ? { circuitBreaker: true } : {}),
        ...(values.get('optional') === true ? { optional: true } : {}),
        ...optional('label'),
        file,
        span: { start: from.span.start, end: to.span.end },
        attributeSpans,
      });
    }
  }
  return edges;
}
