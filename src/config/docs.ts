/**
 * Where a rule's documentation is: a built-in rule's page in docs/rules/ (read from the installed
 * package), a plugin rule's `meta.docs` (or its description), a policy's own text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RuleRegistry } from '../engine/registry.js';
import type { Rule } from '../engine/rule.js';
import { packageRoot, ruleDocUrl } from '../package-info.js';

/** The rule's documentation, as Markdown. */
export function ruleDocs(registry: RuleRegistry, rule: Rule): string {
  if (registry.origin(rule.id)?.type === 'builtin') return readFileSync(path.join(packageRoot(), 'docs', 'rules', `${rule.id}.md`), 'utf8');
  if (rule.meta.docs !== undefined) return rule.meta.docs.endsWith('\n') ? rule.meta.docs : `${rule.meta.docs}\n`;
  return `# ${rule.id}\n\n${rule.meta.description}\n${rule.meta.url !== undefined ? `\nSee ${rule.meta.url}\n` : ''}`;
}

/** Where the rule's documentation is published, if it is. */
export function ruleUrl(registry: RuleRegistry, rule: Rule): string | undefined {
  return registry.origin(rule.id)?.type === 'builtin' ? ruleDocUrl(rule.id) : rule.meta.url;
}
