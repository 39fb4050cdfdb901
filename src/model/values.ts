/**
 * Checks one written value against its `ValueSpec` and converts it to the model's units
 * (ratios 0..1, milliseconds, bytes). Returns the value or a message saying what was expected.
 */
import type { NumberValue, Value } from '../../grammar/ast.js';
import { closest, quoteText } from '../../grammar/suggest.js';
import { unitExamples } from '../../grammar/units.js';
import type { AttributeValue, ValueSpec } from './attribute-spec.js';
import { plainNumber as formatNumber } from '../text/format.js';

export type Coerced =
  | { ok: true; value: AttributeValue }
  /** `ref` marks a name to resolve once every component is declared. */
  | { ok: true; value: string; ref: true }
  | { ok: false; message: string };

const fail = (message: string): Coerced => ({ ok: false, message });
const ok = (value: AttributeValue): Coerced => ({ ok: true, value });

function describe(value: Value): string {
  switch (value.type) {
    case 'string':
      return `the string "${quoteText(value.value)}"`;
    case 'number':
      return `\`${quoteText(value.raw, 24)}\``;
    case 'range':
      return `the range \`${value.low.raw}..${value.high.raw}\``;
    case 'word':
      return `\`${value.value}\``;
    case 'list':
      return 'a list';
    case 'flag':
      return 'no value';
  }
}

function checkBounds(
  name: string,
  n: number,
  raw: string,
  spec: { min: number; max: number; exclusiveMin?: boolean },
  shown: (n: number) => string,
): Coerced | undefined {
  if (!Number.isFinite(n)) return fail(`\`${name}\` is too large: \`${quoteText(raw, 24)}\``);
  if (spec.exclusiveMin ? n <= spec.min : n < spec.min) {
    return fail(`\`${name}\` must be ${spec.exclusiveMin ? 'greater than' : 'at least'} ${shown(spec.min)}, not \`${raw}\``);
  }
  if (n > spec.max) return fail(`\`${name}\` must be at most ${shown(spec.max)}, not \`${raw}\``);
  return undefined;
}

function wrongQuantity(name: string, value: NumberValue, expected: 'count' | 'percent' | 'duration' | 'size'): Coerced {
  const what = { count: 'a count such as', percent: 'a percentage such as', duration: 'a duration such as', size: 'a size such as' }[expected];
  let hint = '';
  if (expected === 'percent' && value.quantity === 'plain' && value.value > 0 && value.value <= 1) {
    hint = `; write \`${formatNumber(value.value * 100)}%\` for ${value.raw}`;
  } else if (expected === 'duration' && value.quantity === 'plain') {
    hint = '; add a unit (ns, us, ms, s, m, h, d)';
  }
  return fail(`\`${name}\` takes ${what} ${unitExamples[expected]}, not ${describe(value)}${hint}`);
}

export function coerce(name: string, spec: ValueSpec, value: Value): Coerced {
  switch (spec.type) {
    case 'bool':
      if (value.type === 'flag') return ok(true);
      if (value.type === 'word' && (value.value === 'true' || value.value === 'false')) return ok(value.value === 'true');
      return fail(`\`${name}\` is a flag: write \`${name}\`, \`${name}: true\` or \`${name}: false\`, not ${describe(value)}`);

    case 'int':
    case 'count': {
      if (value.type !== 'number' || (value.quantity !== 'plain' && value.quantity !== 'count')) {
        if (value.type === 'number') return wrongQuantity(name, value, 'count');
        return fail(`\`${name}\` takes a number such as \`3\`${spec.type === 'count' ? ' or `20k`' : ''}, not ${describe(value)}`);
      }
      if (spec.type === 'int' && !Number.isInteger(value.value)) {
        return fail(`\`${name}\` takes a whole number, not \`${value.raw}\``);
      }
      return checkBounds(name, value.value, value.raw, spec, formatNumber) ?? ok(value.value);
    }

    case 'percent': {
      if (value.type !== 'number' || value.quantity !== 'percent') {
        if (value.type === 'number') return wrongQuantity(name, value, 'percent');
        return fail(`\`${name}\` takes a percentage such as \`90%\`, not ${describe(value)}`);
      }
      return checkBounds(name, value.value, value.raw, spec, (n) => `${formatNumber(n)}%`) ?? ok(value.value / 100);
    }

    case 'duration':
    case 'size': {
      if (value.type !== 'number' || value.quantity !== spec.type) {
        if (value.type === 'number') return wrongQuantity(name, value, spec.type);
        return fail(`\`${name}\` takes ${spec.type === 'duration' ? 'a duration' : 'a size'} such as ${unitExamples[spec.type]}, not ${describe(value)}`);
      }
      const unit = spec.type === 'duration' ? 'ms' : ' bytes';
      return checkBounds(name, value.value, value.raw, spec, (n) => `${formatNumber(n)}${unit}`) ?? ok(value.value);
    }

    case 'enum':
    case 'enum-or-ref': {
      const word = value.type === 'word' ? value.value : value.type === 'string' ? value.value : undefined;
      if (word === undefined) {
        if (spec.values.length === 0) return fail(`\`${name}\` takes a component name, not ${describe(value)}`);
        return fail(
          `\`${name}\` takes one of ${spec.values.map((v) => `\`${v}\``).join(', ')}${spec.type === 'enum-or-ref' ? ' or a component name' : ''}, not ${describe(value)}`,
        );
      }
      if (spec.values.includes(word)) return ok(word);
      if (spec.type === 'enum-or-ref') return { ok: true, value: word, ref: true };
      const near = closest(word, spec.values);
      return fail(`\`${name}\` takes one of ${spec.values.map((v) => `\`${v}\``).join(', ')}, not \`${word}\`${near ? `; did you mean \`${near}\`?` : ''}`);
    }

    case 'word':
      if (value.type === 'word' || value.type === 'string') return ok(value.value);
      return fail(`\`${name}\` takes a name such as \`user_id\` or a string, not ${describe(value)}`);

    case 'string':
      if (value.type === 'string') return ok(value.value);
      if (value.type === 'word') return fail(`\`${name}\` takes a string: write \`"${value.value}"\``);
      return fail(`\`${name}\` takes a string such as \`"text"\`, not ${describe(value)}`);

    case 'range': {
      if (value.type !== 'range') return fail(`\`${name}\` takes a range such as \`2..20\`, not ${describe(value)}`);
      const { low, high } = value;
      for (const end of [low, high]) {
        if (end.quantity !== 'plain' && end.quantity !== 'count')
          return fail(`\`${name}\` takes a range of whole numbers such as \`2..20\`, not \`${end.raw}\``);
        if (!Number.isInteger(end.value)) return fail(`\`${name}\` takes a range of whole numbers, not \`${end.raw}\``);
        const bad = checkBounds(name, end.value, end.raw, spec, formatNumber);
        if (bad) return bad;
      }
      if (low.value > high.value) {
        return fail(`\`${name}\`: the low end of \`${low.raw}..${high.raw}\` is above the high end; write \`${high.raw}..${low.raw}\``);
      }
      return ok({ min: low.value, max: high.value });
    }

    case 'list': {
      if (value.type !== 'list') return fail(`\`${name}\` takes a list such as \`[a, b]\`, not ${describe(value)}`);
      const items: string[] = [];
      for (const item of value.items) {
        if (item.type !== 'word' && item.type !== 'string') return fail(`\`${name}\` takes a list of names or strings, not one holding ${describe(item)}`);
        items.push(item.value);
      }
      return ok(items);
    }
  }
}
