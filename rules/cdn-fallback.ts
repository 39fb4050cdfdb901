/**
 * cdn-fallback: a CDN without `fallback: origin` (the default is `none`). A CDN is a third-party
 * service that can go down; without a fallback, clients then get no static content at all.
 */
import { defineRule } from '../src/engine/rule.js';

type MessageId = 'noFallback';

export default defineRule<MessageId>({
  id: 'cdn-fallback',
  meta: {
    description: 'A CDN without `fallback: origin`: when the CDN has an outage, clients get no static content.',
    defaultSeverity: 'warning',
    messages: {
      noFallback:
        '`{{name}}` has {{fallback}}: a CDN is a third-party service that can go down, and when it does, clients get no images, scripts or styles at all. Set `fallback: origin` so that clients fetch assets from the origin while the CDN is unavailable.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
  },
  check(model, context) {
    for (const cdn of model.ofKind('cdn')) {
      if (cdn.attrs.fallback === 'origin') continue;
      const fallback = cdn.attributeSpans.has('fallback') ? '`fallback: none`' : 'no `fallback` (the default is `none`)';
      context.report({ messageId: 'noFallback', data: { name: cdn.name, fallback }, target: { component: cdn, attribute: 'fallback' } });
    }
  },
});
