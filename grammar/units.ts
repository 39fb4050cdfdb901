/** The units a number may carry (LANGUAGE.md §2) and what they multiply by. */
import type { Quantity } from './ast.js';

export interface UnitInfo {
  quantity: Exclude<Quantity, 'plain'>;
  /** Multiplier to the normalised magnitude (counts: 1, durations: milliseconds, sizes: bytes). */
  factor: number;
}

export const units: ReadonlyMap<string, UnitInfo> = new Map(
  Object.entries({
    k: { quantity: 'count', factor: 1e3 },
    M: { quantity: 'count', factor: 1e6 },
    B: { quantity: 'count', factor: 1e9 },
    '%': { quantity: 'percent', factor: 1 },
    ns: { quantity: 'duration', factor: 1e-6 },
    us: { quantity: 'duration', factor: 1e-3 },
    µs: { quantity: 'duration', factor: 1e-3 },
    μs: { quantity: 'duration', factor: 1e-3 },
    ms: { quantity: 'duration', factor: 1 },
    s: { quantity: 'duration', factor: 1e3 },
    m: { quantity: 'duration', factor: 60e3 },
    h: { quantity: 'duration', factor: 3600e3 },
    d: { quantity: 'duration', factor: 86400e3 },
    KB: { quantity: 'size', factor: 1024 },
    MB: { quantity: 'size', factor: 1024 ** 2 },
    GB: { quantity: 'size', factor: 1024 ** 3 },
    TB: { quantity: 'size', factor: 1024 ** 4 },
  } satisfies Record<string, UnitInfo>),
);

/** Common ways of writing a unit that are not the language's, with the one meant. */
export const unitAliases: ReadonlyMap<string, string> = new Map(
  Object.entries({
    K: 'k',
    kb: 'KB',
    Kb: 'KB',
    mb: 'MB',
    gb: 'GB',
    tb: 'TB',
    sec: 's',
    secs: 's',
    second: 's',
    seconds: 's',
    min: 'm',
    mins: 'm',
    minute: 'm',
    minutes: 'm',
    hr: 'h',
    hour: 'h',
    hours: 'h',
    day: 'd',
    days: 'd',
    msec: 'ms',
    millis: 'ms',
    usec: 'us',
    nsec: 'ns',
    bn: 'B',
  }),
);

/** Units by quantity, for messages ("a duration such as `30m`"). */
export const unitExamples: Readonly<Record<Quantity, string>> = Object.freeze({
  plain: '`3`',
  count: '`20k` or `1.5M`',
  percent: '`90%`',
  duration: '`30m`, `0.5ms` or `1d`',
  size: '`64KB` or `2GB`',
});

export const quantityNames: Readonly<Record<Quantity, string>> = Object.freeze({
  plain: 'a plain number',
  count: 'a count',
  percent: 'a percentage',
  duration: 'a duration',
  size: 'a size',
});
