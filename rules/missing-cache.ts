/**
 * missing-cache: a read-heavy workload whose reads reach a database with nothing in front of it.
 * A request edge into a database that carries reads is cached when its source also calls a cache
 * that is not its own session store (look-aside), or when the source is itself a cache
 * (read-through). Clients are not reported: a client that reads a database is public-data-tier's
 * finding. One pass over the edges, with each source's out-edges looked at once.
 */
import { defineRule, format } from '../src/engine/rule.js';
import { isRequestEdge, type Component, type Edge } from '../src/model/model.js';

/** Reads with no cache in front, or whose only cache is the caller's session store. */
type MessageId = 'uncachedReads' | 'uncachedReadsBesideSessions';

const uncached = (note: string) =>
  `\`{{from}}\` reads from \`{{db}}\` with no cache in front of it${note}, while {{ratio}} of dynamic requests only read: every read is a database query, and the database becomes the bottleneck as traffic grows. Add a \`cache\` that \`{{from}}\` checks before the database (\`{{from}} -> <cache> { reads }\`).`;

export interface Options {
  /** Workloads whose `read_ratio` is at least this fraction (0..1) are read-heavy. */
  readRatio: number;
}

/** An edge carries reads when it says `reads`, or when it says nothing at all (ordinary requests). */
function carriesReads(edge: Edge): boolean {
  if (edge.reads) return true;
  return !edge.attributeSpans.has('reads') && !edge.writes && !edge.static && !edge.async;
}

export default defineRule<MessageId, Options>({
  id: 'missing-cache',
  meta: {
    serves: 'Chapter: cache what is read often.',
    description: 'A read-heavy workload whose reads go straight to a database with no cache in front of it.',
    defaultSeverity: 'warning',
    messages: {
      uncachedReads: uncached(''),
      uncachedReadsBesideSessions: uncached(' (`{{sessions}}` holds its sessions, not query results)'),
    },
    schema: {
      type: 'object',
      properties: { readRatio: { type: 'number', minimum: 0, maximum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { readRatio: 0.7 },
  },
  check(model, context) {
    const ratio = model.workload?.values.read_ratio;
    if (ratio === undefined || ratio < context.options.readRatio) return;

    /** Per source: whether it calls a cache other than its session store, and that store if it calls only that. */
    const sources = new Map<string, { cached: boolean; sessionStore?: string }>();
    const lookAside = (source: Component) => {
      let found = sources.get(source.name);
      if (found) return found;
      found = { cached: false };
      for (const edge of model.outEdges(source.name)) {
        if (!isRequestEdge(edge) || model.component(edge.to)!.kind !== 'cache') continue;
        // The session store is a query cache too when the edge to it says `reads` (one Redis for
        // both is the usual set-up); a plain edge to it only draws the session link.
        if (edge.to === source.attrs.sessions && !edge.reads) {
          found.sessionStore = edge.to;
        } else {
          found.cached = true;
          break;
        }
      }
      sources.set(source.name, found);
      return found;
    };

    const reported = new Set<string>();
    for (const edge of model.edges()) {
      if (!isRequestEdge(edge) || !carriesReads(edge)) continue;
      const db = model.component(edge.to)!;
      if (db.kind !== 'database') continue;
      const source = model.component(edge.from)!;
      if (source.kind === 'cache') continue; // read-through: the cache loads from the database
      // A client reading a database (an analyst's BI tool) is not a tier to put a cache in front
      // of: what is wrong there is that it reaches the data tier at all (public-data-tier).
      if (source.kind === 'client') continue;
      const found = lookAside(source);
      if (found.cached) continue;
      const pair = `${edge.from}\u0000${edge.to}`;
      if (reported.has(pair)) continue;
      reported.add(pair);
      const data = { from: source.name, db: db.name, ratio: format.percent(ratio) };
      context.report({
        ...(found.sessionStore !== undefined
          ? { messageId: 'uncachedReadsBesideSessions', data: { ...data, sessions: found.sessionStore } }
          : { messageId: 'uncachedReads', data }),
        target: { edge },
      });
    }
  },
});
