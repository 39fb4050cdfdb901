/**
 * `archlint eval`: latency, availability and capacity of every flow and tier; `--fail` for
 * what-if; `--print-defaults`. Files, directories and globs are expanded as `check` expands them,
 * and a file another listed file imports is evaluated as part of that model.
 */
import { closest } from '../../grammar/suggest.js';
import type { Diagnostic } from '../diagnostics.js';
import { ConfigResolver } from '../config/resolver.js';
import { checkModel } from '../engine/pipeline.js';
import { UsageError } from '../errors.js';
import { evaluate, parseFailure, type Evaluation } from '../evaluate/evaluate.js';
import { figuresFor } from '../evaluate/figures.js';
import { planModels } from '../import/index.js';
import type { Model } from '../model/model.js';
import { simulate } from '../evaluate/simulate.js';
import { evalJson, evalText, figuresJson, figuresText, simulationJson, simulationText } from '../report/eval.js';
import { expandOperands } from './files.js';
import { cachingHost } from './host.js';
import type { Io } from './io.js';
import { printErrors } from './print.js';

export interface EvalFlags {
  format: 'text' | 'json';
  fail: string[];
  printDefaults?: boolean;
  color?: boolean;
  simulate?: boolean;
  requests?: number;
  seed?: number;
}

/** The models of the operands, each root with its model; files with errors are printed and left out. */
async function validModels(
  operands: readonly string[],
  io: Io,
  color: boolean | undefined,
): Promise<{ models: { file: string; model: Model }[]; invalid: boolean; roots: number }> {
  const { host, parse, importsOf } = cachingHost(io.cwd);
  const roots = planModels(await expandOperands(operands, io.cwd), importsOf, io.cwd, (f) => host.readFile(f));
  const models: { file: string; model: Model }[] = [];
  let invalid = false;
  const resolver = new ConfigResolver({ cwd: io.cwd });
  for (const { root: file, deployment } of roots) {
    // A deployment maps as its configuration says (`import`); a broken configuration is check's to report.
    const importOptions = deployment ? (await resolver.resolve(file)).config?.import : undefined;
    const result = checkModel(file, { host, parse, rules: [], ...(deployment ? { deployment, ...(importOptions ? { importOptions } : {}) } : {}) });
    const errors: Diagnostic[] = result.diagnostics.filter((d) => d.severity === 'error');
    if (result.model && errors.length === 0) models.push({ file, model: result.model });
    else {
      printErrors(errors, io, color);
      invalid = true;
    }
  }
  return { models, invalid, roots: roots.length };
}

/** Every `--fail` target must name N ≥ 1 instances, a component, region or host, or a zone of a region, of some model. */
function checkFailures(targets: readonly string[], models: readonly { file: string; model: Model }[]): void {
  const names = new Set(
    models.flatMap(({ model }) => [...model.components().map((c) => c.name), ...model.regions().map((r) => r.name), ...model.hosts().keys()]),
  );
  for (const target of targets) {
    const { name, instances, zone } = parseFailure(target);
    if (zone !== undefined) {
      const regions = models.flatMap(({ model }) => model.regions().filter((r) => r.name === name));
      if (regions.length === 0) {
        const near = closest(name, new Set(models.flatMap(({ model }) => model.regions().map((r) => r.name))));
        throw new UsageError(`--fail ${target}: no region \`${name}\`${near ? `; did you mean \`${near}\`?` : ''} (a zone is written region/zone)`);
      }
      const zones = [...new Set(regions.flatMap((r) => r.zones ?? []))];
      if (!zones.includes(zone)) {
        const near = closest(zone, new Set(zones));
        throw new UsageError(
          zones.length === 0
            ? `--fail ${target}: region \`${name}\` declares no zones (\`zones: [a, b, c]\` in its body)`
            : `--fail ${target}: region \`${name}\` has no zone \`${zone}\` (its zones: ${zones.join(', ')})${near ? `; did you mean \`${name}/${near}\`?` : ''}`,
        );
      }
      continue;
    }
    if (instances !== undefined && (instances < 1 || !models.some(({ model }) => model.component(name)))) {
      throw new UsageError(`--fail ${target}: write name:N with N ≥ 1 instances of a component`);
    }
    if (!names.has(name)) {
      const near = closest(name, names);
      const where = models.length === 1 ? models[0]!.file : `any of the ${models.length} models`;
      throw new UsageError(`--fail ${name}: no component, region or host \`${name}\` in ${where}${near ? `; did you mean \`${near}\`?` : ''}`);
    }
  }
}

/** `archlint eval <paths…>`: latency, availability and capacity of each model; `--fail` for what-if. */
export async function runEval(operands: readonly string[], flags: EvalFlags, io: Io): Promise<number> {
  if (flags.printDefaults) {
    if (operands.length > 1) throw new UsageError('--print-defaults prints the figures of one model at most: name one file');
    let figures;
    if (operands.length === 1) {
      const { models, invalid } = await validModels(operands, io, flags.color);
      if (invalid || models.length === 0) return 2;
      figures = figuresFor(models[0]!.model);
    }
    io.stdout.write(flags.format === 'json' ? `${JSON.stringify(figuresJson(figures), null, 2)}\n` : figuresText(figures));
    return 0;
  }
  if (operands.length === 0) throw new UsageError('eval needs files, directories or globs to evaluate (or --print-defaults)');
  const { models, invalid, roots } = await validModels(operands, io, flags.color);
  if (models.length > 0) checkFailures(flags.fail, models);
  if (flags.simulate) {
    const progress =
      io.stderr.isTTY === true ? (done: number, total: number) => io.stderr.write(`\rarchlint: simulated ${Math.round((100 * done) / total)}%`) : undefined;
    const runs = models.map(({ file, model }) => {
      const simulation = simulate(model, {
        fail: flags.fail,
        ...(flags.requests !== undefined ? { requests: flags.requests } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(progress ? { progress } : {}),
      });
      if (progress) io.stderr.write('\r\x1b[K');
      return { file, simulation };
    });
    if (flags.format === 'json') {
      const json = runs.map(({ file, simulation }) => simulationJson(simulation, file));
      if (json.length > 0) io.stdout.write(`${JSON.stringify(roots === 1 ? json[0] : json, null, 2)}\n`);
    } else io.stdout.write(runs.map(({ file, simulation }) => simulationText(simulation, file)).join('\n'));
    return invalid ? 2 : 0;
  }
  // A model without a target of --fail is evaluated without it (a name no model has was refused above).
  const evaluations: { file: string; evaluation: Evaluation }[] = models.map(({ file, model }) => ({
    file,
    evaluation: evaluate(model, { fail: flags.fail }),
  }));
  if (flags.format === 'json') {
    const json = evaluations.map(({ file, evaluation }) => evalJson(evaluation, file));
    // One model: its object; several: a list of them, in the order the files were given.
    if (json.length > 0) io.stdout.write(`${JSON.stringify(roots === 1 ? json[0] : json, null, 2)}\n`);
  } else {
    io.stdout.write(evaluations.map(({ file, evaluation }) => evalText(evaluation, file)).join('\n'));
  }
  return invalid ? 2 : 0;
}
