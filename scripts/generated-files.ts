/** Every generated file, by path from the project root, with the content it must have. */
import { existsSync, readFileSync } from 'node:fs';
import { attributeReference, splice } from './attribute-docs.js';
import { ebnf, railroadHtml } from './grammar-docs.js';

export function generatedFiles(root: string): Record<string, string> {
  const readme = `${root}grammar/README.md`;
  const current = existsSync(readme) ? readFileSync(readme, 'utf8') : '# The .arch language\n';
  return {
    'grammar/grammar.ebnf': ebnf(),
    'grammar/railroad.html': railroadHtml(),
    'grammar/README.md': splice(current, attributeReference()),
  };
}
