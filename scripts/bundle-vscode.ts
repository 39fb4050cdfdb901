/**
 * `npm run build:vscode [out]`: the VS Code extension's own copies, bundled with esbuild so that
 * the .vsix works without anything installed beside it:
 *
 * - `<out>/extension.js`: editors/vscode/extension.js with vscode-languageclient, as CommonJS
 *   (VS Code provides `vscode` itself);
 * - `<out>/server/archlint.mjs`: the whole command line (bin/archlint.js and dist/, which must be
 *   built first) as one ES module, which the extension runs as `archlint lsp --stdio` with VS
 *   Code's own Node when no other archlint is found; beside it the `package.json` that names its
 *   version and the rule pages its hovers and SARIF read (`docs/rules/`).
 *
 * `out` defaults to editors/vscode/dist/.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeMetafile, build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * grammar/chevrotain.ts finds chevrotain's one-file build through the package's location, which a
 * bundle no longer has: in the bundle, it is that file itself.
 */
const chevrotainBundle: Plugin = {
  name: 'chevrotain-bundle',
  setup(b) {
    b.onResolve({ filter: /[/\\]chevrotain\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}grammar${path.sep}`) ? { path: 'chevrotain-bundle', namespace: 'archlint' } : undefined,
    );
    b.onLoad({ filter: /^chevrotain-bundle$/, namespace: 'archlint' }, () => ({
      contents: `export * from ${JSON.stringify(path.join(root, 'node_modules/chevrotain/lib/chevrotain.mjs'))};`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

export async function bundleVscode(out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'server'), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'editors/vscode/extension.js')],
    outfile: path.join(out, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const server = await build({
    entryPoints: [path.join(root, 'bin/archlint.js')],
    outfile: path.join(out, 'server/archlint.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    plugins: [chevrotainBundle],
    // ES module builds where a package has one (jsonc-parser's CommonJS one is a UMD that hides
    // its requires from the bundler).
    mainFields: ['module', 'main'],
    // The optional renderer is never part of the bundle: SVG and PNG are the command line's.
    external: ['puppeteer', '@mermaid-js/mermaid-cli'],
    metafile: true,
    // Some of the bundled CommonJS packages call require() on Node's built-ins.
    banner: { js: "import { createRequire as __archlintRequire } from 'node:module'; const require = __archlintRequire(import.meta.url);" },
    logLevel: 'error',
  });
  if (process.env.ARCHLINT_BUNDLE_ANALYZE) process.stderr.write(await analyzeMetafile(server.metafile));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; homepage: string; license: string };
  const manifest = { name: pkg.name, version: pkg.version, homepage: pkg.homepage, license: pkg.license, type: 'module', private: true };
  writeFileSync(path.join(out, 'server/package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(path.join(root, 'docs/rules'), path.join(out, 'server/docs/rules'), { recursive: true });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleVscode(path.resolve(process.argv[2] ?? path.join(root, 'editors/vscode/dist')));
}
