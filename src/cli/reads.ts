/**
 * What a command reads, worked out from its arguments for its write gate (src/io/gate.ts): the
 * model files its operands expanded to, every file they import (followed through broken files too), the
 * configuration that governs each and the plugins it loads, and the baseline in use. Worked out
 * in full whatever later stops the run, so no early exit can write over any of them.
 */
import path from 'node:path';
import type { ConfigResolver } from '../config/resolver.js';
import type { ReadFile } from '../io/gate.js';

export interface CommandReads {
  cwd: string;
  /** The model files the operands expanded to (`expandOperands`, which the command ran already). */
  files: readonly string[];
  /** The files a model imports (as the compiler host reads them). */
  importsOf: (file: string) => string[];
  /** The configurations in play (`-c` or found beside each model). */
  resolver?: ConfigResolver;
  /** An explicit `-c` file, read even when nothing else is. */
  config?: string;
  /** The baseline read (`--baseline`), if any. */
  baseline?: string;
}

export async function commandReads(options: CommandReads): Promise<ReadFile[]> {
  const { cwd, importsOf, resolver } = options;
  const reads: ReadFile[] = [];
  if (options.config !== undefined) reads.push({ file: options.config, role: `the configuration ${options.config}` });
  if (options.baseline !== undefined) reads.push({ file: options.baseline, role: `the baseline ${options.baseline}` });
  const seen = new Set<string>();
  const queue: { file: string; importer?: string }[] = options.files.map((file) => ({ file }));
  const configs = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const { file, importer } = queue[i]!;
    const key = path.resolve(cwd, file);
    if (seen.has(key)) continue;
    seen.add(key);
    reads.push({ file, role: importer === undefined ? `the input file ${file}` : `${file}, which ${importer} imports` });
    for (const imported of importsOf(file)) queue.push({ file: imported, importer: file });
    if (!resolver) continue;
    const configFile = resolver.fileFor(file);
    if (configFile === undefined || configs.has(configFile)) continue;
    configs.add(configFile);
    reads.push({ file: configFile, role: `the configuration ${configFile}` });
    // The plugins it loads, where it loads (a broken configuration loads none).
    const { config } = await resolver.load(configFile);
    for (const plugin of config?.pluginFiles ?? []) {
      const shown = path.relative(cwd, plugin) || plugin;
      reads.push({ file: plugin, role: `${shown}, a plugin ${configFile} loads` });
    }
  }
  return reads;
}
