/** What a command may touch: the streams, the working directory and the environment it is given. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  /** The process's own streams, for commands that speak a protocol over them (`lsp --stdio`). */
  streams?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /** Ends long-running commands (`check --watch`); without it they run until the process is stopped. */
  signal?: AbortSignal;
}

export function wantsColor(io: Io, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}
