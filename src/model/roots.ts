/**
 * Which of several files are models of their own: a file imported by another of the files is
 * part of that model, not a root. Used by `archlint check`, `archlint render` and the language
 * server alike.
 */
import path from 'node:path';

/**
 * The files to check as roots: those no other listed file imports. Files only reachable through a
 * cycle of imports are kept as roots too, so the cycle is reported.
 */
export function chooseRoots(files: readonly string[], importsOf: (file: string) => readonly string[], cwd: string): string[] {
  const key = (f: string) => path.resolve(cwd, f);
  const listed = new Map(files.map((f) => [key(f), f]));
  const imported = new Set<string>();
  for (const f of files) for (const i of importsOf(f)) if (listed.has(key(i)) && key(i) !== key(f)) imported.add(key(i));
  const roots = files.filter((f) => !imported.has(key(f)));
  // Anything not reachable from a root (an import cycle among listed files) becomes a root.
  const covered = new Set<string>();
  const visit = (f: string) => {
    const k = key(f);
    if (covered.has(k)) return;
    covered.add(k);
    for (const i of importsOf(f)) visit(i);
  };
  roots.forEach(visit);
  for (const f of files) {
    if (!covered.has(key(f))) {
      roots.push(f);
      visit(f);
    }
  }
  return roots;
}
