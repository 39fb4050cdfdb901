import { readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { resolveOptions } from '../src/engine/options.js';
import { RuleRegistry, ruleProblems } from '../src/engine/registry.js';
import { defineRule, formatMessage, listNames, type Rule } from '../src/engine/rule.js';
import { brief, check } from './helpers.js';

const allRules = builtinRegistry.all();

const oneServer = `client users
service web
users -> web`;

/** The rules these tests are about, so that other rules' findings do not get in the way. */
const some = (...ids: string[]) => allRules.filter((r) => ids.includes(r.id));
const spofAndCdn = some('spof', 'missing-cdn', 'unused-suppression');

describe('the rule registry', () => {
  it('says, for every built-in rule, the chapter principle or the review concern it serves', () => {
    for (const rule of allRules) expect(rule.meta.serves, rule.id).toMatch(/^(Chapter|Review): .+\.$/);
  });

  it('lists exactly the rule files, each with its file name as id', async () => {
    const files = readdirSync(new URL('../rules/', import.meta.url))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    expect(allRules.map((r) => r.id).sort()).toEqual(files);
    for (const id of files) {
      const module = (await import(`../rules/${id}.ts`)) as { default: { id: string } };
      expect(module.default.id).toBe(id);
    }
  });

  it('has valid metadata for every rule: schema, defaults and messages', () => {
    const ajv = new Ajv({ strict: true, validateFormats: false });
    for (const rule of allRules) {
      expect(rule.meta.description.length, rule.id).toBeGreaterThan(20);
      expect(['error', 'warning', 'info']).toContain(rule.meta.defaultSeverity);
      const validate = ajv.compile(rule.meta.schema);
      expect(validate(rule.meta.defaultOptions), `${rule.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      for (const id of Object.keys(rule.meta.messageSeverity ?? {})) expect(rule.meta.messages).toHaveProperty(id);
    }
  });
});

describe('message templates', () => {
  it('fills placeholders and refuses unknown ones', () => {
    expect(formatMessage('{{a}} and {{ b }}', { a: 1, b: 'x' })).toBe('1 and x');
    expect(() => formatMessage('{{missing}}', {})).toThrow('message placeholder {{missing}} has no data');
    expect(() => formatMessage('{{toString}}', {})).toThrow();
  });

  it('lists names in prose', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['a'])).toBe('`a`');
    expect(listNames(['a', 'b'])).toBe('`a` and `b`');
    expect(listNames(['a', 'b', 'c'])).toBe('`a`, `b` and `c`');
    expect(listNames(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('`a`, `b`, `c` and 3 more');
  });
});

describe('running rules', () => {
  it('turns a rule that throws into a finding that names it, and still runs the others', () => {
    const broken = defineRule<'x'>({
      id: 'broken',
      meta: { description: 'always throws', defaultSeverity: 'warning', messages: { x: 'x' }, schema: {}, defaultOptions: {} },
      check() {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const spof = allRules.find((r) => r.id === 'spof')!;
    const result = check(oneServer, { rules: [broken, spof] });
    expect(result.status).toBe('crashed');
    expect(result.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ['broken', 'error'],
      ['spof', 'error'],
    ]);
    expect(result.diagnostics[0]!.message).toContain('rule `broken` failed on this model and was skipped: cannot read properties of undefined');
  });

  it('a rule reporting an unknown message id is a crash of that rule, not of the run', () => {
    const wrong = defineRule<'x'>({
      id: 'wrong',
      meta: { description: 'bad message id', defaultSeverity: 'warning', messages: { x: 'x' }, schema: {}, defaultOptions: {} },
      check(model, context) {
        context.report({ messageId: 'y' as 'x', target: { component: model.components()[0]! } });
      },
    });
    const result = check(oneServer, { rules: [wrong] });
    expect(result.status).toBe('crashed');
    expect(result.diagnostics[0]!.message).toContain('has no message `y`');
  });

  it('turns a rule off or changes its severity through settings', () => {
    expect(check(oneServer, { rules: some('spof'), settings: new Map([['spof', { severity: 'off' }]]) }).diagnostics).toEqual([]);
    expect(check(oneServer, { rules: some('spof'), settings: new Map([['spof', { severity: 'info' }]]) }).diagnostics.map((d) => d.severity)).toEqual(['info']);
  });

  it('lets a finding choose its own severity unless the user configured one', () => {
    const sized = defineRule<'x'>({
      id: 'sized',
      meta: { description: 'severity by size', defaultSeverity: 'warning', messages: { x: 'x' }, schema: {}, defaultOptions: {} },
      check(model, context) {
        context.report({ messageId: 'x', target: { component: model.components()[0]! }, severity: 'info' });
      },
    });
    expect(check(oneServer, { rules: [sized] }).diagnostics.map((d) => d.severity)).toEqual(['info']);
    expect(check(oneServer, { rules: [sized], settings: new Map([['sized', { severity: 'error' }]]) }).diagnostics.map((d) => d.severity)).toEqual(['error']);
  });

  it('does not run rules on a model with meaning errors', () => {
    const result = check(`${oneServer}\nservice api { replicas: 0 }`, { rules: spofAndCdn });
    expect(result.status).toBe('invalid');
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['invalid-value']);
  });
});

describe('suppressions', () => {
  const findings = (source: string) =>
    brief(check(source, { rules: spofAndCdn }).diagnostics.filter((d) => !d.suppressed)).map((d) => [d.ruleId, d.line, d.column, d.message]);

  it('silence findings on the next line, with a reason kept', () => {
    const result = check(
      `client users
# archlint-disable-next-line spof -- staging only
service web
# archlint-disable-next-line spof
database db
users -> web -> db`,
      { rules: spofAndCdn },
    );
    expect(result.diagnostics.map((d) => [d.ruleId, d.suppressed])).toEqual([
      ['spof', { reason: 'staging only' }],
      ['spof', {}],
    ]);
  });

  it('where several cover one finding, each counts as used and the last one gives the reason', () => {
    const result = check(
      `# archlint-disable spof -- platform-managed
client users
# archlint-disable-next-line spof, spof -- twice
service web
users -> web`,
      { rules: spofAndCdn },
    );
    // The file-wide one comes first in the file, the next-line one after it: the last listed
    // gives its reason. Neither is stale, nor either id of the doubled one.
    expect(result.diagnostics.map((d) => [d.ruleId, d.suppressed])).toEqual([['spof', { reason: 'twice' }]]);
    // With the next-line one on another line, the file-wide reason is kept, and the other is stale.
    const moved = check(
      `# archlint-disable spof -- platform-managed\nclient users\nservice web\n# archlint-disable-next-line spof -- elsewhere\nusers -> web`,
      { rules: spofAndCdn },
    );
    expect(moved.diagnostics.map((d) => [d.ruleId, d.span.start.line, d.suppressed])).toEqual([
      ['spof', 3, { reason: 'platform-managed' }],
      ['unused-suppression', 4, undefined],
    ]);
  });

  it('match as well when one line names many rules', () => {
    // Ten ids in one comment, spof last: it silences the finding, and the nine others are stale.
    const ids = ['missing-cdn', ...Array.from({ length: 8 }, (_, i) => `no-such-rule-${i}`), 'spof'];
    const result = check(`# archlint-disable ${ids.join(', ')}\nclient users\nservice web\nusers -> web`, { rules: spofAndCdn });
    expect(result.diagnostics.filter((d) => d.ruleId === 'spof').map((d) => d.suppressed)).toEqual([{}]);
    expect(result.diagnostics.filter((d) => d.ruleId === 'unused-suppression')).toHaveLength(9);
  });

  it('silence a rule in the whole file', () => {
    expect(findings(`# archlint-disable spof\n${oneServer}`)).toEqual([]);
  });

  it('silence every rule when no id is given', () => {
    expect(findings(`client users\n// archlint-disable-next-line\nservice web\nusers -> web`)).toEqual([]);
  });

  it('silence only the rules they name', () => {
    const result = findings(`client users
# archlint-disable-next-line missing-cdn
service web { serves_static }
users -> web`);
    expect(result).toEqual([['spof', 3, 9, expect.stringContaining('`web` is a single point of failure') as unknown as string]]);
  });

  it('report suppressions that silence nothing, and unknown rule ids with a suggestion', () => {
    expect(
      findings(`client users
service web { replicas: 2 }
# archlint-disable-next-line spof, missing-cdn
users -> web
# archlint-disable spfo
/* archlint-disable-next-line */
service api { replicas: 2 }`),
    ).toEqual([
      ['unused-suppression', 3, 30, '`spof` is suppressed but reports nothing on line 4; remove it from the comment'],
      ['unused-suppression', 3, 36, '`missing-cdn` is suppressed but reports nothing on line 4; remove it from the comment'],
      ['unused-suppression', 5, 20, 'unknown rule `spfo` in a suppression; did you mean `spof`?'],
      ['unused-suppression', 6, 1, 'this suppression silences nothing: no finding on line 7'],
    ]);
  });

  it('cannot silence unused-suppression itself', () => {
    expect(findings('# archlint-disable unused-suppression\nservice web { replicas: 2 }')).toEqual([
      ['unused-suppression', 1, 20, '`unused-suppression` cannot be suppressed: remove the stale suppression instead'],
    ]);
  });

  it('say so when they name a compiler check', () => {
    expect(findings('# archlint-disable syntax\nservice web { replicas: 2 }')).toEqual([
      ['unused-suppression', 1, 20, '`syntax` is a compiler check and cannot be suppressed: fix the file instead'],
    ]);
  });

  it('cannot silence syntax or meaning errors', () => {
    const result = check('# archlint-disable\nservice web { replicas: 0 }', { rules: spofAndCdn });
    expect(result.diagnostics.map((d) => [d.ruleId, d.suppressed])).toEqual([['invalid-value', undefined]]);
  });

  it('are not themselves reported when unused-suppression is off', () => {
    const result = check(`# archlint-disable spof\nservice web`, { rules: spofAndCdn, settings: new Map([['unused-suppression', { severity: 'off' }]]) });
    expect(result.diagnostics).toEqual([]);
  });

  it('ignore comments that only mention archlint', () => {
    expect(findings('# archlint-disabled is not a directive\n# see archlint-disable docs\nservice web')).toEqual([]);
  });
});

describe('the rule contract', () => {
  /** A rule for these tests: `meta` adds to (or replaces) a one-message warning's metadata. */
  const quiet = (id: string, check: Rule['check'], meta: Pick<Partial<Rule['meta']>, 'messages' | 'messageSeverity'> = {}): Rule =>
    defineRule<string, unknown>({ id, meta: { description: 'a test rule', defaultSeverity: 'warning', messages: { x: 'x' }, ...meta }, check });

  it('defineRule gives a rule without options an empty schema and no defaults', () => {
    const rule = defineRule<'x'>({ id: 'plain', meta: { description: 'd', defaultSeverity: 'info', messages: { x: 'x' } }, check() {} });
    expect(rule.meta.schema).toEqual({ type: 'object', properties: {}, additionalProperties: false });
    expect(rule.meta.defaultOptions).toEqual({});
    expect(resolveOptions(rule, { anything: 1 }).ok).toBe(false);
  });

  it('options: checked against the schema, merged key by key over a copy of the defaults', () => {
    const meta = {
      schema: { type: 'object', properties: { n: { type: 'number' }, names: { type: 'array' } }, additionalProperties: false },
      defaultOptions: { n: 1, names: ['a'] },
    };
    const rule = { meta } as unknown as Rule<string, { n: number; names: string[] }>;
    const merged = resolveOptions(rule, { n: 2 });
    expect(merged).toEqual({ ok: true, options: { n: 2, names: ['a'] } });
    // A rule that changes its options changes nothing for the next run.
    if (merged.ok) merged.options.names.push('b');
    expect(meta.defaultOptions.names).toEqual(['a']);
    expect(resolveOptions(rule, { names: ['z'] })).toEqual({ ok: true, options: { n: 1, names: ['z'] } });
    const wrong = resolveOptions(rule, { n: 'two' });
    expect(wrong.ok).toBe(false);
    // A library caller that passes options the schema refuses is told so, by name.
    expect(() => check(oneServer, { rules: [{ ...rule, id: 'opts', check() {} }], settings: new Map([['opts', { options: { n: 'two' } }]]) })).toThrow(
      'invalid options for rule `opts`: /n must be number',
    );
  });

  it("severity: the configured one, else the finding's own, else its message's, else the rule's", () => {
    const rule = quiet(
      'sev',
      (model, context) => {
        const target = { component: model.components()[0]! };
        context.report({ messageId: 'plain', target });
        context.report({ messageId: 'loud', target });
        context.report({ messageId: 'loud', target, severity: 'info' });
      },
      { messages: { plain: 'p', loud: 'l' }, messageSeverity: { loud: 'error' } },
    );
    expect(
      check(oneServer, { rules: [rule] })
        .diagnostics.map((d) => d.severity)
        .sort(),
    ).toEqual(['error', 'info', 'warning']);
    expect(check(oneServer, { rules: [rule], settings: new Map([['sev', { severity: 'warning' }]]) }).diagnostics.map((d) => d.severity)).toEqual([
      'warning',
      'warning',
      'warning',
    ]);
  });

  it('services are built once per run and shared by its rules, and belong to that run alone', () => {
    const seen: unknown[] = [];
    const ask = (id: string) =>
      quiet(id, (_, context) => {
        seen.push(context.evaluation(), context.requestGraph(), context.reached('edges'));
        expect(context.evaluation()).toBe(seen[seen.length - 3]);
      });
    check(oneServer, { rules: [ask('a'), ask('b')] });
    expect(seen[3]).toBe(seen[0]);
    expect(seen[4]).toBe(seen[1]);
    expect(seen[5]).toBe(seen[2]);
    check(oneServer, { rules: [ask('c')] });
    expect(seen[6]).not.toBe(seen[0]);
  });

  it('the registry keeps ids unique, knows where each rule comes from, and what a suppression may name', () => {
    const a = quiet('a', () => undefined);
    const registry = new RuleRegistry([{ rule: a, origin: { type: 'builtin' } }]);
    expect(() => registry.with([{ rule: a, origin: { type: 'policy', config: 'c.json' } }])).toThrow('two rules are registered as `a`');
    const more = registry.with([{ rule: quiet('p/b', () => undefined), origin: { type: 'plugin', plugin: 'p', specifier: './p.js', config: 'c.json' } }]);
    expect(more.ids()).toEqual(['a', 'p/b']);
    expect(more.origin('p/b')).toEqual({ type: 'plugin', plugin: 'p', specifier: './p.js', config: 'c.json' });
    expect([...builtinRegistry.suppressible()]).toEqual(builtinRegistry.ids().filter((id) => id !== 'unused-suppression'));
    expect(ruleProblems(a)).toEqual([]);
    expect(ruleProblems({ meta: a.meta })).toEqual(['it has no `check` function']);
  });
});
