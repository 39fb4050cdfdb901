/** The CI formats: sarif, github, gitlab, junit; and the tool description SARIF carries. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { toolInfo } from '../src/cli/tool-info.js';
import { compilerRuleIds, type Diagnostic } from '../src/diagnostics.js';
import { reporters, summarize, type FileReport, type LintReport } from '../src/report/index.js';
import { check } from './helpers.js';

// ajv-draft-04 and ajv-formats are CommonJS modules that declare `export default`: under NodeNext
// the default import is the whole `module.exports`, whose `default` property is the class (and the
// plugin); both packages set `exports.default` as well as `module.exports`.
const AjvDraft04 = Ajv04.default;
const addFormats = addFormatsModule.default;

const sarifSchemaText = readFileSync(new URL('./fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8');
const sarifSchema = JSON.parse(sarifSchemaText) as object;

const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const span = (line: number, column: number, endColumn: number, endLine = line) => ({
  start: { line, column, offset: 0 },
  end: { line: endLine, column: endColumn, offset: 0 },
});

const spof: Diagnostic = { ruleId: 'spof', severity: 'error', message: '`db` is a single point of failure', file: 'a.arch', span: span(3, 10, 12), component: 'db' };
const noCdn: Diagnostic = { ruleId: 'missing-cdn', severity: 'warning', message: 'no CDN', file: 'a.arch', span: span(1, 21, 33) };
const silenced: Diagnostic = {
  ruleId: 'sync-long-task',
  severity: 'warning',
  message: '`importer` runs a long task synchronously',
  file: 'a.arch',
  span: span(7, 9, 17),
  component: 'importer',
  suppressed: { reason: 'the batch importer may stop for a day' },
};
const silencedNoReason: Diagnostic = { ruleId: 'spof', severity: 'error', message: '`cron` is a single point of failure', file: 'a.arch', span: span(9, 9, 13), component: 'cron', suppressed: {} };
const info: Diagnostic = { ruleId: 'x', severity: 'info', message: 'an info\nover two lines', file: 'a.arch', span: span(12, 1, 2) };
const syntax: Diagnostic = { ruleId: 'syntax', severity: 'error', message: 'unexpected `}`', file: 'dir/my shop ü.arch', span: span(2, 5, 6) };

const files: FileReport[] = [
  { file: 'a.arch', diagnostics: [spof, noCdn, silenced, silencedNoReason, info] },
  { file: 'dir/my shop ü.arch', diagnostics: [syntax] },
  { file: 'clean.arch', diagnostics: [] },
];
const report: LintReport = { files, summary: summarize(files) };
const empty: LintReport = { files: [], summary: summarize([]) };
const cwd = '/work/project';
const options = { cwd, color: false };

const format = (name: string, r: LintReport, extra: object = {}) => reporters.get(name)!(r, { ...options, ...extra });

/** The fingerprint as fingerprint.ts documents it, derived here independently: SHA-256 of rule, file, component, message. */
const expectedPrint = (parts: [string, string, string, string], n: number) => `${createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)}:${n}`;

// ---------------------------------------------------------------------------------------------

describe('toolInfo', () => {
  const tool = toolInfo();

  it('names archlint, its version and home page, and is computed once', () => {
    expect(tool.name).toBe('archlint');
    expect(tool.version).toBe(version);
    expect(tool.informationUri).toBe('https://github.com/archlint/archlint');
    expect(toolInfo()).toBe(tool);
  });

  it('describes every rule, then every compiler check', () => {
    expect(tool.rules.map((r) => r.id)).toEqual([...allRules.map((r) => r.id), ...Object.values(compilerRuleIds)]);
    for (const r of tool.rules) {
      expect(r.shortDescription, r.id).not.toBe('');
      expect(r.fullDescription, r.id).not.toBe('');
      expect(r.helpMarkdown, r.id).not.toBe('');
    }
  });

  it("takes a rule's short description from its metadata and the rest from its page", () => {
    const r = tool.rules.find((x) => x.id === 'spof')!;
    const page = readFileSync(new URL('../docs/rules/spof.md', import.meta.url), 'utf8');
    expect(r.shortDescription).toBe(allRules.find((x) => x.id === 'spof')!.meta.description);
    // The first paragraph after "# spof", unwrapped.
    expect(r.fullDescription).toBe(
      'Reports a single point of failure: a component on a request flow that runs as one instance, has no redundancy provided by the platform, and cannot be bypassed. If it fails, the requests that depend on it have nowhere else to go.',
    );
    expect(r.helpMarkdown).toBe(page);
    expect(r.helpUri).toBe(`https://github.com/archlint/archlint/blob/v${version}/docs/rules/spof.md`);
    expect(r.defaultSeverity).toBe('error');
    expect(tool.rules.find((x) => x.id === 'missing-cdn')!.defaultSeverity).toBe('warning');
  });

  it('points compiler checks at the section of the language reference that lists them', () => {
    const syntaxRule = tool.rules.find((x) => x.id === 'syntax')!;
    expect(syntaxRule.helpUri).toBe(`https://github.com/archlint/archlint/blob/v${version}/grammar/README.md#5-compiler-diagnostics`);
    expect(syntaxRule.defaultSeverity).toBe('error');
    // The anchor is GitHub's slug of this heading.
    expect(readFileSync(new URL('../grammar/README.md', import.meta.url), 'utf8')).toContain('\n## 5. Compiler diagnostics\n');
    expect(tool.rules.find((x) => x.id === 'config')!.helpUri).toBe(`https://github.com/archlint/archlint/blob/v${version}/docs/configuration.md`);
  });
});

// ---------------------------------------------------------------------------------------------

describe('sarif', () => {
  it('is validated against an unchanged copy of the official SARIF 2.1.0 schema', () => {
    // The SHA-256 of ../shared/schemas/sarif-schema-2.1.0.json, which the copy must equal byte for byte.
    expect(createHash('sha256').update(sarifSchemaText).digest('hex')).toBe('c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e');
    expect((sarifSchema as { id: string }).id).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
  });

  const tool = toolInfo();
  const log = JSON.parse(format('sarif', report, { tool })) as any;
  const run = log.runs[0];

  it('is valid against the official SARIF 2.1.0 schema', () => {
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
  });

  it('would be rejected by the schema if it were wrong (the check is not vacuous)', () => {
    const broken = (change: (l: any) => void) => {
      const copy = JSON.parse(JSON.stringify(log)) as any;
      change(copy);
      return validateSarif(copy);
    };
    expect(broken((l) => (l.runs[0].results[0].level = 'fatal'))).toBe(false);
    expect(broken((l) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0))).toBe(false);
    // An unencoded space is no URI reference: the encoding is what makes the log valid.
    expect(broken((l) => (l.runs[0].artifacts[1].location.uri = 'dir/my shop ü.arch'))).toBe(false);
  });

  it('is valid for an empty report, and without tool information', () => {
    const emptyLog = JSON.parse(format('sarif', empty, { tool })) as any;
    expect(validateSarif(emptyLog), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(emptyLog.runs[0].results).toEqual([]);
    expect(emptyLog.runs[0].artifacts).toEqual([]);

    const bare = JSON.parse(format('sarif', report)) as any;
    expect(validateSarif(bare), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(bare.runs[0].tool).toEqual({ driver: { name: 'archlint' } });
    expect(bare.runs[0].results.some((r: object) => 'ruleIndex' in r)).toBe(false);
  });

  it('has the header, the driver and the run-level facts', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('archlint');
    expect(run.tool.driver.version).toBe(version);
    expect(run.tool.driver.informationUri).toBe('https://github.com/archlint/archlint');
    expect(run.tool.driver.rules).toHaveLength(allRules.length + Object.keys(compilerRuleIds).length);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    expect(run.artifacts).toEqual([
      { location: { uri: 'a.arch', uriBaseId: '%SRCROOT%' } },
      { location: { uri: 'dir/my%20shop%20%C3%BC.arch', uriBaseId: '%SRCROOT%' } },
      { location: { uri: 'clean.arch', uriBaseId: '%SRCROOT%' } },
    ]);
  });

  it('describes a rule with its texts, help and default level', () => {
    // spof is first in rules/index.ts; missing-cdn eighth.
    const [first] = run.tool.driver.rules;
    expect(first).toEqual({
      id: 'spof',
      shortDescription: { text: allRules[0]!.meta.description },
      fullDescription: { text: expect.stringMatching(/^Reports a single point of failure: /) },
      help: { text: expect.stringContaining(`https://github.com/archlint/archlint/blob/v${version}/docs/rules/spof.md`), markdown: expect.stringMatching(/^# spof\n/) },
      helpUri: `https://github.com/archlint/archlint/blob/v${version}/docs/rules/spof.md`,
      defaultConfiguration: { level: 'error' },
    });
    expect(run.tool.driver.rules[7].id).toBe('missing-cdn');
    expect(run.tool.driver.rules[7].defaultConfiguration).toEqual({ level: 'warning' });
  });

  it('maps a finding to a result: rule, index, level, message, relative location, region, component, fingerprint', () => {
    expect(run.results).toHaveLength(6);
    expect(run.results[0]).toEqual({
      ruleId: 'spof',
      ruleIndex: 0,
      level: 'error',
      message: { text: '`db` is a single point of failure' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'a.arch', uriBaseId: '%SRCROOT%', index: 0 },
            region: { startLine: 3, startColumn: 10, endLine: 3, endColumn: 12 },
          },
          logicalLocations: [{ name: 'db', kind: 'component' }],
        },
      ],
      partialFingerprints: { 'archlint/v1': expectedPrint(['spof', 'a.arch', 'db', '`db` is a single point of failure'], 1) },
    });
  });

  it('maps levels (warning → warning, info → note) and leaves out what a finding does not have', () => {
    const [, cdn, , , note, syntaxResult] = run.results;
    expect(cdn.level).toBe('warning');
    expect(cdn.ruleIndex).toBe(7);
    expect(cdn.locations[0].logicalLocations).toBeUndefined();
    expect(note.level).toBe('note');
    expect(note.ruleIndex).toBeUndefined(); // `x` is no rule of archlint's
    expect(note.message.text).toBe('an info\nover two lines');
    // Compiler checks come after the 22 rules: syntax is the first of them.
    expect(syntaxResult.ruleIndex).toBe(allRules.length);
    expect(run.tool.driver.rules[syntaxResult.ruleIndex].id).toBe('syntax');
    expect(syntaxResult.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'dir/my%20shop%20%C3%BC.arch', uriBaseId: '%SRCROOT%', index: 1 },
      region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 6 },
    });
    expect(syntaxResult.partialFingerprints).toEqual({ 'archlint/v1': expectedPrint(['syntax', 'dir/my shop ü.arch', '', 'unexpected `}`'], 1) });
  });

  it('lists suppressed findings with their suppression, whatever includeSuppressed says', () => {
    const [, , withReason, withoutReason] = run.results;
    expect(withReason.ruleId).toBe('sync-long-task');
    expect(withReason.ruleIndex).toBe(12);
    expect(withReason.suppressions).toEqual([{ kind: 'inSource', justification: 'the batch importer may stop for a day' }]);
    expect(withoutReason.suppressions).toEqual([{ kind: 'inSource' }]);
    expect(run.results[0].suppressions).toBeUndefined();
    const again = JSON.parse(format('sarif', report, { tool, includeSuppressed: false })) as any;
    expect(again.runs[0].results).toHaveLength(6);
  });

  it('names a file outside the working directory by an absolute file URI', () => {
    const outside: FileReport[] = [{ file: '../other/x y.arch', diagnostics: [{ ...noCdn, file: '../other/x y.arch' }] }];
    const out = JSON.parse(format('sarif', { files: outside, summary: summarize(outside) }, { tool })) as any;
    expect(validateSarif(out), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(out.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///work/other/x%20y.arch', index: 0 });
  });

  it('gives %SRCROOT% as a file URI with a trailing slash, encoded', () => {
    const out = JSON.parse(reporters.get('sarif')!(report, { cwd: '/home/me/my repo', color: false })) as any;
    expect(out.runs[0].originalUriBaseIds['%SRCROOT%']).toEqual({ uri: 'file:///home/me/my%20repo/' });
  });

  it('is deterministic', () => {
    expect(format('sarif', report, { tool })).toBe(format('sarif', report, { tool }));
    expect(format('sarif', report, { tool })).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it('uses the columns the parser produces, which count UTF-16 code units', () => {
    // "😀" is one code point but two UTF-16 code units: `replcas` starts at column 28, not 27.
    const found = check('service web { label: "😀", replcas: 2 }').diagnostics.find((d) => d.message.includes('replcas'))!;
    expect(found.span.start.column).toBe(28);
    expect(found.span.end.column).toBe(35);
  });
});

// ---------------------------------------------------------------------------------------------

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
    expect(format('github', { files: hostile, summary: summarize(hostile) })).toBe(
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
    expect(format('github', { files: cases, summary: summarize(cases) })).toBe(
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
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');

  it('prints a Code Quality report of the unsuppressed findings', () => {
    expect(JSON.parse(format('gitlab', report))).toEqual([
      {
        description: '`db` is a single point of failure',
        check_name: 'spof',
        fingerprint: md5(expectedPrint(['spof', 'a.arch', 'db', '`db` is a single point of failure'], 1)),
        severity: 'major',
        location: { path: 'a.arch', lines: { begin: 3, end: 3 } },
      },
      {
        description: 'no CDN',
        check_name: 'missing-cdn',
        fingerprint: md5(expectedPrint(['missing-cdn', 'a.arch', '', 'no CDN'], 1)),
        severity: 'minor',
        location: { path: 'a.arch', lines: { begin: 1, end: 1 } },
      },
      {
        description: 'an info\nover two lines',
        check_name: 'x',
        fingerprint: md5(expectedPrint(['x', 'a.arch', '', 'an info\nover two lines'], 1)),
        severity: 'info',
        location: { path: 'a.arch', lines: { begin: 12, end: 12 } },
      },
      {
        description: 'unexpected `}`',
        check_name: 'syntax',
        fingerprint: md5(expectedPrint(['syntax', 'dir/my shop ü.arch', '', 'unexpected `}`'], 1)),
        severity: 'major',
        location: { path: 'dir/my shop ü.arch', lines: { begin: 2, end: 2 } },
      },
    ]);
  });

  it('gives identical findings on different lines different fingerprints of 32 hex digits', () => {
    const twin = (line: number): Diagnostic => ({ ruleId: 'spof', severity: 'error', message: 'same', file: 'a.arch', span: span(line, 1, 5), component: 'db' });
    const twins: FileReport[] = [{ file: 'a.arch', diagnostics: [twin(2), twin(8)] }, { file: 'b.arch', diagnostics: [{ ...twin(2), file: 'b.arch' }] }];
    const issues = JSON.parse(format('gitlab', { files: twins, summary: summarize(twins) })) as { fingerprint: string }[];
    const prints = issues.map((i) => i.fingerprint);
    expect(prints).toEqual([
      md5(expectedPrint(['spof', 'a.arch', 'db', 'same'], 1)),
      md5(expectedPrint(['spof', 'a.arch', 'db', 'same'], 2)),
      md5(expectedPrint(['spof', 'b.arch', 'db', 'same'], 1)),
    ]);
    expect(new Set(prints).size).toBe(3);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives the last line a finding covers', () => {
    const multi: FileReport[] = [{ file: 'a.arch', diagnostics: [{ ...noCdn, span: span(4, 3, 2, 6) }, { ...noCdn, message: 'other', span: span(4, 3, 1, 5) }] }];
    const issues = JSON.parse(format('gitlab', { files: multi, summary: summarize(multi) })) as { location: { lines: object } }[];
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
    expect(format('junit', { files: hostile, summary: summarize(hostile) })).toBe(
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
