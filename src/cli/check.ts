/**
 * `archlint check`: finds the models among the operands, checks each under the configuration that
 * governs it, and reports the findings in one format on stdout and in any others to files
 * (`--output sarif:archlint.sarif`), all from one run and with one exit code. `--baseline` hides
 * known findings; `--watch` checks again whenever a file changes.
 */
import path from 'node:path';
import { createColors } from 'picocolors';
import { closest } from '../../grammar/suggest.js';
import { ConfigResolver } from '../config/resolver.js';
import { builtinRegistry } from '../config/registry.js';
import { severityWords } from '../config/schema.js';
import { compareDiagnostics, type Diagnostic, type Severity } from '../diagnostics.js';
import type { RuleRegistry } from '../engine/registry.js';
import { checkModel, type ModelResult } from '../engine/pipeline.js';
import { suppressionKey } from '../engine/suppressions.js';
import { UsageError } from '../errors.js';
import { WriteGate, type WriteTarget } from '../io/gate.js';
import { repositoryRoot } from '../io/root.js';
import { planModels } from '../import/index.js';
import { evaluate } from '../evaluate/evaluate.js';
import { renderDiagram } from '../render/mermaid.js';
import { MAX_DIAGRAM_EDGES } from '../report/markdown.js';
import { reporters, summarize, type FileReport } from '../report/index.js';
import type { LintReport, ReportedModel, ReporterOptions } from '../report/types.js';
import { applyBaseline, BASELINE_FILE, baselinable, baselineText, checkBaselineTarget, loadBaseline } from './baseline.js';
import { expandOperands } from './files.js';
import { cachingHost } from './host.js';
import { wantsColor, type Io } from './io.js';
import { groupByFile } from './print.js';
import { commandReads } from './reads.js';
import { toolInfo } from './tool-info.js';
import { watch } from './watch.js';
import { pushAll } from '../arrays.js';

export interface CheckFlags {
  format: string;
  output: string[];
  maxWarnings?: number;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  config?: string;
  rule: string[];
  printConfig?: string;
  includeSuppressed?: boolean;
  baseline?: string;
  updateBaseline?: boolean;
  watch?: boolean;
}

type Level = Severity | 'off';

/** Parses repeated `--rule id:severity` flags; which ids exist is known once each file's configuration is (a plugin's rules too). */
export function parseRuleFlags(values: readonly string[]): Map<string, Level> {
  const out = new Map<string, Level>();
  for (const value of values) {
    const at = value.lastIndexOf(':');
    const id = at === -1 ? value : value.slice(0, at);
    const severity = at === -1 ? '' : value.slice(at + 1);
    if (!(severityWords as readonly string[]).includes(severity)) {
      throw new UsageError(`--rule ${value}: write --rule ${id}:<severity>, the severity one of ${severityWords.join(', ')}`);
    }
    out.set(id, severity as Level);
  }
  return out;
}

/**
 * The resolver for a run, with `--rule` applied. An id without a `/` can only be a built-in rule,
 * so a typo in one is a usage error before anything is read; a plugin's rule is known once the
 * configuration that loads the plugin is.
 */
function resolverFor(flags: CheckFlags, io: Io): ConfigResolver {
  const overrides = parseRuleFlags(flags.rule);
  for (const [id, level] of overrides) {
    if (id.includes('/') || builtinRegistry.has(id)) continue;
    const near = closest(id, builtinRegistry.ids());
    throw new UsageError(`--rule ${id}:${level}: unknown rule \`${id}\`${near ? `; did you mean \`${near}\`?` : ''} (archlint rules lists them)`);
  }
  return new ConfigResolver({ cwd: io.cwd, ...(flags.config !== undefined ? { explicit: flags.config } : {}), overrides });
}

/** `--print-config <file>`: the effective configuration for one file, as JSON. */
async function printConfig(file: string, resolver: ConfigResolver, flags: CheckFlags, io: Io): Promise<number> {
  const resolved = await resolver.resolve(file);
  const { file: configFile, config, effective } = resolved;
  if (resolved.diagnostics.length > 0) return stopped(resolved.diagnostics, [], new WriteGate(io.cwd, () => []), [], flags, io).code;
  const rules: Record<string, unknown> = {};
  for (const [id, e] of effective) rules[id] = Object.keys(e.options).length > 0 ? [e.severity, e.options] : e.severity;
  const out = {
    file,
    config: configFile ?? null,
    extends: config && config.extends.length > 0 ? config.extends : ['archlint:recommended'],
    ignored: resolver.ignored(file, resolved),
    rules,
    ignore: config?.ignore ?? [],
  };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}

interface OutputTarget {
  format: string;
  file: string;
}

/** `--output <format>:<file>`, each checked before anything runs. */
function parseOutputs(values: readonly string[], cwd: string): OutputTarget[] {
  const formats = [...reporters.keys()];
  const seen = new Map<string, string>();
  return values.map((value) => {
    const at = value.indexOf(':');
    const format = at === -1 ? '' : value.slice(0, at);
    const file = at === -1 ? '' : value.slice(at + 1);
    if (!reporters.has(format) || file === '') {
      throw new UsageError(`--output ${value}: write --output <format>:<file>, the format one of ${formats.join(', ')} (e.g. --output sarif:archlint.sarif)`);
    }
    const other = seen.get(path.resolve(cwd, file));
    if (other !== undefined) throw new UsageError(`--output ${other} and --output ${value} name the same file`);
    seen.set(path.resolve(cwd, file), value);
    return { format, file };
  });
}

/** Everything one run found: the reports by file (suppressed findings included) and the models. */
interface CheckRun {
  files: FileReport[];
  results: ModelResult[];
  configErrors: Diagnostic[];
  /** Every file the run read (models, imports, configuration), for --watch. */
  inputs: string[];
  /** The registries of the configurations used, by configuration ('' for none). */
  registries: Map<string, RuleRegistry>;
}

/** Checks the files the operands expanded to (`expanded`), each under its configuration. */
async function checkFiles(
  operands: readonly string[],
  expanded: readonly string[],
  resolver: ConfigResolver,
  host: ReturnType<typeof cachingHost>,
  io: Pick<Io, 'cwd' | 'stderr'>,
): Promise<CheckRun> {
  const explicit = new Set(operands.map((o) => path.resolve(io.cwd, o)));
  const files: string[] = [];
  for (const f of expanded) {
    const resolved = await resolver.resolve(f);
    if (!resolver.ignored(f, resolved)) files.push(f);
    else if (explicit.has(path.resolve(io.cwd, f))) io.stderr.write(`archlint: ${f} is ignored by ${resolved.file} and was not checked\n`);
  }
  const { parse, importsOf } = host;
  const roots = planModels(files, importsOf, io.cwd, (f) => host.host.readFile(f));
  const configErrors: Diagnostic[] = [];
  const reportedConfigs = new Set<string>();
  const results: ModelResult[] = [];
  const registries = new Map<string, RuleRegistry>();
  // The configurations used and the plugins they load: inputs too, for --watch.
  const configInputs: string[] = [];
  for (const { root, deployment } of roots) {
    const { file: configFile, diagnostics, registry, settings, config } = await resolver.resolve(root);
    if (configFile !== undefined) configInputs.push(configFile);
    // A plugin edited while watching is loaded again on the next check.
    if (config)
      pushAll(
        configInputs,
        config.pluginFiles.map((f) => path.relative(io.cwd, f) || f),
      );
    if (diagnostics.length > 0) {
      if (!reportedConfigs.has(configFile!)) pushAll(configErrors, diagnostics);
      reportedConfigs.add(configFile!);
      continue;
    }
    registries.set(configFile ?? '', registry);
    results.push(
      checkModel(root, {
        host: host.host,
        parse,
        rules: registry.all(),
        settings,
        ...(deployment ? { deployment, ...(config ? { importOptions: config.import } : {}) } : {}),
      }),
    );
  }

  // Group by file, in the order files were listed and then as imports appeared; drop duplicates
  // (a file imported by two roots is reported once).
  const byFile = new Map<string, FileReport>();
  const seen = new Set<string>();
  const entry = (file: string) => {
    let report = byFile.get(file);
    if (!report) byFile.set(file, (report = { file, diagnostics: [] }));
    return report;
  };
  for (const d of configErrors) entry(d.file).diagnostics.push(d);
  for (const f of files) entry(f);
  for (const result of results) {
    for (const f of result.files) entry(f);
    for (const d of result.diagnostics) {
      const k = `${d.file}\0${d.span.start.offset}\0${d.span.end.offset}\0${d.ruleId}\0${d.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      entry(d.file).diagnostics.push(d);
    }
  }
  // A suppression in a file shared by several models is stale only if no model used it.
  const used = new Set(results.flatMap((r) => [...r.usedSuppressions]));
  for (const report of byFile.values()) {
    report.diagnostics = report.diagnostics.filter((d) => d.ruleId !== 'unused-suppression' || !used.has(suppressionKey(d.file, d.span)));
    report.diagnostics.sort(compareDiagnostics);
  }
  return { files: [...byFile.values()], results, configErrors, inputs: [...new Set([...byFile.keys(), ...configInputs])], registries };
}

export interface LintOptions {
  /** The directory operands, configurations and reported paths are relative to. */
  cwd: string;
  /** A configuration to use instead of the nearest `archlint.config.json` of each file. */
  config?: string;
  /** Texts by absolute path that stand in for files; operands are then taken as they are, not expanded. */
  overlay?: ReadonlyMap<string, string>;
  /** What the command line would say on stderr about the run (a file ignored by its configuration). */
  warn?: (message: string) => void;
}

export interface LintRun {
  report: LintReport;
  /** The rule registries of the configurations used, for SARIF's description of the rules. */
  registries: RuleRegistry[];
  /** Whether some input could not be used (a syntax error, a bad configuration): `check` exits with 2. */
  invalid: boolean;
}

/**
 * What `archlint check <operands> --format json` does before it prints: the library's `check`.
 * Throws UsageError when an operand matches nothing.
 */
export async function lint(operands: readonly string[], options: LintOptions): Promise<LintRun> {
  const resolver = new ConfigResolver({ cwd: options.cwd, ...(options.config !== undefined ? { explicit: options.config } : {}) });
  const host = cachingHost(options.cwd, options.overlay);
  const expanded = options.overlay ? [...operands] : await expandOperands(operands, options.cwd);
  if (options.config !== undefined) {
    const { diagnostics } = await resolver.load(options.config);
    if (diagnostics.length > 0) {
      const files = groupByFile(diagnostics);
      return { report: { files, summary: summarize(files) }, registries: [builtinRegistry], invalid: true };
    }
  }
  const io = { cwd: options.cwd, stderr: { write: (text: string) => options.warn?.(text.replace(/^archlint: /, '').trimEnd()) } };
  const run = await checkFiles(operands, expanded, resolver, host, io);
  const invalid = run.configErrors.length > 0 || run.results.some((r) => r.status !== 'checked');
  return { report: { files: run.files, summary: summarize(run.files) }, registries: [...run.registries.values()], invalid };
}

/**
 * Prints the report in the main format and writes it in every `--output` format, through the
 * run's write gate (whose targets were checked before the run began). `stylishOnStderr` is for
 * runs stopped by a bad configuration or baseline, whose stylish report is an error message
 * rather than findings.
 */
function emit(
  report: LintReport,
  outputs: readonly OutputTarget[],
  gate: WriteGate,
  registries: Iterable<RuleRegistry>,
  flags: CheckFlags,
  io: Io,
  stylishOnStderr = false,
): void {
  // Only SARIF describes the tool and its rules: their pages are read only for it.
  const sarif = flags.format === 'sarif' || outputs.some((o) => o.format === 'sarif');
  const options: ReporterOptions = {
    cwd: io.cwd,
    root: repositoryRoot(io.cwd, io.env),
    color: false,
    includeSuppressed: flags.includeSuppressed === true,
    ...(sarif ? { tool: toolInfo(registries) } : {}),
  };
  for (const o of outputs) gate.write(o.file, reporters.get(o.format)!(report, options));
  const stream = stylishOnStderr && flags.format === 'stylish' ? io.stderr : io.stdout;
  const text = reporters.get(flags.format)!(report, { ...options, color: wantsColor({ ...io, stdout: stream }, flags.color) });
  stream.write(text);
  // A clean run says so to a person (stylish on a terminal, or asked with --verbose); what a
  // machine reads is unchanged, and a script's log stays quiet.
  if (text === '' && flags.format === 'stylish' && !stylishOnStderr && (flags.verbose === true || io.stdout.isTTY === true)) {
    const n = report.files.length;
    io.stdout.write(`${createColors(wantsColor(io, flags.color)).green('✔')} no problems in ${n} file${n === 1 ? '' : 's'}\n`);
  }
}

/** A run stopped by its own input (a configuration or baseline that cannot be used): exit 2. */
function stopped(
  diagnostics: Diagnostic[],
  outputs: readonly OutputTarget[],
  gate: WriteGate,
  inputs: string[],
  flags: CheckFlags,
  io: Io,
): { code: number; inputs: string[] } {
  const files = groupByFile(diagnostics);
  emit({ files, summary: summarize(files) }, outputs, gate, [builtinRegistry], flags, io, true);
  return { code: 2, inputs };
}

/** The valid models of a run with their diagrams (when a comment can draw them) and flows. */
function reportedModels(results: readonly ModelResult[]): ReportedModel[] {
  return results.flatMap((r) => {
    if (!r.model || r.status !== 'checked') return [];
    const model = r.model;
    const diagram = model.edges().length > MAX_DIAGRAM_EDGES ? undefined : renderDiagram(model, { findings: r.diagnostics.filter((d) => !d.suppressed) });
    return [{ file: r.root, model, findings: r.diagnostics, ...(diagram !== undefined ? { diagram } : {}), flows: evaluate(model).flows }];
  });
}

/** One check of the operands: prints and writes every report, and returns the exit code. */
async function checkOnce(
  operands: readonly string[],
  flags: CheckFlags,
  outputs: readonly OutputTarget[],
  io: Io,
): Promise<{ code: number; inputs: string[] }> {
  const resolver = resolverFor(flags, io);
  const host = cachingHost(io.cwd);
  const expanded = await expandOperands(operands, io.cwd);
  const baselineFile = flags.baseline ?? BASELINE_FILE;
  // Every file this run may write, checked against everything it reads before anything else
  // happens: no way the run stops can then write over an input.
  const gate = new WriteGate(io.cwd, () =>
    commandReads({
      cwd: io.cwd,
      files: expanded,
      importsOf: host.importsOf,
      resolver,
      ...(flags.config !== undefined ? { config: flags.config } : {}),
      ...(flags.baseline !== undefined && !flags.updateBaseline ? { baseline: flags.baseline } : {}),
    }),
  );
  const targets: WriteTarget[] = outputs.map((o) => ({ file: o.file, asked: `--output ${o.format}:${o.file}` }));
  if (flags.updateBaseline) targets.push({ file: baselineFile, asked: `the baseline ${baselineFile}` });
  await gate.plan(targets);
  if (flags.updateBaseline) {
    const refusal = checkBaselineTarget(baselineFile, io.cwd);
    if (refusal) throw new UsageError(refusal);
  }

  if (flags.config !== undefined) {
    const { diagnostics } = await resolver.load(flags.config);
    if (diagnostics.length > 0) return stopped(diagnostics, outputs, gate, [flags.config], flags, io);
  }
  const run = await checkFiles(operands, expanded, resolver, host, io);
  const invalid = run.configErrors.length > 0 || run.results.some((r) => r.status !== 'checked');
  let files = run.files;
  const inputs = [...run.inputs, ...(flags.baseline !== undefined || flags.updateBaseline ? [baselineFile] : [])];

  if (flags.updateBaseline) {
    if (invalid) {
      io.stderr.write('archlint: the baseline was not written: fix the errors above first (a baseline records rule findings, not invalid files)\n');
    } else {
      const { text, count } = baselineText(files, io.cwd);
      gate.write(baselineFile, text);
      io.stderr.write(`archlint: wrote ${count} finding${count === 1 ? '' : 's'} to ${baselineFile}\n`);
      // Every finding a baseline records is now known: what is left to report is what it does not record.
      files = files.map((f) => ({ file: f.file, diagnostics: f.diagnostics.filter((d) => !baselinable(d)) }));
    }
  } else if (flags.baseline !== undefined) {
    const { baseline, diagnostics } = loadBaseline(flags.baseline, io.cwd);
    if (!baseline) return stopped(diagnostics, outputs, gate, inputs, flags, io);
    const outcome = applyBaseline(files, baseline, io.cwd);
    files = outcome.files;
    if (outcome.stale.length > 0) files = [...files, { file: baseline.file, diagnostics: outcome.stale }];
    const stale = outcome.stale.length;
    io.stderr.write(
      `archlint: ${outcome.matched} known finding${outcome.matched === 1 ? '' : 's'} matched the baseline ${baseline.file}` +
        (stale > 0 ? `; ${stale} entr${stale === 1 ? 'y' : 'ies'} no longer match (listed as warnings)` : '') +
        '\n',
    );
  }
  if (flags.quiet) files = files.map((f) => ({ file: f.file, diagnostics: f.diagnostics.filter((d) => d.severity === 'error') }));

  const summary = summarize(files);
  // Only the markdown report shows the models: their diagrams and flows are worked out for it alone.
  const showsModels = flags.format === 'markdown' || outputs.some((o) => o.format === 'markdown');
  const models = showsModels ? reportedModels(run.results) : [];
  emit({ files, summary, models }, outputs, gate, run.registries.values(), flags, io);

  if (invalid) return { code: 2, inputs };
  if (summary.errors > 0) return { code: 1, inputs };
  if (flags.maxWarnings !== undefined && summary.warnings > flags.maxWarnings) {
    io.stderr.write(`archlint found ${summary.warnings} warnings (more than --max-warnings ${flags.maxWarnings}).\n`);
    return { code: 1, inputs };
  }
  return { code: 0, inputs };
}

export async function runCheck(operands: string[], flags: CheckFlags, io: Io): Promise<number> {
  const outputs = parseOutputs(flags.output, io.cwd);
  if (flags.printConfig !== undefined) {
    return printConfig(flags.printConfig, resolverFor(flags, io), flags, io);
  }
  if (operands.length === 0) throw new UsageError('check needs files, directories or globs to check (or --print-config <file>)');
  if (flags.updateBaseline && flags.watch) throw new UsageError('--update-baseline writes the baseline once; run it without --watch');
  if (!flags.watch) return (await checkOnce(operands, flags, outputs, io)).code;
  return watch(
    operands,
    io,
    () => checkOnce(operands, flags, outputs, io),
    outputs.map((o) => o.file),
  );
}
