/**
 * The language server with a configuration's plugin and policies: their findings are published
 * like archlint's own (with the plugin's documentation link, none for a policy), their ids are
 * completed and explained in suppression comments, the quick fix suppresses them, and editing the
 * plugin's file on disk re-checks the open models with the new rule.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect } from 'vitest';
import { CodeActionRequest, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { root } from './cli-run.js';
import { TIMEOUT, hoverText, it, labels, range, uri } from './lsp-client.js';

const index = pathToFileURL(path.join(root, 'dist/src/index.js')).href;

/** A plugin whose one rule reports services named by a number; `word` is what its message says. */
const plugin = (word: string) => `import { defineRule } from ${JSON.stringify(index)};
export default {
  rules: {
    'named-services': defineRule({
      meta: {
        description: 'Services are named after what they do.',
        defaultSeverity: 'warning',
        messages: { numbered: '\`{{name}}\` is ${word}' },
        url: 'https://acme.example/named-services',
      },
      check(model, context) {
        for (const c of model.ofKind('service')) if (/\\d$/.test(c.name)) context.report({ messageId: 'numbered', data: { name: c.name }, target: { component: c } });
      },
    }),
  },
};
`;

const config = JSON.stringify({
  plugins: { acme: './acme.js' },
  policies: [{ id: 'two-nodes', where: { kind: 'database' }, require: { replicas: { gte: 2 } } }],
});

// Clean by archlint's own rules, but for the plugin's rule on `web1` and the policy on `db`.
const model = [
  'client users', //                                 line 0
  'lb front { replicas: 2 }', //                     line 1
  'service web1 { replicas: 2 }', //                 line 2: `web1` at 8-12
  'database db { managed }', //                      line 3: `db` at 9-11
  'monitoring ops { logging, metrics }', //          line 4
  'users -> front -> web1', //                       line 5
  'web1 -> db { reads, writes }', //                 line 6
  'web1 -> ops', //                                  line 7
  '',
].join('\n');

const pluginFinding = (message: string) => ({
  range: range(2, 8, 12),
  severity: 2,
  source: 'archlint',
  code: 'acme/named-services',
  codeDescription: { href: 'https://acme.example/named-services' },
  message,
});
const policyFinding = {
  range: range(3, 9, 11),
  severity: 1,
  source: 'archlint',
  code: 'policy/two-nodes',
  message: '`db` breaks the policy `two-nodes`: its `replicas` is 1, and the policy requires at least 2.',
};

describe('plugins and policies in the editor', () => {
  it(
    'publishes their findings as archlint check reports them',
    async ({ write, start, at }) => {
      write('p/archlint.config.json', config);
      write('p/acme.js', plugin('named by a number'));
      const client = await start();
      expect(await client.open(at('p/shop.arch'), model)).toEqual([pluginFinding('`web1` is named by a number'), policyFinding]);
    },
    TIMEOUT,
  );

  it(
    'completes and explains their ids in a suppression comment, and suppresses them with the quick fix',
    async ({ write, start, at }) => {
      write('p/archlint.config.json', config);
      write('p/acme.js', plugin('named by a number'));
      const client = await start();
      const file = at('p/shop.arch');
      const found = await client.open(file, model);
      const text = `# archlint-disable-next-line acme/\n${model}`;
      await client.change(file, text);
      const offered = labels(await client.complete(file, 0, '# archlint-disable-next-line acme/'.length));
      expect(offered).toEqual(expect.arrayContaining(['acme/named-services', 'policy/two-nodes', 'spof']));
      await client.change(file, `# archlint-disable-next-line acme/named-services\n${model}`);
      expect(hoverText(await client.hover(file, 0, 31))).toBe(
        '**acme/named-services**: a rule, from the plugin `acme`, default severity warning\n\nServices are named after what they do.\n\n[Documentation](https://acme.example/named-services)',
      );
      await client.change(file, model);
      const actions = await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: uri(file) },
        range: found[0]!.range,
        context: { diagnostics: found },
      });
      expect(actions?.map((a) => ('title' in a ? a.title : ''))).toEqual([
        'Suppress acme/named-services on this line',
        'Suppress acme/named-services in this file',
        'Suppress policy/two-nodes on this line',
        'Suppress policy/two-nodes in this file',
      ]);
    },
    TIMEOUT,
  );

  it(
    're-checks the open models when the plugin changes on disk',
    async ({ write, start, at }) => {
      write('p/archlint.config.json', config);
      write('p/acme.js', plugin('named by a number'));
      const client = await start();
      const file = at('p/shop.arch');
      await client.open(file, model);
      write('p/acme.js', plugin('still named by a number'));
      const mark = client.published.length;
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: uri(at('p/acme.js')), type: FileChangeType.Changed }],
      });
      const next = await client.waitFor(mark, (p) => p.uri === uri(file));
      expect(next.diagnostics).toEqual([pluginFinding('`web1` is still named by a number'), policyFinding]);
    },
    TIMEOUT,
  );
});
