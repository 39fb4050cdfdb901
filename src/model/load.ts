/**
 * Loads a root file and, recursively, the files it imports. Import paths are relative to the
 * importing file; each file joins the model once however often it is imported; a cycle is an
 * error at the import that closes it. Files are named as given, joined with their import paths.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportStatement } from '../../grammar/ast.js';
import { parseArch, type ParseResult } from '../../grammar/index.js';
import { compilerRuleIds, type Diagnostic } from '../diagnostics.js';
import { describeFsError } from '../io/errors.js';
import type { SourceFile } from './build.js';

/** File access, injectable for tests and editors (which hold unsaved text). */
export interface CompilerHost {
  /** The file's text, or throws a Node-style error with `code` (ENOENT, EISDIR, …). */
  readFile(file: string): string;
  cwd: string;
}

export const nodeHost = (cwd = process.cwd()): CompilerHost => ({
  readFile: (file) => readFileSync(path.resolve(cwd, file), 'utf8'),
  cwd,
});

export interface LoadResult {
  /** Every file that was read and parsed, the root first, then imports depth-first. */
  sources: SourceFile[];
  /** Syntax and import problems. */
  diagnostics: Diagnostic[];
  /** Whether the root could be read at all. */
  rootRead: boolean;
  /** Imported files by the file that imports them (for deciding which files are roots). */
  imports: Map<string, string[]>;
}

const zeroSpan = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export function loadModelFiles(root: string, host: CompilerHost, parse: (text: string, file: string) => ParseResult = parseArch): LoadResult {
  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const imports = new Map<string, string[]>();
  const keyOf = (file: string) => path.resolve(host.cwd, file);
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let rootRead = true;

  const visit = (file: string, via?: { from: string; statement: ImportStatement }): void => {
    const key = keyOf(file);
    if (onStack.has(key)) {
      const cycle = [...stack.slice(stack.indexOf(key)), key].map((k) => path.relative(host.cwd, k) || k);
      diagnostics.push({
        ruleId: compilerRuleIds.import,
        severity: 'error',
        message: `import cycle: ${cycle.join(' → ')}`,
        file: via!.from,
        span: via!.statement.pathSpan,
      });
      return;
    }
    if (done.has(key)) return;
    let text: string;
    try {
      text = host.readFile(file);
    } catch (error) {
      if (via) {
        diagnostics.push({
          ruleId: compilerRuleIds.import,
          severity: 'error',
          message: `cannot import "${via.statement.path}": ${describeFsError(error, 'no such file')} (${file})`,
          file: via.from,
          span: via.statement.pathSpan,
        });
      } else {
        rootRead = false;
        diagnostics.push({
          ruleId: compilerRuleIds.import,
          severity: 'error',
          message: `cannot read ${file}: ${describeFsError(error, 'no such file')}`,
          file,
          span: zeroSpan,
        });
      }
      return;
    }
    done.add(key);
    const { ast, problems } = parse(text, file);
    for (const p of problems) diagnostics.push({ ruleId: compilerRuleIds.syntax, severity: 'error', message: p.message, file, span: p.span });
    sources.push({ file, ast });
    stack.push(key);
    onStack.add(key);
    const imported: string[] = [];
    for (const statement of ast.statements) {
      if (statement.type !== 'import') continue;
      const target = path.isAbsolute(statement.path) ? statement.path : path.join(path.dirname(file), statement.path);
      imported.push(target);
      visit(target, { from: file, statement });
    }
    imports.set(file, imported);
    stack.pop();
    onStack.delete(key);
  };

  visit(root);
  return { sources, diagnostics, rootRead, imports };
}
