/**
 * `archlint render`: each model's diagram, with the findings of its configuration's rules marked,
 * printed as Mermaid text or written as .mmd, .md, .svg or .png files.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { ConfigResolver } from '../config/resolver.js';
import { checkModel } from '../engine/pipeline.js';
import { UsageError } from '../errors.js';
import { WriteGate } from '../io/gate.js';
import { evaluate } from '../evaluate/evaluate.js';
import { planModels } from '../import/index.js';
import { formatOf, needsBrowser, outputFormats, type OutputFormat } from '../render/formats.js';
import { markdownDocument } from '../render/markdown-document.js';
import { architectureRemoved, renderDiagram, selectComponents, type Direction, type Layout, type LinkClass } from '../render/mermaid.js';
import type { Model } from '../model/model.js';
import { closest } from '../../grammar/suggest.js';
import { writeOutputs, type OutputJob } from '../render/output.js';
import { expandOperands } from './files.js';
import { cachingHost } from './host.js';
import type { Io } from './io.js';
import { printErrors } from './print.js';
import { commandReads } from './reads.js';

export interface RenderFlags {
  output?: string;
  to?: OutputFormat;
  direction: Direction;
  diagram?: 'flowchart' | 'architecture';
  layout?: Layout;
  withEval?: boolean;
  color?: boolean;
  hide?: LinkClass[];
  focus?: string;
  hops?: number;
  region?: string;
  suppressed?: boolean;
}

/** The components `--focus`/`--hops`/`--region` ask for, or undefined for all; a name the model does not have is a usage error. */
function selection(model: Model, flags: RenderFlags, file: string): Set<string> | undefined {
  if (flags.hops !== undefined && flags.focus === undefined) throw new UsageError('render: --hops goes with --focus <component>');
  if (flags.focus === undefined && flags.region === undefined) return undefined;
  if (flags.focus !== undefined && !model.component(flags.focus)) {
    const near = closest(
      flags.focus,
      model.components().map((c) => c.name),
    );
    throw new UsageError(`render: ${file} has no component \`${flags.focus}\`${near ? `; did you mean \`${near}\`?` : ''}`);
  }
  if (flags.region !== undefined && !model.region(flags.region)) {
    const near = closest(
      flags.region,
      model.regions().map((r) => r.name),
    );
    throw new UsageError(`render: ${file} has no region \`${flags.region}\`${near ? `; did you mean \`${near}\`?` : ''}`);
  }
  return selectComponents(model, {
    ...(flags.focus !== undefined ? { focus: flags.focus } : {}),
    ...(flags.hops !== undefined ? { hops: flags.hops } : {}),
    ...(flags.region !== undefined ? { region: flags.region } : {}),
  });
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
  if (format === undefined)
    throw new UsageError(
      `cannot tell what to write to ${out}: name the output ${formats.replace(/, (?=[^,]*$)/, ' or ')} (or, with several files, a directory)`,
    );
  if (flags.to !== undefined && flags.to !== format) throw new UsageError(`--to ${flags.to} does not match the output file ${out} (a .${format} file)`);
  return { format, output: () => out };
}

/**
 * `archlint render`: each model's diagram, with its findings (default rules) marked. Printed as
 * Mermaid text without `-o`; written as .mmd, .md, .svg or .png files with it. Findings do not
 * change the exit code; an invalid model does (2), and then nothing is written.
 */
export async function runRender(operands: string[], flags: RenderFlags, io: Io): Promise<number> {
  if (flags.diagram === 'architecture') throw new UsageError(`render: ${architectureRemoved}`);
  // As in check, a file that another listed file imports is drawn as part of that model.
  const { host, parse, importsOf } = cachingHost(io.cwd);
  const expanded = await expandOperands(operands, io.cwd);
  const plans = planModels(expanded, importsOf, io.cwd, (f) => host.readFile(f));
  const files = plans.map((p) => p.root);
  const deployments = new Map(plans.flatMap((p) => (p.deployment ? [[p.root, p.deployment] as const] : [])));
  // Several files, or a directory of them: -o names a directory.
  const several =
    expanded.length > 1 ||
    operands.some((o) => {
      try {
        return statSync(path.resolve(io.cwd, o)).isDirectory();
      } catch {
        return false;
      }
    });
  const target = renderTargets(files, several, flags, io);
  // Findings as `check` would report them: the configuration that governs each file applies.
  const resolver = new ConfigResolver({ cwd: io.cwd });
  // Every output, checked against every file read before anything is drawn.
  const gate = new WriteGate(io.cwd, () => commandReads({ cwd: io.cwd, files: expanded, importsOf, resolver }));
  const output = target.output;
  if (output) await gate.plan(files.map((file) => ({ file: output(file), asked: `the diagram of ${file}` })));
  const jobs: OutputJob[] = [];
  let invalid = false;
  for (const file of files) {
    const { diagnostics, registry, settings, config } = await resolver.resolve(file);
    if (diagnostics.length > 0) {
      printErrors(diagnostics, io, flags.color);
      invalid = true;
      continue;
    }
    const deployment = deployments.get(file);
    const result = checkModel(file, {
      host,
      parse,
      rules: registry.all(),
      settings,
      ...(deployment ? { deployment, ...(config ? { importOptions: config.import } : {}) } : {}),
    });
    const errors = result.status === 'invalid' ? result.diagnostics.filter((d) => d.severity === 'error') : [];
    if (!result.model || errors.length > 0) {
      printErrors(errors, io, flags.color);
      invalid = true;
      continue;
    }
    const model = result.model;
    const findings = result.diagnostics.filter((d) => !d.suppressed);
    const only = selection(model, flags, file);
    // The figures on the tiers (--with-eval), and the HTML report's tables and panel.
    const evaluation = flags.withEval || target.format === 'html' ? evaluate(model) : undefined;
    const diagram = renderDiagram(model, {
      direction: flags.direction,
      ...(flags.layout ? { layout: flags.layout } : {}),
      // Suppressed findings are left off the picture unless asked for (--suppressed).
      findings: flags.suppressed ? result.diagnostics : findings,
      ...(flags.suppressed ? { withSuppressed: true } : {}),
      ...(flags.withEval && evaluation ? { evaluation } : {}),
      ...(flags.hide ? { hide: flags.hide } : {}),
      ...(only ? { only } : {}),
    });
    jobs.push({ input: file, output: output?.(file) ?? '-', format: target.format, model, diagram, findings, ...(evaluation ? { evaluation } : {}) });
  }
  if (invalid) return 2;
  if (!output) {
    const [job] = jobs;
    io.stdout.write(job!.format === 'md' ? markdownDocument(job!, io.cwd, io.cwd) : job!.diagram);
    return 0;
  }
  const debug = io.env.ARCHLINT_DEBUG ? (message: string) => io.stderr.write(`archlint: debug: ${message}\n`) : undefined;
  const note = (message: string) => io.stderr.write(`archlint: note: ${message}\n`);
  await writeOutputs(jobs, { cwd: io.cwd, gate, env: io.env, note, ...(debug ? { debug } : {}) });
  return 0;
}
