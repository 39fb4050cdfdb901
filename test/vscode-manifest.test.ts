/**
 * The VS Code extension in editors/vscode, checked without installing it (CI runs `npm ci` at the
 * root only, so nothing here needs editors/vscode/node_modules): the manifest and the files it
 * names, the grammar copy and the language configuration.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './cli-run.js';
import { extensionDir, lock, manifest } from './vscode.js';

const grammarText = readFileSync(`${root}grammar/archlint.tmLanguage.json`, 'utf8');
const grammar = JSON.parse(grammarText) as { scopeName: string };

describe('editors/vscode/package.json', () => {
  it('names the extension and the VS Code it needs', () => {
    expect(manifest.name).toBe('archlint');
    expect(manifest.publisher).toBe('archlint');
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines.vscode).toBe('^1.91.0');
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.activationEvents).toContain('onLanguage:arch');
    expect(manifest.activationEvents).toContain('workspaceContains:**/archlint.config.json');
  });

  it('every path it contributes exists', () => {
    // `main` is the bundle that `npm run build:vscode` writes (test/vscode-client.test.ts builds it).
    const paths = [
      `./${manifest.icon}`,
      ...manifest.contributes.languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
      ...manifest.contributes.grammars.map((g) => g.path),
    ];
    expect(paths).toEqual(['./icon.png', './language-configuration.json', './syntaxes/archlint.tmLanguage.json']);
    for (const p of paths) expect(existsSync(path.join(extensionDir, p)), p).toBe(true);
    for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', '.gitignore', 'package-lock.json', 'extension.js'])
      expect(existsSync(extensionDir + f), f).toBe(true);
  });

  it('the language: id `arch`, `.arch` files; archlint.config.json opens as JSON with comments', () => {
    const [arch, config] = manifest.contributes.languages;
    expect(arch).toMatchObject({ id: 'arch', extensions: ['.arch'], configuration: './language-configuration.json' });
    expect(arch!.aliases).toContain('archlint');
    expect(config).toEqual({ id: 'jsonc', filenames: ['archlint.config.json'] });
  });

  it("the grammar: for `arch`, with the grammar file's own scope name", () => {
    expect(manifest.contributes.grammars).toEqual([{ language: 'arch', scopeName: 'source.arch', path: './syntaxes/archlint.tmLanguage.json' }]);
    expect(grammar.scopeName).toBe('source.arch');
    expect((JSON.parse(readFileSync(`${extensionDir}syntaxes/archlint.tmLanguage.json`, 'utf8')) as { scopeName: string }).scopeName).toBe(
      manifest.contributes.grammars[0]!.scopeName,
    );
  });

  it('the settings, the command and workspace trust', () => {
    const props = manifest.contributes.configuration.properties;
    expect(Object.keys(props)).toEqual(['archlint.path', 'archlint.trace.server']);
    expect(props['archlint.path']).toMatchObject({ type: 'string', default: '' });
    expect(props['archlint.trace.server']).toMatchObject({ enum: ['off', 'messages', 'verbose'], default: 'off' });
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual(['archlint.restartServer']);
    expect(manifest.capabilities.untrustedWorkspaces).toMatchObject({ supported: 'limited', restrictedConfigurations: ['archlint.path'] });
  });

  it('vscode-languageclient pinned and bundled (the same version as the bundler uses), and the lock file agrees; vsce 3.9.2 to package', () => {
    const version = manifest.devDependencies['vscode-languageclient']!;
    // Bundled into dist/extension.js: the .vsix carries no node_modules, so nothing is a runtime dependency.
    expect(manifest.dependencies).toBeUndefined();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.devDependencies).toEqual({
      '@types/node': '20.19.25',
      '@types/vscode': '1.91.0',
      '@vscode/vsce': '3.9.2',
      'vscode-languageclient': version,
    });
    const rootManifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { devDependencies: Record<string, string> };
    expect(rootManifest.devDependencies['vscode-languageclient']).toBe(version);
    // Type declarations no newer than the VS Code the extension declares (vsce refuses otherwise).
    expect(manifest.devDependencies['@types/vscode']).toBe(manifest.engines.vscode.slice(1));
    const locked = lock.packages['node_modules/vscode-languageclient']!;
    expect(locked.version).toBe(version);
    // The client must not need a newer VS Code than the extension declares.
    expect(locked.engines?.vscode).toMatch(/^\^\d+\.\d+\.\d+$/);
    const needs = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(locked.engines!.vscode!)!;
    const declared = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(manifest.engines.vscode)!;
    expect(needs[1]).toBe(declared[1]);
    expect(Number(needs[2])).toBeLessThanOrEqual(Number(declared[2]));
    expect(lock.packages['node_modules/@vscode/vsce']!.version).toBe('3.9.2');
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.scripts).toEqual({ 'vscode:prepublish': 'cd ../.. && npm run build:vscode', package: 'vsce package --no-dependencies' });
  });

  it('the .vsix is neither committed nor packaged into itself', () => {
    expect(readFileSync(`${extensionDir}.gitignore`, 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', '*.vsix', 'dist/']));
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
  // The parts of VS Code's language configuration these tests read.
  const config = JSON.parse(readFileSync(`${extensionDir}language-configuration.json`, 'utf8')) as {
    comments: unknown;
    brackets: unknown;
    autoClosingPairs: { open: string; close: string }[];
    wordPattern: string;
    folding: { markers: { start: string; end: string } };
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  };

  it('comments and brackets as the language has them', () => {
    expect(config.comments).toEqual({ lineComment: '#', blockComment: ['/*', '*/'] });
    expect(config.brackets).toEqual([
      ['{', '}'],
      ['[', ']'],
    ]);
    expect(config.autoClosingPairs.map((p) => p.open + p.close)).toEqual(['{}', '[]', '""', '/* */']);
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
