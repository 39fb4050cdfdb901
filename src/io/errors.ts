/** File-system errors in words, for messages that name the file (`cannot write x.svg: permission denied`). */

const words: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'a file of that name is in the way',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/**
 * What went wrong, from a Node error's `code`; `missing` says what a missing file is called where
 * the file is read ("no such file") rather than written to a path ("no such file or directory").
 */
export function describeFsError(error: unknown, missing = words.ENOENT!): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code === 'ENOENT' ? missing : (words[code] ?? code);
  return error instanceof Error ? error.message : String(error);
}
