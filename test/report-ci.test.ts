/** The CI formats that print findings for a CI service to show: github, gitlab, junit (sarif has report-sarif.test.ts). */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { reporters, type FileReport } from '../src/report/index.js';
import { empty, format, gitlabPrints, noCdn, report, reportOf, span } from './report-fixtures.js';

describe('github', () => {
  it('prints one workflow command per unsuppressed finding', () => {
    expect(format('github', report)).toBe(
      [
        '::error file=a.arch,line=3,col=10,endLine=3,endColumn=12,title=archlint(spof)::`db` is a single point of failure',
        '::warning file=a.arch,line=1,col=21,endLine=1,endColumn=33,title=archlint(missing-cdn)::no CDN',
        '::notice file=a.arch,line=12,col=1,endLine=12,endColumn=2,title=archlint(x)::an info%0Aover two lines',
        '::error file=dir/my shop ü.arch,line=2,col=5,endLine=2,endColumn=6,title=archlint(syntax)::unexpected `}`',
        '',
      ].join('\n'),
    );
  });

  it('escapes the message and the properties as @actions/core does', () => {
    const file = 'odd, name: 100%.arch';
    const hostile: FileReport[] = [
      { file, diagnostics: [{ ruleId: 'spof', severity: 'warning', message: '50% of a, b: c\r\nnext::line', file, span: span(4, 2, 9) }] },
    ];
    expect(format('github', reportOf(hostile))).toBe(
      '::warning file=odd%2C name%3A 100%25.arch,line=4,col=2,endLine=4,endColumn=9,title=archlint(spof)::50%25 of a, b: c%0D%0Anext::line\n',
    );
  });

  it('gives columns only for a finding on one line', () => {
    const d = (s: ReturnType<typeof span>): Diagnostic => ({ ruleId: 'r', severity: 'error', message: 'm', file: 'a.arch', span: s });
    const cases: FileReport[] = [
      {
        file: 'a.arch',
        diagnostics: [
          d(span(4, 3, 2, 6)), // lines 4 to 6
          d(span(4, 3, 1, 5)), // ends at the line break of line 4
          d(span(1, 1, 1)), // empty
        ],
      },
    ];
    expect(format('github', reportOf(cases))).toBe(
      [
        '::error file=a.arch,line=4,endLine=6,title=archlint(r)::m',
        '::error file=a.arch,line=4,col=3,endLine=4,title=archlint(r)::m',
        '::error file=a.arch,line=1,col=1,endLine=1,title=archlint(r)::m',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for a clean run', () => {
    expect(format('github', empty)).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------

describe('gitlab', () => {
  it('prints a Code Quality report of the unsuppressed findings', () => {
    expect(JSON.parse(format('gitlab', report))).toEqual([
      {
        description: '`db` is a single point of failure',
        check_name: 'spof',
        fingerprint: gitlabPrints.spof,
        severity: 'major',
        location: { path: 'a.arch', lines: { begin: 3, end: 3 } },
      },
      {
        description: 'no CDN',
        check_name: 'missing-cdn',
        fingerprint: gitlabPrints.noCdn,
        severity: 'minor',
        location: { path: 'a.arch', lines: { begin: 1, end: 1 } },
      },
      {
        description: 'an info\nover two lines',
        check_name: 'x',
        fingerprint: gitlabPrints.info,
        severity: 'info',
        location: { path: 'a.arch', lines: { begin: 12, end: 12 } },
      },
      {
        description: 'unexpected `}`',
        check_name: 'syntax',
        fingerprint: gitlabPrints.syntax,
        severity: 'major',
        location: { path: 'dir/my shop ü.arch', lines: { begin: 2, end: 2 } },
      },
    ]);
  });

  it('gives identical findings on different lines different fingerprints of 32 hex digits', () => {
    const twin = (line: number): Diagnostic => ({
      ruleId: 'spof',
      severity: 'error',
      message: 'same',
      file: 'a.arch',
      span: span(line, 1, 5),
      component: 'db',
    });
    const twins: FileReport[] = [
      { file: 'a.arch', diagnostics: [twin(2), twin(8)] },
      { file: 'b.arch', diagnostics: [{ ...twin(2), file: 'b.arch' }] },
    ];
    const issues = JSON.parse(format('gitlab', reportOf(twins))) as { fingerprint: string }[];
    const prints = issues.map((i) => i.fingerprint);
    // The MD5s (md5sum) of d687a2dfe5f6e845b0b61016bfb23ec6:1 and :2, and of 8e10110685122dbc74c1701069b7b225:1,
    // the SHA-256 prefixes (sha256sum) of spof NUL a.arch NUL db NUL same, and of the same in b.arch.
    expect(prints).toEqual(['7265677af0b4e2a2bccfda817ee455bf', 'f23315e9efb023a5d5fb2fdc00df72b0', 'd33dbd4bf500ac6c2f235f058383d4f7']);
    expect(new Set(prints).size).toBe(3);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives the last line a finding covers', () => {
    const multi: FileReport[] = [
      {
        file: 'a.arch',
        diagnostics: [
          { ...noCdn, span: span(4, 3, 2, 6) },
          { ...noCdn, message: 'other', span: span(4, 3, 1, 5) },
        ],
      },
    ];
    const issues = JSON.parse(format('gitlab', reportOf(multi))) as { location: { lines: object } }[];
    expect(issues.map((i) => i.location.lines)).toEqual([
      { begin: 4, end: 6 },
      { begin: 4, end: 4 },
    ]);
  });

  it('prints an empty array for a clean run', () => {
    expect(format('gitlab', empty)).toBe('[]\n');
  });
});

// ---------------------------------------------------------------------------------------------

describe('junit', () => {
  it('prints a suite per file and a testcase per finding', () => {
    expect(format('junit', report)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="archlint" tests="5" failures="2" errors="1" time="0">',
        '  <testsuite name="a.arch" tests="3" failures="2" errors="0" time="0">',
        '    <testcase classname="a.arch" name="spof at 3:10" time="0">',
        '      <failure message="`db` is a single point of failure" type="error">a.arch:3:10: error: `db` is a single point of failure (spof)</failure>',
        '    </testcase>',
        '    <testcase classname="a.arch" name="missing-cdn at 1:21" time="0">',
        '      <failure message="no CDN" type="warning">a.arch:1:21: warning: no CDN (missing-cdn)</failure>',
        '    </testcase>',
        '    <testcase classname="a.arch" name="x at 12:1" time="0">',
        '      <system-out>a.arch:12:1: info: an info',
        'over two lines (x)</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="dir/my shop ü.arch" tests="1" failures="0" errors="1" time="0">',
        '    <testcase classname="dir/my shop ü.arch" name="syntax at 2:5" time="0">',
        '      <error message="unexpected `}`" type="error">dir/my shop ü.arch:2:5: error: unexpected `}` (syntax)</error>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="clean.arch" tests="1" failures="0" errors="0" time="0">',
        '    <testcase classname="clean.arch" name="no findings" time="0"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const file = 'a&b.arch';
    const hostile: FileReport[] = [
      { file, diagnostics: [{ ruleId: 'spof', severity: 'warning', message: `<script>&"'\u0000\u0007ok\uD800\tend\nline`, file, span: span(1, 2, 3) }] },
    ];
    expect(format('junit', reportOf(hostile))).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="archlint" tests="1" failures="1" errors="0" time="0">',
        '  <testsuite name="a&amp;b.arch" tests="1" failures="1" errors="0" time="0">',
        '    <testcase classname="a&amp;b.arch" name="spof at 1:2" time="0">',
        '      <failure message="&lt;script&gt;&amp;&quot;&apos;ok&#9;end&#10;line" type="warning">a&amp;b.arch:1:2: warning: &lt;script&gt;&amp;&quot;&apos;ok\tend',
        'line (spof)</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('prints an empty set of suites for an empty run', () => {
    expect(format('junit', empty)).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="archlint" tests="0" failures="0" errors="0" time="0"/>\n');
  });
});

describe('reporters', () => {
  it('include the CI formats', () => {
    for (const name of ['sarif', 'github', 'gitlab', 'junit']) expect(reporters.has(name), name).toBe(true);
  });
});
