/**
 * The one way archlint writes a file. A command opens a gate with what it reads (its models and
 * every file they import, the configuration, the baseline: worked out from its arguments, not
 * from how far the run got), names every file it may write, and only then writes. Before the
 * first byte, each target is resolved (`..`, symbolic links, hard links, and on a
 * case-insensitive file system a different spelling, all come to the same file) and refused if
 * it is one of the files read, if another target is the same file, or if it is a directory.
 * Writes are atomic (src/io/write.ts). A write the command did not name first is a bug in
 * archlint, and throws.
 *
 * Nothing else in archlint may write a file: the lint configuration forbids the file-system
 * functions that write anywhere but here and in write.ts.
 */
import { closeSync, mkdirSync, openSync, realpathSync, statSync, writeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { OutputError, UsageError } from '../errors.js';
import { describeFsError } from './errors.js';
import { writeFileAtomic } from './write.js';

/** A file the command reads, and what it is to the user ("the input file", "the configuration"…). */
export interface ReadFile {
  file: string;
  /** The file as a message shows it: `it is ${role}` (e.g. "the input file main.arch"). */
  role: string;
}

/** A file the command will write. */
export interface WriteTarget {
  file: string;
  /** How the user asked for it, for messages (`--output sarif:x.sarif`, `x.svg`); the path when not given. */
  asked?: string;
  /** Only created, never replaced (`archlint init`, with `create`): something already there, even a directory, is left alone. */
  createOnly?: boolean;
}

/** What the user wrote, as the gate tells files apart: by device and inode where the file exists. */
interface Identity {
  /** `dev:ino` of an existing file (symbolic links followed). */
  inode?: string;
  /** The real path: the file's, or its nearest existing directory's with the rest appended. */
  real: string;
  /** The real path as compared: lower-cased where the directory ignores case. */
  key: string;
  stat?: Stats;
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** The same name with its letters' case swapped, or undefined when it has no letters. */
function swapCase(name: string): string | undefined {
  const swapped = [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
  return swapped === name ? undefined : swapped;
}

/** Whether names in `dir` (an existing, real directory) are compared without case, as on macOS and Windows by default. */
const caseInsensitiveCache = new Map<string, boolean>();
function ignoresCase(dir: string): boolean {
  let known = caseInsensitiveCache.get(dir);
  if (known !== undefined) return known;
  // The directory's own name in the other case names it too only where case is ignored; walk up
  // to a name with letters in it.
  known = false;
  for (let d = dir; ; d = path.dirname(d)) {
    const swapped = swapCase(path.basename(d));
    if (swapped !== undefined) {
      const a = statOf(d);
      const b = statOf(path.join(path.dirname(d), swapped));
      known = a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  caseInsensitiveCache.set(dir, known);
  return known;
}

function identify(file: string): Identity {
  let real: string;
  const stat = statOf(file);
  try {
    real = realpathSync(file);
  } catch {
    // Not there (or a dangling link): the nearest existing directory's real path, and the rest.
    let dir = path.dirname(file);
    const rest = [path.basename(file)];
    for (;;) {
      try {
        real = path.join(realpathSync(dir), rest.join(path.sep));
        break;
      } catch {
        if (path.dirname(dir) === dir) {
          real = file;
          break;
        }
        rest.unshift(path.basename(dir));
        dir = path.dirname(dir);
      }
    }
  }
  const existingDir = (() => {
    for (let d = path.dirname(real); ; d = path.dirname(d)) if (statOf(d)?.isDirectory() || path.dirname(d) === d) return d;
  })();
  const key = ignoresCase(existingDir) ? real.toLowerCase() : real;
  return { real, key, ...(stat ? { inode: `${stat.dev}:${stat.ino}`, stat } : {}) };
}

/** A target as planned: its identity, and how to show it. */
interface Planned {
  target: WriteTarget;
  shown: string;
  identity: Identity;
}

export class WriteGate {
  private planned: Map<string, Planned> | undefined;

  /**
   * `reads` lists every file the command reads. It is called once, when the targets are
   * planned, so a command opens its gate before doing anything that could stop it.
   */
  constructor(
    private readonly cwd: string,
    private readonly reads: () => Promise<readonly ReadFile[]> | readonly ReadFile[],
  ) {}

  /**
   * Names every file the command may write, and checks them all before anything is written:
   * throws a UsageError for the first that is a file read, a directory, or the same file as
   * another target. Writes nothing. Called once.
   */
  async plan(targets: readonly WriteTarget[]): Promise<void> {
    if (this.planned) throw new Error('archlint bug: a write gate planned twice');
    if (targets.length === 0) {
      this.planned = new Map();
      return;
    }
    const byInode = new Map<string, ReadFile>();
    const byKey = new Map<string, ReadFile>();
    for (const read of await this.reads()) {
      const id = identify(path.resolve(this.cwd, read.file));
      if (id.inode) byInode.set(id.inode, read);
      byKey.set(id.key, read);
    }
    const planned = new Map<string, Planned>();
    const seen = new Map<string, Planned>();
    for (const target of targets) {
      const resolved = path.resolve(this.cwd, target.file);
      const shown = target.asked ?? target.file;
      const identity = identify(resolved);
      const read = (identity.inode ? byInode.get(identity.inode) : undefined) ?? byKey.get(identity.key);
      if (read) throw new UsageError(`refusing to write ${target.file}: it is ${read.role} (choose another output path)`);
      if (identity.stat?.isDirectory() && target.createOnly !== true) throw new UsageError(`cannot write ${target.file}: it is a directory`);
      const other = (identity.inode ? seen.get(identity.inode) : undefined) ?? seen.get(identity.key);
      if (other) throw new UsageError(`${other.shown} and ${shown} would both be written to ${target.file}`);
      const entry = { target, shown, identity };
      if (identity.inode) seen.set(identity.inode, entry);
      seen.set(identity.key, entry);
      planned.set(resolved, entry);
    }
    this.planned = planned;
  }

  private plannedTarget(file: string): { resolved: string; entry: Planned } {
    const resolved = path.resolve(this.cwd, file);
    const entry = this.planned?.get(resolved);
    if (!entry) throw new Error(`archlint bug: ${file} was written without being planned`);
    return { resolved, entry };
  }

  /** Makes the directory a planned target goes in. */
  private makeDirectory(resolved: string, file: string): void {
    try {
      mkdirSync(path.dirname(resolved), { recursive: true });
    } catch (error) {
      throw new OutputError(`cannot create the directory ${path.dirname(file)}: ${describeFsError(error)}`);
    }
  }

  /**
   * Writes a planned target atomically, replacing what is there. Through a symbolic link, the
   * file it points to is written and the link stays.
   */
  write(file: string, data: string | Uint8Array): void {
    const { resolved, entry } = this.plannedTarget(file);
    this.makeDirectory(resolved, file);
    writeFileAtomic(entry.identity.inode ? entry.identity.real : resolved, data, file);
  }

  /** Creates a planned target that does not exist yet; returns false, writing nothing, when something is there. */
  create(file: string, data: string): boolean {
    const { resolved } = this.plannedTarget(file);
    this.makeDirectory(resolved, file);
    let fd: number;
    try {
      fd = openSync(resolved, 'wx', 0o666);
    } catch (error) {
      if ((error as { code?: string }).code === 'EEXIST') return false;
      throw new OutputError(`cannot create ${file}: ${describeFsError(error)}`);
    }
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    return true;
  }
}
