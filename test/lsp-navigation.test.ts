/**
 * Reading a model in the editor through the language server and a real LSP client: hover, go to
 * definition, references and document symbols. Every expected value (positions are 0-based lines
 * and UTF-16 characters) was worked out by hand from the language reference.
 */
import { describe, expect } from 'vitest';
import {
  DefinitionRequest,
  DocumentSymbolRequest,
  ReferencesRequest,
  type DocumentSymbol,
  type Location,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { ruleDocUrl } from '../src/package-info.js';
import { Client, TIMEOUT, hoverText, it, range, uri } from './lsp-client.js';

describe('hover', () => {
  it(
    'explains a kind, an attribute, a component and a rule in a suppression',
    async ({ client, at }) => {
      const text = [
        '# archlint-disable-next-line spof',
        'service web "Web tier" { replicas: 2, sessions: store }',
        'cache store { ttl: 10m }',
        'client users',
        'users -> web',
        '',
      ].join('\n');
      await client.open(at('hover.arch'), text);
      const kind = hoverText(await client.hover(at('hover.arch'), 1, 3));
      expect(kind).toContain('Web or application tier.');
      expect(kind).toContain('`autoscale`, `sessions`, `serves_static`, `public`');

      const replicas = await client.hover(at('hover.arch'), 1, 28);
      expect(replicas?.range).toEqual(range(1, 25, 33));
      expect(hoverText(replicas)).toBe(
        [
          '**`replicas`**: an attribute every kind takes',
          '',
          'Running instances (for a database: nodes).',
          '',
          '- Value: whole number, 1–1e6',
          '- Default: 1',
          '- Example: `replicas: 3`',
        ].join('\n'),
      );
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
    },
    TIMEOUT,
  );

  it(
    "explains a region's `zones` where its body sets them",
    async ({ client, at }) => {
      await client.open(at('zones.arch'), ['region eu {', '  zones: [a, b]', '  service web { zones: [a] }', '}', ''].join('\n'));
      const zones = await client.hover(at('zones.arch'), 1, 4);
      expect(zones?.range).toEqual(range(1, 2, 7));
      expect(hoverText(zones)).toBe(
        [
          '**`zones`**: a property of a region, written in its body',
          '',
          'The availability zones of the region: data centers with their own power and network, that fail apart.',
          '',
          '- Value: list of names or strings',
          '- Example: `zones: [a, b, c]`',
        ].join('\n'),
      );
      // The component's own `zones` is the component attribute, not the region's property.
      expect(hoverText(await client.hover(at('zones.arch'), 2, 18))).toContain('**`zones`**: an attribute every kind takes');
    },
    TIMEOUT,
  );
});

describe('navigation', () => {
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

  /** Opens the model of imports/ (it imports common.arch), which has no findings, and returns its path. */
  async function openMain(client: Client, at: (name: string) => string): Promise<string> {
    const main = at('imports/main.arch');
    expect(await client.open(main, text)).toEqual([]);
    return main;
  }

  it(
    'goes from a use to the declaration, across an import',
    async ({ client, at }) => {
      const main = await openMain(client, at);
      const locations = (await client.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: uri(main) },
        position: { line: 6, character: 8 },
      })) as Location[];
      expect(locations).toEqual([{ uri: uri(at('imports/common.arch')), range: range(0, 9, 11) }]);
      const local = (await client.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: uri(main) },
        position: { line: 7, character: 1 },
      })) as Location[];
      expect(local).toEqual([{ uri: uri(main), range: range(3, 8, 11) }]);
    },
    TIMEOUT,
  );

  it(
    'finds every reference, with or without the declaration',
    async ({ client, at }) => {
      const main = await openMain(client, at);
      const request = (includeDeclaration: boolean) =>
        client.connection.sendRequest(ReferencesRequest.type, {
          textDocument: { uri: uri(main) },
          position: { line: 3, character: 9 },
          context: { includeDeclaration },
        });
      const here = (r: Range) => ({ uri: uri(main), range: r });
      expect(await request(false)).toEqual([here(range(5, 18, 21)), here(range(6, 0, 3)), here(range(7, 0, 3))]);
      expect(await request(true)).toEqual([here(range(3, 8, 11)), here(range(5, 18, 21)), here(range(6, 0, 3)), here(range(7, 0, 3))]);
      const db = await client.connection.sendRequest(ReferencesRequest.type, {
        textDocument: { uri: uri(main) },
        position: { line: 6, character: 7 },
        context: { includeDeclaration: true },
      });
      expect(db).toEqual([here(range(3, 37, 39)), here(range(6, 7, 9)), { uri: uri(at('imports/common.arch')), range: range(0, 9, 11) }]);
    },
    TIMEOUT,
  );
});

describe('document symbols', () => {
  it(
    'lists regions with their components inside, and the top-level components and blocks',
    async ({ client, at }) => {
      const text = [
        'workload { rps: 1k }',
        'region eu "Europe" {',
        '  lb front { replicas: 2 }',
        '  service web',
        '}',
        'client users',
        'users -> front',
        '',
      ].join('\n');
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
    },
    TIMEOUT,
  );
});
