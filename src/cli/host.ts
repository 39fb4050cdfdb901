/** The compiler host the CLI uses: each file read and parsed once per run, however many models include it. */
import path from 'node:path';
import { parseArch, type ParseResult } from '../../grammar/index.js';
import { nodeHost, type CompilerHost } from '../model/load.js';

/** `overlay`: texts by absolute path that stand in for the files (the library's text input). */
export function cachingHost(
  cwd: string,
  overlay: ReadonlyMap<string, string> = new Map(),
): { host: CompilerHost; parse: (text: string, file: string) => ParseResult; importsOf: (file: string) => string[] } {
  const base = nodeHost(cwd);
  const texts = new Map<string, string>(overlay);
  const parses = new Map<string, ParseResult>();
  const key = (file: string) => path.resolve(cwd, file);
  const host: CompilerHost = {
    cwd,
    readFile(file) {
      const k = key(file);
      let text = texts.get(k);
      if (text === undefined) {
        text = base.readFile(file);
        texts.set(k, text);
      }
      return text;
    },
  };
  const parse = (text: string, file: string) => {
    const k = key(file);
    let result = parses.get(k);
    if (!result) {
      result = parseArch(text);
      parses.set(k, result);
    }
    return result;
  };
  const importsOf = (file: string) => {
    try {
      const { ast } = parse(host.readFile(file), file);
      return ast.statements.flatMap((s) => (s.type === 'import' ? [path.isAbsolute(s.path) ? s.path : path.join(path.dirname(file), s.path)] : []));
    } catch {
      return [];
    }
  };
  return { host, parse, importsOf };
}
