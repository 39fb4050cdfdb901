/**
 * What the server knows about files: the documents the editor has open (their unsaved text wins
 * over the disk), a `CompilerHost` that reads through them, a parse cache shared by diagnostics and
 * the editor features, and how files are named in diagnostics (relative to the workspace folder,
 * as `archlint check` run there would name them).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isDeploymentText } from '../import/index.js';
import { parseArch, type ParseResult } from '../../grammar/index.js';
import { CONFIG_FILE } from '../config/config.js';
import type { CompilerHost } from '../model/load.js';
import { bomLength, pathToUri, uriToPath } from './positions.js';

export type DocumentRole = 'arch' | 'config' | 'other';

interface CachedParse {
  text: string;
  result: ParseResult;
}

export class Workspace {
  readonly documents = new TextDocuments(TextDocument);
  /** Open documents by path: their URI as the client spells it. */
  private readonly open = new Map<string, string>();
  private readonly parses = new Map<string, CachedParse>();
  private folder = path.resolve('/');

  /** The directory file names are relative to: the workspace folder, or the filesystem root without one. */
  get cwd(): string {
    return this.folder;
  }

  /** Reads through the open documents; file names are relative to `cwd`. */
  get host(): CompilerHost {
    return { cwd: this.cwd, readFile: (file) => this.read(this.keyOf(file)) };
  }

  /** The workspace folder, from `initialize`: file names in diagnostics become relative to it. */
  setFolder(folder: string): void {
    this.folder = path.resolve(folder);
    this.parses.clear();
  }

  /** Tracks a document the client opened; returns its path. */
  opened(uri: string): string {
    const key = this.keyOfUri(uri);
    this.open.set(key, uri);
    return key;
  }

  closed(uri: string): string {
    const key = this.keyOfUri(uri);
    this.open.delete(key);
    return key;
  }

  keyOfUri(uri: string): string {
    return uriToPath(uri, this.cwd);
  }

  /** A file's path from its name in diagnostics (or any path relative to the workspace). */
  keyOf(name: string): string {
    return path.resolve(this.cwd, name);
  }

  /** How diagnostics name a file: relative to the workspace folder when inside it. */
  nameOf(key: string): string {
    const relative = path.relative(this.cwd, key);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : key;
  }

  /** The URI to publish for a file: the client's own spelling when it has the file open. */
  uriOf(key: string): string {
    return this.open.get(key) ?? pathToUri(key);
  }

  document(key: string): TextDocument | undefined {
    const uri = this.open.get(key);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  roleOf(uri: string, languageId?: string): DocumentRole {
    const key = this.keyOfUri(uri);
    if (path.basename(key) === CONFIG_FILE) return 'config';
    if (languageId === 'arch' || key.endsWith('.arch')) return 'arch';
    return 'other';
  }

  /** Paths of the open .arch documents, in the order they were opened. */
  openArchFiles(): string[] {
    const out: string[] = [];
    for (const [key, uri] of this.open) {
      const doc = this.documents.get(uri);
      if (doc && this.roleOf(uri, doc.languageId) === 'arch') out.push(key);
    }
    return out;
  }

  /**
   * Paths of the open documents that are deployments archlint reads (Kubernetes manifests,
   * Compose files, Terraform JSON), recognised by their content, in the order they were opened.
   */
  openDeploymentFiles(): string[] {
    const out: string[] = [];
    for (const [key, uri] of this.open) {
      const doc = this.documents.get(uri);
      if (!doc || this.roleOf(uri, doc.languageId) !== 'other' || !/\.(ya?ml|json|tfstate)$/i.test(key)) continue;
      if (isDeploymentText(key, doc.getText())) out.push(key);
    }
    return out;
  }

  openConfigFiles(): string[] {
    return [...this.open].filter(([, uri]) => this.roleOf(uri) === 'config').map(([key]) => key);
  }

  /** The text of a file: the editor's if open, else the disk's. Throws like `readFileSync`. */
  read(key: string): string {
    const doc = this.document(key);
    return doc ? doc.getText() : readFileSync(key, 'utf8');
  }

  /** The text of a file, or undefined when it cannot be read. */
  textOf(key: string): string | undefined {
    const doc = this.document(key);
    if (doc) return doc.getText();
    const cached = this.parses.get(key);
    if (cached) return cached.text;
    try {
      return readFileSync(key, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** The byte-order-mark shift of a file's first line (see positions.ts). */
  bomOf(key: string): number {
    const text = this.document(key)?.getText() ?? this.parses.get(key)?.text;
    return text === undefined ? 0 : bomLength(text);
  }

  /** Parses a file's text once per distinct text (the loader calls it with the file's name). */
  readonly parse = (text: string, name: string): ParseResult => {
    const key = this.keyOf(name);
    const cached = this.parses.get(key);
    if (cached && cached.text === text) return cached.result;
    const result = parseArch(text);
    this.parses.set(key, { text, result });
    return result;
  };

  /** The current parse of a file (the editor's text if open), or undefined when it cannot be read. */
  parseFile(key: string): ParseResult | undefined {
    let text: string;
    try {
      text = this.read(key);
    } catch {
      return undefined;
    }
    return this.parse(text, this.nameOf(key));
  }

  /** Drops cached parses of files that are neither open nor in `keep`. */
  prune(keep: ReadonlySet<string>): void {
    for (const key of this.parses.keys()) if (!keep.has(key) && !this.open.has(key)) this.parses.delete(key);
  }
}
