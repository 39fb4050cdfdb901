/**
 * What values an attribute takes, in words: one text for the attribute reference in
 * grammar/README.md (a Markdown table cell, where alternatives are separated by `\|`) and for the
 * language server's hover and completion (prose).
 */
import type { ValueSpec } from './attribute-spec.js';

const code = (s: string) => `\`${s}\``;

/** Large whole numbers as `1e9`, the rest as written. */
function bound(n: number): string {
  return n >= 1e6 && Number.isInteger(n) ? n.toExponential().replace('e+', 'e') : String(n);
}

export function valueText(v: ValueSpec, style: 'prose' | 'table' = 'prose'): string {
  switch (v.type) {
    case 'int':
      return `whole number, ${bound(v.min)}–${bound(v.max)}`;
    case 'count':
      return `count (${code('20k')}, ${code('1.5M')})${v.exclusiveMin ? `, > ${v.min}` : ''}`;
    case 'percent':
      return `percentage, ${v.exclusiveMin ? `> ${v.min}%` : `${v.min}%`}–${v.max}%`;
    case 'duration':
      return 'duration (`ns` `us` `ms` `s` `m` `h` `d`), > 0';
    case 'size':
      return 'size (`KB` `MB` `GB` `TB`)';
    case 'bool':
      return 'flag (`name`, `name: true`, `name: false`)';
    case 'enum':
      return style === 'table' ? v.values.map(code).join(' \\| ') : `one of ${v.values.map(code).join(', ')}`;
    case 'enum-or-ref':
      if (v.values.length === 0) return style === 'table' ? `name of a ${v.kinds.join(' or ')}` : `the name of a ${v.kinds.map(code).join(' or ')}`;
      return style === 'table'
        ? `${v.values.map(code).join(' \\| ')} \\| name of a ${v.kinds.join(' or ')}`
        : `${v.values.map(code).join(', ')} or the name of a ${v.kinds.map(code).join(' or ')}`;
    case 'word':
      return 'name or string';
    case 'string':
      return 'string';
    case 'range':
      return `range of whole numbers ${code('min..max')}, ${v.min} ≤ min ≤ max`;
    case 'list':
      return 'list of names or strings';
  }
}
