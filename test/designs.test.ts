/**
 * Real, public designs (examples/designs/, each says where it comes from): archlint reports
 * exactly the findings marked in them (`# expect:`), and the evaluator's figures for them are the
 * ones worked out by hand below.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel } from '../src/engine/pipeline.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { nodeHost } from '../src/model/load.js';
import { root } from './cli-run.js';
import { markers } from './markers.js';

const dir = path.join(root, 'examples/designs');
/** A design checked from disk with the built-in rules, as `archlint check` would. */
// What a user sees with no configuration: the rules of archlint:recommended.
const recommended = builtinRegistry.all().filter((r) => r.meta.recommended !== false);
const checkFile = (file: string) => checkModel(path.relative(root, file), { host: nodeHost(root), rules: recommended });

const designs = readdirSync(dir)
  .filter((f) => f.endsWith('.arch'))
  .sort();

describe('the real designs', () => {
  it.each(designs)('%s reports exactly the findings marked in it', (file) => {
    const found = checkFile(path.join(dir, file))
      .diagnostics.filter((d) => !d.suppressed)
      .map((d) => `${d.ruleId}@${d.span.start.line}`)
      .sort();
    expect(found).toEqual(markers(path.join(dir, file)));
  });
});

describe('the AWS three-tier reference design, evaluated', () => {
  const model = () => checkFile(path.join(dir, 'aws-three-tier.arch')).model!;

  it('runs the web tier at what 1,000 requests per second need: ⌈1,000 / (70% × 200)⌉ = 8 of 2..12', () => {
    const e = evaluate(model());
    const web = e.tiers.find((t) => t.component === 'web')!;
    expect(web).toMatchObject({ replicas: 8, rps: 1000, autoscale: { min: 2, max: 12 }, saturated: false });
    expect(web.utilization).toBeCloseTo(1000 / (8 * 200), 12);
    // The database gets the reads that miss the cache (20% of 900) and every write (100).
    expect(e.tiers.find((t) => t.component === 'rds')!.rps).toBeCloseTo(900 * 0.2 + 100, 9);
  });

  it('counts the managed tiers as their providers run them, one Redis once, and DNS for the requests that resolve', () => {
    const e = evaluate(model());
    const dns = 1 - 0.05 * (1 - 0.9999); // Route 53 at 99.99%, for the 5% of requests that resolve
    const alb = 0.9999; // Elastic Load Balancing SLA
    const web = 1 - 0.005 ** 8; // 8 EC2 instances at 99.5%
    const redis = Math.max(0.9999, 1 - 0.005 ** 2); // ElastiCache SLA, or its 2 nodes if better
    const rds = Math.max(0.9995, 1 - 0.005 ** 2); // RDS Multi-AZ SLA, or its 2 nodes if better
    // Reads: the sessions and the query results come from the same Redis (counted once); the
    // database only on a miss (20%).
    const read = e.flows.find((f) => f.kind === 'read')!;
    expect(read.availability).toBeCloseTo(dns * alb * web * redis * (1 - 0.2 * (1 - rds)), 12);
    const write = e.flows.find((f) => f.kind === 'write')!;
    expect(write.availability).toBeCloseTo(dns * alb * web * redis * rds, 12);
    // Both above the design's 99.9% budget.
    expect(Math.min(read.availability, write.availability)).toBeGreaterThan(0.999);
  });
});
