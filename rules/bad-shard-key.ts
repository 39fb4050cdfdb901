/**
 * bad-shard-key: sharding without a key; a monotonic key (sequential or time-based) with range
 * sharding, so every new write lands on the last shard; or a low-cardinality key, so data cannot
 * spread over the shards.
 */
import { defineRule } from '../src/engine/rule.js';
import type { Component } from '../src/model/model.js';

/** No key; a key that only grows (sequential, a timestamp, or by its name); a key with few values (by its cardinality, or by its name). */
type MessageId = 'noKey' | 'monotonicSequential' | 'monotonicTimestamp' | 'monotonicName' | 'lowCardinalityCount' | 'lowCardinalityName';

export interface Options {
  /** A key needs at least this many distinct values per shard. */
  cardinalityPerShard: number;
  /** Key names that suggest values that only grow (regular expressions, case-insensitive). */
  monotonicNames: string[];
  /** Key names that suggest few distinct values (regular expressions, case-insensitive). */
  lowCardinalityNames: string[];
}

const defaultOptions: Options = {
  cardinalityPerShard: 10,
  monotonicNames: [
    '^(created|updated|inserted|modified|deleted|posted|sent)(_?(at|on|time|date|ts))?$',
    '_(at|on)$',
    '(^|_)(timestamp|ts|date|datetime|time)$',
    '(^|_)seq(uence)?(_?(no|num|number|id))?$',
  ],
  lowCardinalityNames: [
    '^(country|country_code|status|state|type|kind|category|gender|sex|region|language|lang|locale|currency|tier|plan|role)$',
    '^(is|has)_',
    '_(type|status|kind|category|flag|tier)$',
  ],
};

function monotonicReason(db: Component, key: string, options: Options): MessageId | undefined {
  const pattern = db.attrs.key_pattern;
  if (pattern === 'sequential') return 'monotonicSequential';
  if (pattern === 'timestamp') return 'monotonicTimestamp';
  if (pattern === 'random' || pattern === 'uuid') return undefined;
  if (options.monotonicNames.some((p) => new RegExp(p, 'i').test(key))) return 'monotonicName';
  return undefined;
}

function lowCardinalityReason(db: Component, key: string, shards: number, options: Options): MessageId | undefined {
  const cardinality = db.attrs.key_cardinality;
  const needed = options.cardinalityPerShard * shards;
  if (cardinality !== undefined) return cardinality < needed ? 'lowCardinalityCount' : undefined;
  if (options.lowCardinalityNames.some((p) => new RegExp(p, 'i').test(key))) return 'lowCardinalityName';
  return undefined;
}

const monotonic = (why: string) =>
  `\`{{name}}\` range-shards on \`{{key}}\`, ${why}: every new row lands on the last shard, which takes all the writes while the others idle. Use \`sharding: hash\` (or \`consistent\`), or shard on a key that spreads evenly such as \`user_id\`.`;
const lowCardinality = (why: string) =>
  `\`{{name}}\` shards on \`{{key}}\`, ${why}: with {{shards}} shards a few hold most of the data and the rest sit empty, and the data cannot be split further as it grows. Shard on a high-cardinality key such as \`user_id\`.`;

export default defineRule<MessageId, Options>({
  id: 'bad-shard-key',
  meta: {
    serves: 'Chapter: shard on a key that spreads the load evenly.',
    description:
      'A sharded database with no shard key, a monotonic key under range sharding, or a low-cardinality key: load and data do not spread over the shards.',
    defaultSeverity: 'warning',
    messageSeverity: { noKey: 'error' },
    severityNote: 'error when shards > 1 have no shard_key',
    messages: {
      noKey:
        '`{{name}}` is split into {{shards}} shards but has no `shard_key`, so nothing decides which shard holds a row. Choose a key that most queries use and that spreads evenly, such as `user_id` with hash sharding.',
      monotonicSequential: monotonic('which is sequential'),
      monotonicTimestamp: monotonic('which is a timestamp'),
      monotonicName: monotonic('whose name suggests a value that only grows (a time or a sequence)'),
      lowCardinalityCount: lowCardinality('which has only {{cardinality}} distinct values (fewer than {{perShard}} per shard)'),
      lowCardinalityName: lowCardinality('whose name suggests only a handful of distinct values'),
    },
    schema: {
      type: 'object',
      properties: {
        cardinalityPerShard: { type: 'number', minimum: 1 },
        monotonicNames: { type: 'array', items: { type: 'string', format: 'regex' } },
        lowCardinalityNames: { type: 'array', items: { type: 'string', format: 'regex' } },
      },
      additionalProperties: false,
    },
    defaultOptions,
  },
  check(model, context) {
    for (const db of model.ofKind('database')) {
      const shards = db.attrs.shards ?? 1;
      if (shards <= 1) continue;
      const key = db.attrs.shard_key;
      if (key === undefined) {
        context.report({ messageId: 'noKey', data: { name: db.name, shards }, target: { component: db, attribute: 'shards' } });
        continue;
      }
      const target = { component: db, attribute: 'shard_key' };
      if (db.attrs.sharding === 'range') {
        const why = monotonicReason(db, key, context.options);
        if (why) context.report({ messageId: why, data: { name: db.name, key }, target });
      }
      const why = lowCardinalityReason(db, key, shards, context.options);
      if (why)
        context.report({
          messageId: why,
          data: { name: db.name, key, shards, cardinality: db.attrs.key_cardinality ?? 0, perShard: context.options.cardinalityPerShard },
          target,
        });
    }
  },
});
