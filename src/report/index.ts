/** Reporters by format name. */
import { compact } from './compact.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: ReadonlyMap<string, Reporter> = new Map([
  ['stylish', stylish],
  ['compact', compact],
  ['json', json],
  ['markdown', markdown],
]);

export type { FileReport, LintReport, Reporter, ReporterOptions, Summary } from './types.js';
export { summarize } from './types.js';
