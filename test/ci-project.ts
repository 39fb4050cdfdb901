/** The project the CI tests (ci-*.test.ts) run `check` on: the chapter's first step as m.arch. */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './cli-run.js';

export const singleServer = path.join(root, 'examples/chapter-1/01-single-server.arch');

/** Copies the chapter's first step into `dir` as m.arch (12 findings, listed in its `# expect:` markers); returns `dir`. */
export function withStepOne(dir: string): string {
  copyFileSync(singleServer, path.join(dir, 'm.arch'));
  return dir;
}

// The step's markers, counted by hand: 4 errors (spof ×3, over-capacity), 7 warnings, 1 info.
export const expectedRules = [
  'missing-cache',
  'missing-cdn',
  'missing-cdn',
  'missing-load-balancer',
  'missing-observability',
  'no-db-replication',
  'over-capacity',
  'spof',
  'spof',
  'spof',
  'stateful-web-tier',
  'sync-long-task',
];
