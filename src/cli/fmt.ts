/**
 * `archlint fmt`: the canonical layout of .arch files (grammar/format.ts). Without files it
 * formats stdin to stdout; with files it prints them formatted, or with `--check` prints a unified
 * diff of each file that is not formatted and exits with 1, or with `--write` rewrites each such
 * file in place (atomically). A file with syntax errors is never formatted or written: its errors
 * are reported and the exit code is 2.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { formatArch } from '../../grammar/format.js';
import { compilerRuleIds, type Diagnostic } from '../diagnostics.js';
import { UsageError } from '../errors.js';
import { describeFsError } from '../io/errors.js';
import { WriteGate } from '../io/gate.js';
import { reporters, summarize } from '../report/index.js';
import { expandOperands } from './files.js';
import { wantsColor, type Io } from './io.js';
import { groupByFile } from './print.js';

export interface FmtFlags {
  check?: boolean;
  write?: boolean;
}

/** What a file's text becomes, or why it cannot be formatted. */
type Outcome = { file: string; before: string; after: string } | { file: string; problems: Diagnostic[] };

function outcome(file: string, before: string): Outcome {
  const result = formatArch(before);
  if (result.text === undefined) {
    return {
      file,
      problems: result.problems.map((p) => ({ ruleId: compilerRuleIds.syntax, severity: 'error' as const, message: p.message, file, span: p.span })),
    };
  }
  return { file, before, after: result.text };
}

async function readStdin(io: Io): Promise<string> {
  const input = io.streams?.input;
  if (!input) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runFmt(operands: readonly string[], flags: FmtFlags, io: Io): Promise<number> {
  if (flags.check && flags.write) throw new UsageError('fmt: --check and --write do not go together (--check only reports, --write changes the files)');
  if (flags.write && operands.length === 0) throw new UsageError('fmt --write: name the files to rewrite (without files, fmt formats stdin to stdout)');

  const outcomes: Outcome[] = [];
  if (operands.length === 0) {
    outcomes.push(outcome('<stdin>', await readStdin(io)));
  } else {
    for (const file of await expandOperands(operands, io.cwd)) {
      let text: string;
      try {
        text = readFileSync(path.resolve(io.cwd, file), 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
      }
      outcomes.push(outcome(file, text));
    }
  }

  const invalid = outcomes.flatMap((o) => ('problems' in o ? o.problems : []));
  if (invalid.length > 0) {
    const files = groupByFile(invalid);
    io.stderr.write(
      reporters.get('stylish')!({ files, summary: summarize(files) }, { cwd: io.cwd, color: wantsColor({ ...io, stdout: io.stderr }, undefined) }),
    );
  }
  const formattable = outcomes.filter((o): o is Extract<Outcome, { after: string }> => 'after' in o);
  const changed = formattable.filter((o) => o.before !== o.after);

  if (flags.check) {
    for (const o of changed) io.stdout.write(createTwoFilesPatch(o.file, o.file, o.before, o.after, '', '', { context: 3 }));
    if (changed.length > 0)
      io.stderr.write(
        `archlint: ${changed.length} file${changed.length === 1 ? ' is' : 's are'} not formatted (archlint fmt --write fixes ${changed.length === 1 ? 'it' : 'them'})\n`,
      );
    return invalid.length > 0 ? 2 : changed.length > 0 ? 1 : 0;
  }
  if (flags.write) {
    // fmt rewrites the very files it reads, and nothing else: a gate with no other reads, so that
    // two names for one file are still caught, and every write is atomic.
    const gate = new WriteGate(io.cwd, () => []);
    await gate.plan(changed.map((o) => ({ file: o.file })));
    for (const o of changed) gate.write(o.file, o.after);
    if (changed.length > 0) io.stderr.write(`archlint: formatted ${changed.length} file${changed.length === 1 ? '' : 's'}\n`);
    return invalid.length > 0 ? 2 : 0;
  }
  for (const o of formattable) io.stdout.write(o.after);
  return invalid.length > 0 ? 2 : 0;
}
