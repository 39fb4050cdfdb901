import { describe, expect, it } from 'vitest';
import { minInstances } from '../src/model/model.js';
import { builtinRegistry } from '../src/config/registry.js';
import { brief, check, validModel } from './helpers.js';

const allRules = builtinRegistry.all();

function meaning(source: string, files: Record<string, string> = {}) {
  const result = check(source, { files, rules: [] });
  return brief(result.diagnostics).map((d) => [d.ruleId, d.line, d.column, d.message]);
}

const model = (source: string) => validModel(source, 'main.arch');

describe('meaning checks', () => {
  it.each([
    ['unknown kind with a suggestion', 'servce web', ['unknown-kind', 1, 1, 'unknown kind `servce`; did you mean `service`?']],
    ['a kind people call by another name', 'db users', ['unknown-kind', 1, 1, 'unknown kind `db`; did you mean `database`?']],
    ['a misspelt region', 'regoin eu { }', ['unknown-kind', 1, 1, 'unknown kind `regoin`; did you mean `region`?']],
    [
      'a product people type for its kind, with the engine that names it',
      'sqs orders',
      ['unknown-kind', 1, 1, 'unknown kind `sqs`; did you mean `queue`? (`queue orders { engine: sqs }` says which product)'],
    ],
    [
      'a database product',
      'DynamoDB sessions',
      ['unknown-kind', 1, 1, 'unknown kind `DynamoDB`; did you mean `database`? (`database sessions { engine: dynamodb }` says which product)'],
    ],
    ['a product without an engine figure', 'cloudfront assets', ['unknown-kind', 1, 1, 'unknown kind `cloudfront`; did you mean `cdn`?']],
    ['a monitoring product', 'prometheus ops', ['unknown-kind', 1, 1, 'unknown kind `prometheus`; did you mean `monitoring`?']],
    [
      'unknown kind without one',
      'gizmo g',
      [
        'unknown-kind',
        1,
        1,
        'unknown kind `gizmo`: the kinds are client, dns, cdn, lb, service, worker, cache, database, queue, storage, monitoring, external, gateway, search, function',
      ],
    ],
    [
      'unknown attribute with a suggestion',
      'service web { replicsa: 3 }',
      ['unknown-attribute', 1, 15, 'unknown attribute `replicsa` for a `service`; did you mean `replicas`?'],
    ],
    [
      'an attribute of another kind',
      'service web { sticky }',
      ['unknown-attribute', 1, 15, 'unknown attribute `sticky` for a `service`; `sticky` is an attribute of `lb`'],
    ],
    [
      'a flag given a number',
      'queue q { durable: 3 }',
      ['invalid-value', 1, 20, '`durable` is a flag: write `durable`, `durable: true` or `durable: false`, not `3`'],
    ],
    ['negative replicas', 'service web { replicas: -2 }', ['invalid-value', 1, 25, '`replicas` must be at least 1, not `-2`']],
    ['fractional replicas', 'service web { replicas: 2.5 }', ['invalid-value', 1, 25, '`replicas` takes a whole number, not `2.5`']],
    ['absurdly many replicas', 'service web { replicas: 5B }', ['invalid-value', 1, 25, '`replicas` must be at most 1000000, not `5B`']],
    ['a number too large to represent', `workload { rps: 1${'0'.repeat(400)} }`, ['invalid-value', 1, 17, `\`rps\` is too large: \`1${'0'.repeat(23)}…\``]],
    ['a percentage over 100%', 'cache c { hit_ratio: 120% }', ['invalid-value', 1, 22, '`hit_ratio` must be at most 100%, not `120%`']],
    [
      'a ratio written as a fraction',
      'workload { read_ratio: 0.9 }',
      ['invalid-value', 1, 24, '`read_ratio` takes a percentage such as `90%`, not `0.9`; write `90%` for 0.9'],
    ],
    [
      'a duration without a unit',
      'cache c { ttl: 30 }',
      ['invalid-value', 1, 16, '`ttl` takes a duration such as `30m`, `0.5ms` or `1d`, not `30`; add a unit (ns, us, ms, s, m, h, d)'],
    ],
    ['a duration of zero', 'cache c { ttl: 0s }', ['invalid-value', 1, 16, '`ttl` must be greater than 0ms, not `0s`']],
    ['a count with a duration unit', 'workload { rps: 20ms }', ['invalid-value', 1, 17, '`rps` takes a count such as `20k` or `1.5M`, not `20ms`']],
    [
      'a reversed range',
      'service web { autoscale: 20..2 }',
      ['invalid-value', 1, 26, '`autoscale`: the low end of `20..2` is above the high end; write `2..20`'],
    ],
    ['a range with a fraction', 'service web { autoscale: 1.5..4 }', ['invalid-value', 1, 26, '`autoscale` takes a range of whole numbers, not `1.5`']],
    ['replicas outside autoscale', 'service web { replicas: 30, autoscale: 2..20 }', ['invalid-value', 1, 15, '`replicas: 30` is outside `autoscale: 2..20`']],
    [
      'an enum value with a suggestion',
      'dns d { routing: goe }',
      ['invalid-value', 1, 18, '`routing` takes one of `simple`, `geo`, `latency`, not `goe`; did you mean `geo`?'],
    ],
    ['a label given as a word', 'client u\nservice w\nu -> w { label: hello }', ['invalid-value', 3, 17, '`label` takes a string: write `"hello"`']],
    [
      'a list item of the wrong type',
      'service w { tags: [a, 1..2] }',
      ['invalid-value', 1, 19, '`tags` takes a list of names or strings, not one holding the range `1..2`'],
    ],
    ['an attribute set twice', 'service web { replicas: 2, replicas: 3 }', ['duplicate-name', 1, 28, '`replicas` is set twice; the first is on line 1']],
    [
      'a duplicate component',
      'service web\ndatabase web',
      ['duplicate-name', 2, 10, '`web` is already declared (line 1); names are unique across a model and its imports'],
    ],
    [
      'a region named like a component',
      'service web\nregion web { }',
      ['duplicate-name', 2, 8, '`web` is already declared as a component (line 1); names are unique across a model and its imports'],
    ],
    [
      'an edge to an undeclared component',
      'service web\ndatabase users_db\nweb -> user_db',
      ['reference', 3, 8, '`user_db` is not declared; did you mean `users_db`?'],
    ],
    ['an edge to a region', 'service web\nregion r { }\nweb -> r', ['reference', 3, 8, '`r` is a region; edges join components']],
    ['an edge to itself', 'service web\nweb -> web', ['reference', 2, 1, 'an edge from `web` to itself']],
    [
      'replication between non-stores',
      'service a\nservice b\na -> b { replication: async }',
      ['invalid-value', 3, 10, 'a replication edge joins two stores (database, cache, storage); `a` is a service and `b` a service'],
    ],
    [
      'unknown edge attribute',
      'service a\nservice b\na -> b { reeds }',
      ['unknown-attribute', 3, 10, 'unknown attribute `reeds` for an edge; did you mean `reads`?'],
    ],
    ['a session store that is not declared', 'service web { sessions: store }', ['reference', 1, 25, '`sessions: store`: `store` is not declared']],
    [
      'a session store of the wrong kind',
      'service web { sessions: q }\nqueue q',
      ['reference', 1, 25, '`sessions: q`: `q` is a queue; expected a cache or a database'],
    ],
    [
      'shares that do not sum to 100%',
      'client a { share: 50% }\nclient b { share: 30% }',
      ['share-sum', 2, 12, 'client shares add up to 80%, not 100%: `a` 50%, `b` 30%'],
    ],
    [
      'shares that leave nothing for the rest',
      'client a { share: 60% }\nclient b { share: 40% }\nclient c',
      ['share-sum', 2, 12, 'client shares already add up to 100%, leaving nothing for 1 client without a share: `a` 60%, `b` 40%'],
    ],
    ['a second workload block', 'workload { rps: 1k }\nworkload { rps: 2k }', ['structure', 2, 1, 'a model has one `workload` block; the first is at line 1']],
    ['a second title', 'architecture "a"\narchitecture "b"', ['structure', 2, 1, 'a file has one `architecture` title; the first is on line 1']],
    ['nested regions', 'region a { region b { } }', ['structure', 1, 19, 'regions do not nest: `b` is inside region `a`']],
    [
      'a block inside a region',
      'region a { budget { read_p99: 1s } }',
      ['structure', 1, 12, 'a `budget` block belongs at the top level, not inside region `a`'],
    ],
    ['unknown workload key', 'workload { rsp: 1k }', ['unknown-attribute', 1, 12, 'unknown attribute `rsp` for the `workload` block; did you mean `rps`?']],
    [
      'a region reopened with another label',
      'region r "One" { }\nregion r "Two" { }',
      ['structure', 2, 8, 'region `r` is labelled "One" at line 1; a reopened region keeps one label'],
    ],
  ])('%s', (_, source, expected) => {
    expect(meaning(source)).toEqual([expected]);
  });

  it('reports every problem of a file in one run, in source order', () => {
    expect(meaning('servce a\nservice b { replicas: 0 }\nb -> c').map((d) => d[0])).toEqual(['unknown-kind', 'invalid-value', 'reference']);
  });

  it('accepts shares that leave the rest to clients without one', () => {
    expect(meaning('client a { share: 60% }\nclient b\nclient c')).toEqual([]);
  });

  it('accepts a region reopened without a label', () => {
    const m = model('region r "R" { service a }\nregion r { service b }');
    expect(m.regions()).toMatchObject([{ name: 'r', label: 'R', components: ['a', 'b'] }]);
  });
});

describe('imports', () => {
  it('resolve relative to the importing file, and findings name the file they are in', () => {
    const result = check('import "lib/base.arch"\nservice web { replicas: 2 }\nweb -> db', {
      rules: [],
      files: { 'lib/base.arch': 'import "db.arch"\nclient users', 'lib/db.arch': 'database db { replicas: 2 }' },
    });
    expect(result.files).toEqual(['main.arch', 'lib/base.arch', 'lib/db.arch']);
    expect(brief(result.diagnostics)).toEqual([]);
    expect(result.model!.edges().map((e) => [e.from, e.to, e.file])).toEqual([['web', 'db', 'main.arch']]);
    expect(result.model!.component('db')!.file).toBe('lib/db.arch');
    const bad = check('import "lib/base.arch"', { rules: [], files: { 'lib/base.arch': 'import "db.arch"', 'lib/db.arch': 'database db { replicas: 0 }' } });
    expect(bad.diagnostics.map((d) => [d.file, d.span.start.line, d.span.start.column, d.ruleId])).toEqual([['lib/db.arch', 1, 25, 'invalid-value']]);
  });

  it('join a file once however often it is imported', () => {
    const result = check('import "a.arch"\nimport "b.arch"', {
      rules: [],
      files: { 'a.arch': 'import "c.arch"', 'b.arch': 'import "c.arch"', 'c.arch': 'service shared' },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.files).toEqual(['main.arch', 'a.arch', 'c.arch', 'b.arch']);
    expect(result.model!.components().map((c) => c.name)).toEqual(['shared']);
  });

  it('report a file that cannot be read at the import', () => {
    expect(meaning('service a\nimport "missing.arch"')).toEqual([['import', 2, 8, 'cannot import "missing.arch": no such file (missing.arch)']]);
  });

  it('report a cycle at the import that closes it', () => {
    const result = check('import "a.arch"', { rules: [], files: { 'a.arch': 'import "b.arch"', 'b.arch': '\nimport "a.arch"' } });
    expect(result.diagnostics.map((d) => [d.file, d.span.start.line, d.span.start.column, d.message])).toEqual([
      ['b.arch', 2, 8, 'import cycle: a.arch → b.arch → a.arch'],
    ]);
    expect(check('import "main.arch"', { rules: [] }).diagnostics.map((d) => d.message)).toEqual(['import cycle: main.arch → main.arch']);
  });

  it('report syntax errors in imported files with their file', () => {
    const result = check('import "a.arch"', { rules: [], files: { 'a.arch': 'service {' } });
    expect(result.diagnostics.map((d) => [d.file, d.ruleId])).toEqual([['a.arch', 'syntax']]);
    expect(result.status).toBe('invalid');
  });

  it('report duplicates across files with the other file named', () => {
    const result = check('import "a.arch"\nservice web', { rules: [], files: { 'a.arch': 'service web' } });
    expect(result.diagnostics.map((d) => [d.file, d.message])).toEqual([
      ['a.arch', '`web` is already declared (main.arch:2); names are unique across a model and its imports'],
    ]);
  });
});

describe('the model', () => {
  it('treats names such as __proto__, constructor and toString like any other', () => {
    const m = model(
      'client __proto__\nservice constructor { replicas: 2 }\ndatabase toString { replicas: 2 }\nregion hasOwnProperty { cache valueOf }\n__proto__ -> constructor -> toString\nconstructor -> valueOf',
    );
    expect(m.components().map((c) => c.name)).toEqual(['__proto__', 'constructor', 'toString', 'valueOf']);
    expect(m.component('constructor')!.kind).toBe('service');
    expect(m.component('hasOwnProperty')).toBeUndefined();
    expect(m.outEdges('constructor').map((e) => e.to)).toEqual(['toString', 'valueOf']);
    expect(m.inEdges('toString').map((e) => e.from)).toEqual(['constructor']);
    expect(m.graph.nodeCount()).toBe(4);
    expect(m.graph.edgeCount()).toBe(3);
    const spof = allRules.filter((r) => r.id === 'spof');
    expect(check('client __proto__\nservice constructor\n__proto__ -> constructor', { rules: spof }).diagnostics.map((d) => d.component)).toEqual([
      'constructor',
    ]);
  });

  it('applies defaults', () => {
    const m = model('dns d\ncdn c\nstorage s\nlb l\ndatabase one\ndatabase many { replicas: 3, shards: 2 }\nqueue q');
    expect(m.component('d')!.attrs).toMatchObject({ replicas: 1, managed: true, routing: 'simple', tags: [] });
    expect(m.component('c')!.attrs).toMatchObject({ managed: true, fallback: 'none' });
    expect(m.component('s')!.attrs.managed).toBe(true);
    expect(m.component('l')!.attrs).toMatchObject({ managed: false, sticky: false, public: false });
    expect(m.component('one')!.attrs).toMatchObject({ replication: 'none', shards: 1 });
    expect(m.component('one')!.attrs.sharding).toBeUndefined();
    expect(m.component('many')!.attrs).toMatchObject({ replication: 'primary-replica', shards: 2, sharding: 'hash' });
    expect(m.component('q')!.attrs.durable).toBe(false);
    expect(model('dns d { managed: false }').component('d')!.attrs.managed).toBe(false);
  });

  it('normalises units: ratios to fractions, durations to milliseconds', () => {
    const m = model(
      'workload { rps: 20k, read_ratio: 90%, dau: 10M }\nbudget { read_p99: 200ms, availability: 99.95% }\ncache c { ttl: 30m, hit_ratio: 80%, memory: 1GB }',
    );
    expect(m.workload!.values).toEqual({ rps: 20000, read_ratio: 0.9, dau: 10_000_000 });
    expect(m.budget!.values.read_p99).toBe(200);
    expect(m.budget!.values.availability).toBeCloseTo(0.9995, 12);
    expect(m.component('c')!.attrs).toMatchObject({ ttl: 1_800_000, hit_ratio: 0.8, memory: 1024 ** 3 });
  });

  it('splits edge chains into hops that share the attributes, and marks telemetry', () => {
    const m = model(
      'client u\nlb l\nservice w\nmonitoring ops\ndatabase a\ndatabase b\nu -> l -> w { reads, label: "x" }\nw -> ops\na -> b { replication: async }',
    );
    expect(m.edges().map((e) => [e.from, e.to, e.reads, e.label, e.telemetry, e.replication])).toEqual([
      ['u', 'l', true, 'x', false, undefined],
      ['l', 'w', true, 'x', false, undefined],
      ['w', 'ops', false, undefined, true, undefined],
      ['a', 'b', false, undefined, false, 'async'],
    ]);
    expect(m.edges()[1]!.span).toMatchObject({ start: { line: 7, column: 6 }, end: { line: 7, column: 12 } });
  });

  it('places components in their region and counts autoscale minimums as instances', () => {
    const m = model('region us "US" { service web { replicas: 4, autoscale: 1..8 } }\nservice global');
    expect(m.component('web')!.region).toBe('us');
    expect(m.component('global')!.region).toBeUndefined();
    expect(minInstances(m.component('web')!)).toBe(1);
    expect(minInstances(m.component('global')!)).toBe(1);
  });

  it('keeps the spans of the attributes users wrote', () => {
    const m = model('service web {\n  replicas: 2\n}');
    expect(m.component('web')!.attributeSpans.get('replicas')).toMatchObject({ start: { line: 2, column: 3 }, end: { line: 2, column: 14 } });
    expect(m.component('web')!.attributeSpans.has('tags')).toBe(false);
  });
});
