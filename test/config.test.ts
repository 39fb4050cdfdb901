import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { findConfig, isIgnored, loadConfig } from '../src/config/config.js';
import { effectiveRules } from '../src/config/effective.js';
import { RuleRegistry } from '../src/engine/registry.js';
import { defineRule, type Rule } from '../src/engine/rule.js';
import { archlint, stackTrace } from './cli-run.js';
import { tempDirs } from './temp.js';

const allRules = builtinRegistry.all();

const temp = tempDirs('config');
afterAll(() => temp.removeAll());

function project(files: Record<string, string>): string {
  const dir = temp.make();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function errorsOf(text: string) {
  const dir = project({ 'archlint.config.json': text });
  const loaded = await loadConfig('archlint.config.json', dir);
  expect(loaded.config).toBeUndefined();
  return loaded.diagnostics.map((d) => [d.ruleId, d.span.start.line, d.span.start.column, d.message]);
}

describe('loading a configuration', () => {
  it('finds the nearest archlint.config.json walking up', () => {
    const dir = project({ 'archlint.config.json': '{}', 'a/b/x.arch': '', 'a/archlint.config.json': '{}' });
    expect(findConfig(path.join(dir, 'a/b'))).toBe(path.join(dir, 'a/archlint.config.json'));
    expect(findConfig(dir)).toBe(path.join(dir, 'archlint.config.json'));
  });

  it('reads presets, rule settings with options, and ignore patterns; comments and trailing commas are allowed', async () => {
    const dir = project({
      'archlint.config.json': `{
  // start from the strict preset
  "extends": "archlint:strict",
  "rules": { "spof": "off", "bad-shard-key": ["warning", { "cardinalityPerShard": 50 }], },
  "ignore": ["drafts/**"]
}`,
    });
    const { config, diagnostics } = await loadConfig('archlint.config.json', dir);
    expect(diagnostics).toEqual([]);
    expect(config!.extends).toEqual(['archlint:strict']);
    expect(config!.rules.get('spof')).toEqual({ severity: 'off' });
    expect(config!.rules.get('bad-shard-key')).toEqual({ severity: 'warning', options: { cardinalityPerShard: 50 } });
    const effective = effectiveRules(builtinRegistry, config);
    expect(effective.get('spof')!.severity).toBe('off');
    expect(effective.get('bad-shard-key')).toMatchObject({
      severity: 'warning',
      options: { cardinalityPerShard: 50, monotonicNames: expect.any(Array) as unknown },
    });
    expect(effective.get('stateful-web-tier')!.severity).toBe('error');
    expect(isIgnored(config, 'drafts/x.arch', dir)).toBe(true);
    expect(isIgnored(config, 'final/x.arch', dir)).toBe(false);
  });

  it.each([
    ['not JSON', '{ "rules": }', [['config', 1, 12, 'the configuration is not valid JSON: value expected']]],
    ['empty', '', [['config', 1, 1, 'the configuration is empty: write a JSON object such as {"extends": "archlint:recommended"}']]],
    ['an unknown setting', '{\n  "rulse": {}\n}', [['config', 2, 3, 'unknown setting: `rulse`; did you mean `rules`?']]],
    ['an unknown rule', '{ "rules": { "spfo": "error" } }', [['config', 1, 14, 'unknown rule `spfo`; did you mean `spof`?']]],
    [
      'a wrong severity',
      '{ "rules": {\n  "spof": "fatal" } }',
      [['config', 2, 11, '`rules.spof` must be one of "off", "info", "warning", "error", or [severity, options]']],
    ],
    [
      'a wrong severity in a tuple',
      '{ "rules": { "spof": ["fatal"] } }',
      [['config', 1, 23, '`rules.spof[0]` must be one of "off", "info", "warning", "error", or [severity, options]']],
    ],
    [
      'a wrong option type',
      '{ "rules": { "bad-shard-key": ["warning", { "cardinalityPerShard": "ten" }] } }',
      [['config', 1, 68, '`rules.bad-shard-key[1].cardinalityPerShard` must be a number']],
    ],
    [
      'an option out of range',
      '{ "rules": { "bad-shard-key": ["warning", { "cardinalityPerShard": 0 }] } }',
      [['config', 1, 68, '`rules.bad-shard-key[1].cardinalityPerShard` must be >= 1']],
    ],
    [
      'an unknown option',
      '{ "rules": { "bad-shard-key": ["warning", { "perShard": 3 }] } }',
      [['config', 1, 45, 'unknown option in `rules.bad-shard-key[1]`: `perShard`']],
    ],
    [
      'an invalid regular expression',
      '{ "rules": { "bad-shard-key": ["warning", { "monotonicNames": ["(unclosed"] }] } }',
      [['config', 1, 64, '`rules.bad-shard-key[1].monotonicNames[0]` must be a valid regex']],
    ],
    [
      'an unknown preset',
      '{ "extends": "archlint:recommend" }',
      [['config', 1, 14, '`extends` must be one of "archlint:recommended", "archlint:strict", "archlint:all"']],
    ],
    ['ignore that is not a list', '{ "ignore": "drafts/**" }', [['config', 1, 13, '`ignore` must be a list']]],
    ['not an object', '[]', [['config', 1, 1, '`the configuration` must be an object']]],
  ])('reports %s as a located error', async (_, text, expected) => {
    expect(await errorsOf(text)).toEqual(expected);
  });

  it('reports every mistake of a file at once', async () => {
    expect((await errorsOf('{ "rules": { "spfo": "error", "spof": 3 }, "extends": "x" }')).map((e) => e[3])).toEqual([
      'unknown rule `spfo`; did you mean `spof`?',
      '`rules.spof` must be one of "off", "info", "warning", "error", or [severity, options]',
      '`extends` must be one of "archlint:recommended", "archlint:strict", "archlint:all"',
    ]);
  });
});

describe('the import settings', () => {
  it('reads image patterns in order and names', async () => {
    const dir = project({
      'archlint.config.json': '{ "import": { "kinds": { "acme/ledger": "database", "*cache*": "cache" }, "names": { "orders-pg": "orders_db" } } }',
    });
    const { config } = await loadConfig('archlint.config.json', dir);
    expect(config?.import.images).toEqual([
      { pattern: 'acme/ledger', kind: 'database' },
      { pattern: '*cache*', kind: 'cache' },
    ]);
    expect([...config!.import.names]).toEqual([['orders-pg', 'orders_db']]);
  });

  it('refuses a kind that is not one, a name a component cannot have, and unknown keys, at their places', async () => {
    const errors = await errorsOf('{\n  "import": {\n    "kinds": { "acme/x": "databse" },\n    "names": { "a": "not a name" },\n    "kinsd": {}\n  }\n}');
    expect(errors.map((e) => [e[1], e[3]])).toEqual([
      [3, expect.stringContaining('`import.kinds.acme/x`')],
      [4, '`import.names.a` must be a component name: letters, digits and `_`, with single `-` between them'],
      [5, expect.stringContaining('`kinsd`')],
    ]);
  });
});

describe('presets', () => {
  const quiet = defineRule<'x'>({
    id: 'quiet',
    meta: { description: 'not recommended', defaultSeverity: 'warning', recommended: false, messages: { x: 'x' }, schema: {}, defaultOptions: {} },
    check() {},
  });
  const info = defineRule<'x'>({
    id: 'small',
    meta: { description: 'info', defaultSeverity: 'info', messages: { x: 'x' }, schema: {}, defaultOptions: {} },
    check() {},
  });
  const loud = defineRule<'x'>({
    id: 'loud',
    meta: { description: 'error', defaultSeverity: 'error', messages: { x: 'x' }, schema: {}, defaultOptions: {} },
    check() {},
  });
  const rules = [quiet, info, loud] as Rule[];
  const levels = (presets: string[] | undefined) =>
    Object.fromEntries(
      [
        ...effectiveRules(
          new RuleRegistry(rules.map((rule) => ({ rule, origin: { type: 'builtin' as const } }))),
          presets ? { extends: presets as never, rules: new Map() } : undefined,
        ),
      ].map(([id, e]) => [id, e.severity]),
    );

  it('recommended: the default severities of recommended rules (also with no configuration)', () => {
    expect(levels(['archlint:recommended'])).toEqual({ quiet: 'off', small: 'info', loud: 'error' });
    expect(levels(undefined)).toEqual({ quiet: 'off', small: 'info', loud: 'error' });
  });
  it('all: every rule at its default severity', () => expect(levels(['archlint:all'])).toEqual({ quiet: 'warning', small: 'info', loud: 'error' }));
  it('strict: every rule on, warnings raised to errors and infos to warnings', () =>
    expect(levels(['archlint:strict'])).toEqual({ quiet: 'error', small: 'warning', loud: 'error' }));
  it('applies presets in order, the last winning', () =>
    expect(levels(['archlint:strict', 'archlint:recommended'])).toEqual({ quiet: 'off', small: 'info', loud: 'error' }));
});

const oneServer = 'client users\nservice web\nusers -> web\n';

describe('the command line', () => {
  it('uses the nearest configuration of each file', () => {
    const dir = project({
      'archlint.config.json': '{ "rules": { "spof": "warning" } }',
      'a.arch': oneServer,
      'strict/archlint.config.json': '{ "rules": { "spof": "off", "missing-load-balancer": "error" } }',
      'strict/b.arch': oneServer,
    });
    const run = archlint(['check', '.', '--format', 'compact'], { cwd: dir });
    expect(run.stdout).toContain(`${dir}/a.arch: line 2, col 9, Warning - \`web\` is a single point of failure`);
    expect(run.stdout).toContain(`${dir}/strict/b.arch: line 3, col 1, Error -`);
    expect(run.stdout).not.toContain(`${dir}/strict/b.arch: line 2`);
    expect(run.code).toBe(1);
  });

  it('takes --config and --rule, --rule winning', () => {
    const dir = project({ 'team.json': '{ "rules": { "spof": "off" } }', 'a.arch': oneServer });
    const off = archlint(['check', 'a.arch', '--config', 'team.json', '--format', 'compact'], { cwd: dir });
    expect(off.stdout).not.toContain('(spof)');
    const on = archlint(['check', 'a.arch', '--config', 'team.json', '--rule', 'spof:info', '--format', 'compact'], { cwd: dir });
    expect(on.stdout).toContain('Info - `web` is a single point of failure');
  });

  it('rejects a wrong --rule with exit 2 and a suggestion', () => {
    expect(archlint(['check', 'x.arch', '--rule', 'spfo:error'])).toMatchObject({
      code: 2,
      stderr: 'archlint: --rule spfo:error: unknown rule `spfo`; did you mean `spof`? (archlint rules lists them)\n',
    });
    expect(archlint(['check', 'x.arch', '--rule', 'spof:loud'])).toMatchObject({
      code: 2,
      stderr: 'archlint: --rule spof:loud: write --rule spof:<severity>, the severity one of off, info, warning, error\n',
    });
  });

  it('reports a wrong configuration as located errors with exit 2, in the chosen format', () => {
    const dir = project({ 'archlint.config.json': '{\n  "rules": { "spof": "loud" }\n}\n', 'a.arch': oneServer });
    const run = archlint(['check', 'a.arch', '--format', 'compact'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(stackTrace);
    expect(run.stdout).toContain(
      `${dir}/archlint.config.json: line 2, col 22, Error - \`rules.spof\` must be one of "off", "info", "warning", "error", or [severity, options] (config)`,
    );
    const json = JSON.parse(archlint(['check', 'a.arch', '--format', 'json'], { cwd: dir }).stdout) as { files: { file: string }[] };
    expect(json.files.map((f) => f.file)).toEqual(['archlint.config.json', 'a.arch']);
  });

  it('prints the effective configuration of a file', () => {
    const dir = project({
      'archlint.config.json': '{ "extends": ["archlint:strict"], "rules": { "spof": "off" }, "ignore": ["old/**"] }',
      'a.arch': oneServer,
    });
    const run = archlint(['check', '--print-config', 'a.arch'], { cwd: dir });
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown> & { rules: Record<string, unknown> };
    expect(printed).toMatchObject({ file: 'a.arch', config: 'archlint.config.json', extends: ['archlint:strict'], ignored: false, ignore: ['old/**'] });
    expect(printed.rules.spof).toBe('off');
    expect(printed.rules['stateful-web-tier']).toBe('error');
    expect(printed.rules['bad-shard-key']).toEqual(['error', expect.objectContaining({ cardinalityPerShard: 10 }) as unknown]);
    expect(Object.keys(printed.rules)).toEqual(allRules.map((r) => r.id));
  });

  it('skips ignored files, saying so for files named on the command line', () => {
    const dir = project({ 'archlint.config.json': '{ "ignore": ["drafts/**"] }', 'drafts/a.arch': 'broken {', 'b.arch': oneServer });
    const all = archlint(['check', '.', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(all.stdout) as { files: { file: string }[] }).files.map((f) => f.file)).toEqual(['b.arch']);
    const named = archlint(['check', 'drafts/a.arch'], { cwd: dir });
    expect(named).toMatchObject({ code: 0, stderr: 'archlint: drafts/a.arch is ignored by archlint.config.json and was not checked\n' });
  });

  it('lists suppressed findings with their reason only when asked, without counting them', () => {
    const dir = project({ 'a.arch': 'client users\n# archlint-disable-next-line spof -- staging only\nservice web { replicas: 1 }\nusers -> web\n' });
    // Only spof runs, so that the findings are the ones this test is about.
    const onlySpof = ['--config', 'only-spof.json'];
    writeFileSync(
      path.join(dir, 'only-spof.json'),
      JSON.stringify({ rules: Object.fromEntries(allRules.map((r) => [r.id, r.id === 'spof' ? 'error' : 'off'])) }),
    );
    const plain = JSON.parse(archlint(['check', 'a.arch', '--format', 'json', ...onlySpof], { cwd: dir }).stdout) as { files: { diagnostics: unknown[] }[] };
    expect(plain.files[0]!.diagnostics).toEqual([]);
    const run = archlint(['check', 'a.arch', '--format', 'json', '--include-suppressed', ...onlySpof], { cwd: dir });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { files: { diagnostics: { ruleId: string; suppressed?: { reason?: string } }[] }[]; summary: unknown };
    expect(out.files[0]!.diagnostics.map((d) => [d.ruleId, d.suppressed])).toEqual([['spof', { reason: 'staging only' }]]);
    expect(out.summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });
});

describe('archlint rules', () => {
  it('lists every rule with its default severity and description', () => {
    const run = archlint(['rules']);
    expect(run.code).toBe(0);
    for (const rule of allRules) expect(run.stdout).toContain(rule.id);
    expect(run.stdout).toMatch(/^spof\s+error\s+A component on a request flow/m);
  });

  it('prints the doc of one rule, and suggests on a typo', () => {
    expect(archlint(['rules', 'spof']).stdout.startsWith('# spof\n')).toBe(true);
    expect(archlint(['rules', 'spfo'])).toMatchObject({ code: 2, stderr: 'archlint: unknown rule `spfo`; did you mean `spof`? (archlint rules lists them)\n' });
  });
});

describe('docs/configuration.md', () => {
  it('shows a configuration that is valid', async () => {
    const doc = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
    const example = /```jsonc\n([\s\S]*?)```/.exec(doc)![1]!;
    const dir = project({ 'archlint.config.json': example });
    const loaded = await loadConfig('archlint.config.json', dir);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config!.rules.get('missing-cache')).toEqual({ severity: 'warning', options: { readRatio: 0.8 } });
  });
});
