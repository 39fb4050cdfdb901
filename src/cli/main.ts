/**
 * The command line. `run()` returns the exit code and writes only to the streams it is given;
 * bin/archlint.js is the only place that touches `process`.
 *
 * Exit codes (as ESLint): 0 no error findings, 1 error findings or too many warnings,
 * 2 invalid input (syntax or meaning errors, unreadable files) or a wrong command line.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { closest } from '../../grammar/suggest.js';
import { allRules } from '../../rules/index.js';
import { CONFIG_FILE } from '../config/config.js';
import { SettingsResolver } from './settings.js';
import { checkModel } from '../engine/pipeline.js';
import type { Diagnostic } from '../diagnostics.js';
import { nodeHost } from '../model/load.js';
import { renderDiagram, type Direction } from '../render/mermaid.js';
import { formatOf, needsBrowser, outputFormats, type OutputFormat } from '../render/formats.js';
import { markdownDocument } from '../render/markdown-document.js';
import { writeOutputs, type OutputJob } from '../render/output.js';
import { evaluate, parseFailure } from '../evaluate/evaluate.js';
import { figuresFor } from '../evaluate/figures.js';
import type { Model } from '../model/model.js';
import { evalJson, evalText, figuresJson, figuresText } from '../report/eval.js';
import { reporters, summarize } from '../report/index.js';
import { UsageError } from '../errors.js';
import { chooseRoots } from '../model/roots.js';
import { expandOperands } from './files.js';
import { collect, groupByFile, runCheck, type CheckFlags } from './check.js';
import { BASELINE_FILE } from './baseline.js';
import { runInit } from './init.js';
import { cachingHost } from './host.js';
import { wantsColor, type Io } from './io.js';
import { packageRoot, version } from '../package-info.js';

export type { Io } from './io.js';

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of 0 or more');
  return Number(value);
}

/** `archlint rules`: every rule with its default severity and description; `archlint rules <id>`: its doc. */
function runRules(id: string | undefined, io: Io): number {
  if (id === undefined) {
    const width = Math.max(...allRules.map((r) => r.id.length));
    const lines = allRules.map((r) => {
      const note = r.meta.severityNote ? ` (${r.meta.severityNote})` : '';
      return `${r.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(7)}  ${r.meta.description}${note}`;
    });
    io.stdout.write(`${lines.join('\n')}\n\n\`archlint rules <id>\` prints a rule's documentation.\n`);
    return 0;
  }
  const rule = allRules.find((r) => r.id === id);
  if (!rule) {
    const near = closest(id, allRules.map((r) => r.id));
    throw new UsageError(`unknown rule \`${id}\`${near ? `; did you mean \`${near}\`?` : ''} (archlint rules lists them)`);
  }
  io.stdout.write(readFileSync(path.join(packageRoot(), 'docs', 'rules', `${rule.id}.md`), 'utf8'));
  return 0;
}

/** One file's model, or `undefined` after printing its syntax and meaning errors to stderr. */
async function validModel(file: string, io: Io, color: boolean | undefined): Promise<Model | undefined> {
  const [only] = await expandOperands([file], io.cwd);
  const result = checkModel(only!, { host: nodeHost(io.cwd), rules: [] });
  const errors: Diagnostic[] = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.model && errors.length === 0) return result.model;
  printErrors(errors, io, color);
  return undefined;
}

/** Syntax and meaning errors, in the stylish format, on stderr. */
function printErrors(errors: readonly Diagnostic[], io: Io, color: boolean | undefined): void {
  const files = groupByFile(errors);
  io.stderr.write(reporters.get('stylish')!({ files, summary: summarize(files) }, { cwd: io.cwd, color: wantsColor({ ...io, stdout: io.stderr }, color) }));
}

interface RenderFlags {
  output?: string;
  to?: OutputFormat;
  direction: Direction;
  diagram: 'flowchart' | 'architecture';
  withEval?: boolean;
  color?: boolean;
}

/** Where each input's diagram goes: stdout (no `-o`), one file, or a directory of files named after the inputs. */
function renderTargets(files: readonly string[], several: boolean, flags: RenderFlags, io: Io): { format: OutputFormat; output?: (input: string) => string } {
  const formats = outputFormats.map((f) => `.${f}`).join(', ');
  if (flags.output === undefined) {
    if (files.length > 1) throw new UsageError(`render prints the diagram of one file; to render ${files.length} files, name a directory with -o <dir>`);
    const format = flags.to ?? 'mmd';
    if (needsBrowser(format)) throw new UsageError(`--to ${format} writes a file: name it with -o <file>`);
    return { format };
  }
  const out = flags.output;
  let isDirectory = several || /[\\/]$/.test(out);
  try {
    isDirectory ||= statSync(path.resolve(io.cwd, out)).isDirectory();
  } catch {
    // Not there yet: a file, or a directory to create.
  }
  if (isDirectory) {
    const format = flags.to ?? 'svg';
    return { format, output: (input) => path.join(out, `${path.basename(input, path.extname(input))}.${format}`) };
  }
  const format = formatOf(out);
  if (format === undefined) throw new UsageError(`cannot tell what to write to ${out}: name the output ${formats.replace(/, (?=[^,]*$)/, ' or ')} (or, with several files, a directory)`);
  if (flags.to !== undefined && flags.to !== format) throw new UsageError(`--to ${flags.to} does not match the output file ${out} (a .${format} file)`);
  return { format, output: () => out };
}

/**
 * `archlint render`: each model's diagram, with its findings (default rules) marked. Printed as
 * Mermaid text without `-o`; written as .mmd, .md, .svg or .png files with it. Findings do not
 * change the exit code; an invalid model does (2), and then nothing is written.
 */
async function runRender(operands: string[], flags: RenderFlags, io: Io): Promise<number> {
  // As in check, a file that another listed file imports is drawn as part of that model.
  const { host, parse, importsOf } = cachingHost(io.cwd);
  const expanded = await expandOperands(operands, io.cwd);
  const files = chooseRoots(expanded, importsOf, io.cwd);
  // Several files, or a directory of them: -o names a directory.
  const several = expanded.length > 1 || operands.some((o) => {
    try {
      return statSync(path.resolve(io.cwd, o)).isDirectory();
    } catch {
      return false;
    }
  });
  const target = renderTargets(files, several, flags, io);
  const jobs: OutputJob[] = [];
  let invalid = false;
  // Findings as `check` would report them: the configuration that governs each file applies.
  const resolver = new SettingsResolver(io.cwd, undefined, new Map());
  for (const file of files) {
    const { loaded, settings } = resolver.for(file);
    if (loaded && loaded.diagnostics.length > 0) {
      printErrors(loaded.diagnostics, io, flags.color);
      invalid = true;
      continue;
    }
    const result = checkModel(file, { host, parse, settings });
    const errors = result.status === 'invalid' ? result.diagnostics.filter((d) => d.severity === 'error') : [];
    if (!result.model || errors.length > 0) {
      printErrors(errors, io, flags.color);
      invalid = true;
      continue;
    }
    const model = result.model;
    const findings = result.diagnostics.filter((d) => !d.suppressed);
    const diagram = renderDiagram(model, {
      direction: flags.direction,
      diagram: flags.diagram,
      findings,
      ...(flags.withEval ? { evaluation: evaluate(model) } : {}),
    });
    jobs.push({ input: file, modelFiles: result.files, output: target.output?.(file) ?? '-', format: target.format, model, diagram, findings });
  }
  if (invalid) return 2;
  if (!target.output) {
    const [job] = jobs;
    io.stdout.write(job!.format === 'md' ? markdownDocument(job!, io.cwd, io.cwd) : job!.diagram);
    return 0;
  }
  const debug = io.env.ARCHLINT_DEBUG ? (message: string) => io.stderr.write(`archlint: debug: ${message}\n`) : undefined;
  await writeOutputs(jobs, { cwd: io.cwd, env: io.env, ...(debug ? { debug } : {}) });
  return 0;
}

interface EvalFlags {
  format: 'text' | 'json';
  fail: string[];
  printDefaults?: boolean;
  color?: boolean;
}

/** `archlint eval <file>`: latency, availability and capacity; `--fail` for what-if. */
async function runEval(file: string | undefined, flags: EvalFlags, io: Io): Promise<number> {
  let model: Model | undefined;
  if (file !== undefined) {
    model = await validModel(file, io, flags.color);
    if (!model) return 2;
  }
  if (flags.printDefaults) {
    const figures = model ? figuresFor(model) : undefined;
    io.stdout.write(flags.format === 'json' ? `${JSON.stringify(figuresJson(figures), null, 2)}\n` : figuresText(figures));
    return 0;
  }
  if (!model) throw new UsageError('eval needs a file (or --print-defaults)');
  const names = new Set([...model.components().map((c) => c.name), ...model.regions().map((r) => r.name)]);
  for (const target of flags.fail) {
    const { name, instances } = parseFailure(target);
    if (instances !== undefined && (instances < 1 || !model.component(name))) {
      throw new UsageError(`--fail ${target}: write name:N with N ≥ 1 instances of a component`);
    }
    if (!names.has(name)) {
      const near = closest(name, names);
      throw new UsageError(`--fail ${name}: no component or region \`${name}\` in ${file}${near ? `; did you mean \`${near}\`?` : ''}`);
    }
  }
  const evaluation = evaluate(model, { fail: flags.fail });
  io.stdout.write(flags.format === 'json' ? `${JSON.stringify(evalJson(evaluation), null, 2)}\n` : evalText(evaluation, file!));
  return 0;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const v = version();
  const program = new Command('archlint')
    .description('Compile and lint system architectures (.arch files) against the principles of scaling from one server to millions of users.')
    .version(v, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  program
    .command('check')
    .description('check .arch files (a directory means every .arch file below it; globs are expanded)')
    .argument('[paths...]', 'files, directories or globs')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...reporters.keys()]).default('stylish'))
    .option('--max-warnings <n>', 'exit with 1 when there are more than n warnings', nonNegativeInteger)
    .option('-q, --quiet', 'report errors only')
    .option('--color', 'force coloured output')
    .option('--no-color', 'disable coloured output')
    .option('-c, --config <file>', `use this configuration instead of the nearest ${CONFIG_FILE}`)
    .option('--rule <id:severity>', 'set a rule\'s severity (off, info, warning, error); repeatable', collect, [])
    .option('--print-config <file>', 'print the configuration that applies to a file, and exit')
    .option('--include-suppressed', 'list suppressed findings too, with their reason (json format; sarif always lists them as suppressed)')
    .option('--output <format:file>', 'also write the report in another format to a file, e.g. sarif:archlint.sarif; repeatable', collect, [])
    .option('--baseline <file>', `report only findings not recorded in this baseline (default file for --update-baseline: ${BASELINE_FILE})`)
    .option('--update-baseline', 'record the current findings in the baseline file, so that later runs with --baseline report only new ones')
    .option('-w, --watch', 'check again whenever a checked file, an import or a configuration changes')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (paths: string[], flags: CheckFlags) => {
      code = await runCheck(paths, flags, io);
    });

  program
    .command('rules')
    .description('list the rules, or print the documentation of one')
    .argument('[id]', 'a rule id')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action((id: string | undefined) => {
      code = runRules(id, io);
    });

  program
    .command('eval')
    .description('estimate latency, availability and capacity of every flow and tier; --fail for what-if')
    .argument('[file]', 'the .arch file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--fail <target>', 'evaluate with a component or region down, or N instances of a component (name:N); repeatable', collect, [])
    .option('--print-defaults', 'print the latency, capacity and availability figures in use (with a file: after its overrides)')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (file: string | undefined, flags: EvalFlags) => {
      code = await runEval(file, flags, io);
    });

  program
    .command('render')
    .description('draw the model as a Mermaid diagram with its findings: print it, or write .mmd, .md, .svg or .png files')
    .argument('<files...>', '.arch files (directories and globs are expanded)')
    .option('-o, --output <path>', 'write to this file (its extension gives the format: .svg, .png, .md, .mmd), or, with several files, into this directory')
    .addOption(new Option('--to <format>', 'the format for files written into a directory (default svg), or printed without -o').choices([...outputFormats]))
    .addOption(new Option('-d, --direction <direction>', 'layout direction').choices(['LR', 'TB']).default('LR'))
    .addOption(new Option('--diagram <type>', 'a flowchart, or a Mermaid architecture diagram').choices(['flowchart', 'architecture']).default('flowchart'))
    .option('--with-eval', 'show the evaluator\'s utilisation and p99 latency on each tier')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (files: string[], flags: RenderFlags) => {
      code = await runRender(files, flags, io);
    });

  program
    .command('init')
    .description('set up a project: a configuration, an example model and a VS Code task (never replaces a file)')
    .argument('[dir]', 'the directory to set up (default: the current one)')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (dir: string | undefined) => {
      code = await runInit(dir, io);
    });

  program
    .command('lsp')
    .description('run the language server (for editors), speaking LSP over stdin and stdout')
    .option('--stdio', 'talk over stdin and stdout (the only transport, and the default)')
    .option('--clientProcessId <pid>', 'the editor\'s process id, as some LSP clients pass it (accepted and not needed)')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async () => {
      if (!io.streams) throw new UsageError('lsp needs the process\'s stdin and stdout');
      const { startLanguageServer } = await import('../lsp/server.js');
      code = await startLanguageServer(io.streams.input, io.streams.output);
    });

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`archlint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
