/**
 * The VS Code extension in editors/vscode, checked without installing it (CI runs `npm ci` at the
 * root only, so nothing here needs editors/vscode/node_modules): the manifest and the files it
 * names, the grammar copy, the language configuration, the problem matcher against real
 * `archlint check --format compact` output, and extension.js loaded with fake `vscode` and
 * `vscode-languageclient/node` modules.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  createProtocolConnection,
  ExitNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archlint, bin, root } from './cli-run.js';

const extensionDir = `${root}editors/vscode/`;
const manifest = JSON.parse(readFileSync(`${extensionDir}package.json`, 'utf8'));
const lock = JSON.parse(readFileSync(`${extensionDir}package-lock.json`, 'utf8'));
const grammarText = readFileSync(`${root}grammar/archlint.tmLanguage.json`, 'utf8');
const grammar = JSON.parse(grammarText);

describe('editors/vscode/package.json', () => {
  it('names the extension and the VS Code it needs', () => {
    expect(manifest.name).toBe('archlint');
    expect(manifest.publisher).toBe('archlint');
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines.vscode).toBe('^1.91.0');
    expect(manifest.main).toBe('./extension.js');
    expect(manifest.activationEvents).toContain('onLanguage:arch');
    expect(manifest.activationEvents).toContain('workspaceContains:**/archlint.config.json');
  });

  it('every path it contributes exists', () => {
    const paths = [
      manifest.main,
      ...manifest.contributes.languages.filter((l: { configuration?: string }) => l.configuration).map((l: { configuration: string }) => l.configuration),
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
    ];
    expect(paths).toEqual(['./extension.js', './language-configuration.json', './syntaxes/archlint.tmLanguage.json']);
    for (const p of paths) expect(existsSync(path.join(extensionDir, p)), p).toBe(true);
    for (const f of ['README.md', 'LICENSE', '.vscodeignore', '.gitignore', 'package-lock.json']) expect(existsSync(extensionDir + f), f).toBe(true);
  });

  it('the language: id `arch`, `.arch` files; archlint.config.json opens as JSON with comments', () => {
    const [arch, config] = manifest.contributes.languages;
    expect(arch).toMatchObject({ id: 'arch', extensions: ['.arch'], configuration: './language-configuration.json' });
    expect(arch.aliases).toContain('archlint');
    expect(config).toEqual({ id: 'jsonc', filenames: ['archlint.config.json'] });
  });

  it("the grammar: for `arch`, with the grammar file's own scope name", () => {
    expect(manifest.contributes.grammars).toEqual([{ language: 'arch', scopeName: 'source.arch', path: './syntaxes/archlint.tmLanguage.json' }]);
    expect(grammar.scopeName).toBe('source.arch');
    expect(JSON.parse(readFileSync(`${extensionDir}syntaxes/archlint.tmLanguage.json`, 'utf8')).scopeName).toBe(manifest.contributes.grammars[0].scopeName);
  });

  it('the settings, the command and workspace trust', () => {
    const props = manifest.contributes.configuration.properties;
    expect(Object.keys(props)).toEqual(['archlint.path', 'archlint.trace.server']);
    expect(props['archlint.path']).toMatchObject({ type: 'string', default: '' });
    expect(props['archlint.trace.server']).toMatchObject({ enum: ['off', 'messages', 'verbose'], default: 'off' });
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual(['archlint.restartServer']);
    expect(manifest.capabilities.untrustedWorkspaces).toMatchObject({ supported: 'limited', restrictedConfigurations: ['archlint.path'] });
  });

  it('dependencies: vscode-languageclient pinned, and the lock file agrees; vsce 3.9.2 to package', () => {
    const version = manifest.dependencies['vscode-languageclient'];
    expect(Object.keys(manifest.dependencies)).toEqual(['vscode-languageclient']);
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.devDependencies).toEqual({ '@types/node': '20.19.25', '@types/vscode': '1.91.0', '@vscode/vsce': '3.9.2' });
    // Type declarations no newer than the VS Code the extension declares (vsce refuses otherwise).
    expect(manifest.devDependencies['@types/vscode']).toBe(manifest.engines.vscode.slice(1));
    const locked = lock.packages['node_modules/vscode-languageclient'];
    expect(locked.version).toBe(version);
    // The client must not need a newer VS Code than the extension declares.
    const needs = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(locked.engines.vscode)!;
    const declared = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(manifest.engines.vscode)!;
    expect(needs[1]).toBe(declared[1]);
    expect(Number(needs[2])).toBeLessThanOrEqual(Number(declared[2]));
    expect(lock.packages['node_modules/@vscode/vsce'].version).toBe('3.9.2');
    expect(manifest.scripts.package).toBe('vsce package');
  });

  it('the .vsix is neither committed nor packaged into itself', () => {
    expect(readFileSync(`${extensionDir}.gitignore`, 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', '*.vsix']));
    expect(readFileSync(`${extensionDir}.vscodeignore`, 'utf8').split('\n')).toContain('*.vsix');
    expect(readFileSync(`${extensionDir}LICENSE`, 'utf8')).toMatch(/^MIT License/);
  });
});

describe('the grammar copy', () => {
  it('editors/vscode/syntaxes/archlint.tmLanguage.json is identical to grammar/archlint.tmLanguage.json', () => {
    expect(readFileSync(`${extensionDir}syntaxes/archlint.tmLanguage.json`, 'utf8')).toBe(grammarText);
  });
});

describe('language-configuration.json', () => {
  const config = JSON.parse(readFileSync(`${extensionDir}language-configuration.json`, 'utf8'));

  it('comments and brackets as the language has them', () => {
    expect(config.comments).toEqual({ lineComment: '#', blockComment: ['/*', '*/'] });
    expect(config.brackets).toEqual([['{', '}'], ['[', ']']]);
    expect(config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close)).toEqual(['{}', '[]', '""', '/* */']);
  });

  it('the word pattern selects whole names and numbers with units, as the lexer reads them', () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));
    expect(words('lb edge-2 { replicas: 2 }')).toEqual(['lb', 'edge-2', 'replicas', '2']);
    expect(words('users->us-east-web')).toEqual(['users', 'us-east-web']);
    expect(words('users_db { ttl: 0.5ms, hit_ratio: 99.5%, lat: 150µs }')).toEqual(['users_db', 'ttl', '0.5ms', 'hit_ratio', '99.5%', 'lat', '150µs']);
    expect(words('a--b a- _x')).toEqual(['a', 'b', 'a', '_x']);
  });

  it('folding markers and indentation rules are valid regular expressions', () => {
    const start = new RegExp(config.folding.markers.start);
    expect(start.test('#region shards')).toBe(true);
    expect(start.test('# region us-east holds the primary')).toBe(false);
    expect(new RegExp(config.folding.markers.end).test('  #endregion')).toBe(true);
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    expect(increase.test('service web "Web tier" {')).toBe(true);
    expect(increase.test('region eu {   # Europe')).toBe(true);
    expect(increase.test('service web { replicas: 2 }')).toBe(false);
    expect(new RegExp(config.indentationRules.decreaseIndentPattern).test('  }')).toBe(true);
  });
});

interface Problem {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string;
}

/** Applies a VS Code problem pattern (a JS regular expression and group numbers) to each line. */
function matchProblems(output: string, pattern: { regexp: RegExp; file: number; line: number; column: number; severity: number; message: number; code: number }): Problem[] {
  return output.split('\n').flatMap((text) => {
    const m = pattern.regexp.exec(text);
    if (!m) return [];
    return [{ file: m[pattern.file]!, line: Number(m[pattern.line]), column: Number(m[pattern.column]), severity: m[pattern.severity]!, message: m[pattern.message]!, code: m[pattern.code]! }];
  });
}

/**
 * VS Code's built-in `$eslint-compact` pattern, copied from microsoft/vscode,
 * src/vs/workbench/contrib/tasks/common/problemMatcher.ts (ProblemPatternRegistryImpl.fillDefaults,
 * `this.add('eslint-compact', …)`, commit dbc8a32e5aa996c4ebbc7f42e464ce9fcd7bd276).
 */
const eslintCompact = {
  regexp: /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/,
  file: 1,
  line: 2,
  character: 3,
  severity: 4,
  message: 5,
  code: 6,
};

describe('problem matchers against real `archlint check --format compact` output', () => {
  const matcher = manifest.contributes.problemMatchers[0];
  const ours = { ...matcher.pattern, regexp: new RegExp(matcher.pattern.regexp) };
  const builtin = { ...eslintCompact, column: eslintCompact.character };
  const file = 'examples/chapter-1/01-single-server.arch';
  const compact = archlint(['check', '--format', 'compact', file]);
  const json = archlint(['check', '--format', 'json', file]);

  it('the matcher is declared for absolute paths, owned by archlint', () => {
    expect(matcher).toMatchObject({ name: 'archlint', owner: 'archlint', source: 'archlint', fileLocation: 'absolute' });
  });

  it('archlint reports the example with findings', () => {
    expect(compact.stderr).toBe('');
    expect(compact.code).toBe(1);
    expect(compact.stdout).toMatch(/\n\n12 problems\n$/);
  });

  it('hand-checked findings of the example, with messages that contain parentheses', () => {
    const problems = matchProblems(compact.stdout, ours);
    const abs = path.resolve(root, file);
    expect(problems).toHaveLength(12);
    expect(problems.every((p) => p.file === abs)).toBe(true);
    // `service web "Web server" {` on line 25: the name starts at column 9.
    expect(problems.find((p) => p.line === 25)).toMatchObject({ column: 9, severity: 'Error', code: 'spof' });
    expect(problems.find((p) => p.line === 25)!.message).toMatch(/^`web` is a single point of failure: .* \(or mark it `managed` if the platform provides redundancy\)\.$/);
    // `worker thumbnailer { duration: 2s }` on line 29: two findings at `thumbnailer`, column 8.
    expect(problems.filter((p) => p.line === 29).map((p) => [p.column, p.severity, p.code])).toEqual([
      [8, 'Error', 'over-capacity'],
      [8, 'Error', 'spof'],
    ]);
    expect(problems.find((p) => p.code === 'over-capacity')!.message).toContain('(160% of capacity)');
    expect(problems[0]).toMatchObject({ line: 16, column: 1, severity: 'Info', code: 'missing-observability' });
    expect(problems[0]!.message.endsWith('from each service and worker.')).toBe(true);
  });

  it("both patterns read every finding exactly as the JSON report gives it", () => {
    const report = JSON.parse(json.stdout) as { files: { file: string; diagnostics: { ruleId: string; severity: string; message: string; line: number; column: number }[] }[] };
    const expected: Problem[] = report.files.flatMap((f) =>
      f.diagnostics.map((d) => ({
        file: path.resolve(root, f.file),
        line: d.line,
        column: d.column,
        severity: d.severity[0]!.toUpperCase() + d.severity.slice(1),
        message: d.message.replace(/\s*[\r\n]+\s*/g, ' '),
        code: d.ruleId,
      })),
    );
    expect(expected).toHaveLength(12);
    expect(matchProblems(compact.stdout, ours)).toEqual(expected);
    expect(matchProblems(compact.stdout, builtin)).toEqual(expected);
  });

  it('every chapter file: one problem per finding line, nothing from the summary', () => {
    const result = archlint(['check', '--format', 'compact', 'examples/chapter-1']);
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('/'));
    const total = Number(/(\d+) problems?\n$/.exec(result.stdout)![1]);
    expect(lines.length).toBe(total);
    expect(lines.length).toBeGreaterThan(40);
    const problems = matchProblems(result.stdout, ours);
    expect(problems).toHaveLength(total);
    expect(matchProblems(result.stdout, builtin)).toEqual(problems);
    for (const p of problems) {
      expect(path.isAbsolute(p.file) && p.file.endsWith('.arch'), p.file).toBe(true);
      expect(['Error', 'Warning', 'Info']).toContain(p.severity);
      expect(p.code).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// extension.js with fake `vscode` and `vscode-languageclient/node` modules.

interface FakeClient {
  id: string;
  name: string;
  serverOptions: { run: { command: string; args: string[]; options: { cwd?: string; shell?: boolean } }; debug: unknown };
  clientOptions: { documentSelector: Record<string, string>[]; synchronize: { fileEvents: { glob: string } }; outputChannel: { name: string; log: boolean; lines: string[] } };
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
  findArchlint(where: { setting?: string; folders: string[]; trusted: boolean; env: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): { command: string; source: string } | { error: string } | undefined;
  serverExecutable(command: string, cwd?: string): { command: string; args: string[]; options: Record<string, unknown> };
}

function loadExtension(f: Fakes): Extension {
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
      createOutputChannel: (name: string, options?: { log?: boolean }) => ({ name, log: options?.log === true, lines: [] as string[], info(line: string) { this.lines.push(line); }, dispose() {} }),
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
    async start() {
      this.started++;
      if (f.startFails) throw f.startFails;
    }
    async stop() {
      this.stopped++;
    }
  }
  const original = moduleInternals._load;
  moduleInternals._load = function (this: unknown, request, parent, isMain) {
    if (request === 'vscode') return fakeVscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient };
    return original.call(this, request, parent, isMain);
  };
  try {
    delete requireCjs.cache[extensionPath];
    return requireCjs(extensionPath) as Extension;
  } finally {
    moduleInternals._load = original;
  }
}

const temp = mkdtempSync(path.join(os.tmpdir(), 'archlint-vscode-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;

/** A fresh directory with an executable `archlint` shell script at `relative`, if given. */
function folder(relative?: string): string {
  const dir = path.join(temp, `w${++counter}`);
  mkdirSync(dir, { recursive: true });
  if (relative) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o755);
  }
  return dir;
}

function fakes(over: Partial<Fakes> = {}): Fakes {
  return { settings: {}, folders: [], trusted: true, clients: [], errors: [], commands: new Map(), executed: [], configListeners: [], trustListeners: [], ...over };
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

  it("activate() starts `<workspace>/node_modules/.bin/archlint lsp --stdio` for .arch files and archlint.config.json", async () => {
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
    ]);
    expect(client.clientOptions.synchronize.fileEvents.glob).toBe('**/{*.arch,archlint.config.json}');
    // vscode-languageclient 10 logs to a LogOutputChannel; the channel says which archlint runs.
    expect(client.clientOptions.outputChannel).toMatchObject({ name: 'archlint', log: true });
    expect(client.clientOptions.outputChannel.lines).toEqual([`Starting ${path.join(ws, 'node_modules/.bin/archlint')} lsp --stdio (found in the workspace's node_modules).`]);
    expect(client.started).toBe(1);
    // The output channel, the watcher, the command and the two listeners are disposed with the extension.
    expect(ctx.subscriptions).toHaveLength(5);
    expect(ctx.subscriptions[1]).toBe(client.clientOptions.synchronize.fileEvents);
    // Every command the manifest contributes is registered.
    expect([...f.commands.keys()]).toEqual(manifest.contributes.commands.map((c: { command: string }) => c.command));
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
    expect(f.clients.map((c) => [c.started, c.stopped])).toEqual([[1, 1], [1, 0]]);
    f.configListeners.forEach((l) => l({ affectsConfiguration: (s) => s === 'archlint.trace.server' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(f.clients).toHaveLength(2);
    f.configListeners.forEach((l) => l({ affectsConfiguration: (s) => s === 'archlint.path' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(f.clients.map((c) => [c.started, c.stopped])).toEqual([[1, 1], [1, 1], [1, 0]]);
    // One watcher for every client: a restart does not leak watchers.
    expect(new Set(f.clients.map((c) => c.clientOptions.synchronize.fileEvents)).size).toBe(1);
    await ext.deactivate();
    expect(f.clients.map((c) => c.stopped)).toEqual([1, 1, 1]);
  });

  it('on Windows: PATHEXT names and .cmd shims run through a shell', () => {
    const ext = loadExtension(fakes());
    const dir = folder('archlint.cmd');
    expect(ext.findArchlint({ folders: [], trusted: true, env: { PATH: dir, PATHEXT: '.EXE;.CMD' }, platform: 'win32' })).toEqual({ command: path.join(dir, 'archlint.cmd'), source: 'path' });
    expect(ext.serverExecutable('C:\\Program Files\\nodejs\\archlint.cmd', 'C:\\work')).toEqual({
      command: '"C:\\Program Files\\nodejs\\archlint.cmd"',
      args: ['lsp', '--stdio'],
      options: { cwd: 'C:\\work', shell: true },
    });
    expect(ext.serverExecutable('/usr/bin/archlint')).toEqual({ command: '/usr/bin/archlint', args: ['lsp', '--stdio'], options: {} });
  });
});
