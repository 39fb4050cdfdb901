/**
 * `archlint drift` as a user runs it: test/fixtures/drift/design.arch against the Compose project
 * beside it (compose.yaml), whose differences were written in on purpose and are counted here by
 * hand: `web` runs 1 replica (design: 2, compose.yaml:14) and publishes a port past the proxy
 * (compose.yaml:19); `db` has no volume (design: persistence: volume, compose.yaml:22); `admin`
 * is deployed and not designed (compose.yaml:24); `mailer` is designed and not deployed
 * (design.arch:9). The design's backups are not compared: Compose cannot say them.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { archlint, root, stackTrace } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('drift');
afterAll(() => temp.removeAll());

const fixture = path.join(root, 'test/fixtures/drift');
const args = ['drift', 'design.arch', '--against', 'compose.yaml'];

/** A copy of the fixture in a directory of its own (so that a configuration can be added). */
function project(config?: object): string {
  const dir = temp.make();
  for (const f of ['design.arch', 'compose.yaml']) copyFileSync(path.join(fixture, f), path.join(dir, f));
  if (config) writeFileSync(path.join(dir, 'archlint.config.json'), JSON.stringify(config));
  return dir;
}

interface JsonOut {
  files: { file: string; diagnostics: { ruleId: string; severity: string; line: number; related?: { file: string; line: number }[] }[] }[];
  summary: { errors: number; warnings: number };
}

const findings = (out: JsonOut) =>
  out.files.flatMap((f) => f.diagnostics.map((d) => [d.ruleId, `${f.file}:${d.line}`, (d.related ?? []).map((r) => `${r.file}:${r.line}`).join()]));

describe('archlint drift', () => {
  it('reports each difference on the deployment line with the design line related, and exits with 1', () => {
    const result = archlint([...args, '-f', 'json'], { cwd: project() });
    expect(result.code).toBe(1);
    const out = JSON.parse(result.stdout) as JsonOut;
    expect(findings(out)).toEqual([
      ['drift/fewer-replicas', 'compose.yaml:14', 'design.arch:6'],
      ['drift/public-entry', 'compose.yaml:19', 'design.arch:6'],
      ['drift/missing-persistence', 'compose.yaml:22', 'design.arch:8'],
      ['drift/not-designed', 'compose.yaml:24', ''],
      ['drift/not-deployed', 'design.arch:9', ''],
    ]);
    expect(out.summary).toMatchObject({ errors: 4, warnings: 1 });
    const schema = JSON.parse(readFileSync(path.join(root, 'schema/archlint-output.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: true }).compile(schema);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names both places in the message, so that every format shows both sides', () => {
    const result = archlint([...args, '-f', 'compact'], { cwd: project() });
    expect(result.stdout).toContain(
      'compose.yaml: line 14, col 17, Error - `web` is designed to run at least 2 instances but is deployed with 1: the redundancy the design counts on is not there (designed at design.arch:6, deployed at compose.yaml:14) (drift/fewer-replicas)',
    );
  });

  it('writes SARIF with related locations, valid against the SARIF 2.1.0 schema', () => {
    const result = archlint([...args, '-f', 'sarif'], { cwd: project() });
    const log = JSON.parse(result.stdout) as {
      runs: {
        results: { ruleId: string; relatedLocations?: { physicalLocation: { region: { startLine: number } } }[] }[];
        tool: { driver: { rules: { id: string }[] } };
      }[];
    };
    const AjvDraft04 = Ajv04.default;
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(root, 'test/fixtures/schemas/sarif-schema-2.1.0.json'), 'utf8')) as object);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const replicas = log.runs[0]!.results.find((r) => r.ruleId === 'drift/fewer-replicas')!;
    expect(replicas.relatedLocations?.map((l) => l.physicalLocation.region.startLine)).toEqual([6]);
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('drift/public-entry');
  });

  it('prints a Markdown section for a pull request', () => {
    const result = archlint([...args, '-f', 'markdown'], { cwd: project() });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('### Drift: `design.arch` against `compose.yaml`');
    expect(lines).toContain('**5 differences** (4 errors, 1 warning).');
    expect(lines).toContain('| Severity | Finding | Deployed | Designed | Rule |');
    expect(lines.filter((l) => l.startsWith('| 🔴 error |'))).toHaveLength(4);
    expect(lines.find((l) => l.includes('drift/not-deployed'))).toContain('|  | `design.arch:9` | `drift/not-deployed` |');
  });

  it('matches a deployed name to the design with import.names', () => {
    const result = archlint([...args, '-f', 'json'], { cwd: project({ import: { names: { admin: 'mailer' } } }) });
    const out = JSON.parse(result.stdout) as JsonOut;
    // admin, now `mailer`, is matched; its call to the database (compose.yaml:27) is not in the design.
    expect(findings(out)).toEqual([
      ['drift/fewer-replicas', 'compose.yaml:14', 'design.arch:6'],
      ['drift/public-entry', 'compose.yaml:19', 'design.arch:6'],
      ['drift/missing-persistence', 'compose.yaml:22', 'design.arch:8'],
      ['drift/undesigned-edge', 'compose.yaml:27', 'design.arch:9'],
    ]);
  });

  it('finds nothing, and exits with 0, against the design that archlint import wrote of the deployment', () => {
    const dir = project();
    expect(archlint(['import', 'compose.yaml', '-o', 'imported.arch'], { cwd: dir }).code).toBe(0);
    const result = archlint(['drift', 'imported.arch', '--against', 'compose.yaml'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stdout: '✔ imported.arch and the deployment agree\n' });
  });

  it('refuses what it cannot compare, with exit 2 and no stack trace', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'broken.arch'), 'service {\n');
    const cases = [
      { args: ['drift', 'design.arch'], message: "error: required option '--against <files...>' not specified" },
      { args: ['drift', 'compose.yaml', '--against', 'compose.yaml'], message: 'drift: the design must be an .arch file' },
      { args: ['drift', 'design.arch', '--against', 'design.arch'], message: 'drift: --against takes deployment files' },
      { args: ['drift', 'broken.arch', '--against', 'compose.yaml'], message: 'broken.arch' },
    ];
    for (const c of cases) {
      const result = archlint(c.args, { cwd: dir });
      expect(result.code, c.args.join(' ')).toBe(2);
      expect(result.stderr + result.stdout).toContain(c.message);
      expect(result.stderr + result.stdout).not.toMatch(stackTrace);
    }
  });
});
