/**
 * The language server as a process, through a real LSP client: how it ends, and that no request
 * at any position of broken text makes a handler fail.
 */
import { describe, expect } from 'vitest';
import { DefinitionRequest, DocumentSymbolRequest, ExitNotification, ReferencesRequest, ShutdownRequest } from 'vscode-languageserver-protocol/node';
import { TIMEOUT, it, uri } from './lsp-client.js';

describe('robustness', () => {
  it(
    'answers every request at every position of broken text, and no handler fails',
    async ({ client, at }) => {
      const text = 'region r "x {\n  service { sessions: [a, -> }\n# archlint-disable-next-line spof,\nweb -> -> db { replication:\n/* open\n';
      const file = at('garbage.arch');
      await client.open(file, text);
      const lines = text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line]!.length; character++) {
          const textDocument = { uri: uri(file) };
          const position = { line, character };
          await client.complete(file, line, character);
          await client.hover(file, line, character);
          await client.connection.sendRequest(DefinitionRequest.type, { textDocument, position });
          await client.connection.sendRequest(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } });
        }
      }
      expect(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri(file) } })).toBeInstanceOf(Array);
      expect(client.logged.filter((m) => m.includes('failed'))).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('lifecycle', () => {
  it(
    'ends with exit code 0 after shutdown and exit',
    async ({ client }) => {
      await client.connection.sendRequest(ShutdownRequest.type);
      await client.connection.sendNotification(ExitNotification.type);
      expect(await client.exited).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'ends with exit code 1 after an exit that no shutdown came before, as LSP asks',
    async ({ start }) => {
      const other = await start();
      await other.connection.sendNotification(ExitNotification.type);
      expect(await other.exited).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'accepts --clientProcessId, which some clients add to the command line',
    async ({ start }) => {
      const other = await start([`--clientProcessId=${process.pid}`]);
      await other.connection.sendRequest(ShutdownRequest.type);
      await other.connection.sendNotification(ExitNotification.type);
      expect(await other.exited).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'ends when the client closes its input, without a shutdown',
    async ({ start }) => {
      const other = await start();
      other.child.stdin!.end();
      expect(await other.exited).toBe(0);
    },
    TIMEOUT,
  );
});
