/**
 * The importers at scale: a generated deployment of each source (Kubernetes manifests, a Compose
 * file, a Terraform plan) with 1,000 and 10,000 workloads, each calling the next through an
 * environment variable or a reference, imported and checked with every built-in rule. Ten times
 * the workloads must take about ten times as long. Part of `npm run bench` (bench/run.ts); on its
 * own:
 *
 *   npm run build && node dist/bench/imports.js
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel } from '../src/engine/pipeline.js';
import { fmtInt, fmtMs, fmtRatio, median } from './measure.js';

const sizes = [1_000, 10_000] as const;

/** N Deployments, each with a Service; workload i calls workload i+1 through `NEXT_URL`. */
export function kubernetesManifests(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const env = i + 1 < n ? `\n        env:\n        - name: NEXT_URL\n          value: http://svc${i + 1}:8080` : '';
    docs.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc${i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: svc${i}}\n  template:\n    metadata:\n      labels: {app: svc${i}}\n    spec:\n      containers:\n      - name: app\n        image: ghcr.io/acme/svc${i}:1\n        ports:\n        - containerPort: 8080${env}`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc${i}\nspec:\n  selector: {app: svc${i}}\n  ports:\n  - port: 8080`,
    );
  }
  return `${docs.join('\n---\n')}\n`;
}

/** N Compose services; service i calls service i+1 through `NEXT_URL`. */
export function composeFile(n: number): string {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  svc${i}:`, `    image: ghcr.io/acme/svc${i}:1`, '    deploy: {replicas: 2}', '    expose: ["8080"]');
    if (i + 1 < n) lines.push(`    environment: {NEXT_URL: "http://svc${i + 1}:8080"}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A plan of N SQS queues with dead-letter queues, each consumed by a Lambda function. */
export function terraformPlan(n: number): string {
  const resources: object[] = [];
  for (let i = 0; i < n; i++) {
    resources.push(
      {
        address: `aws_sqs_queue.dlq${i}`,
        mode: 'managed',
        type: 'aws_sqs_queue',
        name: `dlq${i}`,
        values: { name: `dlq${i}`, arn: `arn:aws:sqs:eu-west-1:1:dlq${i}` },
      },
      {
        address: `aws_sqs_queue.q${i}`,
        mode: 'managed',
        type: 'aws_sqs_queue',
        name: `q${i}`,
        values: {
          name: `q${i}`,
          arn: `arn:aws:sqs:eu-west-1:1:q${i}`,
          redrive_policy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:eu-west-1:1:dlq${i}`, maxReceiveCount: 5 }),
        },
      },
      { address: `aws_lambda_function.f${i}`, mode: 'managed', type: 'aws_lambda_function', name: `f${i}`, values: { function_name: `f${i}` } },
      {
        address: `aws_lambda_event_source_mapping.m${i}`,
        mode: 'managed',
        type: 'aws_lambda_event_source_mapping',
        name: `m${i}`,
        values: { event_source_arn: `arn:aws:sqs:eu-west-1:1:q${i}`, function_name: `f${i}` },
      },
    );
  }
  return `${JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', planned_values: { root_module: { resources } } }, null, 1)}\n`;
}

const sources = [
  { name: 'kubernetes', file: 'deploy.yaml', text: kubernetesManifests },
  { name: 'compose', file: 'compose.yaml', text: composeFile },
  { name: 'terraform', file: 'plan.json', text: terraformPlan },
] as const;

/** Import and check of each source at each size, with the growth from the smaller size. */
export function measureImports(log: (line?: string) => void, runs = 3): void {
  log('deployments (in process: import + check with every rule; 10× the workloads should cost about 10× the time):');
  const verdict = (ratio: number) => (ratio <= 13 ? 'linear' : ratio <= 20 ? 'slightly above linear' : 'SUPER-LINEAR');
  const rules = builtinRegistry.all();
  for (const source of sources) {
    let previous: number | undefined;
    for (const n of sizes) {
      const text = source.text(n);
      const host = { cwd: '/bench', readFile: () => text };
      // A new name each run: the parse of a file is remembered by name (detect.ts), and every run
      // must read its file.
      let count = 0;
      const run = () => {
        const file = `run${count++}/${source.file}`;
        return checkModel(file, { host, rules, deployment: [file] });
      };
      const result = run();
      if (result.status !== 'checked')
        throw new Error(`${source.name} at ${n}: ${result.diagnostics.find((d) => d.severity === 'error')?.message ?? result.status}`);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        run();
        times.push(performance.now() - start);
      }
      const ms = median(times);
      const growth = previous === undefined ? '' : `  ${fmtRatio(ms / previous)} for 10× (${verdict(ms / previous)})`;
      log(`  ${`${source.name}: N workloads`.padEnd(52)}${fmtInt(n).padStart(8)}${fmtMs(ms).padStart(10)} ms${growth}`);
      previous = ms;
    }
  }
  log();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) measureImports((line = '') => console.log(line));
