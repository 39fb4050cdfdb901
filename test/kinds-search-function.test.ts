/**
 * The `search` kind (a search index: a copy of data kept for queries) and how the model, the
 * evaluator and the rules read it. Figures by hand from the documented defaults
 * (docs/evaluator.md): a search node answers a query in 10 ms and serves 1,000 a second (so 10 at
 * once), and is up 99.5% of the time; Amazon OpenSearch Service's SLA is 99.9%.
 */
import { describe, expect, it } from 'vitest';
import spof from '../rules/spof.js';
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
