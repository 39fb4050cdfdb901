/** Temporary directories for tests that write files: each `archlint-<prefix>-*`, removed by `removeAll`. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempDirs {
  /** A new, empty directory. */
  make(): string;
  /** Removes every directory `make` returned. */
  removeAll(): void;
}

/** Call `removeAll` in the test file's `afterAll`. */
export function tempDirs(prefix: string): TempDirs {
  const dirs: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(path.join(os.tmpdir(), `archlint-${prefix}-`));
      dirs.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
