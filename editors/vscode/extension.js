// @ts-check
'use strict';
/**
 * The archlint extension for VS Code: starts the archlint language server (`archlint lsp --stdio`)
 * for `.arch` files and `archlint.config.json`. Highlighting (syntaxes/), the language configuration
 * and the `$archlint` problem matcher are declared in package.json and need no code.
 *
 * Plain CommonJS, bundled into dist/extension.js for the .vsix (scripts/bundle-vscode.ts in the
 * archlint repository). Which archlint runs, in this order:
 *   1. the `archlint.path` setting, when it is set (a relative path is taken from the first
 *      workspace folder, `~` from the home directory); if that file does not exist, an error says
 *      so rather than silently running another archlint;
 *   2. the workspace's own `node_modules/.bin/archlint` (first workspace folder that has one),
 *      but only in a trusted workspace: running a program that came with a folder is up to the user;
 *   3. `archlint` on the PATH;
 *   4. the archlint bundled with the extension (dist/server/archlint.mjs), run by VS Code's own
 *      Node (its executable with ELECTRON_RUN_AS_NODE), so the extension works with nothing
 *      installed.
 * In an untrusted workspace VS Code also ignores a workspace value of `archlint.path`
 * (package.json, `capabilities.untrustedWorkspaces.restrictedConfigurations`).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

const CONFIG_FILE = 'archlint.config.json';

/** @type {import('vscode-languageclient/node').LanguageClient | undefined} */
let client;
/** @type {import('vscode').LogOutputChannel | undefined} */
let output;
/**
 * Imported files and configuration files that change on disk, open or not. One watcher for the
 * extension's lifetime: a client hooks listeners onto it and unhooks them when it stops, but does
 * not dispose the watcher itself.
 * @type {import('vscode').FileSystemWatcher | undefined}
 */
let watcher;

/**
 * @param {string} file
 * @param {NodeJS.Platform} platform
 */
function isExecutableFile(file, platform) {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Names an executable may have on this platform: `archlint`, or on Windows `archlint.cmd`,
 * `archlint.exe`, … (PATHEXT).
 * @param {string} base
 * @param {NodeJS.Platform} platform
 * @param {NodeJS.ProcessEnv} env
 */
function candidates(base, platform, env) {
  if (platform !== 'win32') return [base];
  const exts = (env.PATHEXT || '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  return [...exts.map((e) => base + e.toLowerCase()), base];
}

/**
 * The language server bundled with the extension: beside the bundled extension.js (dist/), or in
 * dist/ beside this source file.
 * @param {string} dir the directory of extension.js
 */
function bundledServer(dir) {
  for (const file of [path.join(dir, 'server', 'archlint.mjs'), path.join(dir, 'dist', 'server', 'archlint.mjs')]) {
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Finds the archlint to run (see the order at the top of this file); `bundled` is the bundled
 * server's script, when the extension has one.
 * @param {{ setting?: string, folders: readonly string[], trusted: boolean, env: NodeJS.ProcessEnv, platform?: NodeJS.Platform, bundled?: string }} where
 * @returns {{ command: string, source: 'setting' | 'workspace' | 'path' } | { command: string, script: string, source: 'bundled' } | { error: string } | undefined}
 */
function findArchlint(where) {
  const platform = where.platform || process.platform;
  const setting = (where.setting || '').trim();
  if (setting !== '') {
    let file = setting;
    if (file === '~' || file.startsWith('~/') || file.startsWith('~\\')) file = path.join(os.homedir(), file.slice(1));
    if (!path.isAbsolute(file) && where.folders.length > 0) file = path.resolve(where.folders[0], file);
    const found = path.isAbsolute(file) ? candidates(file, platform, where.env).find((f) => isExecutableFile(f, platform)) : undefined;
    if (found) return { command: found, source: 'setting' };
    return { error: `the setting archlint.path is "${setting}", but ${file === setting ? 'that' : file} is not an executable file.` };
  }
  if (where.trusted) {
    for (const folder of where.folders) {
      const found = candidates(path.join(folder, 'node_modules', '.bin', 'archlint'), platform, where.env).find((f) => isExecutableFile(f, platform));
      if (found) return { command: found, source: 'workspace' };
    }
  }
  const dirs = (where.env.PATH || where.env.Path || '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const found = candidates(path.join(dir, 'archlint'), platform, where.env).find((f) => isExecutableFile(f, platform));
    if (found) return { command: found, source: 'path' };
  }
  if (where.bundled) return { command: process.execPath, script: where.bundled, source: 'bundled' };
  return undefined;
}

/**
 * How to start the server: `<archlint> lsp --stdio`, or `<node> <script> lsp --stdio` for the
 * bundled one. Windows `.cmd`/`.bat` shims (what npm installs) cannot be spawned without a shell.
 * @param {string} command
 * @param {string | undefined} cwd
 * @param {string} [script]
 * @returns {import('vscode-languageclient/node').Executable}
 */
function serverExecutable(command, cwd, script) {
  if (script !== undefined) {
    // VS Code's executable is Electron; ELECTRON_RUN_AS_NODE makes it the Node that VS Code runs on.
    return { command, args: [script, 'lsp', '--stdio'], options: { ...(cwd ? { cwd } : {}), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } } };
  }
  const shell = /\.(cmd|bat)$/i.test(command);
  return {
    command: shell ? `"${command}"` : command,
    args: ['lsp', '--stdio'],
    options: { ...(cwd ? { cwd } : {}), ...(shell ? { shell: true } : {}) },
  };
}

function workspaceFolders() {
  return (vscode.workspace.workspaceFolders || []).map((f) => f.uri.fsPath);
}

const notFound =
  'archlint: the archlint executable was not found (and this copy of the extension has no bundled one), so .arch files get highlighting but no diagnostics. ' +
  'Install archlint in the workspace (npm install --save-dev archlint) or globally (npm install --global archlint), ' +
  'or set archlint.path to the executable.';

/** @param {string} message */
function reportError(message) {
  void vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
    if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'archlint.path');
  });
}

async function startClient() {
  const folders = workspaceFolders();
  const found = findArchlint({
    setting: vscode.workspace.getConfiguration('archlint').get('path', ''),
    folders,
    trusted: vscode.workspace.isTrusted,
    env: process.env,
    bundled: bundledServer(__dirname),
  });
  if (!found) {
    reportError(notFound);
    return;
  }
  if ('error' in found) {
    reportError(`archlint: ${found.error}`);
    return;
  }
  if (!output) output = vscode.window.createOutputChannel('archlint', { log: true });
  if (!watcher) watcher = vscode.workspace.createFileSystemWatcher(`**/{*.arch,${CONFIG_FILE}}`);
  const script = 'script' in found ? found.script : undefined;
  const how = {
    setting: 'found by the setting archlint.path',
    workspace: "found in the workspace's node_modules",
    path: 'found on the PATH',
    bundled: "the extension's own archlint, run by VS Code's Node",
  }[found.source];
  const commandLine = script !== undefined ? `${script} lsp --stdio` : `${found.command} lsp --stdio`;
  output.info(`Starting ${commandLine} (${how}).`);
  const executable = serverExecutable(found.command, folders[0], script);
  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'arch' },
      { scheme: 'untitled', language: 'arch' },
      { scheme: 'file', pattern: `**/${CONFIG_FILE}` },
      // Deployment files: the server checks those whose content is a Kubernetes manifest, a
      // Compose file or Terraform JSON, and leaves every other YAML and JSON file alone.
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'dockercompose' },
      { scheme: 'file', language: 'json' },
    ],
    synchronize: { fileEvents: watcher },
    outputChannel: output,
  };
  client = new LanguageClient('archlint', 'archlint', { run: executable, debug: executable }, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    reportError(`archlint: the language server (${commandLine}) did not start: ${reason}. It needs an archlint with the \`lsp\` command.`);
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch {
      // A server that never started cannot be stopped; there is nothing left to clean up.
    }
  }
}

async function restart() {
  await stopClient();
  await startClient();
}

/** @param {import('vscode').ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel('archlint', { log: true });
  watcher = vscode.workspace.createFileSystemWatcher(`**/{*.arch,${CONFIG_FILE}}`);
  context.subscriptions.push(
    output,
    watcher,
    vscode.commands.registerCommand('archlint.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('archlint.path')) void restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate, findArchlint, serverExecutable, bundledServer };
