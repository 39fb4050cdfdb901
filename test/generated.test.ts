import { readFileSync } from 'node:fs';
import { createAjv } from '../src/engine/options.js';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../scripts/generated-files.js';

const root = new URL('../', import.meta.url).pathname;

// The committed files must be what `npm run generate` makes of the sources. That says nothing of
// whether what it makes is right: the TextMate grammar is run through vscode-textmate
// (textmate-*.test.ts) and its copy compared in vscode-manifest.test.ts, the language reference's
// examples are checked in docs.test.ts, and the EBNF and the configuration schema are checked below.
describe('generated files', () => {
  it.each(Object.entries(generatedFiles(root)))('%s is up to date (run `npm run generate`)', (path, content) => {
    expect(readFileSync(root + path, 'utf8')).toBe(content);
  });

  it('are marked as generated', () => {
    for (const [path, content] of Object.entries(generatedFiles(root))) expect(content, path).toMatch(/generated|GENERATED/);
  });
});

describe('grammar/grammar.ebnf', () => {
  const text = readFileSync(`${root}grammar/grammar.ebnf`, 'utf8');
  // Productions start a line: `name =`; what follows up to the `;` that ends a line is its right-hand side.
  const productions = [...text.replace(/\(\*[\s\S]*?\*\)/g, '').matchAll(/^([A-Za-z]\w*) =([\s\S]*?);\s*$/gm)].map((m) => ({ name: m[1]!, rhs: m[2]! }));

  it('has the syntax productions of the language, each defined once', () => {
    const names = productions.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 14)).toEqual([
      'file',
      'statement',
      'propertyStatement',
      'titleStatement',
      'importStatement',
      'settingsBlock',
      'regionStatement',
      'componentStatement',
      'edgeStatement',
      'attributeBlock',
      'attribute',
      'value',
      'list',
      'WhiteSpace',
    ]);
  });

  it('uses only names it defines', () => {
    const defined = new Set(productions.map((p) => p.name));
    for (const { name, rhs } of productions) {
      // Leave out quoted terminals and regular expressions; what is left are names.
      const used =
        rhs
          .replace(/"[^"]*"/g, ' ')
          .replace(/\/(?:[^/\\\n]|\\.)+\//g, ' ')
          .match(/[A-Za-z]\w*/g) ?? [];
      for (const u of used) expect(defined.has(u), `${name} uses ${u}`).toBe(true);
    }
  });
});

describe('schema/archlint-config.schema.json', () => {
  const schema = JSON.parse(readFileSync(`${root}schema/archlint-config.schema.json`, 'utf8')) as { $schema: string };

  it('is a valid JSON Schema draft-07 that tells a good configuration from a bad one', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    // With the standard formats, as a validator in an editor would have them: `regex` is one.
    const ajv = createAjv();
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    const validate = ajv.compile(schema);
    expect(validate({ extends: 'archlint:recommended', rules: { spof: 'warning', 'missing-cdn': 'off' } }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rules: { spof: 'loud' } })).toBe(false);
    expect(validate({ rulez: {} })).toBe(false);
    // A pattern that is not a regular expression is caught by the schema itself.
    expect(validate({ rules: { 'bad-shard-key': ['warning', { monotonicNames: ['id$'] }] } }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rules: { 'bad-shard-key': ['warning', { monotonicNames: ['(unclosed'] }] } })).toBe(false);
  });
});
