/**
 * cdn-fallback: a CDN without `fallback: origin` (the default is `none`). A CDN is a third-party
 * service that can go down; without a fallback, clients then get no static content at all.
 */
import { defineRule } from '../src/engine/rule.js';

/** No `fallback` written (the default is `none`), or `fallback: none` written. */
type MessageId = 'noFallback' | 'fallbackNone';

const noFallback = (fallback: string) =>
  `\`{{name}}\` has ${fallback}: a CDN is a third-party service that can go down, and when it does, clients get no images, scripts or styles at all. Set \`fallback: origin\` so that clients fetch assets from the origin while the CDN is unavailable.`;

export default defineRule<MessageId>({
  id: 'cdn-fallback',
  meta: {
    serves: 'Chapter: a CDN with a fallback to the origin.',
    description: 'A CDN without `fallback: origin`: when the CDN has an outage, clients get no static content.',
    defaultSeverity: 'warning',
    messages: {
      noFallback: noFallback('no `fallback` (the default is `none`)'),
      fallbackNone: noFallback('`fallback: none`'),
    },
  },
  check(model, context) {
    for (const cdn of model.ofKind('cdn')) {
      if (cdn.attrs.fallback === 'origin') continue;
      const messageId = cdn.attributeSpans.has('fallback') ? 'fallbackNone' : 'noFallback';
      context.report({ messageId, data: { name: cdn.name }, target: { component: cdn, attribute: 'fallback' } });
    }
  },
});
