/**
 * Which configuration governs each checked file, loaded once per configuration file, and the
 * rule settings it yields after `--rule` overrides.
 */
import path from 'node:path';
import { allRules } from '../../rules/index.js';
import { closest } from '../../grammar/suggest.js';
import { effectiveRules, findConfig, isIgnored, loadConfig, toRuleSettings, type Config, type EffectiveRule, type LoadedConfig } from '../config/config.js';
import { severityWords } from '../config/schema.js';
import type { Severity } from '../diagnostics.js';
import type { RuleSetting } from '../engine/run.js';
import { UsageError } from '../errors.js';

type Level = Severity | 'off';

/** Parses repeated `--rule id:severity` flags; a wrong id or severity is a usage error. */
export function parseRuleFlags(values: readonly string[]): Map<string, Level> {
  const out = new Map<string, Level>();
  const ids = allRules.map((r) => r.id);
  for (const value of values) {
    const at = value.lastIndexOf(':');
    const id = at === -1 ? value : value.slice(0, at);
    const severity = at === -1 ? '' : value.slice(at + 1);
    if (!ids.includes(id)) {
      const near = closest(id, ids);
      throw new UsageError(`--rule ${value}: unknown rule \`${id}\`${near ? `; did you mean \`${near}\`?` : ''} (archlint rules lists them)`);
    }
    if (!(severityWords as readonly string[]).includes(severity)) {
      throw new UsageError(`--rule ${value}: write --rule ${id}:<severity>, the severity one of ${severityWords.join(', ')}`);
    }
    out.set(id, severity as Level);
  }
  return out;
}

export interface FileSettings {
  /** The configuration file that applies, if any (as found, relative to cwd where possible). */
  configFile?: string;
  loaded?: LoadedConfig;
  config?: Config;
  effective: Map<string, EffectiveRule>;
  settings: Map<string, RuleSetting>;
}

export class SettingsResolver {
  private readonly loaded = new Map<string, LoadedConfig>();
  private readonly byDir = new Map<string, string | undefined>();
  /** Settings by configuration file ('' for none): computed once, shared by every file it governs. */
  private readonly resolved = new Map<string, FileSettings>();

  constructor(
    private readonly cwd: string,
    private readonly explicitConfig: string | undefined,
    private readonly overrides: ReadonlyMap<string, Level>,
  ) {}

  private configPathFor(file: string): string | undefined {
    if (this.explicitConfig !== undefined) return this.explicitConfig;
    const dir = path.dirname(path.resolve(this.cwd, file));
    if (!this.byDir.has(dir)) {
      const found = findConfig(dir);
      this.byDir.set(dir, found === undefined ? undefined : path.relative(this.cwd, found) || found);
    }
    return this.byDir.get(dir);
  }

  for(file: string): FileSettings {
    const configFile = this.configPathFor(file);
    const known = this.resolved.get(configFile ?? '');
    if (known) return known;
    let loaded: LoadedConfig | undefined;
    if (configFile !== undefined) {
      loaded = this.loaded.get(configFile);
      if (!loaded) {
        loaded = loadConfig(configFile, allRules, this.cwd);
        this.loaded.set(configFile, loaded);
      }
    }
    const config = loaded?.config;
    const effective = effectiveRules(allRules, config, this.overrides);
    const result: FileSettings = {
      ...(configFile !== undefined ? { configFile } : {}),
      ...(loaded ? { loaded } : {}),
      ...(config ? { config } : {}),
      effective,
      settings: toRuleSettings(allRules, effective, config, this.overrides),
    };
    this.resolved.set(configFile ?? '', result);
    return result;
  }

  ignored(file: string): boolean {
    return isIgnored(this.for(file).config, file, this.cwd);
  }
}
