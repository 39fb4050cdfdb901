import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { reporters, summarize, type FileReport } from '../src/report/index.js';
import { noCdn, span, spof } from './report-fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../schema/archlint-output.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ strict: true }).compile(schema);

const diagnostics: Diagnostic[] = [
  { ...spof, messageId: 'endOfFlow' },
  noCdn,
  { ruleId: 'x', severity: 'info', message: 'an info\nover two lines', file: 'a.arch', span: span(12, 1, 2) },
];
const files: FileReport[] = [
  { file: 'a.arch', diagnostics },
  { file: 'clean.arch', diagnostics: [] },
];
const report = { files, summary: summarize(files) };
const options = { cwd: '/work/project', color: false };

describe('json', () => {
  it('prints exactly the documented shape, valid against the schema', () => {
    const out = JSON.parse(reporters.get('json')!(report, options)) as unknown;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out).toEqual({
      version: 1,
      files: [
        {
          file: 'a.arch',
          diagnostics: [
            {
              ruleId: 'spof',
              severity: 'error',
              message: '`db` is a single point of failure',
              line: 3,
              column: 10,
              endLine: 3,
              endColumn: 12,
              component: 'db',
            },
            { ruleId: 'missing-cdn', severity: 'warning', message: 'no CDN', line: 1, column: 21, endLine: 1, endColumn: 33 },
            { ruleId: 'x', severity: 'info', message: 'an info\nover two lines', line: 12, column: 1, endLine: 12, endColumn: 2 },
          ],
        },
        { file: 'clean.arch', diagnostics: [] },
      ],
      summary: { errors: 1, warnings: 1, infos: 1 },
    });
  });

  it('the schema rejects what the format forbids', () => {
    expect(validate({ version: 1, files: [], summary: { errors: 0, warnings: 0 } })).toBe(false);
    expect(
      validate({
        version: 1,
        files: [{ file: 'a', diagnostics: [{ ruleId: 'x', severity: 'fatal', message: 'm', line: 1, column: 1, endLine: 1, endColumn: 2 }] }],
        summary: { errors: 0, warnings: 0, infos: 0 },
      }),
    ).toBe(false);
    expect(
      validate({
        version: 1,
        files: [{ file: 'a', diagnostics: [{ ruleId: 'x', severity: 'error', message: 'm', line: 0, column: 1, endLine: 1, endColumn: 2 }] }],
        summary: { errors: 0, warnings: 0, infos: 0 },
      }),
    ).toBe(false);
  });
});

describe('compact', () => {
  // The pattern of VS Code's built-in $eslint-compact problem matcher.
  const eslintCompact = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;

  it('prints one line per finding that $eslint-compact reads, with absolute paths', () => {
    const lines = reporters.get('compact')!(report, options).split('\n');
    expect(lines).toEqual([
      '/work/project/a.arch: line 3, col 10, Error - `db` is a single point of failure (spof)',
      '/work/project/a.arch: line 1, col 21, Warning - no CDN (missing-cdn)',
      '/work/project/a.arch: line 12, col 1, Info - an info over two lines (x)',
      '',
      '3 problems',
      '',
    ]);
    const matched = lines.slice(0, 3).map((l) => eslintCompact.exec(l)!.slice(1));
    expect(matched[0]).toEqual(['/work/project/a.arch', '3', '10', 'Error', '`db` is a single point of failure', 'spof']);
  });

  it('prints nothing when there is nothing to report', () => {
    expect(reporters.get('compact')!({ files: [], summary: summarize([]) }, options)).toBe('');
  });
});

describe('stylish', () => {
  it('groups by file, aligns columns and sums up', () => {
    expect(reporters.get('stylish')!(report, options)).toBe(
      [
        'a.arch',
        '  3:10  error    `db` is a single point of failure  spof',
        '  1:21  warning  no CDN  missing-cdn',
        '  12:1  info     an info over two lines  x',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 info)',
        '',
      ].join('\n'),
    );
  });

  it('colours on request only', () => {
    const plain = reporters.get('stylish')!(report, options);
    const coloured = reporters.get('stylish')!(report, { ...options, color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31merror');
  });

  it('prints nothing for a clean run', () => {
    expect(reporters.get('stylish')!({ files: [{ file: 'clean.arch', diagnostics: [] }], summary: summarize([]) }, options)).toBe('');
  });
});

describe('markdown', () => {
  it('escapes a `|` in a file name too: in a GFM table it would end the cell, even inside a code span', () => {
    const odd: FileReport[] = [{ file: 'dir/a|b.arch', diagnostics: [{ ...diagnostics[1]!, file: 'dir/a|b.arch', message: 'no CDN | at all' }] }];
    expect(reporters.get('markdown')!({ files: odd, summary: summarize(odd) }, options)).toBe(
      [
        '## archlint',
        '',
        '⚠️ 1 problem (0 errors, 1 warning) in 1 file.',
        '',
        '| severity | where | rule | message |',
        '| --- | --- | --- | --- |',
        '| 🟡 warning | `dir/a\\|b.arch:1:21` | `missing-cdn` | no CDN \\| at all |',
        '',
      ].join('\n'),
    );
  });
});
