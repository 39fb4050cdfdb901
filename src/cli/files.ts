/**
 * Turns command-line operands (files, directories, globs) into the files to check (.arch files,
 * and in a directory also the YAML and JSON files that are deployments archlint reads), and
 * decides which are roots: a file imported by another file being checked is checked as part of
 * that model, not on its own.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import { deploymentExtensions, isDeploymentText } from '../import/index.js';

/** Whether a file found in a directory is a deployment archlint reads (Kubernetes, Compose, Terraform JSON). */
function isDeployment(file: string): boolean {
  try {
    return isDeploymentText(file, readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

const ignore = ['**/node_modules/**', '**/.git/**'];

/** Expands operands in order; files are deduplicated and sorted per operand. Throws UsageError. */
export function expandOperands(operands: readonly string[], cwd: string): Promise<string[]> {
  return (async () => {
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (file: string) => {
      const key = path.resolve(cwd, file);
      if (seen.has(key)) return;
      seen.add(key);
      out.push(file);
    };
    for (const operand of operands) {
      let stat;
      try {
        stat = statSync(path.resolve(cwd, operand));
      } catch {
        stat = undefined;
      }
      if (stat?.isDirectory()) {
        const dir = path.resolve(cwd, operand);
        const found = (await glob(['**/*.arch', `**/*.{${deploymentExtensions.join(',')}}`], { cwd: dir, ignore, dot: false })).filter(
          (f) => f.endsWith('.arch') || isDeployment(path.join(dir, f)),
        );
        if (found.length === 0) throw new UsageError(`no .arch files, Kubernetes manifests, Compose files or Terraform JSON in directory ${operand}`);
        for (const f of found.sort()) add(path.join(operand, f));
      } else if (stat) {
        add(operand);
      } else if (isDynamicPattern(operand)) {
        const found = await glob(operand, { cwd, ignore, dot: false });
        if (found.length === 0) throw new UsageError(`no files match ${operand}`);
        for (const f of found.sort()) add(f);
      } else {
        throw new UsageError(`no such file or directory: ${operand}`);
      }
    }
    return out;
  })();
}
