/**
 * Chevrotain, loaded from its single-file bundle. The package's main entry loads several hundred
 * small modules (its lodash-es dependency file by file), which costs ~0.35 s on every start of
 * the CLI; the bundle is the same library in one file and loads in ~0.05 s. Types still come
 * from the package's own declarations.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

const main = createRequire(import.meta.url).resolve('chevrotain');
const bundle = path.join(path.dirname(main), '..', 'chevrotain.min.mjs');
const chevrotain = (await import(pathToFileURL(bundle).href)) as typeof Chevrotain;

export const {
  Alternation,
  Alternative,
  createSyntaxDiagramsCode,
  createToken,
  EmbeddedActionsParser,
  Lexer,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
} = chevrotain;
export type * from 'chevrotain';
