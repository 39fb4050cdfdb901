/**
 * An imported deployment as .arch text, for `archlint import`: the same statements the model is
 * built from, in the same order, each component with a comment saying where it came from, then
 * the edges; what could not be mapped listed in a comment at the top. The caller formats the text
 * (grammar/format.ts), so that it is in the canonical layout.
 */
import path from 'node:path';
import type { Attribute, ComponentStatement, EdgeStatement, RegionStatement, Value } from '../../grammar/ast.js';
import type { Origin } from './emit.js';
import { unknowableFindings, type ImportResult } from './index.js';
import { pushAll } from '../arrays.js';

/** A string literal of the language: `"` and `\` escaped, line breaks as `\n`. */
const quote = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, '\\n')}"`;

function valueText(value: Value): string {
  switch (value.type) {
    case 'string':
      return quote(value.value);
    case 'number':
      return value.raw;
    case 'range':
      return `${value.low.raw}..${value.high.raw}`;
    case 'word':
      return value.value;
    case 'list':
      return `[${value.items.map(valueText).join(', ')}]`;
    case 'flag':
      return '';
  }
}

const attributeText = (a: Attribute): string => (a.value.type === 'flag' ? a.name : `${a.name}: ${valueText(a.value)}`);

function block(attributes: readonly Attribute[] | undefined): string {
  return attributes && attributes.length > 0 ? ` { ${attributes.map(attributeText).join(', ')} }` : '';
}

/** One line comment (no line breaks can end it early). */
const comment = (text: string): string => `# ${text.replace(/[\r\n]+/g, ' ')}`;

/**
 * The .arch text of an import. `relativeTo`: the directory of the file written, so that origins
 * name the deployment files as seen from there.
 */
export function printImported(
  result: ImportResult,
  options: {
    cwd: string;
    relativeTo: string;
    command?: string;
    /** `rule\0component` of the findings a deployment cannot show that the written model would have, to suppress with their reason. */
    suppress?: ReadonlySet<string>;
  },
): string {
  const shown = (file: string) => path.relative(options.relativeTo, path.resolve(options.cwd, file)).split(path.sep).join('/') || file;
  const origin = (o: Origin | undefined): string[] => (o ? [comment(`${o.what}, ${shown(o.file)}:${o.line}`)] : []);
  const lines: string[] = [];
  const files = result.sources.map((s) => shown(s.file));
  lines.push(comment(`Imported by archlint from ${files.join(', ')}${options.command ? ` (${options.command})` : ''}.`));
  lines.push(comment('A starting point: edit it as the design, and compare it with the deployment with `archlint drift`.'));
  const notes = result.notes;
  if (notes.length > 0) {
    lines.push(comment(`Not mapped (${notes.length}):`));
    for (const n of notes) lines.push(comment(`  ${shown(n.file)}:${n.span.start.line}: ${n.message} (${n.ruleId})`));
  }
  const title = result.sources.flatMap((s) => s.ast.statements).find((s) => s.type === 'title');
  if (title?.type === 'title') lines.push('', `architecture ${quote(title.title)}`);

  // Statements in the order the model was built from (components and regions as the files
  // declared them, file by file), so that the written model is the same model; the edges, in
  // their own order, after every component.
  const edges: EdgeStatement[] = [];
  const componentLines = (c: ComponentStatement, indent: string): string[] => {
    const head = `${indent}${c.kind} ${c.name}${c.label !== undefined ? ` ${quote(c.label)}` : ''}`;
    const attributes = c.attributes?.attributes ?? [];
    // A finding the deployment cannot show (unknowableFindings) that the check of the written
    // model would make: suppressed with its reason on the declaration's line only, so that a
    // finding about an attribute, on the lines below, still shows.
    const suppressed = [...unknowableFindings]
      .map(([key, { reason }]) => [key.split('/')[0]!, reason] as const)
      .find(([rule]) => options.suppress?.has(`${rule}\0${c.name}`));
    const suppression = suppressed ? `${suppressed[0]} -- ${suppressed[1]}` : undefined;
    if (suppression) {
      return [
        ...origin(result.origins.get(c)).map((l) => indent + l),
        `${indent}# archlint-disable-next-line ${suppression}`,
        ...(attributes.length > 0 ? [`${head} {`, `${indent}  ${attributes.map(attributeText).join(', ')}`, `${indent}}`] : [head]),
      ];
    }
    return [...origin(result.origins.get(c)).map((l) => indent + l), `${head}${block(attributes)}`];
  };
  const regionLines = (r: RegionStatement): string[] => {
    const out = [`region ${r.name}${r.label !== undefined ? ` ${quote(r.label)}` : ''} {`];
    r.body.forEach((s, i) => {
      if (s.type === 'property') out.push(`  ${attributeText(s.attribute)}`);
      else if (s.type === 'component') pushAll(out, i > 0 ? ['', ...componentLines(s, '  ')] : componentLines(s, '  '));
      else if (s.type === 'edge') edges.push(s);
    });
    out.push('}');
    return out;
  };
  for (const source of result.sources) {
    for (const s of source.ast.statements) {
      if (s.type === 'component') pushAll(lines, ['', ...componentLines(s, '')]);
      else if (s.type === 'region') pushAll(lines, ['', ...regionLines(s)]);
      else if (s.type === 'edge') edges.push(s);
    }
  }
  if (edges.length > 0) lines.push('');
  for (const e of edges) {
    pushAll(lines, origin(result.origins.get(e)));
    lines.push(`${e.ends.map((end) => end.name).join(' -> ')}${block(e.attributes?.attributes)}`);
  }
  return `${lines.join('\n')}\n`;
}
