/**
 * hotspot-key: a sharded database whose keys are known to be skewed (`skew: high`) with no way of
 * coping with the hot ones (`hot_key_strategy` missing or `none`). This is the celebrity problem: the
 * shard that holds a very popular key takes far more queries than the others.
 *
 * A read cache in front of the database (look-aside or read-through, hit ratio at least
 * `cacheHitRatio`) on a read-mostly workload (`read_ratio` at least `readRatio`) serves the reads
 * of hot keys from memory: what is left is that writes to a hot key still land on one shard, said
 * at info level. The database's in-edges and their sources' out-edges are read once per database.
 */
import { defineRule, format, hitRatioOf } from '../src/engine/rule.js';
import { isRequestEdge, type Component, type Model } from '../src/model/model.js';

/** Skewed keys with no hot-key strategy given, or with `hot_key_strategy: none`; or only their writes, when a cache serves the reads. */
type MessageId = 'hotKeys' | 'hotKeysStrategyNone' | 'hotWritesOnly';

export interface Options {
  /** A workload whose `read_ratio` is at least this (0..1) is read-mostly. */
  readRatio: number;
  /** A cache answering at least this share (0..1) of reads takes the reads of hot keys. */
  cacheHitRatio: number;
}

const hotKeys = (strategy: string) =>
  `\`{{name}}\` spreads its data over {{shards}} shards, but its keys are skewed (\`skew: high\`) and it has ${strategy}: the shard that holds a very popular key (a celebrity) takes far more queries than the others and overloads while they idle. Give hot keys shards of their own (\`hot_key_strategy: dedicated-shards\`), split them further (\`hot_key_strategy: salting\`), or serve them from a cache (\`hot_key_strategy: cache\`).`;

/** The cache that reads of `db` go through (read-through, or look-aside by a reader), with the highest hit ratio. */
function readCache(model: Model, db: Component): { cache: Component; hit: number } | undefined {
  let best: { cache: Component; hit: number } | undefined;
  const consider = (cache: Component) => {
    const hit = hitRatioOf(model, cache);
    if (!best || hit > best.hit) best = { cache, hit };
  };
  for (const edge of model.inEdges(db.name)) {
    if (!isRequestEdge(edge) || (edge.writes && !edge.reads)) continue;
    const source = model.component(edge.from)!;
    if (source.kind === 'cache') {
      consider(source);
      continue;
    }
    for (const out of model.outEdges(source.name)) {
      const to = model.component(out.to)!;
      if (!isRequestEdge(out) || to.kind !== 'cache' || (out.writes && !out.reads)) continue;
      // A session store is a query cache only when read along `reads`.
      if (to.name === source.attrs.sessions && !out.reads) continue;
      consider(to);
    }
  }
  return best;
}

export default defineRule<MessageId, Options>({
  id: 'hotspot-key',
  meta: {
    serves: 'Chapter: a plan for celebrity hot keys.',
    description: 'A sharded database with high key skew and no hot-key strategy: the shards that hold the most popular keys overload (the celebrity problem).',
    defaultSeverity: 'warning',
    messages: {
      hotKeys: hotKeys('no `hot_key_strategy`'),
      hotKeysStrategyNone: hotKeys('`hot_key_strategy: none`'),
      hotWritesOnly:
        "`{{name}}` has skewed keys over {{shards}} shards, and the reads of its hot keys are served by `{{cache}}` ({{hit}} of reads) on a read-mostly workload ({{ratio}} reads): only writes to a hot key still land on one shard. If a celebrity's writes can be heavy, give hot keys shards of their own or split them (`hot_key_strategy: dedicated-shards` or `salting`); otherwise say `hot_key_strategy: cache`.",
    },
    messageSeverity: { hotWritesOnly: 'info' },
    severityNote: 'info when a read cache serves a read-mostly workload',
    schema: {
      type: 'object',
      properties: { readRatio: { type: 'number', minimum: 0, maximum: 1 }, cacheHitRatio: { type: 'number', minimum: 0, maximum: 1 } },
      additionalProperties: false,
    },
    defaultOptions: { readRatio: 0.8, cacheHitRatio: 0.8 },
  },
  check(model, context) {
    const readRatio = model.workload?.values.read_ratio;
    for (const db of model.ofKind('database')) {
      const shards = db.attrs.shards ?? 1;
      if (shards <= 1 || db.attrs.skew !== 'high') continue;
      const strategy = db.attrs.hot_key_strategy;
      if (strategy !== undefined && strategy !== 'none') continue;
      const target = { component: db, attribute: 'skew' };
      const cached = readRatio !== undefined && readRatio >= context.options.readRatio ? readCache(model, db) : undefined;
      if (strategy === undefined && cached && cached.hit >= context.options.cacheHitRatio) {
        context.report({
          messageId: 'hotWritesOnly',
          data: { name: db.name, shards, cache: cached.cache.name, hit: format.percent(cached.hit), ratio: format.percent(readRatio!) },
          target,
        });
        continue;
      }
      context.report({ messageId: strategy === 'none' ? 'hotKeysStrategyNone' : 'hotKeys', data: { name: db.name, shards }, target });
    }
  },
});
