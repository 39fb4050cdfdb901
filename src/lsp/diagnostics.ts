/**
 * Diagnostics: the findings `archlint check` would report for the open documents, published per
 * file.
 *
 * The open .arch documents are checked as `archlint check` checks a list of files: a document that
 * another open document imports is checked as part of that model, not on its own (`chooseRoots`).
 * Each root is checked with `checkModel`, through the workspace's host (unsaved text first) and
 * with the configuration that governs it. A file's diagnostics are those of every checked model
 * that contains it, without duplicates, and without `unused-suppression` findings for suppressions
 * some model used (as in `archlint check`). Findings in an imported file are published on that
 * file's URI, open or not; when they go away, the file's diagnostics are cleared.
 *
 * Two notes go beyond `archlint check`, so that a silent file is never a misleading one: when the
 * configuration is invalid, its errors are published on the configuration file and the .arch file
 * says so at 1:1 (compiler checks still run; rules do not); when an imported file has errors, the
 * import that brings it in says so.
 *
 * A change re-checks only the models that contain the changed file, after a short pause.
 *
 * One document never silences the others: each model is checked on its own, and an exception
 * there (a bug in archlint, a stack overflow) becomes an error on that document ("archlint could
 * not check this file: …") and a message in the client's log, while every other document is
 * checked and published as usual. Between models the server yields to the editor's messages, and
 * a model whose document changed in the meantime is left for the check the change scheduled.
 */
import path from 'node:path';
import { DiagnosticSeverity, DiagnosticTag, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { ruleUrl } from '../config/docs.js';
import { builtinRegistry } from '../config/registry.js';
import type { ConfigResolver } from '../config/resolver.js';
import type { RuleRegistry } from '../engine/registry.js';
import { checkModel } from '../engine/pipeline.js';
import { planModels } from '../import/index.js';
import { CONFIG_FILE } from '../config/config.js';
import { compareDiagnostics, compilerRuleIds, type Diagnostic, type Severity } from '../diagnostics.js';
import { suppressionKey } from '../engine/suppressions.js';
import { toRange } from './positions.js';
import type { Workspace } from './workspace.js';

const severities: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const compilerIds: ReadonlySet<string> = new Set(Object.values(compilerRuleIds));
const UNUSED = 'unused-suppression';

/**
 * An archlint diagnostic as LSP shows it; `bom` is the file's byte-order-mark shift, `registry`
 * the rules of the model it comes from (for the link to a rule's documentation).
 */
export function toLspDiagnostic(d: Diagnostic, bom: number, registry?: RuleRegistry): LspDiagnostic {
  const rule = registry?.get(d.ruleId);
  const href = rule && registry ? ruleUrl(registry, rule) : undefined;
  return {
    range: toRange(d.span, bom),
    severity: severities[d.severity],
    source: 'archlint',
    code: d.ruleId,
    ...(href !== undefined ? { codeDescription: { href } } : {}),
    message: d.message,
    ...(d.ruleId === UNUSED ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}

/** One checked model: its files and its reportable diagnostics by file. */
interface RootResult {
  files: Set<string>;
  /** Path of the configuration used, if any. */
  config?: string;
  byFile: Map<string, Diagnostic[]>;
  /** The rules it was checked with. */
  registry: RuleRegistry;
  usedSuppressions: Set<string>;
  /** Whether an import failed (a missing file, a cycle): a file created or changed on disk may fix it. */
  importErrors: boolean;
}

/** Where the note about an invalid configuration goes: 1:1. */
const atStart = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

export class DiagnosticsPublisher {
  private readonly results = new Map<string, RootResult>();
  /** The deployments among the roots of the last refresh: each root's files, the root first. */
  private deployments = new Map<string, readonly string[]>();
  /** What was last published per URI (JSON), to skip unchanged files that are not open. */
  private readonly published = new Map<string, string>();
  private readonly changed = new Set<string>();
  private everything = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly configs: ConfigResolver,
    private readonly onError: (what: string, error: unknown) => void,
  ) {}

  /**
   * Re-checks the models containing `files` (paths) `delay` ms after the last call (a debounce: a
   * burst of changes is checked once); `all` re-checks every model.
   */
  schedule(files: Iterable<string>, delay: number, all = false): void {
    for (const f of files) this.changed.add(f);
    this.everything ||= all;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  /**
   * Re-checks now what is scheduled. Checks run one after another (a configuration's plugins load
   * asynchronously): the returned promise settles when this one is done.
   */
  flush(): Promise<void> {
    // Called early, it does what the pending timer would have done.
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const changed = new Set(this.changed);
    const all = this.everything;
    this.changed.clear();
    this.everything = false;
    this.running = this.running.then(async () => {
      try {
        await this.refresh(changed, all);
      } catch (error) {
        this.onError('checking the open documents', error);
      }
    });
    return this.running;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The root whose model contains a file, for features that look across imports. */
  rootOf(key: string): string {
    if (this.results.has(key)) return key;
    for (const [root, result] of this.results) if (result.files.has(key)) return root;
    return key;
  }

  /** Roots whose last check saw an import error: a new file on disk may fix it. */
  rootsWithImportErrors(): string[] {
    return [...this.results].filter(([, r]) => r.importErrors).map(([root]) => root);
  }

  private async refresh(changed: ReadonlySet<string>, all: boolean): Promise<void> {
    const ws = this.workspace;
    const open = [...ws.openArchFiles(), ...ws.openDeploymentFiles()];
    const versions = new Map(open.map((k) => [k, ws.document(k)?.version]));
    const names = open.map((k) => ws.nameOf(k));
    // Deployment documents group as `archlint check` groups them (all open manifests one model, a
    // Compose file with its override).
    const plans = planModels(
      names,
      (name) => this.importsOf(name),
      ws.cwd,
      (name) => ws.read(ws.keyOf(name)),
    );
    this.deployments = new Map(plans.flatMap((p) => (p.deployment ? [[ws.keyOf(p.root), p.deployment] as const] : [])));
    const roots = plans.map((p) => ws.keyOf(p.root));
    const rootSet = new Set(roots);
    const affected = new Set<string>(changed);
    for (const [root, result] of this.results) {
      if (rootSet.has(root)) continue;
      this.results.delete(root);
      for (const f of result.files) affected.add(f);
    }
    for (const root of roots) {
      const old = this.results.get(root);
      if (old && !all && ![...changed].some((f) => old.files.has(f))) continue;
      // Let the editor's messages in: a newer version of this document replaces this check.
      await new Promise((resolve) => setImmediate(resolve));
      if (ws.document(root)?.version !== versions.get(root) && this.changed.has(root)) continue;
      const result = await this.checkIsolated(root);
      this.results.set(root, result);
      for (const f of old?.files ?? []) affected.add(f);
      for (const f of result.files) affected.add(f);
    }
    for (const file of affected) {
      if (path.basename(file) === CONFIG_FILE) continue;
      // Edited while this check ran: what was found is already out of date, and the check the
      // edit scheduled publishes the file.
      if (versions.has(file) && ws.document(file)?.version !== versions.get(file) && this.changed.has(file)) continue;
      try {
        this.publish(file);
      } catch (error) {
        this.onError(`publishing the diagnostics of ${ws.nameOf(file)}`, error);
      }
    }
    await this.publishConfigs(changed);
    const keep = new Set<string>();
    for (const result of this.results.values()) for (const f of result.files) keep.add(f);
    ws.prune(keep);
  }

  private importsOf(name: string): string[] {
    const ws = this.workspace;
    let parsed;
    try {
      parsed = ws.parseFile(ws.keyOf(name));
    } catch (error) {
      // Its own check says what went wrong; here it only has no imports.
      this.onError(`reading the imports of ${name}`, error);
      return [];
    }
    if (!parsed) return [];
    return parsed.ast.statements.flatMap((s) => (s.type === 'import' ? [path.isAbsolute(s.path) ? s.path : path.join(path.dirname(name), s.path)] : []));
  }

  /** `check`, with an exception turned into an error on the document and a message in the log. */
  private async checkIsolated(root: string): Promise<RootResult> {
    try {
      return await this.check(root);
    } catch (error) {
      this.onError(`checking ${this.workspace.nameOf(root)}`, error);
      const why = error instanceof Error ? error.message : String(error);
      const note: Diagnostic = {
        ruleId: 'internal-error',
        severity: 'error',
        message: `archlint could not check this file: ${why} (a bug in archlint; the server's log has the details)`,
        file: this.workspace.nameOf(root),
        span: atStart,
      };
      return { files: new Set([root]), byFile: new Map([[root, [note]]]), registry: builtinRegistry, usedSuppressions: new Set(), importErrors: false };
    }
  }

  private async check(root: string): Promise<RootResult> {
    const ws = this.workspace;
    const config = await this.configs.resolve(root);
    const base = { ...(config.file !== undefined ? { config: config.file } : {}), registry: config.registry };
    if (this.configs.ignored(root, config)) {
      return { ...base, files: new Set([root]), byFile: new Map(), usedSuppressions: new Set(), importErrors: false };
    }
    const invalidConfig = config.diagnostics.length > 0;
    const deployment = this.deployments.get(root);
    const result = checkModel(ws.nameOf(root), {
      host: ws.host,
      parse: ws.parse,
      rules: invalidConfig ? [] : config.registry.all(),
      settings: config.settings,
      ...(deployment ? { deployment, ...(config.config ? { importOptions: config.config.import } : {}) } : {}),
    });
    const byFile = new Map<string, Diagnostic[]>();
    const add = (d: Diagnostic) => {
      const key = ws.keyOf(d.file);
      const list = byFile.get(key) ?? [];
      list.push(d);
      byFile.set(key, list);
    };
    for (const d of result.diagnostics) if (!d.suppressed) add(d);
    if (invalidConfig) add(this.configNote(root, config.file!, config.diagnostics.length));
    for (const d of this.importNotes(root, result.imports, byFile)) add(d);
    return {
      ...base,
      files: new Set([root, ...result.files.map((f) => ws.keyOf(f))]),
      byFile,
      usedSuppressions: result.usedSuppressions,
      importErrors: result.diagnostics.some((d) => d.ruleId === compilerRuleIds.import),
    };
  }

  private configNote(root: string, configFile: string, errors: number): Diagnostic {
    const count = errors === 1 ? '1 error' : `${errors} errors`;
    return {
      ruleId: compilerRuleIds.config,
      severity: 'error',
      message: `the configuration ${this.workspace.nameOf(configFile)} is not valid (${count}): the rules do not run until it is fixed`,
      file: this.workspace.nameOf(root),
      span: atStart,
    };
  }

  /** At each import of the root whose files have compiler errors: a note saying so (the rules did not run). */
  private importNotes(root: string, imports: ReadonlyMap<string, string[]>, byFile: ReadonlyMap<string, Diagnostic[]>): Diagnostic[] {
    const ws = this.workspace;
    // The compiler errors of a file and of everything it imports (a loop: import chains can be long).
    const failing = (start: string, seen: Set<string>): number => {
      let errors = 0;
      const todo = [start];
      for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
        const key = ws.keyOf(file);
        if (seen.has(key)) continue;
        seen.add(key);
        errors += byFile.get(key)?.filter((d) => compilerIds.has(d.ruleId)).length ?? 0;
        for (const next of imports.get(file) ?? []) todo.push(next);
      }
      return errors;
    };
    const parsed = ws.parseFile(root);
    const rootName = ws.nameOf(root);
    const out: Diagnostic[] = [];
    const own = byFile.get(root) ?? [];
    for (const s of parsed?.ast.statements ?? []) {
      if (s.type !== 'import') continue;
      if (own.some((d) => d.span.start.offset === s.pathSpan.start.offset)) continue;
      const target = path.isAbsolute(s.path) ? s.path : path.join(path.dirname(rootName), s.path);
      const errors = failing(target, new Set([root]));
      if (errors === 0) continue;
      out.push({
        ruleId: compilerRuleIds.import,
        severity: 'error',
        message: `"${s.path}" brings ${errors === 1 ? '1 error' : `${errors} errors`} into this model (see ${ws.nameOf(ws.keyOf(target))}): the rules do not run until ${errors === 1 ? 'it is' : 'they are'} fixed`,
        file: rootName,
        span: s.pathSpan,
      });
    }
    return out;
  }

  /** Publishes a file's diagnostics: always for open documents (with their version), else only when they changed. */
  private publish(key: string): void {
    const ws = this.workspace;
    const used = new Set<string>();
    const found: Diagnostic[] = [];
    const registryOf = new Map<Diagnostic, RuleRegistry>();
    for (const result of this.results.values()) {
      if (!result.files.has(key)) continue;
      for (const s of result.usedSuppressions) used.add(s);
      for (const d of result.byFile.get(key) ?? []) {
        found.push(d);
        registryOf.set(d, result.registry);
      }
    }
    const seen = new Set<string>();
    const unique = found
      .filter((d) => d.ruleId !== UNUSED || !used.has(suppressionKey(d.file, d.span)))
      .filter((d) => {
        const k = `${d.span.start.offset}\0${d.span.end.offset}\0${d.ruleId}\0${d.message}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .sort(compareDiagnostics);
    const bom = ws.bomOf(key);
    this.send(
      key,
      unique.map((d) => toLspDiagnostic(d, bom, registryOf.get(d))),
      this.workspace.document(key) !== undefined,
    );
  }

  /**
   * Every open configuration and every configuration a checked model uses, with its errors: when
   * they changed, or when the configuration itself did.
   */
  private async publishConfigs(changed: ReadonlySet<string>): Promise<void> {
    const files = new Set(this.workspace.openConfigFiles());
    for (const result of this.results.values()) if (result.config !== undefined) files.add(result.config);
    for (const file of files) {
      const state = await this.configs.load(file);
      const bom = this.workspace.bomOf(file);
      this.send(
        file,
        state.diagnostics.map((d) => toLspDiagnostic(d, bom)),
        changed.has(file),
      );
    }
    // Configurations no longer in use or open: clear what was published for them.
    for (const uri of [...this.published.keys()]) {
      const key = this.workspace.keyOfUri(uri);
      if (path.basename(key) === CONFIG_FILE && !files.has(key)) this.send(key, [], false);
    }
  }

  /** Sends a file's diagnostics when they differ from the last ones sent, or when `force`d. */
  private send(key: string, diagnostics: LspDiagnostic[], force: boolean): void {
    const ws = this.workspace;
    const uri = ws.uriOf(key);
    const doc = ws.document(key);
    const json = JSON.stringify(diagnostics);
    if (!force && (this.published.get(uri) ?? '[]') === json) return;
    if (json === '[]') this.published.delete(uri);
    else this.published.set(uri, json);
    void this.connection.sendDiagnostics({ uri, ...(doc ? { version: doc.version } : {}), diagnostics });
  }
}
