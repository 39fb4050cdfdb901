/**
 * hotspot-key: a sharded database whose keys are known to be skewed (`skew: high`) with no way of
 * spreading the hot ones (`hot_key_strategy` missing or `none`). This is the celebrity problem: the
 * shard that holds a very popular key takes far more queries than the others.
 */
import { defineRule } from '../src/engine/rule.js';

/** Skewed keys with no hot-key strategy given, or with `hot_key_strategy: none`. */
type MessageId = 'hotKeys' | 'hotKeysStrategyNone';

const hotKeys = (strategy: string) =>
  `\`{{name}}\` spreads its data over {{shards}} shards, but its keys are skewed (\`skew: high\`) and it has ${strategy}: the shard that holds a very popular key (a celebrity) takes far more queries than the others and overloads while they idle. Give hot keys shards of their own (\`hot_key_strategy: dedicated-shards\`) or split them further (\`hot_key_strategy: salting\`).`;

export default defineRule<MessageId>({
  id: 'hotspot-key',
  meta: {
    description: 'A sharded database with high key skew and no hot-key strategy: the shards that hold the most popular keys overload (the celebrity problem).',
    defaultSeverity: 'warning',
    messages: {
      hotKeys: hotKeys('no `hot_key_strategy`'),
      hotKeysStrategyNone: hotKeys('`hot_key_strategy: none`'),
    },
  },
  check(model, context) {
    for (const db of model.ofKind('database')) {
      const shards = db.attrs.shards ?? 1;
      if (shards <= 1 || db.attrs.skew !== 'high') continue;
      const strategy = db.attrs.hot_key_strategy;
      if (strategy !== undefined && strategy !== 'none') continue;
      context.report({
        messageId: strategy === 'none' ? 'hotKeysStrategyNone' : 'hotKeys',
        data: { name: db.name, shards },
        target: { component: db, attribute: 'skew' },
      });
    }
  },
});
