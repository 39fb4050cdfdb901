/**
 * What archlint writes never replaces what it reads: every output is checked against the inputs
 * (the root files and every file they import) and against the other outputs before anything is
 * written.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** One file to write, and the files it is made from. */
export interface OutputTarget {
  /** The root input, as given on the command line ('-' when there is none). */
  input: string;
  /** Every file the output is made from: none may be overwritten. */
  modelFiles: readonly string[];
  output: string;
}

/** The file's identity: its real path when it (or its directory) exists, and its inode. */
function identity(file: string): { real: string; inode?: string } {
  try {
    const real = realpathSync(file);
    const stat = statSync(real);
    return { real, inode: `${stat.dev}:${stat.ino}` };
  } catch {
    try {
      return { real: path.join(realpathSync(path.dirname(file)), path.basename(file)) };
    } catch {
      return { real: file };
    }
  }
}

/**
 * Refuses, with a UsageError, any output that is one of the inputs (the root files and every file
 * they import; compared after resolving `..`, symbolic links and hard links) or that another
 * output writes too, and any output that is an existing directory. Writes nothing.
 */
export function checkOutputs(jobs: readonly OutputTarget[], cwd: string): void {
  const inputs = new Map<string, string>();
  const inodes = new Map<string, string>();
  for (const job of jobs) {
    for (const file of [job.input, ...job.modelFiles]) {
      const resolved = path.resolve(cwd, file);
      const id = identity(resolved);
      inputs.set(resolved, file);
      inputs.set(id.real, file);
      if (id.inode) inodes.set(id.inode, file);
    }
  }
  const outputs = new Map<string, string>();
  for (const job of jobs) {
    const resolved = path.resolve(cwd, job.output);
    const id = identity(resolved);
    const input = inputs.get(resolved) ?? inputs.get(id.real) ?? (id.inode ? inodes.get(id.inode) : undefined);
    if (input !== undefined) {
      throw new UsageError(`refusing to write ${job.output}: it is the input file ${input} (choose another output path)`);
    }
    let stat;
    try {
      stat = statSync(resolved);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) throw new UsageError(`cannot write ${job.output}: it is a directory`);
    const other = outputs.get(id.real);
    if (other !== undefined) {
      throw new UsageError(`${other} and ${job.input} would both be written to ${job.output}: render them into separate directories`);
    }
    outputs.set(id.real, job.input);
  }
}
