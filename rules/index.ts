/** Every rule, by id. A test checks this list against the files in rules/. */
import type { Rule } from '../src/engine/rule.js';
import badShardKey from './bad-shard-key.js';
import missingCdn from './missing-cdn.js';
import spof from './spof.js';
import statefulWebTier from './stateful-web-tier.js';
import unusedSuppression from './unused-suppression.js';

export const allRules: readonly Rule[] = [spof, statefulWebTier, missingCdn, badShardKey, unusedSuppression] as readonly Rule[];
