/**
 * The layers of src/: rendering draws a model and writes files, knowing nothing of the command
 * line or the reports; the reports format what they are handed, evaluating nothing themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './cli-run.js';

/** Every relative import of the modules in `dir` (src/…): the file, the path it names, and whether it imports types only. */
function imports(dir: string): { file: string; target: string; typeOnly: boolean }[] {
  const found: { file: string; target: string; typeOnly: boolean }[] = [];
  for (const name of readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(path.join(root, dir, name), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'(\.[^']+)'/gms)) {
      const names = m[2]!.replace(/^\{|\}$/g, '').split(',').map((s) => s.trim()).filter(Boolean);
      const typeOnly = m[1] !== undefined || names.every((n) => n.startsWith('type '));
      found.push({ file: `${dir}/${name}`, target: path.posix.join(dir, m[3]!), typeOnly });
    }
    for (const m of text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)) found.push({ file: `${dir}/${name}`, target: path.posix.join(dir, m[1]!), typeOnly: false });
  }
  return found;
}

describe('the layers of src/', () => {
  it('src/render/ uses the model, the evaluator’s types, the findings, errors, io and text only', () => {
    const allowed = [/^src\/render\//, /^src\/model\//, /^src\/io\//, /^src\/text\//, /^src\/diagnostics\.js$/, /^src\/errors\.js$/];
    const wrong = imports('src/render').filter((i) => !allowed.some((a) => a.test(i.target)) && !(i.typeOnly && i.target.startsWith('src/evaluate/')));
    expect(wrong).toEqual([]);
  });

  it('src/report/ imports nothing of src/render/ or src/cli/, and only types of src/evaluate/', () => {
    const wrong = imports('src/report').filter((i) => /^src\/(render|cli)\//.test(i.target) || (i.target.startsWith('src/evaluate/') && !i.typeOnly));
    expect(wrong).toEqual([]);
  });
});
