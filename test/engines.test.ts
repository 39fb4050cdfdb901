/**
 * Figures by product: a queue's, database's or cache's `engine` sets the service time and the
 * capacity it starts from (docs/evaluator.md lists them with their sources). Each expectation is
 * worked out by hand from the documented figure.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation } from '../src/evaluate/evaluate.js';
import { archlint } from './cli-run.js';
import { validModel } from './helpers.js';

const tier = (e: Evaluation, component: string) => e.tiers.find((t) => t.component === component)!;

/** 10,000 writes a second through one service into `target` (declared by the caller). */
const writes = (target: string, extra = '') => `workload { rps: 10k, read_ratio: 0% }
client u
service api { replicas: 20 }
${target}
u -> api -> t
${extra}`;

describe('engine figures', () => {
  it('a Kafka broker sustains 100,000 produces a second, RabbitMQ 20,000, and a broker with no engine the kind’s 20,000', () => {
    expect(tier(evaluate(validModel(writes('queue t { engine: kafka }'))), 't').utilization).toBeCloseTo(10_000 / 100_000, 12);
    expect(tier(evaluate(validModel(writes('queue t { engine: RabbitMQ }'))), 't').utilization).toBeCloseTo(10_000 / 20_000, 12);
    expect(tier(evaluate(validModel(writes('queue t'))), 't').utilization).toBeCloseTo(10_000 / 20_000, 12);
  });

  it('SQS has no capacity to exhaust, and a send costs its 20 ms', () => {
    const e = evaluate(validModel(writes('queue t { engine: sqs }')));
    expect(tier(e, 't').utilization).toBeLessThan(1e-6);
    // 40 ms to api, its 5 ms and its wait, 0.5 ms hop, 20 ms SendMessage.
    const api = tier(e, 'api');
    expect(e.flows[0]!.mean_ms).toBeCloseTo(40 + api.response_ms! + 0.5 + 20, 9);
  });

  it('a Cassandra node sustains 4,000 requests a second, a MySQL primary 5,000', () => {
    // Writes go to the primary of each shard: 3 shards of 4,000 for 10,000 writes is ρ = 0.8333.
    expect(tier(evaluate(validModel(writes('database t { engine: cassandra, replicas: 3, shards: 3 }'))), 't').utilization).toBeCloseTo(10_000 / 12_000, 12);
    expect(tier(evaluate(validModel(writes('database t { engine: mysql, replicas: 3, shards: 3 }'))), 't').utilization).toBeCloseTo(10_000 / 15_000, 12);
  });

  it('DynamoDB answers in single-digit milliseconds (5 ms) at any load', () => {
    const e = evaluate(validModel(writes('database t { engine: dynamodb, managed }')));
    expect(tier(e, 't').utilization).toBeLessThan(1e-6);
    expect(tier(e, 't').response_ms).toBeCloseTo(5, 9);
  });

  it('memcached, multi-threaded, serves twice what one Redis does', () => {
    const reads = (engine: string) =>
      `workload { rps: 50k, read_ratio: 100% }\nclient u\nservice api { replicas: 100 }\ncache c { engine: ${engine} }\ndatabase d { replicas: 2 }\nu -> api\napi -> c { reads }\napi -> d`;
    // Every read asks the cache: 50,000 a second on one node.
    expect(tier(evaluate(validModel(reads('memcached'))), 'c').utilization).toBeCloseTo(50_000 / 200_000, 12);
    expect(tier(evaluate(validModel(reads('redis'))), 'c').utilization).toBeCloseTo(50_000 / 100_000, 12);
  });

  it('take a model’s override by key, and leave an engine archlint does not know to the kind', () => {
    const e = evaluate(validModel(writes('queue t { engine: kafka }', 'latency { kafka_capacity: 50k }')));
    // Oracle is not in the table: the kind's 5,000 a second on one primary, 10,000 arriving, ρ = 2.
    expect(tier(e, 't').utilization).toBeCloseTo(10_000 / 50_000, 12);
    expect(tier(evaluate(validModel(writes('database t { engine: oracle }'))), 't').utilization).toBeCloseTo(2, 12);
  });

  it('are listed by --print-defaults, each with its source', () => {
    const { stdout, code } = archlint(['eval', '--print-defaults']);
    expect(code).toBe(0);
    for (const key of [
      'kafka_capacity',
      'rabbitmq_capacity',
      'cassandra_capacity',
      'memcached_capacity',
      'postgresql_service_time',
      'sqs_service_time',
      'dynamodb_service_time',
    ]) {
      const line = stdout.split('\n').find((l) => l.includes(key));
      expect(line, key).toBeDefined();
    }
    expect(stdout).toContain('Benchmarking Cassandra Scalability on AWS');
    // A capacity without limit has nothing to override.
    expect(stdout).not.toContain('sqs_capacity');
  });
});
