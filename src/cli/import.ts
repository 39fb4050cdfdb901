/**
 * `archlint import <files…> [-o design.arch] [--force]`: a deployment (Kubernetes manifests, a
 * Compose project, Terraform JSON) written as a formatted .arch file, each component with a
 * comment saying where it came from: a starting point the user then owns. Without `-o` the text
 * goes to stdout. An existing file is never replaced unless `--force` says so.
 *
 * The files given form one deployment, in the order given (Compose files merge as `docker
 * compose -f a -f b` merges them); a directory stands for the deployment files below it.
 */
import path from 'node:path';
import type { Statement } from '../../grammar/ast.js';
import { formatArch } from '../../grammar/format.js';
import { ConfigResolver } from '../config/resolver.js';
import type { Diagnostic } from '../diagnostics.js';
import { UsageError } from '../errors.js';
import { checkModel } from '../engine/pipeline.js';
import type { Rule } from '../engine/rule.js';
import type { RuleSettings } from '../engine/run.js';
import { importDeployment, isArchFile, unknowable, type ImportResult } from '../import/index.js';
import { printImported } from '../import/print.js';
import { WriteGate } from '../io/gate.js';
import { expandOperands } from './files.js';
import { cachingHost } from './host.js';
import { printErrors } from './print.js';
import type { Io } from './io.js';

export interface ImportFlags {
  output?: string;
  force?: boolean;
  color?: boolean;
}

export async function runImport(operands: readonly string[], flags: ImportFlags, io: Io): Promise<number> {
  if (operands.length === 0) throw new UsageError('import: name the deployment files (Kubernetes manifests, Compose files or Terraform JSON)');
  const expanded = await expandOperands(operands, io.cwd);
  const arch = expanded.filter(isArchFile);
  const files = expanded.filter((f) => !isArchFile(f));
  if (files.length === 0) throw new UsageError(`import: ${arch[0] ?? operands[0]!} is an .arch file already (import reads deployment files)`);
  const { host } = cachingHost(io.cwd);
  const resolver = new ConfigResolver({ cwd: io.cwd });
  const resolved = await resolver.resolve(files[0]!);
  if (resolved.diagnostics.length > 0) {
    printErrors(resolved.diagnostics, io, flags.color);
    return 2;
  }
  const result = importDeployment(files, (f) => host.readFile(f), { readFile: (f) => host.readFile(f), ...(resolved.config?.import ?? {}) });
  if (result.problems.length > 0) {
    printErrors(result.problems, io, flags.color);
    return 2;
  }
  const output = flags.output;
  const relativeTo = output !== undefined ? path.dirname(path.resolve(io.cwd, output)) : io.cwd;
  const command = `archlint import ${operands.join(' ')}`;
  const formatted = { text: importedArch(result, { cwd: io.cwd, relativeTo, command, rules: resolved.registry.all(), settings: resolved.settings }) };
  const summary = describe(
    result.sources.flatMap((s) => s.ast.statements),
    result.notes,
  );
  if (output === undefined) {
    io.stdout.write(formatted.text);
    io.stderr.write(`archlint: imported ${summary}\n`);
    return 0;
  }
  const gate = new WriteGate(io.cwd, () => files.map((file) => ({ file, role: `the deployment file ${file}` })));
  await gate.plan([{ file: output }]);
  if (flags.force) gate.write(output, formatted.text);
  else if (!gate.create(output, formatted.text)) throw new UsageError(`${output} exists: archlint import never replaces a file (--force to replace it)`);
  io.stderr.write(`archlint: wrote ${output}: ${summary}\n`);
  return 0;
}

/**
 * The .arch text of an import, formatted, that checks as the deployment does under `rules` and
 * `settings`: the findings a deployment cannot show (unknowableFindings), which the check of the
 * deployment leaves out, are suppressed with their reason where the written model would make them.
 */
export function importedArch(
  result: ImportResult,
  options: { cwd: string; relativeTo: string; command?: string; rules: readonly Rule[]; settings: RuleSettings },
): string {
  const print = (suppress: ReadonlySet<string>) => {
    const formatted = formatArch(printImported(result, { ...options, suppress }));
    if (formatted.text === undefined) {
      const first = formatted.problems[0]!;
      throw new Error(`archlint bug: the imported model does not parse (${first.message} at ${first.span.start.line}:${first.span.start.column})`);
    }
    return formatted.text;
  };
  const plain = print(new Set());
  const file = 'imported.arch';
  const checked = checkModel(file, { host: { cwd: options.cwd, readFile: () => plain }, rules: options.rules, settings: options.settings });
  const suppress = new Set(
    checked.diagnostics.filter((d) => d.component !== undefined && unknowable(result.format, d.ruleId, d.messageId)).map((d) => `${d.ruleId}\0${d.component!}`),
  );
  return suppress.size === 0 ? plain : print(suppress);
}

function describe(statements: readonly Statement[], notes: readonly Diagnostic[]): string {
  let components = 0;
  let edges = 0;
  const count = (ss: typeof statements) => {
    for (const s of ss) {
      if (s.type === 'component') components++;
      else if (s.type === 'edge') edges += s.ends.length - 1;
      else if (s.type === 'region') count(s.body);
    }
  };
  count(statements);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const unmapped = notes.length > 0 ? `; ${plural(notes.length, 'note')} on what was not mapped, listed at its top` : '';
  return `${plural(components, 'component')}, ${plural(edges, 'edge')}${unmapped}`;
}
