/** Every generated file, by path from the project root, with the content it must have. */
import { cstTypes, ebnf, railroadHtml } from './grammar-docs.js';

export function generatedFiles(): Record<string, string> {
  return {
    'grammar/cst.generated.ts': cstTypes(),
    'grammar/grammar.ebnf': ebnf(),
    'grammar/railroad.html': railroadHtml(),
  };
}
