/**
 * Diagnostics of the language server through a real LSP client: what `archlint check` finds,
 * published on open and change, with the configuration and the imports that govern each file.
 * Every expected value (positions are 0-based lines and UTF-16 characters) was worked out by hand
 * from the rule documentation and the language reference.
 */
import { describe, expect } from 'vitest';
import { DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { TIMEOUT, finding, hoverText, it, range, shop, singleNodeDb, spofDb, uri } from './lsp-client.js';

describe('diagnostics', () => {
  it(
    'publishes the findings of archlint check on open, with 0-based ranges, severities, codes and links',
    async ({ client, at }) => {
      expect(await client.open(at('shop.arch'), shop)).toEqual([singleNodeDb, spofDb]);
    },
    TIMEOUT,
  );

  it(
    'clears them when a change fixes the model',
    async ({ client, at }) => {
      expect(await client.open(at('fixed.arch'), shop)).toEqual([singleNodeDb, spofDb]);
      expect(await client.change(at('fixed.arch'), shop.replace('database db\n', 'database db { replicas: 2 }\n'))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'counts columns in UTF-16 code units, as LSP does',
    async ({ client, at }) => {
      // The flag is two astral characters, four UTF-16 code units: `db` starts at character 28.
      const text = 'region eu "🇪🇺" { database db }\n';
      const found = await client.open(at('flag.arch'), text);
      expect(found.map((d) => [d.code, d.range])).toEqual([
        ['missing-observability', range(0, 28, 30)],
        ['no-db-replication', range(0, 28, 30)],
      ]);
    },
    TIMEOUT,
  );

  it(
    'reports a syntax error where it is, and keeps serving',
    async ({ client, at }) => {
      // A valid document next to the broken one, which the server must go on serving.
      await client.open(at('shop.arch'), shop);
      const broken = 'service web { replicas: 2 capacity: 3k }\n';
      expect(await client.open(at('syntax.arch'), broken)).toEqual([
        {
          range: range(0, 26, 34),
          severity: 1,
          source: 'archlint',
          code: 'syntax',
          message: 'put a comma, a semicolon or a line break between `replicas` and `capacity`',
        },
      ]);
      expect(await client.change(at('syntax.arch'), '}{ ->-> "unclosed\n/* and a comment')).not.toEqual([]);
      expect(hoverText(await client.hover(at('shop.arch'), 3, 2))).toContain('Relational or NoSQL store.');
      expect(await client.change(at('syntax.arch'), shop)).toEqual([singleNodeDb, spofDb]);
    },
    TIMEOUT,
  );

  it(
    'hides a suppressed finding',
    async ({ client, at }) => {
      const text = shop.replace('database db\n', '# archlint-disable-next-line spof -- failover is handled by the platform team\ndatabase db\n');
      expect(await client.open(at('suppressed.arch'), text)).toEqual([{ ...singleNodeDb, range: range(4, 9, 11) }]);
    },
    TIMEOUT,
  );

  it(
    'applies the configuration that governs the file: a rule turned off reports nothing',
    async ({ client, at }) => {
      expect(await client.open(at('configured/shop.arch'), shop)).toEqual([singleNodeDb]);
    },
    TIMEOUT,
  );

  it(
    're-checks when a configuration changes on disk',
    async ({ client, at, write }) => {
      expect(await client.open(at('configured/shop.arch'), shop)).toEqual([singleNodeDb]);
      write('configured/archlint.config.json', '{ "rules": { "no-db-replication": "off" } }\n');
      const mark = client.published.length;
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: uri(at('configured/archlint.config.json')), type: FileChangeType.Changed }],
      });
      expect((await client.waitFor(mark, (p) => p.uri === uri(at('configured/shop.arch')))).diagnostics).toEqual([spofDb]);
    },
    TIMEOUT,
  );

  it(
    'publishes an invalid configuration on its own file, notes it in the .arch file, and re-checks when it is edited',
    async ({ client, at }) => {
      const config = at('invalid/archlint.config.json');
      const mark = client.published.length;
      const own = await client.open(at('invalid/shop.arch'), shop);
      expect(own).toEqual([
        {
          range: range(0, 0, 0),
          severity: 1,
          source: 'archlint',
          code: 'config',
          message: 'the configuration invalid/archlint.config.json is not valid (1 error): the rules do not run until it is fixed',
        },
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
    },
    TIMEOUT,
  );

  it(
    'publishes problems of an imported file on that file, notes its errors at the import, and re-checks when it changes on disk',
    async ({ client, at, write }) => {
      const main = at('imports/broken-main.arch');
      const broken = at('imports/broken.arch');
      const mark = client.published.length;
      expect(await client.open(main, 'import "broken.arch"\nclient users\n')).toEqual([
        {
          range: range(0, 7, 20),
          severity: 1,
          source: 'archlint',
          code: 'import',
          message: '"broken.arch" brings 1 error into this model (see imports/broken.arch): the rules do not run until it is fixed',
        },
      ]);
      const inImported = await client.waitFor(mark, (p) => p.uri === uri(broken));
      expect(inImported.diagnostics).toEqual([
        {
          range: range(0, 26, 34),
          severity: 1,
          source: 'archlint',
          code: 'syntax',
          message: 'put a comma, a semicolon or a line break between `replicas` and `capacity`',
        },
      ]);
      write('imports/broken.arch', 'service api { replicas: 2, capacity: 3k }\n');
      const next = client.published.length;
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(broken), type: FileChangeType.Changed }] });
      // Fixed, the model compiles and the rules run: `api` is reached by no client (a finding in
      // the imported file, published there), and the model has no monitoring (placed on its first
      // component, `users`, in the root file).
      expect((await client.waitFor(next, (p) => p.uri === uri(broken))).diagnostics).toEqual([
        finding(
          range(0, 8, 11),
          2,
          'unreachable-component',
          'no client reaches `api`: no chain of edges leads to it from any client, so either nothing uses it or an edge to it is missing. Connect it to the flow that needs it, or remove it.',
        ),
      ]);
      expect((await client.waitFor(next, (p) => p.uri === uri(main))).diagnostics).toEqual([
        finding(
          range(1, 7, 12),
          3,
          'missing-observability',
          'the system has no `monitoring` component: without collected logs and metrics, errors and overloaded tiers go unnoticed until users complain. Add one (`monitoring ops { logging, metrics, alerting }`) and an edge to it from each service and worker.',
        ),
      ]);
      // Closed, the model is no longer checked: what was published for both files is cleared.
      const closing = client.published.length;
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uri(main) } });
      expect((await client.waitFor(closing, (p) => p.uri === uri(broken))).diagnostics).toEqual([]);
      expect((await client.waitFor(closing, (p) => p.uri === uri(main))).diagnostics).toEqual([]);
    },
    TIMEOUT,
  );
});
