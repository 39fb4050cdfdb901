/**
 * Compose's variables: the `.env` file format (also the format of `env_file`) and interpolation
 * of `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `$VAR` and `$$`, as the Compose specification's
 * 12-interpolation.md and 05-services.md#env_file describe them.
 *
 * Values come only from the files given (the project's `.env`), never from the process
 * environment: the same files always give the same model.
 */

/** Something interpolation could not do as written: a variable `.env` does not set, or bad syntax. */
export interface InterpolationIssue {
  kind: 'unset' | 'required' | 'syntax';
  /** The variable's name (for `syntax`: the text that could not be read). */
  name: string;
  /** For `required`: the error text written after `?`. */
  message?: string;
}

export type Lookup = (name: string) => string | undefined;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * `text` with its variables replaced: a variable that is not set becomes the empty string (as
 * Compose does, with a warning), and every such case is pushed onto `issues`.
 */
export function interpolate(text: string, lookup: Lookup, issues: InterpolationIssue[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        issues.push({ kind: 'syntax', name: text.slice(i) });
        out += text.slice(i);
        break;
      }
      out += braced(text.slice(i + 2, end), lookup, issues);
      i = end + 1;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      const name = text.slice(i + 1, j);
      const value = lookup(name);
      if (value === undefined) issues.push({ kind: 'unset', name });
      out += value ?? '';
      i = j;
      continue;
    }
    // A `$` that starts no variable stays as written.
    out += '$';
    i++;
  }
  return out;
}

/** The index of the `}` closing a `${` whose body starts at `from`, counting nested `${…}`; -1 if none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '$' && text[i + 1] === '$') {
      i++;
    } else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The value of the body of `${…}`: a name, then optionally an operator and its word. */
function braced(body: string, lookup: Lookup, issues: InterpolationIssue[]): string {
  let j = 0;
  if (!NAME_START.test(body[0] ?? '')) {
    issues.push({ kind: 'syntax', name: `\${${body}}` });
    return '';
  }
  while (j < body.length && NAME_CHAR.test(body[j]!)) j++;
  const name = body.slice(0, j);
  const rest = body.slice(j);
  const value = lookup(name);
  if (rest === '') {
    if (value === undefined) issues.push({ kind: 'unset', name });
    return value ?? '';
  }
  const op = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[1];
  if (op === undefined) {
    issues.push({ kind: 'syntax', name: `\${${body}}` });
    return value ?? '';
  }
  const word = rest.slice(op.length);
  const emptyCounts = op.startsWith(':');
  const missing = value === undefined || (emptyCounts && value === '');
  switch (op) {
    case ':-':
    case '-':
      return missing ? interpolate(word, lookup, issues) : value;
    case ':?':
    case '?':
      if (missing) {
        issues.push({ kind: 'required', name, message: interpolate(word, lookup, []) });
        return '';
      }
      return value;
    default:
      // `:+` / `+`: the word when the variable is set, else nothing.
      return missing ? '' : interpolate(word, lookup, issues);
  }
}

/** One variable of a `.env` file: its value and the line it is set on. */
export interface EnvEntry {
  value: string;
  line: number;
}

/**
 * Reads a `.env` (or `env_file`) text: `VAR=VAL` lines, `#` comments, optional `export`, single
 * quotes literal, double quotes with escapes and interpolation, unquoted values interpolated and
 * cut at ` #`. A line `VAR` without `=` leaves the variable unset. Variables interpolate with the
 * ones set before them in the same file and then with `outer`.
 */
export function parseEnvFile(text: string, outer: Lookup = () => undefined, issues: InterpolationIssue[] = []): Map<string, EnvEntry> {
  const vars = new Map<string, EnvEntry>();
  const lookup: Lookup = (name) => vars.get(name)?.value ?? outer(name);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=)?(.*)$/s.exec(line);
    if (!m) continue;
    const name = m[1]!;
    if (m[2] === undefined) continue;
    let rest = m[3]!.trimStart();
    const lineNumber = n + 1;
    let value: string;
    if (rest.startsWith("'")) {
      const close = findClose(rest, "'");
      value = close < 0 ? rest.slice(1) : rest.slice(1, close).replace(/\\'/g, "'");
    } else if (rest.startsWith('"')) {
      // A double-quoted value may go on over several lines.
      let close = findClose(rest, '"');
      while (close < 0 && n + 1 < lines.length) {
        n++;
        rest += `\n${lines[n]!}`;
        close = findClose(rest, '"');
      }
      const inner = close < 0 ? rest.slice(1) : rest.slice(1, close);
      value = interpolate(unescapeDouble(inner), lookup, issues);
    } else {
      const hash = rest.search(/\s#/);
      value = interpolate((hash >= 0 ? rest.slice(0, hash) : rest).trim(), lookup, issues);
    }
    vars.set(name, { value, line: lineNumber });
  }
  return vars;
}

/** The index of the quote closing the one at index 0 (a backslash escapes it), or -1. */
function findClose(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}
