/**
 * The command line: the commands and their options. Each command lives in its own module
 * (check.ts, rules.ts, eval.ts, render.ts, init.ts, lsp.ts); `run()` returns the exit code and
 * writes only to the streams it is given; bin/archlint.js is the only place that touches
 * `process`.
 *
 * Exit codes (as ESLint): 0 no error findings, 1 error findings or too many warnings,
 * 2 invalid input (syntax or meaning errors, unreadable files) or a wrong command line.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CONFIG_FILE } from '../config/config.js';
import { UsageError } from '../errors.js';
import { version } from '../package-info.js';
import { outputFormats } from '../render/formats.js';
import { defaultLayout, layouts, linkClasses, type LinkClass } from '../render/mermaid.js';
import { reporters } from '../report/index.js';
import { BASELINE_FILE } from './baseline.js';
import { runCheck, type CheckFlags } from './check.js';
import { runEval, type EvalFlags } from './eval.js';
import { runDrift, type DriftFlags } from './drift.js';
import { runFmt, type FmtFlags } from './fmt.js';
import { runImport, type ImportFlags } from './import.js';
import { runInit } from './init.js';
import type { Io } from './io.js';
import { runLsp } from './lsp.js';
import { collect } from './print.js';
import { runRender, type RenderFlags } from './render.js';
import { runRulesCommand, type RulesFlags } from './rules.js';

export type { Io } from './io.js';

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return Number(value);
}

function linkClassList(value: string): LinkClass[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const wrong = list.find((s) => !(linkClasses as readonly string[]).includes(s));
  if (wrong !== undefined || list.length === 0)
    throw new InvalidArgumentError(`expected some of ${linkClasses.join(', ')}, comma-separated${wrong !== undefined ? ` (not \`${wrong}\`)` : ''}`);
  return list as LinkClass[];
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of 0 or more');
  return Number(value);
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
    .option('--verbose', 'say so when there is nothing to report (as on a terminal)')
    .option('--color', 'force coloured output')
    .option('--no-color', 'disable coloured output')
    .option('-c, --config <file>', `use this configuration instead of the nearest ${CONFIG_FILE}`)
    .option('--rule <id:severity>', "set a rule's severity (off, info, warning, error); repeatable", collect, [])
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
    .option('-c, --config <file>', `list the rules of this configuration instead of the nearest ${CONFIG_FILE}`)
    .action(async (id: string | undefined, flags: RulesFlags) => {
      code = await runRulesCommand(id, flags, io);
    });

  program
    .command('eval')
    .description('estimate latency, availability and capacity of every flow and tier; --fail for what-if')
    .argument('[paths...]', '.arch files (directories and globs are expanded)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option(
      '--fail <target>',
      'evaluate with a component, region or host down, a zone of a region (region/zone), or N instances of a component (name:N); repeatable',
      collect,
      [],
    )
    .option('--print-defaults', 'print the latency, capacity and availability figures in use (with a file: after its overrides)')
    .option('--simulate', 'a second opinion: simulate the requests (a discrete-event simulation) instead of solving the queues')
    .option('--requests <n>', 'requests to simulate (default 200,000)', positiveInteger)
    .option('--seed <n>', 'seed of the simulation (default 1)', nonNegativeInteger)
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (paths: string[], flags: EvalFlags) => {
      code = await runEval(paths, flags, io);
    });

  program
    .command('render')
    .description('draw the model as a Mermaid diagram with its findings: print it, or write .mmd, .md, .svg, .png or .html files')
    .argument('<files...>', '.arch files (directories and globs are expanded)')
    .option(
      '-o, --output <path>',
      'write to this file (its extension gives the format: .svg, .png, .html, .md, .mmd), or, with several files, into this directory',
    )
    .addOption(new Option('--to <format>', 'the format for files written into a directory (default svg), or printed without -o').choices([...outputFormats]))
    .addOption(new Option('-d, --direction <direction>', 'layout direction').choices(['LR', 'TB']).default('LR'))
    .addOption(
      new Option('--diagram <type>', 'the kind of diagram: a flowchart (the architecture diagram was removed)')
        .choices(['flowchart', 'architecture'])
        .default('flowchart'),
    )
    .addOption(new Option('--layout <engine>', "how the flowchart is laid out: dagre (Mermaid's own) or elk").choices([...layouts]).default(defaultLayout))
    .option('--with-eval', "show the evaluator's utilisation and p99 latency on each tier")
    .option('--hide <links>', `leave out links of these classes, comma-separated: ${linkClasses.join(', ')}`, linkClassList)
    .option('--focus <component>', 'draw only what is within --hops links of this component (either way)')
    .option('--hops <n>', 'how far from --focus to draw (default 2)', nonNegativeInteger)
    .option('--region <name>', 'draw only the components of this region')
    .option('--suppressed', 'draw suppressed findings too, each named `<rule> (suppressed)`')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (files: string[], flags: RenderFlags) => {
      code = await runRender(files, flags, io);
    });

  program
    .command('fmt')
    .description('lay out .arch files the canonical way: print them, check them (--check) or rewrite them (--write); stdin to stdout without files')
    .argument('[files...]', '.arch files (directories and globs are expanded)')
    .option('--check', 'print a diff of each file that is not formatted, and exit with 1 if there is one')
    .option('--write', 'rewrite the files that are not formatted, in place')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (files: string[], flags: FmtFlags) => {
      code = await runFmt(files, flags, io);
    });

  program
    .command('import')
    .description('write Kubernetes manifests, a Compose project or Terraform JSON as an .arch model, each component saying where it came from')
    .argument('<files...>', 'the deployment files, in order (Compose files merge as `docker compose -f` merges them); directories are searched')
    .option('-o, --output <file>', 'write the model to this .arch file instead of stdout (never replaces a file without --force)')
    .option('--force', 'replace the output file if it exists')
    .option('--color', 'force coloured output')
    .option('--no-color', 'disable coloured output')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (files: string[], flags: ImportFlags) => {
      code = await runImport(files, flags, io);
    });

  program
    .command('drift')
    .description("compare a design with what is deployed: what the Kubernetes manifests, Compose project or Terraform plan break of the design's promises")
    .argument('<design>', 'the design, an .arch file')
    .requiredOption('--against <files...>', 'the deployment: Kubernetes manifests, a Compose project or Terraform JSON (files or a directory)')
    .addOption(new Option('-f, --format <format>', 'output format (markdown: a section for a pull request)').choices([...reporters.keys()]).default('stylish'))
    .option('--color', 'force coloured output')
    .option('--no-color', 'disable coloured output')
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async (design: string, flags: DriftFlags) => {
      code = await runDrift(design, flags, io);
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
    .option('--clientProcessId <pid>', "the editor's process id, as some LSP clients pass it (accepted and not needed)")
    .version(v, '-v, --version', 'print the version')
    .exitOverride()
    .action(async () => {
      code = await runLsp(io);
    });

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return 2;
  }
  // No file name, component name or value can hold a NUL character, and the file system refuses
  // any path with one: say so once, for every argument, before anything reaches it.
  const nul = argv.findIndex((a) => a.includes('\0'));
  if (nul >= 0) {
    io.stderr.write(`archlint: argument ${nul + 1} (${JSON.stringify(argv[nul])}) contains a NUL character, which no file name or value can hold\n`);
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
