/**
 * sync-long-task: a request flow that calls a worker, or anything slow (`duration` or `latency` at
 * or above the option), synchronously instead of through a queue. The synchronous part of the
 * flows is what clients reach along request edges that are not `async`: one breadth-first search
 * from every client, then one pass over the edges.
 */
import { defineRule, format } from '../src/engine/rule.js';
import { isRequestEdge, type Edge } from '../src/model/model.js';

/** The slow thing called: a worker with a job time, a worker, or another component that takes long per request. */
type MessageId = 'syncCallToWorker' | 'syncCallToBackgroundWorker' | 'syncCallToSlow';

const syncCall = (what: string) =>
  `\`{{from}}\` calls \`{{to}}\`, ${what}, synchronously: the user's request waits until the work is done, and a burst of slow work ties up every caller on the way. Hand the work to a queue instead: \`{{from}} -> jobs { async }\` and \`jobs -> {{to}}\`.`;

export interface Options {
  /** Work that takes at least this long (milliseconds) belongs behind a queue. */
  duration: number;
}

const synchronous = (edge: Edge): boolean => isRequestEdge(edge) && !edge.async;

export default defineRule<MessageId, Options>({
  id: 'sync-long-task',
  meta: {
    serves: 'Chapter: slow work behind a message queue.',
    description: 'A request flow calls a worker or another slow component synchronously instead of handing the work to a queue.',
    defaultSeverity: 'warning',
    messages: {
      syncCallToWorker: syncCall('a worker whose jobs take {{time}}'),
      syncCallToBackgroundWorker: syncCall('a background worker'),
      syncCallToSlow: syncCall('a {{kind}} that takes {{time}} per request'),
    },
    schema: {
      type: 'object',
      properties: { duration: { type: 'number', exclusiveMinimum: 0 } },
      additionalProperties: false,
    },
    defaultOptions: { duration: 1000 },
  },
  check(model, context) {
    const limit = context.options.duration;

    // What clients reach without crossing an async edge (a service also waits on its session store).
    const reached = context.reached('synchronous');

    for (const edge of model.edges()) {
      if (!synchronous(edge)) continue;
      const from = model.component(edge.from)!;
      if (!reached[from.index] || from.kind === 'queue') continue;
      const to = model.component(edge.to)!;
      const slow = [to.attrs.duration, to.attrs.latency].find((t) => t !== undefined && t >= limit);
      const data = { from: from.name, to: to.name, kind: to.kind };
      if (to.kind === 'worker') {
        const time = to.attrs.duration ?? to.attrs.latency;
        if (time !== undefined) context.report({ messageId: 'syncCallToWorker', data: { ...data, time: format.durationLiteral(time) }, target: { edge } });
        else context.report({ messageId: 'syncCallToBackgroundWorker', data, target: { edge } });
      } else if (slow !== undefined) {
        context.report({ messageId: 'syncCallToSlow', data: { ...data, time: format.durationLiteral(slow) }, target: { edge } });
      }
    }
  },
});
