/**
 * The `search` kind (a search index: a copy of data kept for queries) and the `function` kind (a
 * serverless function), and how the model, the evaluator and the rules read them. Figures by hand
 * from the documented defaults (docs/evaluator.md): a search node answers a query in 10 ms and
 * serves 1,000 a second (so 10 at once), and is up 99.5% of the time; Amazon OpenSearch Service's
 * SLA is 99.9%. A function instance serves one request at a time in 10 ms, 0.5% of invocations
 * start an instance and pay 300 ms more, and AWS Lambda's SLA is 99.95%; the autoscaler keeps
 * instances near 70% busy.
 */
import { describe, expect, it } from 'vitest';
import missingLoadBalancer from '../rules/missing-load-balancer.js';
import overCapacity from '../rules/over-capacity.js';
import queueWithoutConsumer from '../rules/queue-without-consumer.js';
import spof from '../rules/spof.js';
import syncLongTask from '../rules/sync-long-task.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { check, validModel } from './helpers.js';

describe('a search index', () => {
  it.each(['elasticsearch', 'opensearch', 'solr', 'meilisearch'])('is what `%s` written as a kind is taken for', (product) => {
    const { diagnostics } = check(`${product} idx`);
    expect(diagnostics.map((d) => d.message)).toEqual([`unknown kind \`${product}\`; did you mean \`search\`?`]);
  });

  it('is not managed unless it says so, and takes engine, derived_from and public', () => {
    const model = validModel('database products\nsearch idx { engine: opensearch, derived_from: products, public: false }');
    const idx = model.component('idx')!;
    expect(idx.attrs.managed).toBe(false);
    expect(idx.attrs.engine).toBe('opensearch');
    expect(idx.attrs.derived_from).toBe('products');
  });

  it('joins replication edges as a store does', () => {
    validModel('database products { replicas: 2 }\nsearch idx { replicas: 2 }\nproducts -> idx { replication: async }');
    const { diagnostics } = check('service api\nsearch idx\napi -> idx { replication: async }');
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('replication')]);
  });

  const reads = (idx: string, cache = '') => `workload { rps: 100, read_ratio: 100% }
client u
service api { replicas: 2, managed }
search idx ${idx}
${cache}u -> api
api -> idx { reads }`;

  it('answers its queries with its own figures', () => {
    // api: two managed instances, max(99.99%, 1 − 0.005²) = 0.999975; idx: two nodes, 1 − 0.005².
    const evaluation = evaluate(validModel(reads('{ replicas: 2 }')));
    const flow = evaluation.flows[0]!;
    expect(flow.path).toEqual(['u', 'api', 'idx']);
    expect(flow.availability).toBeCloseTo(0.999975 * 0.999975, 12);
    // The first hop 40 ms, api's 5 ms (ten servers at λ = 100: ρ = 0.05, no wait to speak of), the
    // hop 0.5 ms and the query's 10 ms (twenty servers of 100 a second: ρ = 0.05).
    expect(flow.mean_ms!).toBeGreaterThan(55.5);
    expect(flow.mean_ms!).toBeLessThan(55.501);
    const idx = evaluation.tiers.find((t) => t.component === 'idx')!;
    expect(idx.rps).toBe(100);
    expect(idx.utilization).toBeCloseTo(100 / (2 * 1000), 12);
  });

  it('is as available as Amazon OpenSearch Service when managed, and read only on a miss behind a look-aside cache', () => {
    // One managed node: max(99.9%, 99.5%).
    const managed = evaluate(validModel(reads('{ managed }'))).flows[0]!;
    expect(managed.availability).toBeCloseTo(0.999975 * 0.999, 12);
    // A cache the service checks first answers 80% of the reads: the index sees 20 a second.
    const cached = evaluate(validModel(reads('{ replicas: 2 }', 'cache c { replicas: 2 }\napi -> c { reads }\n')));
    expect(cached.tiers.find((t) => t.component === 'idx')!.rps).toBeCloseTo(20, 9);
  });

  it('is a single point of failure as one self-run node, not as a managed domain', () => {
    const spofs = (idx: string) => check(reads(idx), { rules: [spof] }).diagnostics.map((d) => d.message);
    expect(spofs('{ replicas: 1 }')).toEqual([expect.stringContaining('`idx` is a single point of failure')]);
    expect(spofs('{ managed }')).toEqual([]);
    expect(spofs('{ replicas: 2 }')).toEqual([]);
  });
});

describe('a function', () => {
  it.each(['lambda', 'faas', 'serverless', 'cloudfunction', 'cloud_function', 'azurefunction'])('is what `%s` written as a kind is taken for', (product) => {
    const { diagnostics } = check(`${product} resize`);
    expect(diagnostics.map((d) => d.message)).toEqual([`unknown kind \`${product}\`; did you mean \`function\`?`]);
  });

  it('is managed, and autoscaled from none to AWS Lambda’s default concurrency limit, unless it says otherwise', () => {
    const model = validModel('function f\nfunction g { managed: false, autoscale: 2..10, cold_start: 0ms }');
    expect(model.component('f')!.attrs.managed).toBe(true);
    expect(model.component('f')!.attrs.autoscale).toEqual({ min: 0, max: 1000 });
    expect(model.component('g')!.attrs.managed).toBe(false);
    expect(model.component('g')!.attrs.autoscale).toEqual({ min: 2, max: 10 });
    expect(model.component('g')!.attrs.cold_start).toBe(0);
  });

  const calls = (f: string, settings = '') => `workload { rps: 1k, read_ratio: 100% }
${settings}client u
function f ${f}
u -> f`;

  it('runs the instances its load needs, one request at a time each, its cold starts counted', () => {
    const evaluation = evaluate(validModel(calls('')));
    const tier = evaluation.tiers.find((t) => t.component === 'f')!;
    // 10 ms warm plus 0.5% × 300 ms = 11.5 ms a request, so 1,000 / 11.5 a second per instance;
    // at 70% each, 1,000 a second need ⌈1,000 × 11.5 / 700⌉ = ⌈16.43⌉ = 17 instances.
    expect(tier.autoscale).toEqual({ min: 0, max: 1000 });
    expect(tier.replicas).toBe(17);
    expect(tier.utilization).toBeCloseTo(11.5 / 17, 12);
    expect(tier.response_ms! - tier.wait_ms!).toBeCloseTo(11.5, 9);
    // As available as the platform, however many instances run: not 1 − 0.005¹⁷.
    expect(evaluation.flows[0]!.availability).toBeCloseTo(0.9995, 12);
    // Without cold starts, 10 ms: ⌈14.29⌉ = 15; with 2 s ones, 20 ms: ⌈28.57⌉ = 29.
    expect(evaluate(validModel(calls('{ cold_start: 0ms }'))).tiers[0]!.replicas).toBe(15);
    expect(evaluate(validModel(calls('{ cold_start: 2s }'))).tiers[0]!.replicas).toBe(29);
  });

  it('draws cold starts as a second hump: most invocations take the warm time', () => {
    // 5% cold: a mean of 10 + 0.05 × 300 = 25 ms, 40 a second per instance, ⌈1,000 / 28⌉ = 36 instances.
    const evaluation = evaluate(validModel(calls('', 'latency { function_cold_start_share: 5% }\n')));
    expect(evaluation.tiers[0]!.replicas).toBe(36);
    // The median invocation is warm: 40 ms to the function and the median of an exponential of
    // 10 ms, 6.9 ms, plus what little waiting there is. One long-tailed time of the same mean and
    // variation would put it near 41 ms.
    const flow = evaluation.flows[0]!;
    expect(flow.p50_ms!).toBeGreaterThan(46);
    expect(flow.p50_ms!).toBeLessThan(49);
    // The slowest 1% start an instance: 300 ms and the warm time's tail.
    expect(flow.p99_ms!).toBeGreaterThan(340);
    expect(flow.p99_ms!).toBeLessThan(365);
  });

  it('is held to its concurrency limit', () => {
    // Ten instances serve 10 × 1,000 / 11.5 = 870 a second: 1,000 saturate them.
    const { diagnostics } = check(calls('{ autoscale: 0..10 }'), { rules: [overCapacity] });
    expect(diagnostics.map((d) => [d.severity, d.message])).toEqual([['error', expect.stringContaining('raise the maximum (10 now)')]]);
  });

  it('takes messages off a queue, is no single point of failure, needs no load balancer, and is slow work when it takes long', () => {
    const source = `client u
service api { replicas: 2 }
queue jobs { durable }
function f
function slow { latency: 5s }
u -> f
u -> api
api -> jobs { async, writes }
jobs -> f
api -> slow`;
    const rules = [queueWithoutConsumer, spof, missingLoadBalancer, syncLongTask];
    expect(check(source, { rules }).diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      ['missing-load-balancer', expect.stringContaining('`u` calls the service `api` directly')],
      ['sync-long-task', expect.stringContaining('`api` calls `slow`, a function that takes 5s per request, synchronously')],
    ]);
  });
});
