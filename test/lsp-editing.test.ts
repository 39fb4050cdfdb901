/**
 * Writing a model with the language server's help, through a real LSP client: completion and
 * quick fixes. Every expected value (positions are 0-based lines and UTF-16 characters) was worked
 * out by hand from the language reference and the rule documentation.
 */
import { describe, expect } from 'vitest';
import { CodeActionRequest, DocumentFormattingRequest, type CodeAction, type CompletionItem, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { Client, TIMEOUT, it, labels, range, uri } from './lsp-client.js';

describe('completion', () => {
  // Every scenario is this model plus a few lines of its own, in a document of its own.
  const base = [
    'client users',
    'cache store { ttl: 10m, eviction: lru }',
    'database db { replicas: 2 }',
    'service web { replicas: 2 }',
    'lb front { sticky, replicas: 2 }',
  ];
  /** Opens the base plus `lines` in a document of its own, and completes at (line, character) of `lines`. */
  function completer(client: Client, at: (name: string) => string) {
    let count = 0;
    return async (lines: string[], line: number, character: number): Promise<CompletionItem[]> => {
      const file = at(`complete-${++count}.arch`);
      await client.open(file, [...base, ...lines].join('\n'));
      return client.complete(file, base.length + line, character);
    };
  }

  it(
    'offers kinds, statement words and component names where a statement starts',
    async ({ client, at }) => {
      const completeIn = completer(client, at);
      const items = labels(await completeIn(['', 'users -> web'], 0, 0));
      expect(items).toEqual(expect.arrayContaining(['client', 'dns', 'cdn', 'lb', 'service', 'worker', 'cache', 'database', 'queue', 'storage', 'monitoring']));
      expect(items).toEqual(
        expect.arrayContaining(['region', 'workload', 'budget', 'latency', 'import', 'architecture', 'users', 'store', 'db', 'web', 'front']),
      );
      expect(items).not.toContain('replicas');
    },
    TIMEOUT,
  );

  it(
    'offers kinds and names in a region, but no statement that belongs at the top level',
    async ({ client, at }) => {
      const completeIn = completer(client, at);
      const items = labels(await completeIn(['region eu {', '  ', '}'], 1, 2));
      expect(items).toEqual(expect.arrayContaining(['service', 'database', 'web']));
      expect(items).not.toContain('workload');
      expect(items).not.toContain('region');
      // The region's own property, once: not offered again when the body sets it.
      expect(items).toContain('zones');
      expect(labels(await completeIn(['region eu {', '  zones: [a, b]', '  ', '}'], 2, 2))).not.toContain('zones');
      expect(labels(await completeIn(['region eu {', '  zones: [a, b]', '}', 'region us {', '  ', '}'], 4, 2))).toContain('zones');
      // Nor at the top level, where no region is.
      expect(labels(await completeIn(['', 'users -> web'], 0, 0))).not.toContain('zones');
    },
    TIMEOUT,
  );

  it(
    'offers component names after an arrow, not kinds and not the edge start',
    async ({ client, at }) => {
      const completeIn = completer(client, at);
      const items = labels(await completeIn(['users -> '], 0, 9));
      expect(items.sort()).toEqual(['db', 'front', 'store', 'web']);
    },
    TIMEOUT,
  );

  it(
    "offers the kind's attributes inside its block, less those already written",
    async ({ client, at }) => {
      const completeIn = completer(client, at);
      const items = await completeIn(['cache c2 { ttl: 1m,  }'], 0, 20);
      const names = labels(items);
      expect(names).toEqual(expect.arrayContaining(['eviction', 'hit_ratio', 'write_policy', 'source_of_truth', 'memory', 'replicas', 'capacity']));
      expect(names).not.toContain('ttl');
      expect(names).not.toContain('sticky');
      expect(names).not.toContain('routing');
      const line = base.length;
      expect(items.find((i) => i.label === 'eviction')?.textEdit).toEqual({ range: range(line, 20, 20), newText: 'eviction: ' });
      expect(items.find((i) => i.label === 'source_of_truth')?.textEdit).toEqual({ range: range(line, 20, 20), newText: 'source_of_truth' });
    },
    TIMEOUT,
  );

  it(
    'offers the values an attribute takes',
    async ({ client, at }) => {
      const completeIn = completer(client, at);
      expect(labels(await completeIn(['db -> store { replication:  }'], 0, 27)).sort()).toEqual(['async', 'sync']);
      // sessions: `local`, or a cache or database of the model.
      expect(labels(await completeIn(['service api { sessions:  }'], 0, 24)).sort()).toEqual(['db', 'local', 'store']);
    },
    TIMEOUT,
  );

  it(
    'offers rule ids in a suppression comment, replacing the word being typed',
    async ({ client, at }) => {
      const completeIn = completer(client, at);
      const items = await completeIn(['# archlint-disable-next-line sp'], 0, 31);
      expect(labels(items)).toEqual(expect.arrayContaining(['spof', 'missing-cdn', 'no-db-replication']));
      expect(labels(items)).not.toContain('unused-suppression');
      expect(items.find((i) => i.label === 'spof')?.textEdit).toEqual({ range: range(base.length, 29, 31), newText: 'spof' });
    },
    TIMEOUT,
  );

  it(
    'still completes in a block that is not closed',
    async ({ client, at }) => {
      const completeIn = completer(client, at);
      const items = await completeIn(['service api {', '  rep'], 1, 5);
      expect(labels(items)).toEqual(expect.arrayContaining(['replicas', 'autoscale', 'sessions']));
      expect(items.find((i) => i.label === 'replicas')?.textEdit).toEqual({ range: range(base.length + 1, 2, 5), newText: 'replicas: ' });
    },
    TIMEOUT,
  );
});

describe('quick fixes', () => {
  // The shop with its data tier in a region: the suppression must take the line's indentation.
  const text = [
    'client users',
    'region eu {',
    '  lb front { replicas: 2 }',
    '  service web { replicas: 2 }',
    '  database db',
    '}',
    'monitoring ops { logging, metrics }',
    'users -> front -> web',
    'web -> db',
    'web -> ops',
    '',
  ].join('\n');

  it(
    'suppresses a finding on its line with the right edit, and adds to that comment next time',
    async ({ client, at }) => {
      const file = () => at('fix.arch');
      const actionsFor = (d: Diagnostic) =>
        client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri(file()) }, range: d.range, context: { diagnostics: [d] } }) as Promise<
          CodeAction[]
        >;
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
    },
    TIMEOUT,
  );

  it(
    'offers no fix for a compiler error',
    async ({ client, at }) => {
      const [syntax] = await client.open(at('nofix.arch'), 'service web {');
      expect(syntax?.code).toBe('syntax');
      const actions = await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: uri(at('nofix.arch')) },
        range: syntax!.range,
        context: { diagnostics: [syntax!] },
      });
      expect(actions).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('document formatting', () => {
  it(
    'formats the open text as `archlint fmt` does, in one edit; nothing for a formatted or broken document',
    async ({ client, at }) => {
      const messy = at('messy.arch');
      const text = 'client users   service web{replicas:3}  # the web tier\nusers->web\n';
      await client.open(messy, text);
      const options = { tabSize: 2, insertSpaces: true };
      const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri(messy) }, options });
      expect(edits).toEqual([{ range: range(0, 0, 0, 2), newText: 'client users\nservice web { replicas: 3 } # the web tier\nusers -> web\n' }]);

      const tidy = at('tidy.arch');
      await client.open(tidy, 'client users\n');
      expect(await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri(tidy) }, options })).toEqual([]);
      const broken = at('broken.arch');
      await client.open(broken, 'service {\n');
      expect(await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri(broken) }, options })).toEqual([]);
    },
    TIMEOUT,
  );
});
