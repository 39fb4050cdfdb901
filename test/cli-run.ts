/** Runs the built executable (bin/archlint.js) as a user would. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Paths, not URL objects: a DOM test environment (happy-dom) replaces the global URL class.
export const root = `${path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')}/`;
export const bin = `${root}bin/archlint.js`;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `bin`: another copy of the executable (one installed in a project's node_modules). */
export function archlint(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string; bin?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [options.bin ?? bin, ...args], {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    input: options.input ?? '',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No stack trace, no internal error: what a user must never see. */
export const stackTrace = /\n\s+at .+:\d+:\d+|internal error|TypeError|ReferenceError/;
