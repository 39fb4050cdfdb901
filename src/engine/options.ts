/**
 * A rule's options: validated against its `meta.schema` and merged over a copy of its
 * `defaultOptions`, by one pure function that configuration files, `--rule`, plugins, policies
 * and library callers all go through.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Rule } from './rule.js';

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** An ajv set up as archlint validates every schema it meets (all errors, the standard formats such as `regex`). */
export function createAjv(options: { verbose?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, ...options });
  addFormats(ajv);
  return ajv;
}

let ajv: Ajv | undefined;
/** Compiled option schemas, by schema object: compiling is the slow part, and a schema never changes. */
const compiled = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export type ResolvedOptions<O> = { ok: true; options: O } | { ok: false; errors: ErrorObject[] };

/**
 * The options a rule runs with: `given` (an object, or undefined for none) checked against the
 * rule's schema, then merged over a copy of its defaults, key by key (a given list replaces the
 * default list). The defaults are copied, so a rule that changes its options changes nothing for
 * the next run.
 */
export function resolveOptions<O>(rule: Pick<Rule<string, O>, 'meta'>, given: unknown): ResolvedOptions<O> {
  const defaults = structuredClone(rule.meta.defaultOptions);
  if (given === undefined) return { ok: true, options: defaults };
  const validate = validatorOf(rule.meta.schema);
  if (!validate(given)) return { ok: false, errors: validate.errors ?? [] };
  return { ok: true, options: { ...defaults, ...(given as object) } };
}

/** ajv's errors in one line: `/utilization must be <= 1`. */
export function describeOptionErrors(errors: readonly ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || 'the options'} ${e.message ?? 'is not valid'}`).join('; ');
}
