/**
 * The VS Code extension's extension.js, loaded with fake `vscode` and `vscode-languageclient/node`
 * modules (nothing here needs editors/vscode/node_modules): how it finds archlint, starts and
 * restarts the language server, and reports what goes wrong.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import {
  createProtocolConnection,
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bin, root } from './cli-run.js';
import { Client, shop, singleNodeDb, spofDb } from './lsp-client.js';
import { tempDirs } from './temp.js';
import { extensionDir } from './vscode.js';

interface FakeClient {
  id: string;
  name: string;
  serverOptions: { run: { command: string; args: string[]; options: { cwd?: string; shell?: boolean } }; debug: unknown };
  clientOptions: {
    documentSelector: Record<string, string>[];
    synchronize: { fileEvents: { glob: string } };
    outputChannel: { name: string; log: boolean; lines: string[] };
  };
  started: number;
  stopped: number;
}

interface Fakes {
  settings: Record<string, unknown>;
  folders: string[];
  trusted: boolean;
  startFails?: Error;
  clients: FakeClient[];
  errors: unknown[][];
  commands: Map<string, () => Promise<void>>;
  executed: unknown[][];
  configListeners: ((e: { affectsConfiguration(s: string): boolean }) => void)[];
  trustListeners: (() => void)[];
}

const extensionPath = `${extensionDir}extension.js`;
const requireCjs = createRequire(import.meta.url);
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };

interface Extension {
  activate(context: { subscriptions: { dispose(): void }[] }): Promise<void>;
  deactivate(): Promise<void>;
  findArchlint(where: {
    setting?: string;
    folders: string[];
    trusted: boolean;
    env: NodeJS.ProcessEnv;
    platform?: NodeJS.Platform;
    bundled?: string;
  }): { command: string; source: string; script?: string } | { error: string } | undefined;
  serverExecutable(command: string, cwd?: string, script?: string): { command: string; args: string[]; options: Record<string, unknown> };
}

/**
 * Loads a copy of extension.js from `dir` (by default a new directory, so that no bundled server
 * lies beside it) with the fake modules.
 */
function loadExtension(f: Fakes, dir: string = temp.make()): Extension {
  const fakeVscode = {
    workspace: {
      get workspaceFolders() {
        return f.folders.map((fsPath, index) => ({ uri: { fsPath }, name: path.basename(fsPath), index }));
      },
      get isTrusted() {
        return f.trusted;
      },
      getConfiguration: (section: string) => ({ get: (key: string, fallback: unknown) => f.settings[`${section}.${key}`] ?? fallback }),
      createFileSystemWatcher: (glob: string) => ({ glob, dispose() {} }),
      onDidChangeConfiguration: (listener: Fakes['configListeners'][number]) => (f.configListeners.push(listener), { dispose() {} }),
      onDidGrantWorkspaceTrust: (listener: () => void) => (f.trustListeners.push(listener), { dispose() {} }),
    },
    window: {
      showErrorMessage: (...args: unknown[]) => (f.errors.push(args), Promise.resolve(undefined)),
      createOutputChannel: (name: string, options?: { log?: boolean }) => ({
        name,
        log: options?.log === true,
        lines: [] as string[],
        info(line: string) {
          this.lines.push(line);
        },
        dispose() {},
      }),
    },
    commands: {
      registerCommand: (id: string, run: () => Promise<void>) => (f.commands.set(id, run), { dispose() {} }),
      executeCommand: (...args: unknown[]) => (f.executed.push(args), Promise.resolve()),
    },
  };
  class LanguageClient {
    started = 0;
    stopped = 0;
    constructor(
      public id: string,
      public name: string,
      public serverOptions: FakeClient['serverOptions'],
      public clientOptions: FakeClient['clientOptions'],
    ) {
      f.clients.push(this);
    }
    start(): Promise<void> {
      this.started++;
      return f.startFails ? Promise.reject(f.startFails) : Promise.resolve();
    }
    stop(): Promise<void> {
      this.stopped++;
      return Promise.resolve();
    }
  }
  const original = moduleInternals._load;
  moduleInternals._load = function (this: unknown, request, parent, isMain) {
    if (request === 'vscode') return fakeVscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient };
    return original.call(this, request, parent, isMain);
  };
  const copy = path.join(dir, 'extension.js');
  copyFileSync(extensionPath, copy);
  try {
    delete requireCjs.cache[copy];
    return requireCjs(copy) as Extension;
  } finally {
    moduleInternals._load = original;
  }
}

const temp = tempDirs('vscode');
afterAll(() => temp.removeAll());

/** A fresh directory with an executable `archlint` shell script at `relative`, if given. */
function folder(relative?: string): string {
  const dir = temp.make();
  if (relative) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o755);
  }
  return dir;
}

function fakes(over: Partial<Fakes> = {}): Fakes {
  return {
    settings: {},
    folders: [],
    trusted: true,
    clients: [],
    errors: [],
    commands: new Map(),
    executed: [],
    configListeners: [],
    trustListeners: [],
    ...over,
  };
}

const context = () => ({ subscriptions: [] as { dispose(): void }[] });
const savedPath = process.env.PATH;
let emptyPathDir: string;

describe('extension.js', () => {
  beforeEach(() => {
    // No archlint on the PATH unless a test puts one there.
    emptyPathDir = folder();
    process.env.PATH = emptyPathDir;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it('activate() starts `<workspace>/node_modules/.bin/archlint lsp --stdio` for .arch files and archlint.config.json', async () => {
    const ws = folder('node_modules/.bin/archlint');
    const f = fakes({ folders: [ws] });
    const ctx = context();
    await loadExtension(f).activate(ctx);
    expect(f.errors).toEqual([]);
    expect(f.clients).toHaveLength(1);
    const client = f.clients[0]!;
    expect([client.id, client.name]).toEqual(['archlint', 'archlint']);
    expect(client.serverOptions.run).toEqual({ command: path.join(ws, 'node_modules/.bin/archlint'), args: ['lsp', '--stdio'], options: { cwd: ws } });
    expect(client.serverOptions.debug).toEqual(client.serverOptions.run);
    expect(client.clientOptions.documentSelector).toEqual([
      { scheme: 'file', language: 'arch' },
      { scheme: 'untitled', language: 'arch' },
      { scheme: 'file', pattern: '**/archlint.config.json' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'dockercompose' },
      { scheme: 'file', language: 'json' },
    ]);
    expect(client.clientOptions.synchronize.fileEvents.glob).toBe('**/{*.arch,archlint.config.json}');
    // vscode-languageclient 10 logs to a LogOutputChannel; the channel says which archlint runs.
    expect(client.clientOptions.outputChannel).toMatchObject({ name: 'archlint', log: true });
    expect(client.clientOptions.outputChannel.lines).toEqual([
      `Starting ${path.join(ws, 'node_modules/.bin/archlint')} lsp --stdio (found in the workspace's node_modules).`,
    ]);
    expect(client.started).toBe(1);
    // The output channel, the watcher, the command and the two listeners are disposed with the extension.
    expect(ctx.subscriptions).toHaveLength(5);
    expect(ctx.subscriptions[1]).toBe(client.clientOptions.synchronize.fileEvents);
    // The one command the manifest contributes (vscode-manifest.test.ts) is registered.
    expect([...f.commands.keys()]).toEqual(['archlint.restartServer']);
  });

  it('the command line it builds starts the real archlint language server', async () => {
    const f = fakes({ settings: { 'archlint.path': bin }, folders: [root] });
    await loadExtension(f).activate(context());
    const run = f.clients[0]!.serverOptions.run;
    expect(run).toEqual({ command: bin, args: ['lsp', '--stdio'], options: { cwd: root } });
    const child = spawn(run.command, run.args, { cwd: run.options.cwd, env: { PATH: `${path.dirname(process.execPath)}${path.delimiter}${savedPath ?? ''}` } });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const result = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
      expect(result.serverInfo?.name).toBe('archlint');
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      expect(await exited).toBe(0);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('archlint.path wins over the workspace; a relative one is taken from the first folder', async () => {
    const ws = folder('node_modules/.bin/archlint');
    mkdirSync(path.join(ws, 'tools'));
    writeFileSync(path.join(ws, 'tools/archlint'), '#!/bin/sh\n');
    chmodSync(path.join(ws, 'tools/archlint'), 0o755);
    const f = fakes({ folders: [ws], settings: { 'archlint.path': 'tools/archlint' } });
    await loadExtension(f).activate(context());
    expect(f.clients[0]!.serverOptions.run.command).toBe(path.join(ws, 'tools/archlint'));
  });

  it('an archlint.path that names no executable is an error, not a silent fallback', async () => {
    const ws = folder('node_modules/.bin/archlint');
    const f = fakes({ folders: [ws], settings: { 'archlint.path': '/nowhere/archlint' } });
    await loadExtension(f).activate(context());
    expect(f.clients).toEqual([]);
    expect(f.errors).toEqual([['archlint: the setting archlint.path is "/nowhere/archlint", but that is not an executable file.', 'Open Settings']]);
  });

  it('then archlint on the PATH', async () => {
    const dir = folder('archlint');
    process.env.PATH = [emptyPathDir, dir].join(path.delimiter);
    const f = fakes({ folders: [folder()] });
    await loadExtension(f).activate(context());
    expect(f.clients[0]!.serverOptions.run.command).toBe(path.join(dir, 'archlint'));
  });

  it('a file that is not executable is not a candidate', async () => {
    const ws = folder('node_modules/.bin/archlint');
    chmodSync(path.join(ws, 'node_modules/.bin/archlint'), 0o644);
    const f = fakes({ folders: [ws] });
    await loadExtension(f).activate(context());
    expect(f.clients).toEqual([]);
    expect(f.errors).toHaveLength(1);
  });

  it("an untrusted workspace's own archlint is never run; trusting the workspace restarts with it", async () => {
    const ws = folder('node_modules/.bin/archlint');
    const onPath = folder('archlint');
    process.env.PATH = onPath;
    const f = fakes({ folders: [ws], trusted: false });
    await loadExtension(f).activate(context());
    expect(f.clients.map((c) => c.serverOptions.run.command)).toEqual([path.join(onPath, 'archlint')]);
    f.trusted = true;
    f.trustListeners.forEach((l) => l());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(f.clients.map((c) => [c.serverOptions.run.command, c.started, c.stopped])).toEqual([
      [path.join(onPath, 'archlint'), 1, 1],
      [path.join(ws, 'node_modules/.bin/archlint'), 1, 0],
    ]);
  });

  it('no archlint anywhere: a clear error with a way to the setting, and no client', async () => {
    const f = fakes({ folders: [folder()] });
    await loadExtension(f).activate(context());
    expect(f.clients).toEqual([]);
    expect(f.errors).toHaveLength(1);
    const [message, action] = f.errors[0] as [string, string];
    expect(message).toContain('the archlint executable was not found');
    expect(message).toContain('npm install --save-dev archlint');
    expect(message).toContain('archlint.path');
    expect(action).toBe('Open Settings');
  });

  it('a server that fails to start is reported', async () => {
    const ws = folder('node_modules/.bin/archlint');
    const f = fakes({ folders: [ws], startFails: new Error('spawn EACCES') });
    await loadExtension(f).activate(context());
    expect(f.errors).toHaveLength(1);
    expect((f.errors[0] as string[])[0]).toBe(
      `archlint: the language server (${path.join(ws, 'node_modules/.bin/archlint')} lsp --stdio) did not start: spawn EACCES. It needs an archlint with the \`lsp\` command.`,
    );
  });

  it('the restart command and a change of archlint.path restart the client; deactivate() stops it', async () => {
    const ws = folder('node_modules/.bin/archlint');
    const f = fakes({ folders: [ws] });
    const ext = loadExtension(f);
    await ext.activate(context());
    await f.commands.get('archlint.restartServer')!();
    expect(f.clients.map((c) => [c.started, c.stopped])).toEqual([
      [1, 1],
      [1, 0],
    ]);
    f.configListeners.forEach((l) => l({ affectsConfiguration: (s) => s === 'archlint.trace.server' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(f.clients).toHaveLength(2);
    f.configListeners.forEach((l) => l({ affectsConfiguration: (s) => s === 'archlint.path' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(f.clients.map((c) => [c.started, c.stopped])).toEqual([
      [1, 1],
      [1, 1],
      [1, 0],
    ]);
    // One watcher for every client: a restart does not leak watchers.
    expect(new Set(f.clients.map((c) => c.clientOptions.synchronize.fileEvents)).size).toBe(1);
    await ext.deactivate();
    expect(f.clients.map((c) => c.stopped)).toEqual([1, 1, 1]);
  });

  it('on Windows: PATHEXT names and .cmd shims run through a shell', () => {
    const ext = loadExtension(fakes());
    const dir = folder('archlint.cmd');
    expect(ext.findArchlint({ folders: [], trusted: true, env: { PATH: dir, PATHEXT: '.EXE;.CMD' }, platform: 'win32' })).toEqual({
      command: path.join(dir, 'archlint.cmd'),
      source: 'path',
    });
    expect(ext.serverExecutable('C:\\Program Files\\nodejs\\archlint.cmd', 'C:\\work')).toEqual({
      command: '"C:\\Program Files\\nodejs\\archlint.cmd"',
      args: ['lsp', '--stdio'],
      options: { cwd: 'C:\\work', shell: true },
    });
    expect(ext.serverExecutable('/usr/bin/archlint')).toEqual({ command: '/usr/bin/archlint', args: ['lsp', '--stdio'], options: {} });
  });
});

describe("the extension's bundled language server", () => {
  let ext: string;
  let server: string;
  beforeAll(() => {
    // The .vsix's dist/ as `npm run build:vscode` makes it, in a directory with no node_modules
    // anywhere above it: what runs from there needs nothing installed.
    ext = temp.make();
    const built = spawnSync(process.execPath, [path.join(root, 'dist/scripts/bundle-vscode.js'), path.join(ext, 'dist')], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    server = path.join(ext, 'dist/server/archlint.mjs');
  }, 120_000);
  beforeEach(() => {
    emptyPathDir = folder();
    process.env.PATH = emptyPathDir;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it("runs with VS Code's own Node when no other archlint is found, and a workspace archlint still wins", async () => {
    const ws = folder();
    const f = fakes({ folders: [ws] });
    await loadExtension(f, ext).activate(context());
    expect(f.errors).toEqual([]);
    const run = f.clients[0]!.serverOptions.run as unknown as { command: string; args: string[]; options: { cwd: string; env: Record<string, string> } };
    expect([run.command, run.args, run.options.cwd, run.options.env.ELECTRON_RUN_AS_NODE]).toEqual([process.execPath, [server, 'lsp', '--stdio'], ws, '1']);
    expect(f.clients[0]!.clientOptions.outputChannel.lines).toEqual([`Starting ${server} lsp --stdio (the extension's own archlint, run by VS Code's Node).`]);

    const withOwn = folder('node_modules/.bin/archlint');
    const g = fakes({ folders: [withOwn] });
    await loadExtension(g, ext).activate(context());
    expect(g.clients[0]!.serverOptions.run.command).toBe(path.join(withOwn, 'node_modules/.bin/archlint'));
  });

  it('serves a real LSP client: the same diagnostics, rule links and version as archlint itself', async () => {
    const ws = folder();
    writeFileSync(path.join(ws, 'archlint.config.json'), '{}\n');
    const client = await Client.start(ws, [], { script: server, args: ['lsp', '--stdio'] });
    try {
      const diagnostics = await client.open(path.join(ws, 'shop.arch'), shop);
      expect(diagnostics).toEqual([singleNodeDb, spofDb]);
    } finally {
      await client.stop();
    }
    const version = spawnSync(process.execPath, [server, '--version'], { cwd: ws, encoding: 'utf8' });
    expect(version.stdout).toBe(spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).stdout);
  });

  it('keeps what the .vsix carries under 2 MB', () => {
    const size = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((sum, e) => sum + size(path.join(p, e)), 0) : statSync(p).size);
    const packaged = ['dist', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'icon.png', 'language-configuration.json', 'syntaxes'];
    const total = packaged.reduce((sum, p) => sum + size(path.join(p === 'dist' ? ext : extensionDir, p)), 0);
    expect(existsSync(path.join(ext, 'dist/extension.js'))).toBe(true);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });
});
