/** `--format sarif`, against the official SARIF 2.1.0 schema, and the tool description it carries. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { toolInfo } from '../src/cli/tool-info.js';
import { builtinRegistry } from '../src/config/registry.js';
import { format, noCdn, prints, report, empty, reportOf, version } from './report-fixtures.js';
import { check } from './helpers.js';

// ajv-draft-04 and ajv-formats are CommonJS modules that declare `export default`: under NodeNext
// the default import is the whole `module.exports`, whose `default` property is the class (and the
// plugin); both packages set `exports.default` as well as `module.exports`.
const AjvDraft04 = Ajv04.default;
const addFormats = addFormatsModule.default;

const sarifSchemaText = readFileSync(new URL('./fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8');
const sarifSchema = JSON.parse(sarifSchemaText) as { id: string };

const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

/** The parts of a SARIF log these tests read (the schema check below holds the log to the whole of it). */
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index: number }; region: { startLine: number } };
    logicalLocations?: { name: string; kind: string }[];
  }[];
  partialFingerprints?: Record<string, string>;
  suppressions?: { kind: string; justification?: string }[];
}
interface SarifRule {
  id: string;
  defaultConfiguration: { level?: string; enabled?: boolean };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; informationUri?: string; rules?: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    artifacts: { location: { uri: string; uriBaseId?: string } }[];
    results: SarifResult[];
    columnKind: string;
  }[];
}
// The sarif reporter prints a SARIF log; the first two tests check it against the official schema.
const parseLog = (text: string) => JSON.parse(text) as SarifLog;

const blob = `https://github.com/archlint/archlint/blob/v${version}`;

/** archlint's checks in the order rules/index.ts lists them (the chapter's order), then the compiler's, as src/diagnostics.ts lists them. */
const ruleIds = [
  'spof',
  'single-zone',
  'shared-fate',
  'missing-load-balancer',
  'stateful-web-tier',
  'no-db-replication',
  'no-backup',
  'ephemeral-state',
  'missing-cache',
  'cache-expiry',
  'cache-as-source-of-truth',
  'session-store-eviction',
  'missing-cdn',
  'cdn-fallback',
  'single-datacenter',
  'missing-geo-routing',
  'cross-region-replication',
  'replication-direction',
  'sync-long-task',
  'queue-without-consumer',
  'non-durable-queue',
  'missing-dead-letter',
  'missing-timeout',
  'retry-amplification',
  'missing-observability',
  'bad-shard-key',
  'hotspot-key',
  'public-data-tier',
  'missing-rate-limit',
  'unreachable-component',
  'over-capacity',
  'latency-budget',
  'availability-budget',
  'unused-suppression',
];
const compilerIds = [
  'syntax',
  'import',
  'unknown-kind',
  'unknown-attribute',
  'invalid-value',
  'duplicate-name',
  'reference',
  'structure',
  'share-sum',
  'config',
  'baseline',
];
/** The importers' notes and drift's findings, described for SARIF as the compiler checks are. */
const importAndDriftIds = [
  'import/unmapped-resource',
  'import/dangling-reference',
  'import/ambiguous-kind',
  'import/unsupported',
  'drift/not-deployed',
  'drift/not-designed',
  'drift/kind-mismatch',
  'drift/fewer-replicas',
  'drift/fewer-zones',
  'drift/fewer-shards',
  'drift/missing-autoscaling',
  'drift/missing-backup',
  'drift/missing-persistence',
  'drift/missing-dead-letter',
  'drift/public-entry',
  'drift/missing-edge',
  'drift/undesigned-edge',
];
const spofShort = 'A component on a request flow that runs as one instance with no path around it: if it fails, the flow stops.';

// ---------------------------------------------------------------------------------------------

describe('toolInfo', () => {
  const tool = toolInfo([builtinRegistry]);

  it("names archlint, its version and home page, and reads each rule's page once", () => {
    expect(tool.name).toBe('archlint');
    expect(tool.version).toBe(version);
    expect(tool.informationUri).toBe('https://github.com/archlint/archlint');
    expect(toolInfo([]).rules[0]).toBe(tool.rules[0]);
  });

  it('describes every rule, then every compiler check', () => {
    expect(tool.rules.map((r) => r.id)).toEqual([...ruleIds, ...compilerIds, ...importAndDriftIds]);
    for (const r of tool.rules) {
      expect(r.shortDescription, r.id).not.toBe('');
      expect(r.fullDescription, r.id).not.toBe('');
      expect(r.helpMarkdown, r.id).not.toBe('');
    }
  });

  it("takes a rule's short description from its metadata and the rest from its page", () => {
    const r = tool.rules.find((x) => x.id === 'spof')!;
    const page = readFileSync(new URL('../docs/rules/spof.md', import.meta.url), 'utf8');
    // The `description` in rules/spof.ts.
    expect(r.shortDescription).toBe(spofShort);
    // The first paragraph after "# spof", unwrapped.
    expect(r.fullDescription).toBe(
      'Reports a single point of failure: a component on a request flow that runs as one instance, has no redundancy provided by the platform, and cannot be bypassed. If it fails, the requests that depend on it have nowhere else to go.',
    );
    expect(r.helpMarkdown).toBe(page);
    expect(r.helpUri).toBe(`${blob}/docs/rules/spof.md`);
    expect(r.defaultSeverity).toBe('error');
    expect(tool.rules.find((x) => x.id === 'missing-cdn')!.defaultSeverity).toBe('warning');
  });

  it('points compiler checks at the section of the language reference that lists them', () => {
    const syntaxRule = tool.rules.find((x) => x.id === 'syntax')!;
    expect(syntaxRule.helpUri).toBe(`${blob}/grammar/README.md#5-compiler-diagnostics`);
    expect(syntaxRule.defaultSeverity).toBe('error');
    // The anchor is GitHub's slug of this heading.
    expect(readFileSync(new URL('../grammar/README.md', import.meta.url), 'utf8')).toContain('\n## 5. Compiler diagnostics\n');
    expect(tool.rules.find((x) => x.id === 'config')!.helpUri).toBe(`${blob}/docs/configuration.md`);
  });
});

// ---------------------------------------------------------------------------------------------

describe('sarif', () => {
  it('is validated against an unchanged copy of the official SARIF 2.1.0 schema', () => {
    // The SHA-256 of ../shared/schemas/sarif-schema-2.1.0.json, which the copy must equal byte for byte.
    expect(createHash('sha256').update(sarifSchemaText).digest('hex')).toBe('c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e');
    expect(sarifSchema.id).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
  });

  const tool = toolInfo([builtinRegistry]);
  const text = format('sarif', report, { tool });
  const log = parseLog(text);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules!;

  it('is valid against the official SARIF 2.1.0 schema', () => {
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
  });

  it('would be rejected by the schema if it were wrong (the check is not vacuous)', () => {
    const broken = (change: (l: SarifLog) => void) => {
      const copy = parseLog(text);
      change(copy);
      return validateSarif(copy);
    };
    expect(broken((l) => (l.runs[0]!.results[0]!.level = 'fatal'))).toBe(false);
    expect(broken((l) => (l.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0))).toBe(false);
    // An unencoded space is no URI reference: the encoding is what makes the log valid.
    expect(broken((l) => (l.runs[0]!.artifacts[1]!.location.uri = 'dir/my shop ü.arch'))).toBe(false);
  });

  it('is valid for an empty report, and without tool information', () => {
    const emptyLog = parseLog(format('sarif', empty, { tool }));
    expect(validateSarif(emptyLog), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(emptyLog.runs[0]!.results).toEqual([]);
    expect(emptyLog.runs[0]!.artifacts).toEqual([]);

    const bare = parseLog(format('sarif', report));
    expect(validateSarif(bare), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(bare.runs[0]!.tool).toEqual({ driver: { name: 'archlint' } });
    expect(bare.runs[0]!.results.some((r) => 'ruleIndex' in r)).toBe(false);
  });

  it('has the header, the driver and the run-level facts', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('archlint');
    expect(run.tool.driver.version).toBe(version);
    expect(run.tool.driver.informationUri).toBe('https://github.com/archlint/archlint');
    // 34 rules, 11 compiler checks, 4 importer notes and 13 drift findings.
    expect(rules).toHaveLength(62);
    expect(rules.map((r) => r.id)).toEqual([...ruleIds, ...compilerIds, ...importAndDriftIds]);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    expect(run.artifacts).toEqual([
      { location: { uri: 'a.arch', uriBaseId: '%SRCROOT%' } },
      { location: { uri: 'dir/my%20shop%20%C3%BC.arch', uriBaseId: '%SRCROOT%' } },
      { location: { uri: 'clean.arch', uriBaseId: '%SRCROOT%' } },
    ]);
  });

  it('describes a rule with its texts, help and default level', () => {
    // spof is first in rules/index.ts; missing-cdn eleventh.
    expect(rules[0]).toEqual({
      id: 'spof',
      shortDescription: { text: spofShort },
      fullDescription: { text: expect.stringMatching(/^Reports a single point of failure: /) as unknown },
      help: { text: expect.stringContaining(`${blob}/docs/rules/spof.md`) as unknown, markdown: expect.stringMatching(/^# spof\n/) as unknown },
      helpUri: `${blob}/docs/rules/spof.md`,
      defaultConfiguration: { level: 'error' },
    });
    expect(rules[12]!.id).toBe('missing-cdn');
    expect(rules[12]!.defaultConfiguration).toEqual({ level: 'warning' });
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
      partialFingerprints: { 'archlint/v1': prints.spof },
    });
  });

  it('maps levels (warning → warning, info → note) and leaves out what a finding does not have', () => {
    const [, cdn, , , note, syntaxResult] = run.results;
    expect(cdn!.level).toBe('warning');
    expect(cdn!.ruleIndex).toBe(12);
    expect(cdn!.locations[0]!.logicalLocations).toBeUndefined();
    expect(note!.level).toBe('note');
    expect(note!.ruleIndex).toBeUndefined(); // `x` is no rule of archlint's
    expect(note!.message.text).toBe('an info\nover two lines');
    // Compiler checks come after the 34 rules: syntax is the first of them.
    expect(syntaxResult!.ruleIndex).toBe(34);
    expect(rules[34]!.id).toBe('syntax');
    expect(syntaxResult!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'dir/my%20shop%20%C3%BC.arch', uriBaseId: '%SRCROOT%', index: 1 },
      region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 6 },
    });
    expect(syntaxResult!.partialFingerprints).toEqual({ 'archlint/v1': prints.syntax });
  });

  it('lists suppressed findings with their suppression, whatever includeSuppressed says', () => {
    const [, , withReason, withoutReason] = run.results;
    expect(withReason!.ruleId).toBe('sync-long-task');
    expect(withReason!.ruleIndex).toBe(18);
    expect(withReason!.suppressions).toEqual([{ kind: 'inSource', justification: 'the batch importer may stop for a day' }]);
    expect(withoutReason!.suppressions).toEqual([{ kind: 'inSource' }]);
    expect(run.results[0]!.suppressions).toBeUndefined();
    const again = parseLog(format('sarif', report, { tool, includeSuppressed: false }));
    expect(again.runs[0]!.results).toHaveLength(6);
  });

  it('names a file outside the working directory by an absolute file URI', () => {
    const out = parseLog(format('sarif', reportOf([{ file: '../other/x y.arch', diagnostics: [{ ...noCdn, file: '../other/x y.arch' }] }]), { tool }));
    expect(validateSarif(out), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(out.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'file:///work/other/x%20y.arch', index: 0 });
  });

  it('gives %SRCROOT% as a file URI with a trailing slash, encoded', () => {
    const out = parseLog(format('sarif', report, { cwd: '/home/me/my repo' }));
    expect(out.runs[0]!.originalUriBaseIds['%SRCROOT%']).toEqual({ uri: 'file:///home/me/my%20repo/' });
  });

  it('carries no timestamp, invocation or run id, so the same findings give the same bytes', () => {
    // SARIF's optional `invocations` (start and end times), `automationDetails` (a run id) and
    // per-result timestamps would differ from run to run: the log has none of them.
    expect(Object.keys(log)).toEqual(['$schema', 'version', 'runs']);
    expect(Object.keys(run)).toEqual(['tool', 'originalUriBaseIds', 'artifacts', 'results', 'columnKind']);
    expect(Object.keys(run.tool.driver)).toEqual(['name', 'version', 'informationUri', 'rules']);
    for (const r of run.results)
      expect(
        Object.keys(r).filter((k) => !['ruleId', 'ruleIndex', 'level', 'message', 'locations', 'partialFingerprints', 'suppressions'].includes(k)),
        r.ruleId,
      ).toEqual([]);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it('uses the columns the parser produces, which count UTF-16 code units', () => {
    // "😀" is one code point but two UTF-16 code units: `replcas` starts at column 28, not 27.
    const found = check('service web { label: "😀", replcas: 2 }').diagnostics.find((d) => d.message.includes('replcas'))!;
    expect(found.span.start.column).toBe(28);
    expect(found.span.end.column).toBe(35);
  });
});
