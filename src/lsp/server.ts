/**
 * `archlint lsp --stdio`: the language server. Speaks LSP over the given streams until the client
 * sends `exit` (or closes the input).
 */
import { createConnection, StreamMessageReader, StreamMessageWriter, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { version } from '../package-info.js';

export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const connection = createConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'archlint', version: version() },
  }));
  return new Promise((resolve) => {
    connection.onExit(() => resolve());
    connection.listen();
  });
}
