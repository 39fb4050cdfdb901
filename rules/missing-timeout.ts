/**
 * missing-timeout: a synchronous call that a request flow makes to a service run by someone else
 * (an `external`: a payment provider, e-mail, an identity provider), or to a kind the options
 * name, with no `timeout` on the edge. When the provider slows down or hangs, the caller's workers
 * wait on it until none is left, and the caller stops serving everyone, not only the requests that
 * needed the provider. One pass over the edges, after one search of what clients reach
 * synchronously.
 */
import { defineRule, format } from '../src/engine/rule.js';
import { isRequestEdge } from '../src/model/model.js';

type MessageId = 'noTimeout' | 'noTimeoutExternal';

export interface Options {
  /** Kinds whose synchronous calls need a timeout, besides `external`. */
  kinds: string[];
}

const WHAT_THEN =
  'and decide what the caller does when it expires: `optional` when the response can do without the answer, `retries` with `backoff` when a second try is likely to work, or a queue when the work can wait';

export default defineRule<MessageId, Options>({
  id: 'missing-timeout',
  meta: {
    serves: 'Review: calls to services you do not run fail or hang on their own schedule; the caller must bound its wait.',
    description:
      'A request flow calls a service run by someone else synchronously with no `timeout`: when it hangs, the caller’s workers wait on it until none is left.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      noTimeoutExternal: `\`{{from}}\` calls \`{{to}}\`, a service run by someone else ({{availability}} promised), synchronously and with no \`timeout\`: when it slows down or hangs, each of these requests holds a worker of \`{{from}}\` until none is left, and \`{{from}}\` stops serving every request, not only those that need \`{{to}}\`. Give the call a timeout well inside the flow's budget (\`timeout: 2s\`), ${WHAT_THEN}.`,
      noTimeout: `\`{{from}}\` calls \`{{to}}\` (a {{kind}}) synchronously and with no \`timeout\`: when it slows down or hangs, each of these requests holds a worker of \`{{from}}\` until none is left. Give the call a timeout well inside the flow's budget (\`timeout: 2s\`), ${WHAT_THEN}.`,
    },
    schema: {
      type: 'object',
      properties: { kinds: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
      additionalProperties: false,
    },
    defaultOptions: { kinds: [] },
  },
  check(model, context) {
    const kinds = new Set(['external', ...context.options.kinds]);
    const reached = context.reached('synchronous');
    for (const edge of model.edges()) {
      if (!isRequestEdge(edge) || edge.async || edge.timeout !== undefined) continue;
      const from = model.component(edge.from)!;
      const to = model.component(edge.to)!;
      if (!kinds.has(to.kind) || !reached[from.index] || from.kind === 'client' || from.kind === 'queue') continue;
      const data = { from: from.name, to: to.name, kind: to.kind };
      if (to.kind === 'external') {
        const availability = format.percent(context.componentAvailability(to), 4);
        context.report({ messageId: 'noTimeoutExternal', data: { ...data, availability }, target: { edge } });
      } else {
        context.report({ messageId: 'noTimeout', data, target: { edge } });
      }
    }
  },
});
