/** The attribute reference, generated from src/model/schema.ts into grammar/README.md. */
import { commonAttributes, edgeAttributes, kindAttributes, kindDescriptions, kinds, settingsAttributes, type AttributeSpec } from '../src/model/schema.js';
import { valueText } from '../src/model/value-text.js';

export const BEGIN = '<!-- BEGIN GENERATED: attributes (npm run generate; do not edit by hand) -->';
export const END = '<!-- END GENERATED: attributes -->';

function table(specs: readonly AttributeSpec[]): string {
  const rows = specs.map((s) => `| \`${s.name}\` | ${valueText(s.value, 'table')} | ${s.defaultText ?? '—'} | ${s.description} | \`${s.example}\` |`);
  return ['| attribute | value | default | meaning | example |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export function attributeReference(): string {
  const parts = [BEGIN, '', '### Attributes every kind takes', '', table(commonAttributes), ''];
  for (const kind of kinds) {
    parts.push(`### \`${kind}\``, '', kindDescriptions[kind], '');
    parts.push(kindAttributes[kind].length > 0 ? table(kindAttributes[kind]) : 'No attributes of its own.', '');
  }
  parts.push('### Edge attributes', '', table(edgeAttributes), '');
  for (const [block, specs] of Object.entries(settingsAttributes)) {
    parts.push(`### \`${block} { }\``, '', table(specs), '');
  }
  parts.push(END);
  return parts.join('\n');
}

/** Replaces the generated block of a document (or appends it when the markers are missing). */
export function splice(document: string, generated: string, begin = BEGIN, end = END): string {
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (from === -1 || to === -1) return `${document.trimEnd()}\n\n${generated}\n`;
  return document.slice(0, from) + generated + document.slice(to + end.length);
}
