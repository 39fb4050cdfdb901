/**
 * Availability zones and hosts: how the language reads them, what `--fail region/zone` and
 * `--fail host` take down, and how components on one host share it. Figures by hand from the
 * documented defaults (a service instance 99.5%, 200 requests a second).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate/evaluate.js';
import { check, validModel } from './helpers.js';

const messages = (source: string) => check(source).diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message}`);

describe('zones in the language', () => {
  it('reads a region’s zones and a component’s own', () => {
    const model = validModel('region us_east {\n  zones: [a, b, c]\n  service web { replicas: 3 }\n  service api { replicas: 2, zones: [b, c] }\n}');
    expect(model.region('us_east')!.zones).toEqual(['a', 'b', 'c']);
    expect(model.region('us_east')!.zonesSpan!.start).toMatchObject({ line: 2, column: 3 });
    expect(model.component('api')!.attrs.zones).toEqual(['b', 'c']);
    expect(model.component('web')!.attrs.zones).toBeUndefined();
  });

  it('reports zones outside a region, unknown zones, zones of a region that lists none, and repeats', () => {
    expect(messages('zones: [a]')).toEqual(['1:1 `zones` is a property of a region: write it inside `region name { }`']);
    expect(messages('region r {\n  zones: [a, b]\n  service web { zones: [a, bb] }\n}')).toEqual([
      '3:17 `bb` is not a zone of region `r` (`a`, `b`); did you mean `b`?',
    ]);
    expect(messages('region r {\n  service web { zones: [a] }\n}')).toEqual([
      '2:17 region `r` declares no zones: list them in its body (`zones: [a]`) for `web` to be in them',
    ]);
    expect(messages('service web { zones: [a] }')).toEqual([
      '1:15 `web` is in no region, so it has no zones to be in: declare it inside a region that lists its `zones`',
    ]);
    expect(messages('region r {\n  zones: [a, a]\n}')).toEqual(['2:3 zone `a` is listed twice']);
    expect(messages('region r {\n  zones: [a]\n}\nregion r {\n  zones: [b]\n}')).toEqual(['5:3 region `r` already has its zones (line 2); write them once']);
    expect(messages('region r {\n  replicas: 2\n}')).toEqual([expect.stringContaining('2:3 unknown attribute `replicas`')]);
  });

  it('keeps a host in one region: a machine is in one place', () => {
    expect(messages('region eu {\n  service web { host: vm1 }\n}\nregion us {\n  database db { host: vm1 }\n}')).toEqual([
      '5:17 `db` is on host `vm1` in region `us`, but `web` on that host is in region `eu`: one machine is in one region',
    ]);
    expect(messages('service web { host: vm1 }\nregion us {\n  database db { host: vm1 }\n}')).toEqual([
      '3:17 `db` is on host `vm1` in region `us`, but `web` on that host is in no region: one machine is in one region',
    ]);
    // One region, or none, for all of a host's components: nothing to say.
    const model = validModel('region eu {\n  service web { host: vm1 }\n  database db { host: vm1 }\n}\nservice a { host: vm2 }\nservice b { host: vm2 }');
    expect([...model.hosts().keys()]).toEqual(['vm1', 'vm2']);
  });
});

const zoned = `workload { rps: 300, read_ratio: 0% }
client users
region us_east {
  zones: [a, b, c]
  lb edge { managed }
  service web { replicas: 3, capacity: 200 }
  service api { replicas: 2, zones: [a] }
  database db { replicas: 1, standby: 1, zones: [a, b] }
}
users -> edge -> web -> api -> db`;

describe('a zone outage (--fail region/zone)', () => {
  it('takes the instances in the zone: one of three web servers, all of a tier pinned to it, the primary of a standby pair', () => {
    const e = evaluate(validModel(zoned), { fail: ['us_east/a'] });
    // api runs only in zone a: down (web, 3 over [a, b, c], keeps 2; db's standby in b takes
    // over; the managed load balancer is spread by its provider).
    expect(e.failed).toEqual(['api']);
    expect(e.flows[0]!.broken).toBe(true);
  });

  it('leaves a tier spread over other zones running', () => {
    const e = evaluate(validModel(zoned), { fail: ['us_east/c'] });
    // web loses its instance in c (300 a second on 2 instances: ρ = 300 / 400); api and db have none there.
    expect(e.failed).toEqual([]);
    const web = e.tiers.find((t) => t.component === 'web')!;
    expect(web.replicas).toBe(2);
    expect(web.utilization).toBeCloseTo(300 / 400, 12);
    expect(e.flows[0]!.broken).toBeUndefined();
  });
});

describe('components on one host', () => {
  const onHost = (rps: number, host = '') => `workload { rps: ${rps}, read_ratio: 0% }
client users
service app { capacity: 200${host ? `, host: ${host}` : ''} }
database db { capacity: 200${host ? `, host: ${host}` : ''} }
users -> app -> db`;

  it('share its CPU: each gets what the others leave', () => {
    // Alone: ρ = 50 / 200 each. On one host each needs 25% of it, so each gets 75%: 150 a second, ρ = 1/3.
    const apart = evaluate(validModel(onHost(50)));
    expect(apart.tiers.find((t) => t.component === 'app')!.utilization).toBeCloseTo(0.25, 12);
    const shared = evaluate(validModel(onHost(50, 'vm1')));
    for (const name of ['app', 'db']) {
      const tier = shared.tiers.find((t) => t.component === name)!;
      expect(tier.utilization).toBeCloseTo(50 / 150, 12);
      expect(tier).toMatchObject({ host: 'vm1', saturated: false });
      expect(tier.host_demand).toBeCloseTo(0.5, 12);
    }
    // At 100 a second each needs half the machine: together all of it, and neither keeps up.
    expect(evaluate(validModel(onHost(100, 'vm1'))).tiers.every((t) => t.saturated)).toBe(true);
  });

  it('split a machine asked for more than itself in proportion to their demands', () => {
    // 150 a second: app needs 75% of the machine and db 75%, 150% together. Each gets half of it
    // (100 a second), so each is loaded to 150 / 100 = 150%, and serves 1 / 1.5 of what reaches it.
    const e = evaluate(validModel(onHost(150, 'vm1')));
    for (const t of e.tiers.filter((x) => x.component !== 'users')) {
      expect(t.saturated).toBe(true);
      expect(t.utilization).toBeCloseTo(1.5, 12);
    }
    expect(e.flows[0]!.availability).toBeCloseTo(0.995 / 1.5, 12);
  });

  it('fail together: as available as one machine, and --fail vm1 takes both down', () => {
    // Apart: 0.995 × 0.995; on one host, once.
    expect(evaluate(validModel(onHost(50))).flows[0]!.availability).toBeCloseTo(0.995 * 0.995, 12);
    expect(evaluate(validModel(onHost(50, 'vm1'))).flows[0]!.availability).toBeCloseTo(0.995, 12);
    const down = evaluate(validModel(onHost(50, 'vm1')), { fail: ['vm1'] });
    expect(down.failed).toEqual(['app', 'db']);
    expect(down.flows[0]!.broken).toBe(true);
  });

  it('counts the replicas of one component on one host as one machine', () => {
    const model = (host: string) => `workload { rps: 300, read_ratio: 0% }\nclient users\nservice web { replicas: 3, capacity: 200${host} }\nusers -> web`;
    // Three instances apart serve 600 a second (ρ = 0.5); on one host, one machine's 200 (saturated),
    // and they are as available as that machine.
    expect(evaluate(validModel(model(''))).tiers[0]!.utilization).toBeCloseTo(0.5, 12);
    expect(evaluate(validModel(model(', host: vm1'))).tiers[0]!.saturated).toBe(true);
    // At 150 a second the one machine keeps up (ρ = 150 / 200), as available as one instance.
    const one = evaluate(validModel(model(', host: vm1').replace('rps: 300', 'rps: 150')));
    expect(one.tiers[0]!.utilization).toBeCloseTo(0.75, 12);
    expect(one.flows[0]!.availability).toBeCloseTo(0.995, 12);
  });
});
