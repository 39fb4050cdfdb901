/** The language server's latency, over a real LSP connection (bench/run.ts). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { bin, root } from './measure.js';

/**
 * The language server as an editor meets it: `archlint lsp --stdio` started, the model opened
 * (time to its first diagnostics), then an edit (time to the new diagnostics), over a real LSP
 * connection. The server waits 150 ms after an edit before checking; that pause is included.
 */
export async function measureLanguageServer(file: string, text: string, edits: number): Promise<{ open: number; change: number[] }> {
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  const uri = pathToFileURL(path.join(root, file)).href;
  let published: (() => void) | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri) published?.();
  });
  const next = () => new Promise<void>((resolve) => (published = resolve));
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(root).href, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification(InitializedNotification.type, {});
  let t = performance.now();
  let done = next();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'arch', version: 1, text } });
  await done;
  const open = performance.now() - t;
  const change: number[] = [];
  for (let v = 2; v < 2 + edits; v++) {
    t = performance.now();
    done = next();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: v },
      contentChanges: [{ text: `${text}# edit ${v}\n` }],
    });
    await done;
    change.push(performance.now() - t);
  }
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  connection.dispose();
  await new Promise((resolve) => child.once('exit', resolve));
  return { open, change };
}
