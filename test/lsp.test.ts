/**
 * The language server through a real LSP client: `archlint lsp --stdio` is spawned from the built
 * executable, and every expected value below (positions are 0-based lines and UTF-16 characters)
 * was worked out by hand from the rule documentation and the language reference.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { ruleDocUrl } from '../src/package-info.js';
import { bin, root } from './cli-run.js';

const TIMEOUT = 20_000;

/** A client that records every published diagnostic and can wait for the next one of a document. */
class Client {
  readonly published: PublishDiagnosticsParams[] = [];
  /** What the server logged to the client's console (a failing handler logs there). */
  readonly logged: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
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

  static async start(workspace: string, extraArgs: readonly string[] = []): Promise<Client> {
    const child = spawn(process.execPath, [bin, 'lsp', '--stdio', ...extraArgs], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new Client(child, connection);
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: uri(workspace),
      workspaceFolders: [{ uri: uri(workspace), name: 'test' }],
      capabilities: {},
    });
    expect(result.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
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
    return Array.isArray(result) ? result : ((result as CompletionList | null)?.items ?? []);
  }
}

/** Every server started, killed after the tests whatever happened to them. */
const children: ChildProcess[] = [];
const uri = (file: string) => pathToFileURL(file).href;
const range = (line: number, from: number, to: number, endLine = line): Range => ({ start: { line, character: from }, end: { line: endLine, character: to } });
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

/** Applies LSP text edits (0-based lines, UTF-16 characters) to a text, last first. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line]! + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/** A finding as the server must publish it. */
function finding(r: Range, severity: 1 | 2 | 3, code: string, message: string): Diagnostic {
  return { range: r, severity, source: 'archlint', code, codeDescription: { href: ruleDocUrl(code) }, message };
}

// One database with no replicas behind a redundant web tier: `db` is where every flow ends and it
// runs one instance (spof, an error, on its name), and it is a database on one node
// (no-db-replication, a warning, also on its name). Monitoring collects logs and metrics from the
// only service, so missing-observability is quiet; no workload, so the capacity rules are too.
const shop = [
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

const spofDb = finding(range(3, 9, 11), 1, 'spof', '`db` is a single point of failure: it runs as one instance and the requests from `users` that reach it have nowhere else to go. Run at least 2 replicas (or mark it `managed` if the platform provides redundancy).');
const singleNodeDb = finding(range(3, 9, 11), 2, 'no-db-replication', '`db` runs on a single node: if it fails the data is unavailable and nothing takes over, and every read and write lands on that one machine. Run it with `replicas: 2` or more (a primary for writes, replicas for reads), or mark it `managed` if the platform replicates it.');

let workspace: string;
let client: Client;
const at = (name: string) => path.join(workspace, name);

function write(name: string, text: string): void {
  mkdirSync(path.dirname(at(name)), { recursive: true });
  writeFileSync(at(name), text);
}

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'archlint-lsp-'));
  // The workspace's own configuration (the recommended rules), so that nothing above it applies.
  write('archlint.config.json', '{}\n');
  write('configured/archlint.config.json', '{ "rules": { "spof": "off" } }\n');
  write('invalid/archlint.config.json', '{ "rules": { "spoof": "off" } }\n');
  write('imports/common.arch', 'database db { replicas: 2 }\n');
  write('imports/broken.arch', 'service api { replicas: 2 capacity: 3k }\n');
  client = await Client.start(workspace);
}, TIMEOUT);

afterAll(() => {
  for (const child of children) child.kill();
  rmSync(workspace, { recursive: true, force: true });
});

describe('diagnostics', () => {
  it('publishes the findings of archlint check on open, with 0-based ranges, severities, codes and links', async () => {
    expect(await client.open(at('shop.arch'), shop)).toEqual([singleNodeDb, spofDb]);
  }, TIMEOUT);

  it('clears them when a change fixes the model', async () => {
    expect(await client.open(at('fixed.arch'), shop)).toEqual([singleNodeDb, spofDb]);
    expect(await client.change(at('fixed.arch'), shop.replace('database db\n', 'database db { replicas: 2 }\n'))).toEqual([]);
  }, TIMEOUT);

  it('counts columns in UTF-16 code units, as LSP does', async () => {
    // The flag is two astral characters, four UTF-16 code units: `db` starts at character 28.
    const text = 'region eu "🇪🇺" { database db }\n';
    const found = await client.open(at('flag.arch'), text);
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['missing-observability', range(0, 28, 30)],
      ['no-db-replication', range(0, 28, 30)],
    ]);
  }, TIMEOUT);

  it('reports a syntax error where it is, and keeps serving', async () => {
    const broken = 'service web { replicas: 2 capacity: 3k }\n';
    expect(await client.open(at('syntax.arch'), broken)).toEqual([
      { range: range(0, 26, 34), severity: 1, source: 'archlint', code: 'syntax', message: 'put a comma, a semicolon or a line break between `replicas` and `capacity`' },
    ]);
    expect(await client.change(at('syntax.arch'), '}{ ->-> "unclosed\n/* and a comment')).not.toEqual([]);
    expect(hoverText(await client.hover(at('shop.arch'), 3, 2))).toContain('Relational or NoSQL store.');
    expect(await client.change(at('syntax.arch'), shop)).toEqual([singleNodeDb, spofDb]);
  }, TIMEOUT);

  it('hides a suppressed finding', async () => {
    const text = shop.replace('database db\n', '# archlint-disable-next-line spof -- failover is handled by the platform team\ndatabase db\n');
    expect(await client.open(at('suppressed.arch'), text)).toEqual([{ ...singleNodeDb, range: range(4, 9, 11) }]);
  }, TIMEOUT);

  it('applies the configuration that governs the file: a rule turned off reports nothing', async () => {
    expect(await client.open(at('configured/shop.arch'), shop)).toEqual([singleNodeDb]);
  }, TIMEOUT);

  it('re-checks when a configuration changes on disk', async () => {
    write('configured/archlint.config.json', '{ "rules": { "no-db-replication": "off" } }\n');
    const mark = client.published.length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uri(at('configured/archlint.config.json')), type: FileChangeType.Changed }],
    });
    expect((await client.waitFor(mark, (p) => p.uri === uri(at('configured/shop.arch')))).diagnostics).toEqual([spofDb]);
  }, TIMEOUT);

  it('publishes an invalid configuration on its own file, notes it in the .arch file, and re-checks when it is edited', async () => {
    const config = at('invalid/archlint.config.json');
    const mark = client.published.length;
    const own = await client.open(at('invalid/shop.arch'), shop);
    expect(own).toEqual([
      { range: range(0, 0, 0), severity: 1, source: 'archlint', code: 'config', message: 'the configuration invalid/archlint.config.json is not valid (1 error): the rules do not run until it is fixed' },
    ]);
    const published = await client.waitFor(mark, (p) => p.uri === uri(config));
    expect(published.diagnostics).toEqual([
      { range: range(0, 13, 20), severity: 1, source: 'archlint', code: 'config', message: 'unknown rule `spoof`; did you mean `spof`?' },
    ]);
    // The editor opens the configuration and fixes it without saving: the unsaved text counts.
    const fixedConfig = '{ "rules": { "spof": "off" } }\n';
    const next = client.published.length;
    expect(await client.open(config, '{ "rules": { "spoof": "off" } }\n', 'json')).toEqual(published.diagnostics);
    expect(await client.change(config, fixedConfig)).toEqual([]);
    const rechecked = await client.waitFor(next, (p) => p.uri === uri(at('invalid/shop.arch')) && p.diagnostics.every((d) => d.code !== 'config'));
    expect(rechecked.diagnostics).toEqual([singleNodeDb]);
  }, TIMEOUT);

  it('publishes problems of an imported file on that file, notes its errors at the import, and re-checks when it changes on disk', async () => {
    const main = at('imports/broken-main.arch');
    const broken = at('imports/broken.arch');
    const mark = client.published.length;
    expect(await client.open(main, 'import "broken.arch"\nclient users\n')).toEqual([
      { range: range(0, 7, 20), severity: 1, source: 'archlint', code: 'import', message: '"broken.arch" brings 1 error into this model (see imports/broken.arch): the rules do not run until it is fixed' },
    ]);
    const inImported = await client.waitFor(mark, (p) => p.uri === uri(broken));
    expect(inImported.diagnostics).toEqual([
      { range: range(0, 26, 34), severity: 1, source: 'archlint', code: 'syntax', message: 'put a comma, a semicolon or a line break between `replicas` and `capacity`' },
    ]);
    write('imports/broken.arch', 'service api { replicas: 2, capacity: 3k }\n');
    const next = client.published.length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(broken), type: FileChangeType.Changed }] });
    // Fixed, the model compiles and the rules run: `api` is reached by no client (a finding in
    // the imported file, published there), and the model has no monitoring (placed on its first
    // component, `users`, in the root file).
    expect((await client.waitFor(next, (p) => p.uri === uri(broken))).diagnostics).toEqual([
      finding(range(0, 8, 11), 2, 'unreachable-component', 'no client reaches `api`: no chain of edges leads to it from any client, so either nothing uses it or an edge to it is missing. Connect it to the flow that needs it, or remove it.'),
    ]);
    expect((await client.waitFor(next, (p) => p.uri === uri(main))).diagnostics).toEqual([
      finding(range(1, 7, 12), 3, 'missing-observability', 'the system has no `monitoring` component: without collected logs and metrics, errors and overloaded tiers go unnoticed until users complain. Add one (`monitoring ops { logging, metrics, alerting }`) and an edge to it from each service and worker.'),
    ]);
    // Closed, the model is no longer checked: what was published for both files is cleared.
    const closing = client.published.length;
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uri(main) } });
    expect((await client.waitFor(closing, (p) => p.uri === uri(broken))).diagnostics).toEqual([]);
    expect((await client.waitFor(closing, (p) => p.uri === uri(main))).diagnostics).toEqual([]);
  }, TIMEOUT);
});

describe('hover', () => {
  it('explains a kind, an attribute, a component and a rule in a suppression', async () => {
    const text = ['# archlint-disable-next-line spof', 'service web "Web tier" { replicas: 2, sessions: store }', 'cache store { ttl: 10m }', 'client users', 'users -> web', ''].join('\n');
    await client.open(at('hover.arch'), text);
    const kind = hoverText(await client.hover(at('hover.arch'), 1, 3));
    expect(kind).toContain('Web or application tier.');
    expect(kind).toContain('`autoscale`, `sessions`, `serves_static`, `public`');

    const replicas = await client.hover(at('hover.arch'), 1, 28);
    expect(replicas?.range).toEqual(range(1, 25, 33));
    expect(hoverText(replicas)).toBe([
      '**`replicas`**: an attribute every kind takes',
      '',
      'Running instances (for a database: nodes).',
      '',
      '- Value: whole number, 1–1e6',
      '- Default: 1',
      '- Example: `replicas: 3`',
    ].join('\n'));
    expect(hoverText(await client.hover(at('hover.arch'), 2, 15))).toContain('Expiry of cached entries.');
    expect(hoverText(await client.hover(at('hover.arch'), 2, 15))).toContain('duration (`ns` `us` `ms` `s` `m` `h` `d`), > 0');

    // `web` where the edge names it: its kind, label and attributes as written.
    const web = await client.hover(at('hover.arch'), 4, 10);
    expect(web?.range).toEqual(range(4, 9, 12));
    expect(hoverText(web)).toBe('**`web`**: a `service` "Web tier"\n\nWeb or application tier.\n\n`replicas: 2` · `sessions: store`');
    // `store` where `sessions:` names it.
    expect(hoverText(await client.hover(at('hover.arch'), 1, 50))).toContain('**`store`**: a `cache`');

    const rule = await client.hover(at('hover.arch'), 0, 31);
    expect(rule?.range).toEqual(range(0, 29, 33));
    expect(hoverText(rule)).toContain('**spof**: a rule, default severity error');
    expect(hoverText(rule)).toContain('A component on a request flow that runs as one instance with no path around it: if it fails, the flow stops.');
    expect(hoverText(rule)).toContain(`[Documentation](${ruleDocUrl('spof')})`);

    expect(await client.hover(at('hover.arch'), 5, 0)).toBeNull();
  }, TIMEOUT);
});

describe('completion', () => {
  // Every scenario is this model plus a few lines of its own, in a document of its own.
  const base = ['client users', 'cache store { ttl: 10m, eviction: lru }', 'database db { replicas: 2 }', 'service web { replicas: 2 }', 'lb front { sticky, replicas: 2 }'];
  let count = 0;
  /** Opens the base plus `lines`, and completes at (line, character) of `lines`. */
  async function completeIn(lines: string[], line: number, character: number): Promise<CompletionItem[]> {
    const file = at(`complete-${++count}.arch`);
    await client.open(file, [...base, ...lines].join('\n'));
    return client.complete(file, base.length + line, character);
  }

  it('offers kinds, statement words and component names where a statement starts', async () => {
    const items = labels(await completeIn(['', 'users -> web'], 0, 0));
    expect(items).toEqual(expect.arrayContaining(['client', 'dns', 'cdn', 'lb', 'service', 'worker', 'cache', 'database', 'queue', 'storage', 'monitoring']));
    expect(items).toEqual(expect.arrayContaining(['region', 'workload', 'budget', 'latency', 'import', 'architecture', 'users', 'store', 'db', 'web', 'front']));
    expect(items).not.toContain('replicas');
  }, TIMEOUT);

  it('offers kinds and names in a region, but no statement that belongs at the top level', async () => {
    const items = labels(await completeIn(['region eu {', '  ', '}'], 1, 2));
    expect(items).toEqual(expect.arrayContaining(['service', 'database', 'web']));
    expect(items).not.toContain('workload');
    expect(items).not.toContain('region');
  }, TIMEOUT);

  it('offers component names after an arrow, not kinds and not the edge start', async () => {
    const items = labels(await completeIn(['users -> '], 0, 9));
    expect(items.sort()).toEqual(['db', 'front', 'store', 'web']);
  }, TIMEOUT);

  it("offers the kind's attributes inside its block, less those already written", async () => {
    const items = await completeIn(['cache c2 { ttl: 1m,  }'], 0, 20);
    const names = labels(items);
    expect(names).toEqual(expect.arrayContaining(['eviction', 'hit_ratio', 'write_policy', 'source_of_truth', 'memory', 'replicas', 'capacity']));
    expect(names).not.toContain('ttl');
    expect(names).not.toContain('sticky');
    expect(names).not.toContain('routing');
    const line = base.length;
    expect(items.find((i) => i.label === 'eviction')?.textEdit).toEqual({ range: range(line, 20, 20), newText: 'eviction: ' });
    expect(items.find((i) => i.label === 'source_of_truth')?.textEdit).toEqual({ range: range(line, 20, 20), newText: 'source_of_truth' });
  }, TIMEOUT);

  it('offers the values an attribute takes', async () => {
    expect(labels(await completeIn(['db -> store { replication:  }'], 0, 27)).sort()).toEqual(['async', 'sync']);
    // sessions: `local`, or a cache or database of the model.
    expect(labels(await completeIn(['service api { sessions:  }'], 0, 24)).sort()).toEqual(['db', 'local', 'store']);
  }, TIMEOUT);

  it('offers rule ids in a suppression comment, replacing the word being typed', async () => {
    const items = await completeIn(['# archlint-disable-next-line sp'], 0, 31);
    expect(labels(items)).toEqual(expect.arrayContaining(['spof', 'missing-cdn', 'no-db-replication']));
    expect(labels(items)).not.toContain('unused-suppression');
    expect(items.find((i) => i.label === 'spof')?.textEdit).toEqual({ range: range(base.length, 29, 31), newText: 'spof' });
  }, TIMEOUT);

  it('still completes in a block that is not closed', async () => {
    const items = await completeIn(['service api {', '  rep'], 1, 5);
    expect(labels(items)).toEqual(expect.arrayContaining(['replicas', 'autoscale', 'sessions']));
    expect(items.find((i) => i.label === 'replicas')?.textEdit).toEqual({ range: range(base.length + 1, 2, 5), newText: 'replicas: ' });
  }, TIMEOUT);
});

describe('navigation', () => {
  const main = () => at('imports/main.arch');
  const text = [
    'import "common.arch"', //                        0
    'client users', //                                1
    'lb front { replicas: 2 }', //                    2
    'service web { replicas: 2, sessions: db }', //   3: `db` at 37-39
    'monitoring ops { logging, metrics }', //         4
    'users -> front -> web', //                       5: `web` at 18-21
    'web -> db { reads, writes }', //                 6: `web` at 0-3, `db` at 7-9
    'web -> ops', //                                  7: `web` at 0-3
    '',
  ].join('\n');

  beforeAll(async () => {
    expect(await client.open(main(), text)).toEqual([]);
  }, TIMEOUT);

  it('goes from a use to the declaration, across an import', async () => {
    const locations = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri(main()) }, position: { line: 6, character: 8 } })) as Location[];
    expect(locations).toEqual([{ uri: uri(at('imports/common.arch')), range: range(0, 9, 11) }]);
    const local = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri(main()) }, position: { line: 7, character: 1 } })) as Location[];
    expect(local).toEqual([{ uri: uri(main()), range: range(3, 8, 11) }]);
  }, TIMEOUT);

  it('finds every reference, with or without the declaration', async () => {
    const request = (includeDeclaration: boolean) =>
      client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uri(main()) }, position: { line: 3, character: 9 }, context: { includeDeclaration } });
    const here = (r: Range) => ({ uri: uri(main()), range: r });
    expect(await request(false)).toEqual([here(range(5, 18, 21)), here(range(6, 0, 3)), here(range(7, 0, 3))]);
    expect(await request(true)).toEqual([here(range(3, 8, 11)), here(range(5, 18, 21)), here(range(6, 0, 3)), here(range(7, 0, 3))]);
    const db = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uri(main()) }, position: { line: 6, character: 7 }, context: { includeDeclaration: true } });
    expect(db).toEqual([here(range(3, 37, 39)), here(range(6, 7, 9)), { uri: uri(at('imports/common.arch')), range: range(0, 9, 11) }]);
  }, TIMEOUT);
});

describe('document symbols', () => {
  it('lists regions with their components inside, and the top-level components and blocks', async () => {
    const text = ['workload { rps: 1k }', 'region eu "Europe" {', '  lb front { replicas: 2 }', '  service web', '}', 'client users', 'users -> front', ''].join('\n');
    await client.open(at('symbols.arch'), text);
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri(at('symbols.arch')) } })) as DocumentSymbol[];
    expect(symbols).toEqual([
      { name: 'workload', kind: 23, range: range(0, 0, 20), selectionRange: range(0, 0, 8) },
      {
        name: 'eu',
        detail: '"Europe"',
        kind: 3,
        range: range(1, 0, 1, 4),
        selectionRange: range(1, 7, 9),
        children: [
          { name: 'front', detail: 'lb', kind: 25, range: range(2, 2, 26), selectionRange: range(2, 5, 10) },
          { name: 'web', detail: 'service', kind: 5, range: range(3, 2, 13), selectionRange: range(3, 10, 13) },
        ],
      },
      { name: 'users', detail: 'client', kind: 11, range: range(5, 0, 12), selectionRange: range(5, 7, 12) },
    ]);
  }, TIMEOUT);
});

describe('quick fixes', () => {
  // The shop with its data tier in a region: the suppression must take the line's indentation.
  const text = ['client users', 'region eu {', '  lb front { replicas: 2 }', '  service web { replicas: 2 }', '  database db', '}', 'monitoring ops { logging, metrics }', 'users -> front -> web', 'web -> db', 'web -> ops', ''].join('\n');
  const file = () => at('fix.arch');
  const actionsFor = (d: Diagnostic) =>
    client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri(file()) }, range: d.range, context: { diagnostics: [d] } }) as Promise<CodeAction[]>;

  it('suppresses a finding on its line with the right edit, and adds to that comment next time', async () => {
    const found = await client.open(file(), text);
    expect(found.map((d) => [d.code, d.range])).toEqual([
      ['no-db-replication', range(4, 11, 13)],
      ['spof', range(4, 11, 13)],
    ]);
    const spof = found.find((d) => d.code === 'spof')!;
    const actions = await actionsFor(spof);
    expect(actions.map((a) => [a.title, a.kind, a.edit?.changes?.[uri(file())]])).toEqual([
      ['Suppress spof on this line', 'quickfix', [{ range: range(4, 0, 0), newText: '  # archlint-disable-next-line spof\n' }]],
      ['Suppress spof in this file', 'quickfix', [{ range: range(0, 0, 0), newText: '# archlint-disable spof\n' }]],
    ]);
    const line = actions[0]!.edit!.changes![uri(file())]![0]!;
    const after = await client.change(file(), line.newText, line.range);
    expect(after.map((d) => [d.code, d.range])).toEqual([['no-db-replication', range(5, 11, 13)]]);

    const second = await actionsFor(after[0]!);
    expect(second[0]!.edit!.changes![uri(file())]).toEqual([{ range: range(4, 35, 35), newText: ', no-db-replication' }]);
    const edit = second[0]!.edit!.changes![uri(file())]![0]!;
    expect(await client.change(file(), edit.newText, edit.range)).toEqual([]);
    expect(client.texts.get(uri(file()))).toContain('  # archlint-disable-next-line spof, no-db-replication\n  database db\n');
  }, TIMEOUT);

  it('offers no fix for a compiler error', async () => {
    const [syntax] = await client.open(at('nofix.arch'), 'service web {');
    expect(syntax?.code).toBe('syntax');
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri(at('nofix.arch')) }, range: syntax!.range, context: { diagnostics: [syntax!] } });
    expect(actions).toEqual([]);
  }, TIMEOUT);
});

describe('robustness', () => {
  it('answers every request at every position of broken text, and no handler fails', async () => {
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
  }, TIMEOUT);
});

describe('lifecycle', () => {
  it('ends with exit code 0 after shutdown and exit', async () => {
    await client.connection.sendRequest(ShutdownRequest.type);
    await client.connection.sendNotification(ExitNotification.type);
    expect(await client.exited).toBe(0);
  }, TIMEOUT);

  it('ends with exit code 1 after an exit that no shutdown came before, as LSP asks', async () => {
    const other = await Client.start(workspace);
    await other.connection.sendNotification(ExitNotification.type);
    expect(await other.exited).toBe(1);
  }, TIMEOUT);

  it('accepts --clientProcessId, which some clients add to the command line', async () => {
    const other = await Client.start(workspace, [`--clientProcessId=${process.pid}`]);
    await other.connection.sendRequest(ShutdownRequest.type);
    await other.connection.sendNotification(ExitNotification.type);
    expect(await other.exited).toBe(0);
  }, TIMEOUT);

  it('ends when the client closes its input, without a shutdown', async () => {
    const other = await Client.start(workspace);
    other.child.stdin!.end();
    expect(await other.exited).toBe(0);
  }, TIMEOUT);
});
