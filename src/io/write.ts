/** Writing a file so that a reader never sees half of it and a failure leaves the old one in place. */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../errors.js';
import { describeFsError } from './errors.js';

/**
 * Writes `data` to `file` atomically: into a temporary file next to it (same directory, so the
 * rename stays on one file system), flushed to disk, then renamed over `file`. The temporary file
 * is removed when anything fails.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, shown: string = file): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o666);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw new OutputError(`cannot write ${shown}: ${describeFsError(error)}`);
  }
}
