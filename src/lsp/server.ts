/**
 * `archlint lsp --stdio`: the language server. Speaks LSP over the given streams until the client
 * sends `exit` or closes the input; the returned promise then settles, and nothing of the server
 * is left running (no timers, no reading), so the process can end.
 *
 * This module wires the connection: capabilities, the document lifecycle, and one handler per
 * feature (diagnostics.ts, hover.ts, completion.ts, navigation.ts, symbols.ts, code-actions.ts).
 * A handler that throws is logged to the client's console and answers with an empty result: a bug
 * in one feature never takes the server down.
 */
import path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentPositionParams,
  type WatchDog,
} from 'vscode-languageserver';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { formatArch } from '../../grammar/format.js';
import { CONFIG_FILE } from '../config/config.js';
import { builtinRegistry } from '../config/registry.js';
import { ConfigResolver } from '../config/resolver.js';
import { version } from '../package-info.js';
import { codeActions } from './code-actions.js';
import { complete } from './completion.js';
import { DiagnosticsPublisher } from './diagnostics.js';
import { hover } from './hover.js';
import { ModelIndexes } from './names.js';
import { definition, references } from './navigation.js';
import { uriToPath } from './positions.js';
import { documentSymbols } from './symbols.js';
import { DocumentView } from './view.js';
import { Workspace } from './workspace.js';

/** Pause after a keystroke before re-checking (a burst of typing is checked once). */
const CHANGE_DELAY_MS = 150;

/**
 * Serves until the client sends `exit` or closes the streams, and resolves with the exit code: 1
 * for an `exit` that no `shutdown` came before (as LSP asks), otherwise 0.
 */
export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve) => {
    const reader = new StreamMessageReader(input);
    const writer = new StreamMessageWriter(output);
    // The library's own watchdog ends the process on `exit`; this one ends only the server, and
    // leaves the exit code to the command.
    const watchDog: WatchDog = { shutdownReceived: false, initialize: () => undefined, exit: (code: number) => finish(code) };
    const connection = createConnection((logger) => createProtocolConnection(reader, writer, logger), watchDog);
    const server = new Server(connection);
    let finished = false;
    const finish = (code = 0) => {
      if (finished) return;
      finished = true;
      server.dispose();
      connection.dispose();
      input.pause();
      resolve(code);
    };
    reader.onClose(() => finish());
    writer.onClose(() => finish());
    input.once('end', () => finish());
    connection.listen();
  });
}

class Server {
  private readonly workspace = new Workspace();
  /** Configurations by absolute path; an open one is read from the editor's text. */
  private readonly configs = new ConfigResolver({ cwd: path.resolve('/'), names: 'absolute', unsaved: (file) => this.workspace.document(file)?.getText() });
  private readonly indexes = new ModelIndexes(this.workspace);
  private readonly diagnostics: DiagnosticsPublisher;
  /** Documents just opened, whose first content event is the opening itself. */
  private readonly justOpened = new Set<string>();
  private watchFiles = false;

  constructor(private readonly connection: Connection) {
    this.diagnostics = new DiagnosticsPublisher(connection, this.workspace, this.configs, (what, error) => this.log(what, error));
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.initialized());
    connection.onShutdown(() => this.diagnostics.dispose());
    this.wireDocuments();
    this.wireFeatures();
  }

  dispose(): void {
    this.diagnostics.dispose();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const root = folder?.startsWith('file:') ? uriToPath(folder, this.workspace.cwd) : params.rootPath;
    if (typeof root === 'string') this.workspace.setFolder(root);
    this.watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['>', ':', ',', '{'] },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'archlint', version: version() },
    };
  }

  private initialized(): void {
    if (!this.watchFiles) return;
    // Configurations and imported files change on disk too (a save elsewhere, a checkout).
    void this.connection.client
      // JavaScript files for plugins: one that a configuration loads is loaded again when it changes.
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: `**/${CONFIG_FILE}` }, { globPattern: '**/*.arch' }, { globPattern: '**/*.{js,mjs,cjs}' }],
      })
      .catch((error: unknown) => this.log('registering file watchers', error));
  }

  private wireDocuments(): void {
    const { documents } = this.workspace;
    documents.onDidOpen((e) =>
      this.guard('opening a document', undefined, () => {
        const key = this.workspace.opened(e.document.uri);
        this.justOpened.add(e.document.uri);
        this.changed(e.document.uri, key, 0);
      }),
    );
    documents.onDidChangeContent((e) =>
      this.guard('changing a document', undefined, () => {
        if (this.justOpened.delete(e.document.uri)) return;
        this.changed(e.document.uri, this.workspace.keyOfUri(e.document.uri), CHANGE_DELAY_MS);
      }),
    );
    documents.onDidClose((e) =>
      this.guard('closing a document', undefined, () => {
        this.justOpened.delete(e.document.uri);
        const key = this.workspace.closed(e.document.uri);
        this.changed(e.document.uri, key, 0);
      }),
    );
    documents.listen(this.connection);
    this.connection.onDidChangeWatchedFiles((params) =>
      this.guard('reading file changes', undefined, () => {
        const keys = params.changes.map((c) => this.workspace.keyOfUri(c.uri));
        // A configuration, or a plugin one loads: every configuration is read again.
        const configs = keys.filter((k) => path.basename(k) === CONFIG_FILE || this.configs.usesPlugin(k));
        const arch = keys.filter((k) => k.endsWith('.arch'));
        if (configs.length > 0) {
          this.configs.invalidate();
          this.diagnostics.schedule(configs, 0, true);
        }
        if (arch.length > 0) this.diagnostics.schedule([...arch, ...this.diagnostics.rootsWithImportErrors()], 0);
      }),
    );
  }

  /** A document opened, changed or closed: re-check what depends on it. */
  private changed(uri: string, key: string, delay: number): void {
    const role = this.workspace.roleOf(uri, this.workspace.documents.get(uri)?.languageId);
    if (role === 'config') {
      this.configs.invalidate();
      this.diagnostics.schedule([key], delay, true);
    } else if (role === 'arch' || /\.(ya?ml|json|tfstate)$/i.test(key)) {
      // A YAML or JSON document may be a deployment (a Kubernetes manifest, a Compose file): its
      // check decides by the content, and a document that is neither is left alone.
      this.diagnostics.schedule([key], delay);
    }
  }

  private wireFeatures(): void {
    const c = this.connection;
    const at = async (p: TextDocumentPositionParams) => {
      const view = await this.view(p.textDocument.uri);
      return view ? { view, offset: view.offsetAt(p.position) } : undefined;
    };
    c.onHover((p) =>
      this.guardAsync('hover', null, async () => {
        const where = await at(p);
        return where ? hover(where.view, where.offset) : null;
      }),
    );
    c.onCompletion((p) =>
      this.guardAsync('completion', [], async () => {
        const where = await at(p);
        return where ? complete(where.view, where.offset) : [];
      }),
    );
    c.onDefinition((p) =>
      this.guardAsync('definition', [], async () => {
        const where = await at(p);
        return where ? definition(where.view, where.offset) : [];
      }),
    );
    c.onReferences((p) =>
      this.guardAsync('references', [], async () => {
        const where = await at(p);
        return where ? references(where.view, where.offset, p.context.includeDeclaration) : [];
      }),
    );
    c.onDocumentSymbol((p) =>
      this.guardAsync('document symbols', [], async () => {
        const view = await this.view(p.textDocument.uri);
        return view ? documentSymbols(view) : [];
      }),
    );
    c.onCodeAction((p) =>
      this.guardAsync('code actions', [], async () => {
        const view = await this.view(p.textDocument.uri);
        return view ? codeActions(view, p) : [];
      }),
    );
    // `archlint fmt` on the open text: one edit replacing the whole document, none when it is
    // formatted already or has syntax errors (those are on screen as diagnostics).
    c.onDocumentFormatting((p) =>
      this.guard('formatting', [], () => {
        const document = this.workspace.documents.get(p.textDocument.uri);
        if (!document || this.workspace.roleOf(p.textDocument.uri, document.languageId) !== 'arch') return [];
        const text = document.getText();
        const formatted = formatArch(text).text;
        if (formatted === undefined || formatted === text) return [];
        return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, newText: formatted }];
      }),
    );
  }

  /**
   * The open .arch document at a URI, ready for the features, with the rules of its configuration
   * (the built-in ones while the configuration is invalid: its errors are shown on it).
   */
  private async view(uri: string): Promise<DocumentView | undefined> {
    const document = this.workspace.documents.get(uri);
    if (!document || this.workspace.roleOf(uri, document.languageId) !== 'arch') return undefined;
    const key = this.workspace.keyOfUri(uri);
    const config = await this.configs.resolve(this.diagnostics.rootOf(key));
    const registry = config.diagnostics.length > 0 ? builtinRegistry : config.registry;
    return new DocumentView(this.workspace, document, key, () => this.indexes.forFile(key, this.diagnostics.rootOf(key)), registry);
  }

  /** Runs a handler; an exception is logged and answered with `fallback`. */
  private guard<T>(what: string, fallback: T, run: () => T): T {
    try {
      return run();
    } catch (error) {
      this.log(what, error);
      return fallback;
    }
  }

  /** `guard` for handlers that wait (for a configuration to load). */
  private async guardAsync<T>(what: string, fallback: T, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.log(what, error);
      return fallback;
    }
  }

  private log(what: string, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.connection.console.error(`archlint: ${what} failed: ${detail}`);
  }
}
