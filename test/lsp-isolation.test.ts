/**
 * One document never silences the language server. Through a real client: pathological documents
 * (nesting far too deep, a huge file, binary content) are opened, and a normal document edited
 * after them still gets its diagnostics. In process: a check that throws (a bug, a stack
 * overflow) becomes an error on its own document and a message in the log, and the other
 * documents are published as usual.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it as plain } from 'vitest';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { ConfigResolver, type ResolvedConfig } from '../src/config/resolver.js';
import { DiagnosticsPublisher } from '../src/lsp/diagnostics.js';
import { Workspace } from '../src/lsp/workspace.js';
import { TIMEOUT, it, uri } from './lsp-client.js';

const shop = 'client users\nlb edge { replicas: 2 }\nservice web { replicas: 2 }\nusers -> edge -> web\n';

describe('pathological documents, through a real client', () => {
  it(
    'after a document nested 600 deep, a huge one and binary content, a normal document edited still gets its diagnostics',
    async ({ client, at }) => {
      // 600 regions one inside the other: this used to stop every later publication.
      const deep = Array.from({ length: 600 }, (_, i) => `region r${i + 1} {\n`).join('') + 'service web\n' + '}\n'.repeat(600);
      const deepDiagnostics = await client.open(at('deep.arch'), deep);
      expect(deepDiagnostics.map((d) => [d.code, d.range.start.line, (d.message as string).slice(0, 40)])).toEqual([
        ['syntax', 100, 'nesting too deep: this block opens level'],
      ]);
      // 20,000 components on 20,000 lines (about 0.6 MB).
      const huge = Array.from({ length: 20_000 }, (_, i) => `service s${i} { replicas: 2 }\n`).join('');
      const hugeDiagnostics = await client.open(at('huge.arch'), huge);
      expect(hugeDiagnostics.filter((d) => d.severity === 1)).toEqual([]);
      // Bytes that are no text at all, decoded as an editor would (lossily).
      const binary = randomBytes(4096).toString('latin1') + '\u0000\u0000{{{{[[[[';
      const binaryDiagnostics = await client.open(at('binary.arch'), binary);
      expect(binaryDiagnostics.length).toBeGreaterThan(0);
      expect(binaryDiagnostics.every((d) => d.code === 'syntax')).toBe(true);
      // The normal document: its findings when opened, and again after an edit.
      const opened = await client.open(at('shop.arch'), shop);
      expect(opened.map((d) => d.code)).toEqual(['missing-observability']);
      const edited = await client.change(at('shop.arch'), shop.replace('service web { replicas: 2 }', 'service web'));
      expect(edited.map((d) => d.code).sort()).toEqual(['missing-observability', 'spof']);
      // And the deep one, edited to something sound, is checked again too.
      const fixed = await client.change(at('deep.arch'), 'service web { replicas: 2 }\n');
      expect(fixed.map((d) => d.code)).toEqual(['missing-observability']);
      expect(client.logged.filter((m) => m.includes('failed'))).toEqual([]);
    },
    TIMEOUT * 3,
  );
});

/** A connection that feeds the workspace's documents and records what is published and logged. */
function fakeConnection() {
  const handlers: Record<string, (params: unknown) => void> = {};
  const on = (name: string) => (handler: (params: unknown) => void) => {
    handlers[name] = handler;
    return { dispose: () => undefined };
  };
  const published: PublishDiagnosticsParams[] = [];
  const connection = {
    onDidOpenTextDocument: on('open'),
    onDidChangeTextDocument: on('change'),
    onDidCloseTextDocument: on('close'),
    onWillSaveTextDocument: on('willSave'),
    onWillSaveTextDocumentWaitUntil: on('willSaveWaitUntil'),
    onDidSaveTextDocument: on('save'),
    sendDiagnostics: (params: PublishDiagnosticsParams) => {
      published.push(params);
      return Promise.resolve();
    },
  };
  return { connection: connection as unknown as Connection, handlers, published };
}

/**
 * A publisher on a fresh workspace folder fed by `fakeConnection`, with the given resolver; the
 * folder is removed when `body` ends.
 */
async function withPublisher(
  resolver: (folder: string) => ConfigResolver,
  body: (p: { folder: string; workspace: Workspace; publisher: DiagnosticsPublisher; logged: string[] } & ReturnType<typeof fakeConnection>) => Promise<void>,
): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'archlint-lsp-isolation-'));
  try {
    const workspace = new Workspace();
    workspace.setFolder(folder);
    const fake = fakeConnection();
    workspace.documents.listen(fake.connection);
    const logged: string[] = [];
    const publisher = new DiagnosticsPublisher(fake.connection, workspace, resolver(folder), (what, error) =>
      logged.push(`${what}: ${(error as Error).message}`),
    );
    try {
      await body({ folder, workspace, publisher, logged, ...fake });
    } finally {
      publisher.dispose();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A resolver whose `resolve` fails, as a bug or a stack overflow would, for one file. */
class FailingFor extends ConfigResolver {
  constructor(
    cwd: string,
    private readonly failing: string,
  ) {
    super({ cwd, names: 'absolute' });
  }
  override resolve(file: string): Promise<ResolvedConfig> {
    if (path.basename(file) === this.failing) throw new RangeError('Maximum call stack size exceeded');
    return super.resolve(file);
  }
}

/** A resolver that holds every check until `release` is called, as a slow plugin load would. */
class Held extends ConfigResolver {
  release!: () => void;
  private readonly held = new Promise<void>((resolve) => (this.release = resolve));
  constructor(cwd: string) {
    super({ cwd, names: 'absolute' });
  }
  override async resolve(file: string): Promise<ResolvedConfig> {
    await this.held;
    return super.resolve(file);
  }
}

describe('a document edited while it is checked', () => {
  plain('is not published from the check that was running, but from the one its edit scheduled', async () => {
    let resolver: Held | undefined;
    await withPublisher(
      (folder) => (resolver = new Held(folder)),
      async ({ folder, workspace, publisher, handlers, published }) => {
        const file = path.join(folder, 'shop.arch');
        handlers.open!({ textDocument: { uri: uri(file), languageId: 'arch', version: 1, text: shop } });
        const key = workspace.opened(uri(file));
        publisher.schedule([key], 0);
        const first = publisher.flush();
        // While the check waits for its configuration, the document changes (and schedules its own check).
        await new Promise((resolve) => setImmediate(resolve));
        handlers.change!({
          textDocument: { uri: uri(file), version: 2 },
          contentChanges: [{ text: shop.replace('service web { replicas: 2 }', 'service web') }],
        });
        publisher.schedule([key], 60_000);
        resolver!.release();
        await first;
        expect(published).toEqual([]);
        await publisher.flush();
        expect(published.map((p) => [p.version, p.diagnostics.map((d) => d.code).sort()])).toEqual([[2, ['missing-observability', 'spof']]]);
      },
    );
  });
});

describe('a check that throws', () => {
  plain('becomes an error on its own document and a message in the log, and the other documents are published', async () => {
    await withPublisher(
      (folder) => new FailingFor(folder, 'bad.arch'),
      async ({ folder, workspace, publisher, handlers, published, logged }) => {
        const keys = ['bad.arch', 'good.arch'].map((name) => {
          const file = path.join(folder, name);
          handlers.open!({ textDocument: { uri: uri(file), languageId: 'arch', version: 1, text: shop } });
          return workspace.opened(uri(file));
        });
        publisher.schedule(keys, 0);
        await publisher.flush();
        const byFile = new Map(published.map((p) => [path.basename(new URL(p.uri).pathname), p.diagnostics.map((d) => [d.code, d.message])]));
        expect(byFile.get('bad.arch')).toEqual([
          ['internal-error', "archlint could not check this file: Maximum call stack size exceeded (a bug in archlint; the server's log has the details)"],
        ]);
        expect(byFile.get('good.arch')?.map(([code]) => code)).toEqual(['missing-observability']);
        expect(logged).toEqual(['checking bad.arch: Maximum call stack size exceeded']);
        // And again on the next change: the failing document does not stop the others.
        published.length = 0;
        handlers.change!({
          textDocument: { uri: uri(path.join(folder, 'good.arch')), version: 2 },
          contentChanges: [{ text: shop.replace('service web { replicas: 2 }', 'service web') }],
        });
        publisher.schedule(keys, 0, true);
        await publisher.flush();
        const again = published.find((p) => p.uri.endsWith('good.arch'));
        expect(again?.version).toBe(2);
        expect(again?.diagnostics.map((d) => d.code).sort()).toEqual(['missing-observability', 'spof']);
      },
    );
  });
});
