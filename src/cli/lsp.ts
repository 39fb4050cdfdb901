/** `archlint lsp --stdio`: the language server, speaking LSP over the process's stdin and stdout. */
import { UsageError } from '../errors.js';
import type { Io } from './io.js';

export async function runLsp(io: Io): Promise<number> {
  if (!io.streams) throw new UsageError("lsp needs the process's stdin and stdout");
  // Loaded only for this command: the other commands never pay for the language server's library.
  const { startLanguageServer } = await import('../lsp/server.js');
  return startLanguageServer(io.streams.input, io.streams.output);
}
