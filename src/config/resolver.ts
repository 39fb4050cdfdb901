/**
 * Which configuration governs each file, and what it yields: the registry of its rules and their
 * settings after `--rule`. One resolver serves `archlint check`, `render` and the language server:
 * each configuration file is loaded once (its plugins imported once) until `invalidate`, and each
 * directory's nearest configuration is looked up once.
 *
 * The command line names configuration files relative to the working directory, as it names
 * everything; the language server names them by absolute path and reads an open configuration from
 * the editor's unsaved text.
 */
import path from 'node:path';
import { closest } from '../../grammar/suggest.js';
import type { Diagnostic } from '../diagnostics.js';
import type { RuleRegistry } from '../engine/registry.js';
import type { RuleSetting } from '../engine/run.js';
import { UsageError } from '../errors.js';
import { findConfig, isIgnored, loadConfig, type Config } from './config.js';
import { effectiveRules, ruleSettings, type EffectiveRule, type Level } from './effective.js';
import { builtinRegistry } from './registry.js';

export interface ResolverOptions {
  cwd: string;
  /** `--config`: this configuration for every file instead of the nearest one. */
  explicit?: string;
  /** `--rule` severities, by rule id. */
  overrides?: ReadonlyMap<string, Level>;
  /** How configuration files are named: relative to `cwd` (the command line) or absolute (the editor). */
  names?: 'relative' | 'absolute';
  /** An editor's unsaved text of a configuration file (by absolute path), if it has one open. */
  unsaved?: (file: string) => string | undefined;
}

/** The configuration of a file, and what it yields. */
export interface ResolvedConfig {
  /** The configuration file that governs, as named; absent when none does. */
  file?: string;
  /** Its problems, located in it; empty when it is valid. */
  diagnostics: Diagnostic[];
  config?: Config;
  /** Its rules: the built-in rules when there is no valid configuration. */
  registry: RuleRegistry;
  effective: Map<string, EffectiveRule>;
  settings: Map<string, RuleSetting>;
}

export class ConfigResolver {
  private readonly cwd: string;
  private readonly overrides: ReadonlyMap<string, Level>;
  private readonly byDir = new Map<string, string | undefined>();
  private readonly loaded = new Map<string, Promise<ResolvedConfig>>();
  /** The files the loaded configurations' plugins come from (absolute paths). */
  private readonly plugins = new Set<string>();

  constructor(private readonly options: ResolverOptions) {
    this.cwd = options.cwd;
    this.overrides = options.overrides ?? new Map();
  }

  /** The configuration file that governs `file`, as named. */
  fileFor(file: string): string | undefined {
    if (this.options.explicit !== undefined) return this.name(path.resolve(this.cwd, this.options.explicit));
    const dir = path.dirname(path.resolve(this.cwd, file));
    if (!this.byDir.has(dir)) {
      const found = findConfig(dir);
      this.byDir.set(dir, found === undefined ? undefined : this.name(found));
    }
    return this.byDir.get(dir);
  }

  /** What governs `file`. Throws a UsageError for a `--rule` that names no rule of its configuration. */
  resolve(file: string): Promise<ResolvedConfig> {
    return this.load(this.fileFor(file));
  }

  /** A configuration file's state (none: the defaults), loaded once until `invalidate`. */
  load(configFile: string | undefined): Promise<ResolvedConfig> {
    const key = configFile ?? '';
    let known = this.loaded.get(key);
    if (!known) {
      known = this.read(configFile);
      this.loaded.set(key, known);
    }
    return known;
  }

  ignored(file: string, resolved: ResolvedConfig): boolean {
    return isIgnored(resolved.config, file, this.cwd);
  }

  /** Whether a plugin of a loaded configuration comes from `file` (an absolute path): a change to it calls for `invalidate`. */
  usesPlugin(file: string): boolean {
    return this.plugins.has(file);
  }

  /** Forgets every configuration and which directory each governs (a file may have changed or appeared). */
  invalidate(): void {
    this.byDir.clear();
    this.loaded.clear();
    this.plugins.clear();
  }

  private name(file: string): string {
    return this.options.names === 'absolute' ? file : path.relative(this.cwd, file) || file;
  }

  private async read(configFile: string | undefined): Promise<ResolvedConfig> {
    if (configFile === undefined) return this.settle(undefined, undefined, []);
    const unsaved = this.options.unsaved?.(path.resolve(this.cwd, configFile));
    const loaded = await loadConfig(configFile, this.cwd, unsaved);
    for (const file of loaded.config?.pluginFiles ?? []) this.plugins.add(file);
    return this.settle(configFile, loaded.config, loaded.diagnostics);
  }

  private settle(file: string | undefined, config: Config | undefined, diagnostics: Diagnostic[]): ResolvedConfig {
    const registry = config?.registry ?? builtinRegistry;
    for (const [id, level] of this.overrides) {
      if (registry.has(id)) continue;
      const near = closest(id, registry.ids());
      throw new UsageError(`--rule ${id}:${level}: unknown rule \`${id}\`${near ? `; did you mean \`${near}\`?` : ''} (archlint rules lists them)`);
    }
    const effective = effectiveRules(registry, config, this.overrides);
    return {
      ...(file !== undefined ? { file } : {}),
      diagnostics,
      ...(config ? { config } : {}),
      registry,
      effective,
      settings: ruleSettings(registry, effective, config, this.overrides),
    };
  }
}
