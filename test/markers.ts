/**
 * The findings an example expects, as written by hand in it: a `# expect: rule-id, …` comment on the
 * line the finding is anchored to (see examples/chapter-1/). Read as plain text, without the
 * compiler, so that tests can hold archlint's output to them.
 */
import { readFileSync } from 'node:fs';

/** `ruleId@line` for every marker of the file, sorted. */
export function markers(file: string): string[] {
  return markersIn(readFileSync(file, 'utf8'));
}

/** `ruleId@line` for every marker of a text, sorted. */
export function markersIn(text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const m = /#\s*expect:\s*(.+?)\s*$/.exec(line);
    if (!m) return;
    for (const id of m[1]!
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean))
      out.push(`${id}@${index + 1}`);
  });
  return out.sort();
}
