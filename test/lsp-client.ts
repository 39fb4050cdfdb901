/**
 * What the language server tests share: a real LSP client of `archlint lsp --stdio` (spawned
 * from the built executable), and a vitest `it` whose fixtures give each test a workspace folder
 * of its own and a server on it, shut down and removed when the test ends, so that the tests pass
 * in any order. Positions are LSP's: 0-based lines and UTF-16 characters.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it as base } from 'vitest';
import {
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { ruleDocUrl } from '../src/package-info.js';
import { bin, root } from './cli-run.js';

export const TIMEOUT = 20_000;

/** How long a server gets to end by itself (after `shutdown` and `exit`) before it is killed. */
const STOP_WAIT = 5_000;

/** A client that records every published diagnostic and can wait for the next one of a document. */
export class Client {
  readonly published: PublishDiagnosticsParams[] = [];
  /** What the server logged to the client's console (a failing handler logs there). */
  readonly logged: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  /** The server's exit code, once it has ended. */
  readonly exited: Promise<number | null>;

  constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logged.push(params.message);
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /**
   * Starts a server on `workspace` and completes the `initialize` handshake. `server`: another
   * script to run with Node instead of this checkout's bin (an installed archlint, a bundle), with
   * the arguments that make it a language server.
   */
  static async start(workspace: string, extraArgs: readonly string[] = [], server?: { script: string; args: readonly string[] }): Promise<Client> {
    const command = server ? [server.script, ...server.args] : [bin, 'lsp', '--stdio'];
    const child = spawn(process.execPath, [...command, ...extraArgs], { cwd: server ? workspace : root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    const client = new Client(child, connection);
    try {
      const result = await connection.sendRequest(InitializeRequest.type, {
        processId: null,
        rootUri: uri(workspace),
        workspaceFolders: [{ uri: uri(workspace), name: 'test' }],
        capabilities: {},
      });
      expect(result.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true });
      await connection.sendNotification(InitializedNotification.type, {});
    } catch (error) {
      await client.stop();
      throw error;
    }
    return client;
  }

  /**
   * Ends the server if it still runs: `shutdown` then `exit`, as an editor does, and a kill if it
   * has not ended after a while. Waits until the process is gone.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const ended = this.exited.then(() => true);
      const late = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_WAIT).unref());
      const asked = this.connection
        .sendRequest(ShutdownRequest.type)
        .then(() => this.connection.sendNotification(ExitNotification.type))
        .then(
          () => true,
          () => false,
        );
      // Asked to end (or ended already), then ended, each in time; otherwise killed.
      const stopped = (await Promise.race([asked, ended, late()])) && (await Promise.race([ended, late()]));
      if (!stopped) this.child.kill();
      await this.exited;
    }
    this.connection.dispose();
  }

  /** Waits for a publication (after the `mark`th) that `match` accepts. */
  async waitFor(mark: number, match: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    for (;;) {
      const found = this.published.slice(mark).find(match);
      if (found) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  /** Opens a document and returns its first diagnostics. */
  async open(file: string, text: string, languageId = 'arch'): Promise<Diagnostic[]> {
    const mark = this.published.length;
    this.versions.set(uri(file), 1);
    this.texts.set(uri(file), text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(file), languageId, version: 1, text } });
    return (await this.waitFor(mark, (p) => p.uri === uri(file) && p.version === 1)).diagnostics;
  }

  /** Replaces a document's text (or a range of it) and returns its next diagnostics. */
  async change(file: string, text: string, range?: Range): Promise<Diagnostic[]> {
    const mark = this.published.length;
    const version = this.versions.get(uri(file))! + 1;
    this.versions.set(uri(file), version);
    this.texts.set(uri(file), range ? applyEdits(this.texts.get(uri(file))!, [{ range, newText: text }]) : text);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri(file), version },
      contentChanges: [range ? { range, text } : { text }],
    });
    return (await this.waitFor(mark, (p) => p.uri === uri(file) && p.version === version)).diagnostics;
  }

  hover(file: string, line: number, character: number) {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri(file) }, position: { line, character } });
  }

  async complete(file: string, line: number, character: number): Promise<CompletionItem[]> {
    const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri(file) }, position: { line, character } });
    return Array.isArray(result) ? result : (result?.items ?? []);
  }
}

export const uri = (file: string) => pathToFileURL(file).href;
export const range = (line: number, from: number, to: number, endLine = line): Range => ({
  start: { line, character: from },
  end: { line: endLine, character: to },
});
export const labels = (items: CompletionItem[]) => items.map((i) => i.label);
export const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

/** Applies LSP text edits (0-based lines, UTF-16 characters) to a text, last first. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line]! + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/** A finding as the server must publish it. */
export function finding(r: Range, severity: 1 | 2 | 3, code: string, message: string): Diagnostic {
  return { range: r, severity, source: 'archlint', code, codeDescription: { href: ruleDocUrl(code) }, message };
}

// One database with no replicas behind a redundant web tier: `db` is where every flow ends and it
// runs one instance (spof, an error, on its name), and it is a database on one node
// (no-db-replication, a warning, also on its name). Monitoring collects logs and metrics from the
// only service, so missing-observability is quiet; no workload, so the capacity rules are too.
export const shop = [
  'client users', //                          line 0
  'lb front { replicas: 2 }', //              line 1
  'service web { replicas: 2 }', //           line 2
  'database db', //                           line 3: `db` at characters 9-11
  'monitoring ops { logging, metrics }', //   line 4
  'users -> front -> web', //                 line 5
  'web -> db { reads, writes }', //           line 6: `db` at 7-9
  'web -> ops', //                            line 7
  '',
].join('\n');

export const spofDb = finding(
  range(3, 9, 11),
  1,
  'spof',
  '`db` is a single point of failure: it runs as one instance and the requests from `users` that reach it have nowhere else to go. Run at least 2 replicas (or mark it `managed` if the platform provides redundancy).',
);
export const singleNodeDb = finding(
  range(3, 9, 11),
  2,
  'no-db-replication',
  '`db` runs on a single node: if it fails the data is unavailable and nothing takes over, and every read and write lands on that one machine. Run it with `replicas: 2` or more (a primary for writes, replicas for reads), or mark it `managed` if the platform replicates it.',
);

/** The files every test's workspace starts with, by path in the workspace. */
const workspaceFiles: Readonly<Record<string, string>> = {
  // The workspace's own configuration (the recommended rules), so that nothing above it applies.
  'archlint.config.json': '{}\n',
  'configured/archlint.config.json': '{ "rules": { "spof": "off" } }\n',
  'invalid/archlint.config.json': '{ "rules": { "spoof": "off" } }\n',
  'imports/common.arch': 'database db { replicas: 2 }\n',
  'imports/broken.arch': 'service api { replicas: 2 capacity: 3k }\n',
};

export interface Fixtures {
  /** A temporary workspace folder with `workspaceFiles`, removed after the test. */
  workspace: string;
  /** The absolute path of a file of the workspace. */
  at: (name: string) => string;
  /** Writes a file of the workspace (its folders too). */
  write: (name: string, text: string) => void;
  /** Starts a server on the workspace; every server started is stopped after the test. */
  start: (extraArgs?: readonly string[]) => Promise<Client>;
  /** A server on the workspace, ready. */
  client: Client;
}

/** `it`, with the fixtures of `Fixtures`: each is made for the test that names it, and only then. */
export const it = base.extend<Fixtures>({
  // Vitest reads what a fixture depends on from the pattern of its first parameter: here, nothing.
  // eslint-disable-next-line no-empty-pattern -- Vitest requires the pattern to be an object pattern.
  workspace: async ({}, use) => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'archlint-lsp-'));
    try {
      for (const [name, text] of Object.entries(workspaceFiles)) writeIn(workspace, name, text);
      await use(workspace);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  },
  at: async ({ workspace }, use) => {
    await use((name) => path.join(workspace, name));
  },
  write: async ({ workspace }, use) => {
    await use((name, text) => writeIn(workspace, name, text));
  },
  start: async ({ workspace }, use) => {
    const started: Client[] = [];
    try {
      await use(async (extraArgs = []) => {
        const client = await Client.start(workspace, extraArgs);
        started.push(client);
        return client;
      });
    } finally {
      await Promise.all(started.map((c) => c.stop()));
    }
  },
  client: async ({ start }, use) => {
    await use(await start());
  },
});

function writeIn(workspace: string, name: string, text: string): void {
  const file = path.join(workspace, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
