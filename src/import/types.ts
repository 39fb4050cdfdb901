/**
 * The contract between the import driver (index.ts) and the importers (kubernetes.ts,
 * compose.ts, terraform.ts): an importer gets the parsed files of one deployment and writes
 * components, edges and notes into a `ModelBuilder`.
 */
import type { ModelBuilder } from './emit.js';
import type { ImageRule } from './images.js';
import type { SourceDocument } from './source.js';

export type DeploymentFormat = 'kubernetes' | 'compose' | 'terraform';

export interface DeploymentFile {
  /** The file's name as diagnostics show it. */
  file: string;
  text: string;
  documents: SourceDocument[];
}

export interface ImportOptions {
  /** Image patterns the configuration maps to kinds, tried before the built-in table. */
  images: readonly ImageRule[];
  /** Deployed names to the names the design uses (the configuration's `import.names`), applied by `ModelBuilder.uniqueName`. */
  names: ReadonlyMap<string, string>;
  /** Reads another file (Compose's `.env`, `env_file` and `extends`), relative to the working directory; throws when it cannot. */
  readFile: (file: string) => string;
}

export type Importer = (files: readonly DeploymentFile[], builder: ModelBuilder, options: ImportOptions) => void;
