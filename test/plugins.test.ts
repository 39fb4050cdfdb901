/**
 * Plugins through the real command line: one next to the configuration (a relative path) and one
 * installed as a package in a project; both load, run, are configured and suppressed, and show in
 * every format and in `archlint rules`. Every broken plugin is a located configuration error with
 * exit code 2, and a plugin rule that throws is a finding that names it.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { archlint, root, stackTrace } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('plugins');
afterAll(() => temp.removeAll());

const index = pathToFileURL(path.join(root, 'dist/src/index.js')).href;

/** A plugin written as a user would, with archlint's own `defineRule`. */
const acme = `import { defineRule } from ${JSON.stringify(index)};

export default {
  rules: {
    'named-services': defineRule({
      meta: {
        description: 'Services are named after what they do, not web1 or app2.',
        defaultSeverity: 'warning',
        messages: { numbered: '\`{{name}}\` is named by a number: name it after what it does' },
        schema: { type: 'object', properties: { pattern: { type: 'string', format: 'regex' } }, additionalProperties: false },
        defaultOptions: { pattern: '\\\\d$' },
        docs: '# acme/named-services\\n\\nName services after what they do.\\n',
        url: 'https://acme.example/rules/named-services',
      },
      check(model, context) {
        const pattern = new RegExp(context.options.pattern);
        for (const c of model.ofKind('service')) if (pattern.test(c.name)) context.report({ messageId: 'numbered', data: { name: c.name }, target: { component: c } });
      },
    }),
    broken: defineRule({
      meta: { description: 'Always fails.', defaultSeverity: 'warning', recommended: false, messages: { x: 'x' } },
      check() {
        throw new RangeError('the plugin ran out of ideas');
      },
    }),
  },
};
`;

const model = 'client users\nlb edge { replicas: 2 }\nservice web1 { replicas: 2 }\nusers -> edge -> web1\n';

function project(config: object, files: Record<string, string> = {}): string {
  const dir = temp.make();
  writeFileSync(path.join(dir, 'archlint.config.json'), JSON.stringify(config, null, 2));
  writeFileSync(path.join(dir, 'm.arch'), model);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

type Json = {
  files: {
    file: string;
    diagnostics: { ruleId: string; severity: string; line: number; column: number; message: string; component?: string; suppressed?: object }[];
  }[];
};
const findings = (stdout: string) => (JSON.parse(stdout) as Json).files.flatMap((f) => f.diagnostics);
const pluginFindings = (stdout: string) => findings(stdout).filter((d) => d.ruleId.includes('/'));

describe('a plugin next to the configuration', () => {
  const dir = project({ plugins: { acme: './acme.js' } }, { 'acme.js': acme });

  it('runs its rules, named <plugin>/<rule>, at their default severity', () => {
    const run = archlint(['check', 'm.arch', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(pluginFindings(run.stdout)).toEqual([
      {
        ruleId: 'acme/named-services',
        severity: 'warning',
        line: 3,
        column: 9,
        endLine: 3,
        endColumn: 13,
        component: 'web1',
        message: '`web1` is named by a number: name it after what it does',
      },
    ]);
  });

  it('is configured like a built-in rule: severity, options, off', () => {
    const configured = project({ plugins: { acme: './acme.js' }, rules: { 'acme/named-services': ['error', { pattern: '^web' }] } }, { 'acme.js': acme });
    const run = archlint(['check', 'm.arch', '--format', 'json'], { cwd: configured });
    expect(pluginFindings(run.stdout).map((d) => [d.ruleId, d.severity])).toEqual([['acme/named-services', 'error']]);
    expect(run.code).toBe(1);
    const off = archlint(['check', 'm.arch', '--format', 'json', '--rule', 'acme/named-services:off'], { cwd: dir });
    expect(pluginFindings(off.stdout)).toEqual([]);
  });

  it('is suppressed like a built-in rule, and a misspelt plugin rule in a suppression gets a suggestion', () => {
    const suppressed = project({ plugins: { acme: './acme.js' } }, { 'acme.js': acme });
    writeFileSync(
      path.join(suppressed, 'm.arch'),
      model.replace('service web1', '# archlint-disable-next-line acme/named-services, acme/named-service -- legacy name\nservice web1'),
    );
    const run = archlint(['check', 'm.arch', '--format', 'json', '--include-suppressed'], { cwd: suppressed });
    const all = findings(run.stdout);
    expect(all.filter((d) => d.ruleId === 'acme/named-services')).toEqual([expect.objectContaining({ line: 4, suppressed: { reason: 'legacy name' } })]);
    expect(all.filter((d) => d.ruleId === 'unused-suppression').map((d) => d.message)).toEqual([
      'unknown rule `acme/named-service` in a suppression; did you mean `acme/named-services`?',
    ]);
  });

  it('shows in every format', () => {
    const out = (format: string) => archlint(['check', 'm.arch', '--format', format], { cwd: dir }).stdout;
    expect(out('stylish')).toContain('3:9  warning  `web1` is named by a number: name it after what it does  acme/named-services');
    expect(out('compact')).toContain(`${dir}/m.arch: line 3, col 9, Warning - \`web1\` is named by a number: name it after what it does (acme/named-services)`);
    expect(out('github')).toContain(
      '::warning file=m.arch,line=3,col=9,endLine=3,endColumn=13,title=archlint(acme/named-services)::`web1` is named by a number: name it after what it does',
    );
    const gitlab = JSON.parse(out('gitlab')) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }[];
    expect(gitlab.filter((i) => i.check_name === 'acme/named-services').map((i) => [i.severity, i.location.path, i.location.lines.begin])).toEqual([
      ['minor', 'm.arch', 3],
    ]);
    expect(out('junit')).toContain('<testcase classname="m.arch" name="acme/named-services at 3:9" time="0">');
    expect(out('markdown')).toContain('| 🟡 warning | `m.arch:3:9` | `acme/named-services` | `web1` is named by a number: name it after what it does |');
    // SARIF describes the plugin's rules with their own documentation and link.
    const sarif = JSON.parse(out('sarif')) as {
      runs: { tool: { driver: { rules: { id: string; helpUri?: string; help: { markdown: string } }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    const rules = sarif.runs[0]!.tool.driver.rules;
    const described = rules.find((r) => r.id === 'acme/named-services')!;
    expect(described).toMatchObject({
      helpUri: 'https://acme.example/rules/named-services',
      help: { markdown: '# acme/named-services\n\nName services after what they do.\n' },
    });
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'acme/named-services')!;
    expect(rules[result.ruleIndex]!.id).toBe('acme/named-services');
  });

  it('is marked on the diagram', () => {
    const run = archlint(['render', 'm.arch'], { cwd: dir });
    expect(run.stdout).toContain('n2["⚙ web1<br/>service ×2<br/>⚠ acme/named-services"]');
  });

  it('is listed by archlint rules, under the plugin, and documented by archlint rules <id>', () => {
    const list = archlint(['rules'], { cwd: dir }).stdout;
    expect(list).toContain(
      '\n\nFrom the plugin `acme` ("./acme.js") of archlint.config.json:\nacme/named-services       warning  Services are named after what they do, not web1 or app2.\nacme/broken               warning  Always fails.\n',
    );
    expect(archlint(['rules', 'acme/named-services'], { cwd: dir }).stdout).toBe('# acme/named-services\n\nName services after what they do.\n');
    expect(archlint(['rules', 'acme/name-services'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'archlint: unknown rule `acme/name-services`; did you mean `acme/named-services`? (archlint rules lists them)\n',
    });
  });

  it('a rule of it that throws is a finding that names the rule and the plugin; the rest still run', () => {
    const run = archlint(['check', 'm.arch', '--format', 'json', '--rule', 'acme/broken:warning'], { cwd: dir });
    const broken = findings(run.stdout).find((d) => d.ruleId === 'acme/broken')!;
    expect(broken).toMatchObject({ severity: 'error', line: 1, column: 1 });
    expect(broken.message).toBe(
      'rule `acme/broken` failed on this model and was skipped: the plugin ran out of ideas. This is a bug in the plugin `acme`, not in the model.',
    );
    expect(findings(run.stdout).some((d) => d.ruleId === 'acme/named-services')).toBe(true);
    // A rule that could not run leaves the check incomplete: exit 2, as for archlint's own rules.
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(stackTrace);
  });

  it('a --rule for a rule no configuration has is a usage error', () => {
    expect(archlint(['check', 'm.arch', '--rule', 'acme/nope:off'], { cwd: dir })).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'archlint: --rule acme/nope:off: unknown rule `acme/nope` (archlint rules lists them)\n',
    });
  });
});

describe('a plugin installed as a package', () => {
  it("resolves from the configuration's directory and runs", () => {
    const dir = temp.make();
    // The example plugin as a package, with the package.json its README shows.
    const readme = readFileSync(path.join(root, 'examples/plugin/README.md'), 'utf8');
    const manifest = /```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const pkg = path.join(dir, 'node_modules', 'archlint-plugin-example');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), manifest);
    cpSync(path.join(root, 'examples/plugin/index.js'), path.join(pkg, 'index.js'));
    // archlint itself, as `npm install archlint` puts it.
    symlinkSync(root, path.join(dir, 'node_modules', 'archlint'), 'dir');
    writeFileSync(
      path.join(dir, 'archlint.config.json'),
      '{ "plugins": { "example": "archlint-plugin-example" }, "rules": { "example/max-hops": ["error", { "max": 2 }] } }\n',
    );
    writeFileSync(
      path.join(dir, 'm.arch'),
      'workload { rps: 10 }\nclient users\nlb edge { replicas: 2 }\nservice web { replicas: 2 }\nqueue jobs { replicas: 2 }\ndatabase db { replicas: 2 }\nusers -> edge -> web -> db\nweb -> jobs { async }\n',
    );
    const run = archlint(['check', 'm.arch', '--format', 'json'], { cwd: dir, bin: path.join(dir, 'node_modules', 'archlint', 'bin', 'archlint.js') });
    expect(run.stderr).toBe('');
    expect(pluginFindings(run.stdout).map((d) => [d.ruleId, d.severity, d.line, d.column])).toEqual([
      ['example/max-hops', 'error', 2, 8],
      ['example/durable-queues', 'warning', 5, 7],
    ]);
    expect(run.code).toBe(1);
  });
});

describe('a broken plugin', () => {
  const cases: [string, Record<string, string>, string, number, string][] = [
    ['a file that is not there', {}, './missing.js', 21, 'cannot find the plugin `p`: there is no file "./missing.js" next to the configuration'],
    [
      'a directory',
      { 'dir/index.js': 'export default { rules: {} };' },
      './dir',
      21,
      'cannot find the plugin `p`: "./dir" is a directory: name the module file in it (such as "./dir/index.js")',
    ],
    [
      'a package that is not installed',
      {},
      'archlint-plugin-nowhere',
      21,
      'cannot find the plugin `p`: no package "archlint-plugin-nowhere" is installed where the configuration is',
    ],
    ['a syntax error', { 'p.js': 'export default {' }, './p.js', 21, 'the plugin `p` ("./p.js") failed to load: Unexpected end of input'],
    ['a module that throws', { 'p.js': 'throw new Error("no licence");' }, './p.js', 21, 'the plugin `p` ("./p.js") failed to load: no licence'],
    ['no rules', { 'p.js': 'export const x = 1;' }, './p.js', 21, 'the plugin `p` ("./p.js") exports no `rules` object'],
    ['rules that are a list', { 'p.js': 'export default { rules: [] };' }, './p.js', 21, 'the plugin `p` ("./p.js") exports no `rules` object'],
    [
      'a rule without check',
      { 'p.js': 'export default { rules: { r: { meta: { description: "d", defaultSeverity: "warning", messages: { m: "m" } } } } };' },
      './p.js',
      21,
      'the rule `p/r` of the plugin is not a valid rule: it has no `check` function',
    ],
    [
      'a wrong severity',
      { 'p.js': 'export default { rules: { r: { meta: { description: "d", defaultSeverity: "fatal", messages: { m: "m" } }, check() {} } } };' },
      './p.js',
      21,
      'the rule `p/r` of the plugin is not a valid rule: `meta.defaultSeverity` must be equal to one of the allowed values',
    ],
    [
      'defaults its schema refuses',
      {
        'p.js':
          'export default { rules: { r: { meta: { description: "d", defaultSeverity: "info", messages: { m: "m" }, schema: { type: "object", properties: { n: { type: "number" } } }, defaultOptions: { n: "x" } }, check() {} } } };',
      },
      './p.js',
      21,
      'the rule `p/r` of the plugin is not a valid rule: `meta.defaultOptions` does not match `meta.schema`',
    ],
    [
      'a message severity for no message',
      {
        'p.js':
          'export default { rules: { r: { meta: { description: "d", defaultSeverity: "info", messages: { m: "m" }, messageSeverity: { n: "error" } }, check() {} } } };',
      },
      './p.js',
      21,
      'the rule `p/r` of the plugin is not a valid rule: `meta.messageSeverity` names `n`, which is not one of its messages',
    ],
    [
      'a rule name that is not a name',
      { 'p.js': 'export default { rules: { "No Spaces": { meta: { description: "d", defaultSeverity: "info", messages: { m: "m" } }, check() {} } } };' },
      './p.js',
      21,
      'the plugin `p` exports a rule named "No Spaces": rule names are lower-case words joined by hyphens',
    ],
    [
      'a rule that calls itself something else',
      { 'p.js': 'export default { rules: { r: { id: "s", meta: { description: "d", defaultSeverity: "info", messages: { m: "m" } }, check() {} } } };' },
      './p.js',
      21,
      'the rule `p/r` of the plugin is not a valid rule: it calls itself `s` but is exported as `r`',
    ],
  ];
  for (const [name, files, specifier, column, message] of cases) {
    it(`${name}: a located configuration error, exit 2`, () => {
      const dir = temp.make();
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
      }
      writeFileSync(path.join(dir, 'archlint.config.json'), `{\n  "plugins": { "p": ${JSON.stringify(specifier)} }\n}\n`);
      writeFileSync(path.join(dir, 'm.arch'), model);
      const run = archlint(['check', 'm.arch', '--format', 'compact'], { cwd: dir });
      expect(run.stdout).toContain(`${dir}/archlint.config.json: line 2, col ${column}, Error - ${message}`);
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).not.toMatch(stackTrace);
    });
  }

  it('named `policy`: refused, since policies use that prefix', () => {
    const dir = project({ plugins: { policy: './acme.js' } }, { 'acme.js': acme });
    const run = archlint(['check', 'm.arch', '--format', 'compact'], { cwd: dir });
    expect(run.stdout).toContain(
      `${dir}/archlint.config.json: line 3, col 15, Error - \`policy\` is the prefix of the configuration's policies: give the plugin another name (config)`,
    );
    expect(run.code).toBe(2);
  });
});
