/**
 * How archlint writes numbers: every formatter in one place, each for one kind of place a number
 * appears. The style, in short (docs/architecture.md has the full table):
 *
 * - **In sentences** (rule messages, notes): as many decimals as the magnitude calls for and no
 *   trailing zeros, thousands grouped with commas, the unit after a space: `212 ms`, `9.2 ms`,
 *   `0.46 ms`, `2.34 s`, `4,800`, `99.95%`. Where a figure is compared with a limit, it gets just
 *   enough extra decimals not to read as equal to the limit (`percentAbove`, `percentBelow`,
 *   `durationAbove`).
 * - **In tables and diagram labels** (`archlint eval`, `--with-eval`): a fixed number of decimals
 *   per magnitude, so that columns line up: `12.3`, `0.46`, `9.0 ms`.
 * - **As the language writes them** (defaults and examples in the docs, hover and messages that
 *   show what to write): a unit glued to the number, the largest unit that keeps it short:
 *   `500us`, `2s`, `5m`, `20k`, `1.5M`.
 *
 * All of them use `en-US` digits, whatever the machine's locale, so output is the same everywhere.
 */

/** Thousands grouped, exactly `digits` decimals: `4,800`, `12.0`. */
export function grouped(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Thousands grouped, at most `digits` decimals, trailing zeros dropped: `4,800`, `12.5`. */
function upTo(n: number, digits: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A number as a message quotes a bound or a value: whole numbers as they are, others to 6 significant digits. */
export function plainNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

// ---------------------------------------------------------------------------------------------
// In sentences

/** Requests per second: `4,800`, `90`, `7.2`, `0.5`. */
export function rate(rps: number): string {
  return upTo(rps, rps >= 100 ? 0 : rps >= 10 ? 1 : 2);
}

/** A fraction as a percentage with at most `digits` decimals: 0.9995 → `99.95%`, 0.8 → `80%`. */
export function percent(fraction: number, digits = 4): string {
  return `${Number((fraction * 100).toFixed(digits))}%`;
}

/**
 * A fraction above `limit` (both 0..1) as a percentage: whole when that shows it is above the
 * limit (`90%` over 80%), else with up to three decimals (`80.02%`), grouped (`1,600%`).
 */
export function percentAbove(fraction: number, limit: number): string {
  const value = fraction * 100;
  for (let digits = 0; digits < 3; digits++) {
    const shown = Number(value.toFixed(digits));
    if (shown > limit * 100) return `${upTo(shown, digits)}%`;
  }
  return `${upTo(Number(value.toFixed(3)), 3)}%`;
}

/** A fraction below `limit` as a percentage: four decimals at least (`99.8501%`), more while it would not read as below. */
export function percentBelow(fraction: number, limit: number): string {
  const shownLimit = Number((limit * 100).toFixed(8));
  for (let digits = 4; digits < 8; digits++) {
    if (Number((fraction * 100).toFixed(digits)) < shownLimit) return percent(fraction, digits);
  }
  return percent(fraction, 8);
}

/** Milliseconds: `212 ms`, `9.2 ms`, `0.46 ms`, `2.34 s`; `extra` decimals more when asked. */
export function duration(ms: number, extra = 0): string {
  if (ms >= 1000) return `${upTo(Number((ms / 1000).toFixed(2 + extra)), 2 + extra)} s`;
  const digits = (ms >= 10 ? 0 : ms >= 1 ? 1 : 2) + extra;
  return `${upTo(Number(ms.toFixed(digits)), digits)} ms`;
}

/** A duration above `limit`, with enough decimals that it does not read as equal to the limit. */
export function durationAbove(ms: number, limit: number): string {
  const shownLimit = duration(limit);
  for (let extra = 0; extra < 4; extra++) {
    const shown = duration(ms, extra);
    if (shown !== shownLimit) return shown;
  }
  return duration(ms, 4);
}

/** A large count in short: `10M`, `1.5M`, `250k`, `900`, `2B`. */
export function shortCount(n: number): string {
  for (const [size, unit] of [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const)
    if (n >= size) return `${Number((n / size).toFixed(2))}${unit}`;
  return String(n);
}

// ---------------------------------------------------------------------------------------------
// In tables and diagram labels

/** Milliseconds in a table column, no unit: `1,234`, `12.3`, `0.46`, `0.0012`, `<0.001`, `—` for none. */
export function tableMs(value: number | null): string {
  if (value === null) return '—';
  if (value > 0 && value < 0.001) return '<0.001';
  if (value >= 100) return grouped(value);
  if (value >= 10) return value.toFixed(1);
  if (value >= 0.1) return value.toFixed(2);
  return value === 0 ? '0' : value.toPrecision(2);
}

/** Availability as a fraction: six decimals, more when the nines need them (`0.999999`, `0.99999912`). */
export function availabilityFraction(a: number): string {
  if (a === 0) return '0';
  const digits = a >= 1 ? 6 : Math.min(10, Math.max(6, Math.ceil(-Math.log10(1 - a)) + 2));
  return a.toFixed(digits);
}

/** Milliseconds in a diagram label: `1,234 ms`, `12 ms`, `9.0 ms`. */
export function labelMs(ms: number): string {
  return ms >= 100 ? `${grouped(Math.round(ms))} ms` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

/** A fraction as a whole percentage: `83%`. */
export function wholePercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** An evaluator figure with its unit, as `eval --print-defaults` and the figures table show it: `500 µs`, `20,000 rps`, `99.95%`. */
export function figureText(unit: 'ms' | 'rps' | 'fraction', value: number): string {
  if (unit === 'ms') {
    if (value === 0 || value >= 1) return `${grouped(value, value % 1 ? 1 : 0)} ms`;
    return value >= 0.001 ? `${grouped(value * 1000, 0)} µs` : `${grouped(value * 1e6, 0)} ns`;
  }
  if (unit === 'rps') return `${grouped(value)} rps`;
  return percent(value, 4);
}

// ---------------------------------------------------------------------------------------------
// As the language writes them

/** A duration as an .arch literal: `0ms`, `100ns`, `500us`, `1ms`, `800ms`, `1.5s`, `5m`, `2h`. */
export function durationLiteral(ms: number): string {
  if (ms === 0) return '0ms';
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(3))}s`;
  if (ms < 0.001) return `${Number((ms * 1e6).toPrecision(3))}ns`;
  if (ms < 1) return `${Number((ms * 1e3).toPrecision(3))}us`;
  return `${Number(ms.toPrecision(4))}ms`;
}

/** A count as an .arch literal: `1M`, `20k`, `5.5k`, `750`. */
export function countLiteral(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
