/**
 * docs/custom-rules.md shows what it claims: each worked example's configuration and model, written
 * to a folder, give exactly the output the page shows; the plugin and its test on the page load
 * and pass as written; the error messages it quotes are the ones archlint prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archlint, root, stackTrace } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('docs');
afterAll(() => temp.removeAll());

const page = readFileSync(path.join(root, 'docs/custom-rules.md'), 'utf8');

interface Block {
  info: string;
  body: string;
}

const blocksOf = (text: string): Block[] => [...text.matchAll(/```([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({ info: m[1]!.trim(), body: m[2]! }));

/** The sections that start with `### Example:`, each up to the next heading. */
const examples = [...page.matchAll(/^### (Example: [^\n]+)\n([\s\S]*?)(?=^##)/gm)].map((m) => ({ title: m[1]!, blocks: blocksOf(m[2]!) }));

describe('docs/custom-rules.md', () => {
  it('has the worked examples the issue asked for', () => {
    expect(examples.map((e) => e.title)).toEqual([
      'Example: clients never connect straight to a data store',
      'Example: every path from the internet to payments crosses the gateway',
      'Example: what production components must have',
      'Example: EU data stays in the EU',
    ]);
  });

  for (const example of examples) {
    it(`${example.title}: the output shown is the output`, () => {
      const dir = temp.make();
      const files = example.blocks.filter((b) => /^(jsonc|arch) \S+$/.test(b.info));
      expect(files.map((b) => b.info.split(' ')[1])).toContain('archlint.config.json');
      for (const b of files) writeFileSync(path.join(dir, b.info.split(' ')[1]!), b.body);
      const consoleBlock = example.blocks.find((b) => b.info === 'console')!;
      const [command, ...output] = consoleBlock.body.split('\n');
      expect(command).toMatch(/^\$ archlint /);
      const run = archlint(command!.slice('$ archlint '.length).split(' '), { cwd: dir });
      expect(run.stdout).toBe(output.join('\n'));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
    });
  }

  it('quotes the error a misspelt selector key gives', () => {
    const dir = temp.make();
    writeFileSync(
      path.join(dir, 'archlint.config.json'),
      '{"policies":[{"id":"a","where":{"kind":"database","replicsa":{"gte":2}},"require":{"replicas":{"gte":1}}}]}',
    );
    writeFileSync(path.join(dir, 'shop.arch'), 'database db');
    const shown = blocksOf(page).find((b) => b.info === 'console' && b.body.includes('replicsa'))!;
    const run = archlint(['check', 'shop.arch'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(shown.body.split('\n').slice(1).join('\n'));
  });

  it('quotes the error of a plugin that cannot be found', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'archlint.config.json'), '{\n  "plugins": { "example": "./plugin.js" }\n}\n');
    writeFileSync(path.join(dir, 'shop.arch'), 'database db');
    const run = archlint(['check', 'shop.arch'], { cwd: dir });
    expect(run.code).toBe(2);
    const shown = blocksOf(page)
      .find((b) => b.info === 'console' && b.body.includes('./plugin.js'))!
      .body.replace('/home/me/shop', dir);
    expect(run.stdout).toBe(shown.split('\n').slice(1).join('\n'));
  });

  it('shows a plugin and a test of it that run as written', () => {
    const dir = temp.make();
    const js = blocksOf(page).filter((b) => b.info === 'js');
    const plugin = js.find((b) => b.body.includes('export default'))!.body;
    const test = js.find((b) => b.body.includes('RuleTester'))!.body;
    writeFileSync(path.join(dir, 'index.js'), plugin);
    writeFileSync(path.join(dir, 'index.test.js'), test);
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    // archlint as a project installs it; a test framework whose `describe` and `it` run at once.
    mkdirSync(path.join(dir, 'node_modules', 'vitest'), { recursive: true });
    symlinkSync(root, path.join(dir, 'node_modules', 'archlint'), 'dir');
    writeFileSync(path.join(dir, 'node_modules', 'vitest', 'package.json'), '{ "name": "vitest", "type": "module", "exports": "./index.js" }\n');
    writeFileSync(
      path.join(dir, 'node_modules', 'vitest', 'index.js'),
      'export const describe = (_, f) => f();\nexport const it = (name, f) => { f(); console.log(`ok ${name}`); };\n',
    );
    const ran = spawnSync(process.execPath, ['index.test.js'], { cwd: dir, encoding: 'utf8' });
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe('ok valid #1\nok invalid #1\n');
    expect(ran.status).toBe(0);
    // And the plugin itself, configured as the page shows, finds what its test says.
    writeFileSync(path.join(dir, 'archlint.config.json'), '{ "plugins": { "example": "./index.js" } }\n');
    writeFileSync(path.join(dir, 'm.arch'), 'service web\nqueue jobs\nweb -> jobs { async }\n');
    const run = archlint(['check', 'm.arch', '--format', 'json'], { cwd: dir });
    expect(run.stdout).not.toMatch(stackTrace);
    const ids = (JSON.parse(run.stdout) as { files: { diagnostics: { ruleId: string; line: number }[] }[] }).files[0]!.diagnostics.filter((d) =>
      d.ruleId.startsWith('example/'),
    );
    expect(ids).toEqual([expect.objectContaining({ ruleId: 'example/durable-queues', line: 2 })]);
  });
});
