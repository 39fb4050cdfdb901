// ESLint with typescript-eslint's type-checked rules, run by `npm test` before the tests
// (`npm run lint`). Formatting is Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'bench/out/', '**/node_modules/', 'test/fixtures/', 'editors/vscode/*.vsix', 'editors/vscode/dist/', '.ci/node/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './tsconfig.test.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused parameters are named `_` or start with `_` where an interface asks for them.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    rules: {
      // Control characters are matched on purpose: text from the user is cleaned of them before it
      // reaches a terminal, a diagram or a message (grammar/suggest.ts, src/render/mermaid.ts, …).
      'no-control-regex': 'off',
    },
  },
  {
    // Spreading an array into a call passes each item as an argument, and past about a hundred
    // thousand items the call stack overflows: a model's findings, tiers and lines can be that
    // many. Use pushAll, maxOf or minOf (src/arrays.ts), or a method that takes the array.
    files: ['src/**/*.ts', 'grammar/**/*.ts', 'rules/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression > SpreadElement', message: 'do not spread an array into a call: use pushAll, maxOf or minOf (src/arrays.ts)' },
        { selector: 'NewExpression > SpreadElement', message: 'do not spread an array into a call: pass the array' },
      ],
    },
  },
  {
    // Nothing archlint ships writes a file except through the write gate (src/io/gate.ts), which
    // checks every target against what the command reads; the browser's own temporary profile
    // (src/render/browser.ts) is the one exception, and is never a path the user named.
    files: ['src/**/*.ts', 'grammar/**/*.ts', 'rules/**/*.ts'],
    ignores: ['src/io/gate.ts', 'src/io/write.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        ...['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
          name,
          importNames: [
            'writeFile',
            'writeFileSync',
            'appendFile',
            'appendFileSync',
            'createWriteStream',
            'copyFile',
            'copyFileSync',
            'cp',
            'cpSync',
            'rename',
            'renameSync',
            'open',
            'openSync',
            'write',
            'writeSync',
            'truncate',
            'truncateSync',
            'unlink',
            'unlinkSync',
            'rm',
            'rmSync',
            'default',
          ],
          message: 'write files only through the write gate (src/io/gate.ts)',
        })),
        { name: '../io/write.js', message: 'write files only through the write gate (src/io/gate.ts)' },
      ],
    },
  },
  {
    files: ['src/render/browser.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The executable, the example plugin, the editor extension and this file: plain JavaScript.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
