/** The attribute reference, generated from src/model/schema.ts into grammar/README.md. */
import {
  commonAttributes,
  edgeAttributes,
  kindAttributes,
  kindDescriptions,
  kinds,
  settingsAttributes,
  type AttributeSpec,
  type ValueSpec,
} from '../src/model/schema.js';

export const BEGIN = '<!-- BEGIN GENERATED: attributes (npm run generate; do not edit by hand) -->';
export const END = '<!-- END GENERATED: attributes -->';

function fmt(n: number): string {
  return n >= 1e6 && Number.isInteger(n) ? n.toExponential().replace('e+', 'e') : String(n);
}

function typeText(v: ValueSpec): string {
  switch (v.type) {
    case 'int':
      return `whole number, ${fmt(v.min)}–${fmt(v.max)}`;
    case 'count':
      return `count (\`20k\`, \`1.5M\`)${v.exclusiveMin ? `, > ${v.min}` : ''}`;
    case 'percent':
      return `percentage, ${v.exclusiveMin ? `> ${v.min}%` : `${v.min}%`}–${v.max}%`;
    case 'duration':
      return 'duration (`ns` `us` `ms` `s` `m` `h` `d`), > 0';
    case 'size':
      return 'size (`KB` `MB` `GB` `TB`)';
    case 'bool':
      return 'flag (`name`, `name: true`, `name: false`)';
    case 'enum':
      return v.values.map((x) => `\`${x}\``).join(' \\| ');
    case 'enum-or-ref':
      return `${v.values.map((x) => `\`${x}\``).join(' \\| ')} \\| name of a ${v.kinds.join(' or ')}`;
    case 'word':
      return 'name or string';
    case 'string':
      return 'string';
    case 'range':
      return `range of whole numbers \`min..max\`, ${v.min} ≤ min ≤ max`;
    case 'list':
      return 'list of names or strings';
  }
}

function table(specs: readonly AttributeSpec[]): string {
  const rows = specs.map((s) => `| \`${s.name}\` | ${typeText(s.value)} | ${s.defaultText ?? '—'} | ${s.description} | \`${s.example}\` |`);
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
