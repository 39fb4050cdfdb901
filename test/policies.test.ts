/**
 * Policies: each form finds what docs/custom-rules.md says it finds, with thresholds in the
 * language's units, and every mistake in a policy is a located configuration error.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { checkModel } from '../src/engine/pipeline.js';
import { renderDiagram } from '../src/render/mermaid.js';
import { memoryHost } from './helpers.js';

/** The configuration's own errors, as [line, column, message]. */
async function errorsOf(text: string): Promise<[number, number, string][]> {
  const loaded = await loadConfig('archlint.config.json', '/nowhere', text);
  expect(loaded.config).toBeUndefined();
  return loaded.diagnostics.map((d) => [d.span.start.line, d.span.start.column, d.message]);
}

/** What the policies (and only they) find in a model, as `line:column rule: message`. */
async function findings(policies: object[], model: string): Promise<string[]> {
  const loaded = await loadConfig('archlint.config.json', '/nowhere', JSON.stringify({ policies }));
  expect(loaded.diagnostics).toEqual([]);
  const rules = loaded.config!.registry.all().filter((r) => r.id.startsWith('policy/'));
  const result = checkModel('m.arch', { host: memoryHost({ 'm.arch': model }), rules });
  expect(result.status).toBe('checked');
  return result.diagnostics.map(
    (d) => `${d.span.start.line}:${d.span.start.column} ${d.ruleId}${d.component !== undefined ? ` [${d.component}]` : ''}: ${d.message}`,
  );
}

describe('where + require', () => {
  const shop = `service web { replicas: 3, latency: 8ms, tags: [edge, public] }
service api { replicas: 1, autoscale: 1..10 }
cache products { ttl: 2h, eviction: lru, availability: 99.9% }
database orders { replicas: 3, engine: postgres }
region eu { database profiles { replicas: 2, shard_key: user_id, shards: 4 } }`;

  it('reports each condition a selected component fails, on the attribute when it is written', async () => {
    expect(await findings([{ id: 'replicated', where: { kind: ['service', 'database'] }, require: { replicas: { gte: 3 } } }], shop)).toEqual([
      '2:15 policy/replicated [api]: `api` breaks the policy `replicated`: its `replicas` is 1, and the policy requires at least 3.',
      '5:33 policy/replicated [profiles]: `profiles` breaks the policy `replicated`: its `replicas` is 2, and the policy requires at least 3.',
    ]);
  });

  it('reads thresholds as the language writes them: durations, percentages', async () => {
    expect(await findings([{ id: 'fast', where: { kind: 'service' }, require: { latency: { lt: '5ms' } } }], shop)).toEqual([
      '1:28 policy/fast [web]: `web` breaks the policy `fast`: its `latency` is 8ms, and the policy requires less than 5ms.',
      // An attribute the model does not set is "not set", and fails a comparison.
      '2:9 policy/fast [api]: `api` breaks the policy `fast`: its `latency` is not set, and the policy requires less than 5ms.',
    ]);
    // 99.9% is 0.999: "99.95%" and 0.9995 are the same threshold.
    for (const gte of ['99.95%', 0.9995]) {
      expect(await findings([{ id: 'a', where: { kind: 'cache' }, require: { availability: { gte } } }], shop)).toEqual([
        '3:42 policy/a [products]: `products` breaks the policy `a`: its `availability` is 99.9%, and the policy requires at least 99.95%.',
      ]);
    }
  });

  it('selects by kind, name glob, region glob, tags, attribute values and `not`', async () => {
    const ids = async (where: object) => (await findings([{ id: 's', where, require: { replicas: 100 } }], shop)).map((f) => /\[(\w+)\]/.exec(f)![1]);
    expect(await ids({ name: 'pro*' })).toEqual(['products', 'profiles']);
    expect(await ids({ region: 'e?' })).toEqual(['profiles']);
    expect(await ids({ tags: ['public', 'edge'] })).toEqual(['web']);
    expect(await ids({ tags: ['public', 'internal'] })).toEqual([]);
    expect(await ids({ kind: 'database', engine: 'postgres' })).toEqual(['orders']);
    expect(await ids({ kind: 'database', not: { region: '*' } })).toEqual(['orders']);
    expect(await ids({ autoscale: { min: { lt: 2 } } })).toEqual(['api']);
    expect(await ids({ kind: 'database', shard_key: { exists: false } })).toEqual(['orders']);
    expect(await ids({ eviction: { in: ['lfu', 'lru'] } })).toEqual(['products']);
    // Defaults count: `managed` is false for a service, `replication` follows `replicas`.
    expect(await ids({ kind: 'database', replication: 'primary-replica' })).toEqual(['orders', 'profiles']);
  });

  it('requires lists, existence and enumerations', async () => {
    expect(await findings([{ id: 'tagged', where: { kind: 'service' }, require: { tags: { includes: ['public'] } } }], shop)).toEqual([
      '2:9 policy/tagged [api]: `api` breaks the policy `tagged`: its `tags` is empty, and the policy requires to include `public`.',
    ]);
    expect(await findings([{ id: 'keyed', where: { kind: 'database' }, require: { shard_key: { exists: true } } }], shop)).toEqual([
      '4:10 policy/keyed [orders]: `orders` breaks the policy `keyed`: its `shard_key` is not set, and the policy requires set.',
    ]);
  });

  it('takes its message, with the placeholders of its form', async () => {
    const policy = { id: 'ttl', where: { kind: 'cache' }, require: { ttl: { lte: '1h' } }, message: '{{kind}} `{{name}}`: {{attribute}} {{actual}} > 1h' };
    expect(await findings([policy], shop)).toEqual(['3:18 policy/ttl [products]: cache `products`: ttl 2h > 1h']);
  });
});

describe('forbid', () => {
  const model = `client users
lb edge { replicas: 2 }
service web { replicas: 2, sessions: store }
cache store { replicas: 2 }
database db { replicas: 2 }
database replica { replicas: 2 }
monitoring ops { logging, metrics }
users -> edge -> web -> db
users -> db
db -> replica { replication: async }
web -> ops`;

  it('finds the edges from a `from` component to a `to` component, on the edge', async () => {
    expect(await findings([{ id: 'no-client-db', forbid: { from: { kind: 'client' }, to: { kind: 'database' } } }], model)).toEqual([
      '9:1 policy/no-client-db: the policy `no-client-db` forbids the edge `users -> db`.',
    ]);
  });

  it('with "path": true, finds what a request path reaches, with the shortest such path, on the component reached', async () => {
    expect(await findings([{ id: 'p', forbid: { from: { name: 'edge' }, to: { kind: ['database', 'cache'] }, path: true } }], model)).toEqual([
      // The session store counts: a service reads it on every request, edge or not.
      '4:7 policy/p [store]: the policy `p` forbids any request path from `edge` to `store`, and there is one: `edge -> web -> store`.',
      '5:10 policy/p [db]: the policy `p` forbids any request path from `edge` to `db`, and there is one: `edge -> web -> db`.',
    ]);
    // Replication and telemetry edges carry no requests: nothing reaches `replica` or `ops`.
    expect(await findings([{ id: 'p', forbid: { from: { kind: 'client' }, to: { name: ['replica', 'ops'] }, path: true } }], model)).toEqual([]);
  });

  it('shortens a long path to its source and its last components, with its length', async () => {
    const chain = [
      'client users',
      ...Array.from({ length: 20 }, (_, i) => `service s${i}`),
      `users -> ${Array.from({ length: 20 }, (_, i) => `s${i}`).join(' -> ')}`,
    ].join('\n');
    expect(await findings([{ id: 'far', forbid: { from: { kind: 'client' }, to: { name: 's19' }, path: true } }], chain)).toEqual([
      '21:9 policy/far [s19]: the policy `far` forbids any request path from `users` to `s19`, and there is one: `users -> … -> s14 -> s15 -> s16 -> s17 -> s18 -> s19` (20 hops).',
    ]);
  });

  it('a component that is both `from` and `to` is reported only when a path leads back to it', async () => {
    const chain = 'service a\nservice b\nservice c\na -> b -> c';
    expect(await findings([{ id: 'no-chains', forbid: { from: { kind: 'service' }, to: { kind: 'service' }, path: true } }], chain)).toEqual([
      '2:9 policy/no-chains [b]: the policy `no-chains` forbids any request path from `a` to `b`, and there is one: `a -> b`.',
      '3:9 policy/no-chains [c]: the policy `no-chains` forbids any request path from `b` to `c`, and there is one: `b -> c`.',
    ]);
  });
});

describe('require-path-through', () => {
  const policy = { id: 'gated', 'require-path-through': { from: { kind: 'client' }, to: { name: 'pay' }, through: { tags: ['gateway'] } } };

  it('passes when every path crosses a `through` component, even when no single one is on all of them', async () => {
    const parallel = `client users
lb g1 { tags: [gateway] }
lb g2 { tags: [gateway] }
service pay
users -> g1 -> pay
users -> g2 -> pay`;
    expect(await findings([policy], parallel)).toEqual([]);
  });

  it('finds a component reached around every `through` component, with the path that avoids them', async () => {
    const bypass = `client users
client partners
lb g1 { tags: [gateway] }
lb side
service web
service pay
users -> g1 -> web -> pay
partners -> side -> web`;
    expect(await findings([policy], bypass)).toEqual([
      '6:9 policy/gated [pay]: a request path from `partners` to `pay` passes through no component that the policy `gated` requires on it: `partners -> side -> web -> pay`.',
    ]);
  });

  it('counts the ends of a path: a `from` or `to` that matches `through` is guarded', async () => {
    const ends = `client kiosk { tags: [gateway] }
service pay { tags: [gateway] }
client users
users -> pay
kiosk -> pay`;
    expect(await findings([policy], ends)).toEqual([]);
  });
});

describe('the findings of a policy', () => {
  it("are marked on the diagram like any rule's", async () => {
    const loaded = await loadConfig(
      'archlint.config.json',
      '/nowhere',
      JSON.stringify({ policies: [{ id: 'two', where: { kind: 'service' }, require: { replicas: { gte: 2 } } }] }),
    );
    const result = checkModel('m.arch', {
      host: memoryHost({ 'm.arch': 'client users\nservice web\nusers -> web' }),
      rules: loaded.config!.registry.all().filter((r) => r.id === 'policy/two'),
    });
    expect(renderDiagram(result.model!, { findings: result.diagnostics })).toContain('n1["⚙ web<br/>service<br/>⚠ policy/two"]');
  });
});

describe('a policy that cannot be read', () => {
  const one = (policy: object) => JSON.stringify({ policies: [policy] });
  it.each([
    ['no id', one({ forbid: { from: {}, to: {} } }), [[1, 14, '`policies[0]` needs an `id` (the policy is the rule `policy/<id>`)']]],
    [
      'an id that is not a name',
      one({ id: 'No Spaces', forbid: { from: {}, to: {} } }),
      [[1, 20, '`policies[0].id` must be lower-case words joined by hyphens (the policy is the rule `policy/<id>`)']],
    ],
    ['a misspelt form', one({ id: 'a', forbd: { from: {}, to: {} } }), [[1, 24, 'unknown key in `policies[0]`: `forbd`; did you mean `forbid`?']]],
    [
      'a misspelt selector key',
      one({ id: 'a', forbid: { from: { knd: 'client' }, to: {} } }),
      [[1, 42, 'unknown key in `policies[0].forbid.from`: `knd`; did you mean `kind`?']],
    ],
    [
      'an unknown kind',
      one({ id: 'a', forbid: { from: { kind: 'clients' }, to: {} } }),
      [
        [
          1,
          49,
          '`policies[0].forbid.from.kind` must be one of "client", "dns", "cdn", "lb", "service", "worker", "cache", "database", "queue", "storage", "monitoring", "external", "gateway", "search", "function"; did you mean "client"?',
        ],
      ],
    ],
    [
      'a misspelt comparison',
      one({ id: 'a', require: { replicas: { gtr: 2 } } }),
      [[1, 47, 'unknown key in `policies[0].require.replicas`: `gtr`; did you mean `gt`?']],
    ],
    ['forbid without `to`', one({ id: 'a', forbid: { from: {} } }), [[1, 33, '`policies[0].forbid` needs `to`']]],
    [
      'no form',
      one({ id: 'a', where: { kind: 'cache' } }),
      [[1, 14, 'the policy `a` says nothing to check: give it `where` and `require`, `forbid`, or `require-path-through`']],
    ],
    [
      'two forms',
      one({ id: 'a', require: { replicas: 2 }, forbid: { from: {}, to: {} } }),
      [[1, 14, 'a policy takes one of `require`, `forbid` and `require-path-through`; `a` has `require` and `forbid`']],
    ],
    [
      '`where` with `forbid`',
      one({ id: 'a', where: {}, forbid: { from: {}, to: {} } }),
      [[1, 24, '`where` goes with `require`: `forbid` and `require-path-through` select with `from` and `to`']],
    ],
    [
      'a threshold in the wrong unit',
      one({ id: 'a', require: { availability: { gte: '5ms' } } }),
      [[1, 57, '`availability` takes a percentage such as `90%`, not `5ms`']],
    ],
    ['an unknown unit', one({ id: 'a', require: { latency: { lt: '5mins' } } }), [[1, 51, 'unknown unit `mins` in `5mins`; did you mean `5m`?']]],
    ['a threshold that is not a number', one({ id: 'a', require: { replicas: 'lots' } }), [[1, 46, '`replicas` takes a number such as `3`, not `lots`']]],
    [
      'a percentage written as a number over 1',
      one({ id: 'a', require: { availability: { gte: 99.9 } } }),
      [[1, 57, '`availability` is compared as a fraction from 0 to 1 here: write 0.9990000000000001 or "99.9%"']],
    ],
    [
      'an attribute the selected kind does not take',
      one({ id: 'a', where: { kind: 'service' }, require: { shard_key: { exists: true } } }),
      [[1, 62, '`shard_key` is not an attribute of `service`']],
    ],
    [
      'a placeholder its form does not have',
      one({ id: 'a', forbid: { from: {}, to: {} }, message: '{{name}} again' }),
      [[1, 63, '`{{name}}` is not a placeholder of this policy; it has `{{policy}}`, `{{from}}`, `{{to}}`']],
    ],
    [
      'two policies with one id',
      JSON.stringify({
        policies: [
          { id: 'a', forbid: { from: {}, to: {} } },
          { id: 'a', forbid: { from: {}, to: {} } },
        ],
      }),
      [[1, 60, 'two policies are named `a`; the first is `policies[0]`']],
    ],
  ])('%s: a located error', async (_, text, expected) => {
    expect(await errorsOf(text)).toEqual(expected);
  });
});
