/** The VS Code extension in editors/vscode as the vscode-*.test.ts files read it. */
import { readFileSync } from 'node:fs';
import { root } from './cli-run.js';

export const extensionDir = `${root}editors/vscode/`;

export interface ProblemPattern {
  regexp: string;
  file: number;
  line: number;
  column: number;
  severity: number;
  message: number;
  code: number;
}

/** The parts of editors/vscode/package.json the tests read, as VS Code's extension manifest defines them. */
export interface Manifest {
  name: string;
  publisher: string;
  license: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: {
    languages: { id: string; aliases?: string[]; extensions?: string[]; filenames?: string[]; configuration?: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    configuration: { properties: Record<string, { type?: string; default?: unknown; enum?: string[] }> };
    commands: { command: string }[];
    problemMatchers: { name: string; owner: string; source: string; fileLocation: string; pattern: ProblemPattern }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  dependencies?: Record<string, string>;
  icon: string;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
}

/** The entries of editors/vscode/package-lock.json the tests read (npm's lockfile version 3). */
export interface Lock {
  packages: Record<string, { version: string; engines?: Record<string, string> }>;
}

// The tests check the values these files hold; the types only say where the tests look.
export const manifest = JSON.parse(readFileSync(`${extensionDir}package.json`, 'utf8')) as Manifest;
export const lock = JSON.parse(readFileSync(`${extensionDir}package-lock.json`, 'utf8')) as Lock;
