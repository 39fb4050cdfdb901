/**
 * `archlint rules`: every rule with its default severity and description — archlint's own, then
 * each plugin's and the policies of the configuration that governs the working directory (or
 * `--config`), under where they come from; `archlint rules <id>`: one rule's documentation.
 */
import path from 'node:path';
import { closest } from '../../grammar/suggest.js';
import { ruleDocs } from '../config/docs.js';
import { ConfigResolver } from '../config/resolver.js';
import type { RuleOrigin, RuleRegistry } from '../engine/registry.js';
import type { Rule } from '../engine/rule.js';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';
import { printErrors } from './print.js';
import { maxOf } from '../arrays.js';

export interface RulesFlags {
  config?: string;
  color?: boolean;
}

function heading(origin: RuleOrigin): string {
  if (origin.type === 'plugin') return `From the plugin \`${origin.plugin}\` ("${origin.specifier}") of ${origin.config}:`;
  if (origin.type === 'policy') return `The policies of ${origin.config}:`;
  return '';
}

/** The rules, grouped by where they come from (archlint's own first, without a heading). */
function listing(registry: RuleRegistry): string {
  const rules = registry.all();
  const width = maxOf(
    rules.map((r) => r.id.length),
    0,
  );
  const line = (r: Rule) =>
    `${r.id.padEnd(width)}  ${r.meta.defaultSeverity.padEnd(7)}  ${r.meta.description}${r.meta.severityNote ? ` (${r.meta.severityNote})` : ''}`;
  const out: string[] = [];
  let group = '';
  for (const rule of rules) {
    const origin = registry.origin(rule.id)!;
    const title = heading(origin);
    if (title !== group) {
      out.push('', title);
      group = title;
    }
    out.push(line(rule));
  }
  return `${out.join('\n')}\n\n\`archlint rules <id>\` prints a rule's documentation.\n`;
}

export async function runRulesCommand(id: string | undefined, flags: RulesFlags, io: Io): Promise<number> {
  const resolver = new ConfigResolver({ cwd: io.cwd, ...(flags.config !== undefined ? { explicit: flags.config } : {}) });
  // The configuration of a file in the working directory: the one `archlint check .` would use there.
  const resolved = await resolver.resolve(path.join(io.cwd, '.archlint'));
  if (resolved.diagnostics.length > 0) {
    printErrors(resolved.diagnostics, io, flags.color);
    return 2;
  }
  const { registry } = resolved;
  if (id === undefined) {
    io.stdout.write(listing(registry));
    return 0;
  }
  const rule = registry.get(id);
  if (!rule) {
    const near = closest(id, registry.ids());
    throw new UsageError(`unknown rule \`${id}\`${near ? `; did you mean \`${near}\`?` : ''} (archlint rules lists them)`);
  }
  io.stdout.write(ruleDocs(registry, rule));
  return 0;
}
