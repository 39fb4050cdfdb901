/**
 * `archlint check --watch`: checks, then checks again whenever a model file, an imported file, a
 * configuration file or the baseline changes, or a new .arch file appears beside them. Editors
 * save by writing a temporary file and renaming it, so the directories are watched, not the files.
 */
import { watch as watchDirectory, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../config/config.js';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';

/** Changes closer together than this are one change (an editor's save is several events). */
export const SETTLE_MS = 100;

const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

/** `outputs` are the files each check writes: changes to them are not changes to react to. */
export async function watch(
  operands: readonly string[],
  io: Io,
  check: () => Promise<{ code: number; inputs: string[] }>,
  outputs: readonly string[] = [],
): Promise<number> {
  const written = new Set(outputs.map((f) => path.resolve(io.cwd, f)));
  io.stderr.write('archlint: checking\n');
  let last = await check();
  const watchers = new Map<string, FSWatcher>();
  let names = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const relevant = (dir: string, file: string | null) =>
    file === null || (!written.has(path.join(dir, file)) && (file.endsWith('.arch') || file === CONFIG_FILE || names.has(path.join(dir, file))));

  /** Watches the directories of everything the last check read, and of the operands. */
  const update = (inputs: readonly string[]) => {
    names = new Set(inputs.map((f) => path.resolve(io.cwd, f)));
    const dirs = new Set([...names].map((f) => path.dirname(f)));
    for (const o of operands) dirs.add(path.resolve(io.cwd, o));
    for (const [dir, watcher] of watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watchDirectory(dir, (_event, file) => {
          if (relevant(dir, file === null ? null : String(file))) schedule();
        });
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(dir);
        });
        watchers.set(dir, watcher);
      } catch {
        // Not a directory (a file operand, or a glob): its files' directories are watched instead.
      }
    }
  };

  const status = () => {
    const files = names.size;
    io.stderr.write(`archlint: watching ${files} file${files === 1 ? '' : 's'} for changes (Ctrl-C stops)\n`);
  };

  const recheck = async () => {
    if (io.stdout.isTTY) io.stdout.write(CLEAR);
    io.stderr.write('archlint: checking\n');
    try {
      last = await check();
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`archlint: ${error.message}\n`);
      last = { code: 2, inputs: [...names] };
    }
    update(last.inputs);
    status();
  };

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = recheck().finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
    }, SETTLE_MS);
  }

  update(last.inputs);
  status();
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  await running;
  for (const watcher of watchers.values()) watcher.close();
  return last.code;
}
