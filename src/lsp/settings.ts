/**
 * Which `archlint.config.json` governs a file and the rule settings it yields, as
 * `SettingsResolver` (src/cli/settings.ts) computes them for `archlint check`, with two differences
 * an editor needs: a configuration open in the editor is read from its unsaved text, and what was
 * loaded is forgotten when a configuration changes.
 */
import path from 'node:path';
import { allRules } from '../../rules/index.js';
import { effectiveRules, findConfig, isIgnored, loadConfig, toRuleSettings, type Config } from '../config/config.js';
import type { Diagnostic } from '../diagnostics.js';
import type { RuleSetting } from '../engine/run.js';
import type { Workspace } from './workspace.js';

export interface ConfigState {
  /** The configuration file that governs (absolute path), if any. */
  file?: string;
  /** Its errors (each with `file` set to that path); empty when valid. */
  diagnostics: Diagnostic[];
  config?: Config;
  settings: Map<string, RuleSetting>;
}

const noOverrides = new Map<string, never>();

export class ConfigStore {
  private readonly byDir = new Map<string, string | undefined>();
  private readonly loaded = new Map<string, ConfigState>();

  constructor(private readonly workspace: Workspace) {}

  /** The configuration that governs a file (by path). */
  forFile(key: string): ConfigState {
    const dir = path.dirname(key);
    if (!this.byDir.has(dir)) this.byDir.set(dir, findConfig(dir));
    return this.load(this.byDir.get(dir));
  }

  /** A configuration file's state (loaded once until `invalidate`). */
  load(configFile: string | undefined): ConfigState {
    const known = this.loaded.get(configFile ?? '');
    if (known) return known;
    const state = configFile === undefined ? settle(undefined, undefined, []) : this.read(configFile);
    this.loaded.set(configFile ?? '', state);
    return state;
  }

  ignored(key: string, state: ConfigState): boolean {
    return isIgnored(state.config, key, this.workspace.cwd);
  }

  /** Forgets every loaded configuration and which directory each governs (one may have appeared). */
  invalidate(): void {
    this.byDir.clear();
    this.loaded.clear();
  }

  private read(configFile: string): ConfigState {
    const loaded = loadConfig(configFile, allRules, this.workspace.cwd, this.workspace.document(configFile)?.getText());
    return settle(configFile, loaded.config, loaded.diagnostics);
  }
}

function settle(file: string | undefined, config: Config | undefined, diagnostics: Diagnostic[]): ConfigState {
  const effective = effectiveRules(allRules, config, noOverrides);
  return {
    ...(file !== undefined ? { file } : {}),
    ...(config ? { config } : {}),
    diagnostics,
    settings: toRuleSettings(allRules, effective, config, noOverrides),
  };
}
