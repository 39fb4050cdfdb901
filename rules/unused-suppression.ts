/**
 * unused-suppression: a suppression comment that silences nothing, or names a rule that does not
 * exist. The engine finds these after every other rule has run (src/engine/suppressions.ts); this
 * file holds the rule's metadata so it can be configured like any other.
 */
import { defineRule } from '../src/engine/rule.js';

export default defineRule<'unused'>({
  id: 'unused-suppression',
  meta: {
    description: 'A suppression comment that suppresses nothing: stale suppressions hide future problems.',
    defaultSeverity: 'warning',
    messages: { unused: '{{detail}}' },
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
  },
  check() {
    // Reported by the engine once suppressions are applied.
  },
});
