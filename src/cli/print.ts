/** Diagnostics on the command line: grouped by file, and printed as errors that stop a command. */
import type { Diagnostic } from '../diagnostics.js';
import { reporters, summarize, type FileReport } from '../report/index.js';
import { wantsColor, type Io } from './io.js';

/** Diagnostics grouped by file, in the order the files first appear. */
export function groupByFile(diagnostics: readonly Diagnostic[]): FileReport[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  return [...byFile].map(([file, list]) => ({ file, diagnostics: list }));
}

/** Errors that stop a command (syntax, meaning, configuration), in the stylish format, on stderr. */
export function printErrors(errors: readonly Diagnostic[], io: Io, color: boolean | undefined): void {
  const files = groupByFile(errors);
  io.stderr.write(reporters.get('stylish')!({ files, summary: summarize(files) }, { cwd: io.cwd, color: wantsColor({ ...io, stdout: io.stderr }, color) }));
}

/** Collects a repeatable option's values (commander). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
