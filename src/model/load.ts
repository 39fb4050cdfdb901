/**
 * Loads a root file and, depth-first, the files it imports. Import paths are relative to the
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
  // The files being read, outermost first: a loop over this stack, not a recursion, so that a
  // chain of thousands of imports cannot reach the end of the call stack.
  interface Frame {
    file: string;
    key: string;
    statements: ImportStatement[];
    next: number;
    imported: string[];
  }
  const stack: Frame[] = [];
  const onStack = new Set<string>();
  let rootRead = true;

  const enter = (file: string, via?: { from: string; statement: ImportStatement }): void => {
    const key = keyOf(file);
    if (onStack.has(key)) {
      const keys = stack.map((f) => f.key);
      const cycle = [...keys.slice(keys.indexOf(key)), key].map((k) => path.relative(host.cwd, k) || k);
      diagnostics.push({
        ruleId: compilerRuleIds.import,
        severity: 'error',
        message: `import cycle: ${cyclePath(cycle)}`,
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
    const statements = ast.statements.filter((s): s is ImportStatement => s.type === 'import');
    stack.push({ file, key, statements, next: 0, imported: [] });
    onStack.add(key);
  };

  enter(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const statement = frame.statements[frame.next++];
    if (statement) {
      const target = path.isAbsolute(statement.path) ? statement.path : path.join(path.dirname(frame.file), statement.path);
      frame.imported.push(target);
      enter(target, { from: frame.file, statement });
    } else {
      imports.set(frame.file, frame.imported);
      stack.pop();
      onStack.delete(frame.key);
    }
  }
  return { sources, diagnostics, rootRead, imports };
}

/** A cycle's files joined by arrows; past a dozen, the first five and the last five around a count of the rest, so the message stays readable. */
function cyclePath(files: readonly string[]): string {
  if (files.length <= 12) return files.join(' → ');
  const hidden = files.length - 10;
  return [...files.slice(0, 5), `… (${hidden.toLocaleString('en-US')} more)`, ...files.slice(-5)].join(' → ');
}
