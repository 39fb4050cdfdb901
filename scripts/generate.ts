/** `npm run generate`: rewrites the generated files from their sources. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './generated-files.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
for (const [path, content] of Object.entries(generatedFiles(root))) {
  writeFileSync(root + path, content);
  process.stdout.write(`wrote ${path}\n`);
}
