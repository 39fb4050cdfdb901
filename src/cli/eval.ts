/** `archlint eval`: latency, availability and capacity of every flow and tier; `--fail` for what-if; `--print-defaults`. */
import { closest } from '../../grammar/suggest.js';
import type { Diagnostic } from '../diagnostics.js';
import { checkModel } from '../engine/pipeline.js';
import { UsageError } from '../errors.js';
import { evaluate, parseFailure } from '../evaluate/evaluate.js';
import { figuresFor } from '../evaluate/figures.js';
import { nodeHost } from '../model/load.js';
import type { Model } from '../model/model.js';
import { evalJson, evalText, figuresJson, figuresText } from '../report/eval.js';
import { expandOperands } from './files.js';
import type { Io } from './io.js';
import { printErrors } from './print.js';

/** One file's model, or `undefined` after printing its syntax and meaning errors to stderr. */
async function validModel(file: string, io: Io, color: boolean | undefined): Promise<Model | undefined> {
  const [only] = await expandOperands([file], io.cwd);
  const result = checkModel(only!, { host: nodeHost(io.cwd), rules: [] });
  const errors: Diagnostic[] = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.model && errors.length === 0) return result.model;
  printErrors(errors, io, color);
  return undefined;
}

export interface EvalFlags {
  format: 'text' | 'json';
  fail: string[];
  printDefaults?: boolean;
  color?: boolean;
}

/** `archlint eval <file>`: latency, availability and capacity; `--fail` for what-if. */
export async function runEval(file: string | undefined, flags: EvalFlags, io: Io): Promise<number> {
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
