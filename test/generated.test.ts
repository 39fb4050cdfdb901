import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../scripts/generated-files.js';

const root = new URL('../', import.meta.url).pathname;

describe('generated files', () => {
  it.each(Object.entries(generatedFiles(root)))('%s is up to date (run `npm run generate`)', (path, content) => {
    expect(readFileSync(root + path, 'utf8')).toBe(content);
  });

  it('are marked as generated', () => {
    for (const [path, content] of Object.entries(generatedFiles(root))) expect(content, path).toMatch(/generated|GENERATED/);
  });
});
