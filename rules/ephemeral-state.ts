/**
 * ephemeral-state: a database, or a queue said to be `durable`, whose data does not survive a
 * restart (`persistence: none`: memory, or a container's own file system). A restart, a
 * redeployment or a rescheduled container then starts it empty. Replicas do not help: a rolling
 * restart of all of them, or a zone outage, still loses the data.
 */
import { defineRule } from '../src/engine/rule.js';

type MessageId = 'ephemeralDatabase' | 'ephemeralDurableQueue';

export default defineRule<MessageId>({
  id: 'ephemeral-state',
  meta: {
    serves: 'Review: state that survives a restart (a container’s file system does not).',
    description: 'A database or a durable queue with `persistence: none`: a restart or a redeployment starts it empty.',
    defaultSeverity: 'error',
    messages: {
      ephemeralDatabase:
        "`{{name}}` is a database with `persistence: none`: its data lives in memory or in a container's own file system, so a restart, a redeployment or a rescheduled container starts it empty, and replicas restarted together lose it too. Give it storage that outlives the machine (`persistence: volume`) or the machine's disk (`persistence: disk`), or use a managed database.",
      ephemeralDurableQueue:
        '`{{name}}` is said to be `durable`, but `persistence: none` keeps its messages where a restart loses them: the durability is only on paper. Give the broker storage that outlives it (`persistence: volume` or `disk`).',
    },
  },
  check(model, context) {
    for (const c of model.components()) {
      if (c.kind !== 'database' && c.kind !== 'queue') continue;
      if (c.attrs.persistence !== 'none') continue;
      if (c.kind === 'queue' && !c.attrs.durable) continue;
      context.report({
        messageId: c.kind === 'database' ? 'ephemeralDatabase' : 'ephemeralDurableQueue',
        data: { name: c.name },
        target: { component: c, attribute: 'persistence' },
      });
    }
  },
});
