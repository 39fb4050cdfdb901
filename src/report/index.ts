/** Reporters by format name. */
import { compact } from './compact.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: ReadonlyMap<string, Reporter> = new Map([
  ['stylish', stylish],
  ['compact', compact],
  ['json', json],
  ['markdown', markdown],
  ['sarif', sarif],
  ['github', github],
  ['gitlab', gitlab],
  ['junit', junit],
]);

export type { FileReport, LintReport, Reporter, ReporterOptions, Summary } from './types.js';
export { summarize } from './types.js';
