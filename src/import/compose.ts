/** Placeholder while the compose importer is written: every document is reported as not mapped. */
import type { Importer } from './types.js';
import { headSpan } from './source.js';

export const importCompose: Importer = (files, builder) => {
  for (const f of files) for (const d of f.documents) if (d.root) builder.note('import/unmapped-resource', 'not mapped yet', f.file, headSpan(d.root));
};
