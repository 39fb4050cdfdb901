/**
 * Plugins: `"plugins": { "<name>": "<module specifier>" }` in the configuration. Each specifier is
 * resolved as an ES module import from the configuration file's directory (a relative path, or a
 * package installed there), loaded with `import()`, and must export `{ rules: { <id>: Rule } }`;
 * its rules join the registry as `<name>/<id>`. A plugin that cannot be found, does not load,
 * exports the wrong shape or has a rule with broken metadata is a problem of the configuration,
 * located at the plugin's entry.
 *
 * A plugin's own file is imported again when it changes (its modification time is part of the URL
 * imported), so `check --watch` and the language server see an edited plugin; modules it imports
 * in turn are cached by Node as usual.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveImport } from 'import-meta-resolve';
import { noOptions, type Rule } from '../engine/rule.js';
import { ruleProblems, type RegisteredRule } from '../engine/registry.js';
import type { SchemaProblem } from './json.js';
import { pushAll } from '../arrays.js';

/** Plugin names and rule names: lower case words joined by hyphens. */
export const namePattern = /^[a-z0-9][a-z0-9-]*$/;

/** The first line of an error's message. */
const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();

/** Why a specifier did not resolve, in words. */
function notFound(specifier: string, error: unknown, dir: string): string {
  const code = (error as { code?: string }).code;
  const relative = /^\.{1,2}(\/|\\|$)/.test(specifier) || path.isAbsolute(specifier);
  if (code === 'ERR_UNSUPPORTED_DIR_IMPORT')
    return `"${specifier}" is a directory: name the module file in it (such as "${specifier.replace(/\/$/, '')}/index.js")`;
  if (code === 'ERR_MODULE_NOT_FOUND' && relative) return `there is no file "${specifier}" next to the configuration (${dir})`;
  if (code === 'ERR_MODULE_NOT_FOUND')
    return `no package "${specifier}" is installed where the configuration is (${dir}): install it, or name the plugin's file with a relative path`;
  return firstLine(error);
}

/** The URL to import: the resolved module, with its modification time so that an edited plugin is loaded again. */
function importUrl(resolved: string): string {
  if (!resolved.startsWith('file:')) return resolved;
  try {
    return `${resolved}?mtime=${statSync(fileURLToPath(resolved)).mtimeMs}`;
  } catch {
    return resolved;
  }
}

/** One plugin's rules, registered under its name, or the problems that keep it out. */
async function loadPlugin(
  name: string,
  specifier: string,
  configFile: string,
  dir: string,
): Promise<{ entries: RegisteredRule[]; problems: string[]; file?: string }> {
  if (name === 'policy') return { entries: [], problems: ["`policy` is the prefix of the configuration's policies: give the plugin another name"] };
  let resolved: string;
  try {
    resolved = resolveImport(specifier, pathToFileURL(path.join(dir, path.sep)).href);
  } catch (error) {
    return { entries: [], problems: [`cannot find the plugin \`${name}\`: ${notFound(specifier, error, dir)}`] };
  }
  if (resolved.startsWith('file:')) {
    const file = fileURLToPath(resolved);
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch (error) {
      return {
        entries: [],
        problems: [`cannot find the plugin \`${name}\`: ${notFound(specifier, Object.assign(error as object, { code: 'ERR_MODULE_NOT_FOUND' }), dir)}`],
      };
    }
    if (!isFile) return { entries: [], problems: [`cannot find the plugin \`${name}\`: ${notFound(specifier, { code: 'ERR_UNSUPPORTED_DIR_IMPORT' }, dir)}`] };
  }
  let module: unknown;
  try {
    module = await import(importUrl(resolved));
  } catch (error) {
    return { entries: [], problems: [`the plugin \`${name}\` ("${specifier}") failed to load: ${firstLine(error)}`] };
  }
  const exported = (module as { default?: unknown }).default ?? module;
  const rules = (exported as { rules?: unknown } | null)?.rules;
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
    return {
      entries: [],
      problems: [
        `the plugin \`${name}\` ("${specifier}") exports no \`rules\` object: export \`{ rules: { <rule-name>: rule } }\`, each rule written with \`defineRule\``,
      ],
    };
  }
  const entries: RegisteredRule[] = [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(rules as Record<string, unknown>)) {
    const id = `${name}/${key}`;
    if (!namePattern.test(key)) {
      problems.push(`the plugin \`${name}\` exports a rule named "${key}": rule names are lower-case words joined by hyphens`);
      continue;
    }
    const wrong = ruleProblems(value);
    const own = (value as { id?: unknown } | null)?.id;
    if (typeof own === 'string' && own !== '' && own !== key && own !== id) wrong.push(`it calls itself \`${own}\` but is exported as \`${key}\``);
    if (wrong.length > 0) {
      problems.push(`the rule \`${id}\` of the plugin is not a valid rule: ${wrong.join('; ')}`);
      continue;
    }
    const rule = value as Rule;
    const meta = { ...rule.meta, schema: rule.meta.schema ?? noOptions, defaultOptions: rule.meta.defaultOptions ?? {} };
    entries.push({ rule: { id, meta, check: rule.check.bind(rule) }, origin: { type: 'plugin', plugin: name, specifier, config: configFile } });
  }
  return { entries, problems, ...(resolved.startsWith('file:') ? { file: fileURLToPath(resolved) } : {}) };
}

/**
 * Every plugin of a configuration, in the order written. `configFile` is the configuration as
 * messages name it; `dir` the directory specifiers are resolved from.
 */
export async function loadPlugins(
  plugins: Readonly<Record<string, string>>,
  configFile: string,
  dir: string,
): Promise<{ entries: RegisteredRule[]; problems: SchemaProblem[]; files: string[] }> {
  const entries: RegisteredRule[] = [];
  const problems: SchemaProblem[] = [];
  const files: string[] = [];
  for (const [name, specifier] of Object.entries(plugins)) {
    const loaded = await loadPlugin(name, specifier, configFile, dir);
    pushAll(entries, loaded.entries);
    if (loaded.file !== undefined) files.push(loaded.file);
    for (const message of loaded.problems) problems.push({ segments: ['plugins', name], message });
  }
  return { entries, problems, files };
}
