/**
 * unused-suppression: a suppression comment that silences nothing, or names a rule that does not
 * exist or cannot be suppressed. The engine finds these once every other rule has run
 * (src/engine/suppressions.ts) and reports them with this rule's messages and severity, so it is
 * configured like any other rule.
 */
import { defineRule, type UnusedMessageId } from '../src/engine/rule.js';

export default defineRule<UnusedMessageId>({
  id: 'unused-suppression',
  meta: {
    serves: 'Review: suppressions that still silence something.',
    description: 'A suppression comment that suppresses nothing: stale suppressions hide future problems.',
    defaultSeverity: 'warning',
    messages: {
      silencesNothingInFile: 'this suppression silences nothing: no finding in this file',
      silencesNothingOnLine: 'this suppression silences nothing: no finding on line {{line}}',
      compilerCheck: '`{{id}}` is a compiler check and cannot be suppressed: fix the file instead',
      suppressesItself: '`unused-suppression` cannot be suppressed: remove the stale suppression instead',
      unknownRule: 'unknown rule `{{id}}` in a suppression',
      unknownRuleNear: 'unknown rule `{{id}}` in a suppression; did you mean `{{near}}`?',
      unusedInFile: '`{{id}}` is suppressed but reports nothing in this file; remove it from the comment',
      unusedOnLine: '`{{id}}` is suppressed but reports nothing on line {{line}}; remove it from the comment',
    },
  },
  check() {
    // Reported by the engine once suppressions are applied.
  },
});
