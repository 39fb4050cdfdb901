/**
 * The import stage's own parts, apart from any one importer: recognising a file by its content,
 * reading YAML and JSON with positions, refusing what it does not read with a located message,
 * grouping files into models, and the command-line's refusals (exit 2, nothing written).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat, importDeployment, planModels } from '../src/import/index.js';
import { safeName } from '../src/import/emit.js';
import { kindOfImage, repositoryOf } from '../src/import/images.js';
import { readDocuments, get, items, str } from '../src/import/source.js';
import { archlint, root, stackTrace } from './cli-run.js';
import { tempDirs } from './temp.js';

const temp = tempDirs('import-driver');
afterAll(() => temp.removeAll());

describe('recognising a file by its content', () => {
  it('tells Kubernetes, Compose and Terraform JSON apart, whatever the file is called', () => {
    expect(detectFormat('x.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n').format).toBe('kubernetes');
    expect(detectFormat('x.yaml', 'apiVersion: v1\nkind: List\nitems: []\n').format).toBe('kubernetes');
    expect(detectFormat('stack.yml', 'services:\n  web:\n    image: nginx\n').format).toBe('compose');
    expect(detectFormat('out.json', '{"format_version": "1.2", "planned_values": {"root_module": {}}}').format).toBe('terraform');
    expect(detectFormat('prod.tfstate', '{"version": 4, "terraform_version": "1.9.0", "resources": []}').format).toBe('terraform');
    expect(detectFormat('model.arch', 'not even parsed').format).toBe('arch');
  });

  it('refuses what it recognises and does not read, saying what to run instead', () => {
    const hcl = detectFormat('main.tf', 'resource "aws_instance" "web" {}');
    expect(hcl).toMatchObject({ format: 'unsupported' });
    expect((hcl as { message: string }).message).toContain('terraform show -json plan.out > plan.json');
    const helm = detectFormat('deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n');
    expect((helm as { message: string }).message).toContain('helm template');
    expect(detectFormat('stack.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n')).toMatchObject({ format: 'unsupported' });
    expect(detectFormat('package.json', '{"name": "x", "version": "1.0.0"}')).toMatchObject({ format: 'unknown' });
  });
});

describe('reading YAML and JSON with positions', () => {
  it('gives every node its 1-based line and column, in every document', () => {
    const { documents, problems } = readDocuments('a: 1\n---\nkind: Service\nmetadata:\n  name: web\n');
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(2);
    const name = get(get(documents[1]!.root, 'metadata'), 'name')!;
    expect(str(name)).toBe('web');
    expect(name.span.start).toEqual({ line: 5, column: 9, offset: 41 });
  });

  it('reads JSON as YAML, with the positions of the JSON text', () => {
    const { documents } = readDocuments('{\n  "resources": [\n    {"type": "aws_instance"}\n  ]\n}\n');
    const type = get(items(get(documents[0]!.root, 'resources'))[0], 'type')!;
    expect(type.span.start.line).toBe(3);
    expect(type.span.start.column).toBe(14);
  });

  it('reports a syntax error at its line instead of throwing, and bounds nesting and aliases', () => {
    const bad = readDocuments('services:\n  web:\n    image: [unclosed\n');
    expect(bad.problems.length).toBeGreaterThan(0);
    expect(bad.problems[0]!.span.start.line).toBeGreaterThanOrEqual(3);
    const deep = readDocuments(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(deep.problems.map((p) => p.message)).toEqual(['nesting too deep to read (more than 200 levels is not a deployment)']);
    // A billion laughs: aliases are expanded once each, never exponentially.
    const laughs = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 9 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(readDocuments(laughs).problems.map((p) => p.message)).toEqual(['aliases expand to more than 100000 values']);
  });
});

describe('names and images', () => {
  it('makes valid component names of deployed names', () => {
    expect(safeName('orders-db')).toBe('orders-db');
    expect(safeName('shop/cart.v2')).toBe('shop_cart_v2');
    expect(safeName('2fa-service')).toBe('_2fa-service');
    expect(safeName('trailing-')).toBe('trailing_');
    expect(safeName('region')).toBe('region_');
  });

  it("reads an image's repository without registry, tag or digest", () => {
    expect(repositoryOf('postgres:16')).toBe('postgres');
    expect(repositoryOf('docker.io/library/redis:7-alpine')).toBe('redis');
    expect(repositoryOf('ghcr.io/acme/ledger:2.1@sha256:abc')).toBe('acme/ledger');
    expect(repositoryOf('localhost:5000/cache')).toBe('cache');
    expect(kindOfImage('bitnami/postgresql:16.2.0', [])).toMatchObject({ kind: 'database', engine: 'postgresql' });
    expect(kindOfImage('acme/ledger:2', [])).toBeUndefined();
    expect(kindOfImage('ghcr.io/acme/ledger:2', [{ pattern: 'acme/ledger', kind: 'database' }])).toMatchObject({ kind: 'database' });
  });
});

describe('importing a deployment', () => {
  it('refuses files of two formats in one deployment, and unreadable or invalid ones, with located errors', () => {
    const files: Record<string, string> = {
      'a.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n',
      'b.yaml': 'services:\n  web:\n    image: nginx\n',
      'c.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: [c\n',
    };
    const read = (f: string) => {
      const text = files[f];
      if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return text;
    };
    const result = importDeployment(['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml'], read);
    expect(result.problems.map((p) => [p.ruleId, p.file, p.span.start.line])).toEqual([
      ['import', 'b.yaml', 1],
      // The flow collections opened on line 3 are still open where the file ends.
      ['syntax', 'c.yaml', 4],
      ['syntax', 'c.yaml', 4],
      ['import', 'd.yaml', 1],
    ]);
    expect(result.problems[0]!.message).toBe('b.yaml is a Compose project, and the other files are Kubernetes manifests: import them separately');
  });

  it('groups a run: all Kubernetes manifests one model, a Compose file with its override, each Terraform file alone', () => {
    const texts: Record<string, string> = {
      'k/a.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n',
      'k/b.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n',
      'c/compose.yaml': 'services: {web: {image: nginx}}\n',
      'c/compose.override.yaml': 'services: {web: {ports: ["80:80"]}}\n',
      'c/compose.ci.yaml': 'services: {test: {image: node}}\n',
      'p1.json': '{"format_version": "1.2", "planned_values": {}}',
      'p2.json': '{"format_version": "1.2", "planned_values": {}}',
      'm.arch': 'service x\n',
    };
    const plans = planModels(
      Object.keys(texts),
      () => [],
      '/w',
      (f) => texts[f]!,
    );
    expect(plans).toEqual([
      { root: 'k/a.yaml', deployment: ['k/a.yaml', 'k/b.yaml'] },
      { root: 'c/compose.yaml', deployment: ['c/compose.yaml', 'c/compose.override.yaml'] },
      { root: 'c/compose.ci.yaml', deployment: ['c/compose.ci.yaml'] },
      { root: 'p1.json', deployment: ['p1.json'] },
      { root: 'p2.json', deployment: ['p2.json'] },
      { root: 'm.arch' },
    ]);
  });
});

describe("the configuration's import.names", () => {
  // Each source names a component differently (a Kubernetes workload, a Compose service, a
  // Terraform address): the configured name replaces it, and edges follow it.
  const cases = [
    {
      file: 'deploy.yaml',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders-api}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers: [{name: api, image: acme/orders:1, ports: [{containerPort: 80}]}]\n',
      names: { 'orders-api': 'orders' },
    },
    { file: 'compose.yaml', text: 'services:\n  orders-api:\n    image: acme/orders:1\n    ports: ["80:80"]\n', names: { 'orders-api': 'orders' } },
    {
      file: 'plan.json',
      text: readFileSync(path.join(root, 'test/fixtures/import/terraform/bad/plan.json'), 'utf8'),
      // The fixture's aws_db_instance.main is imported as `db`.
      names: { 'aws_db_instance.main': 'orders' },
    },
  ];
  it.each(cases.map((c) => [c.file, c] as const))('%s', (_, c) => {
    const result = importDeployment([c.file], () => c.text, { names: new Map(Object.entries(c.names)) });
    const names = result.sources
      .flatMap((s) => s.ast.statements)
      .flatMap((st) => (st.type === 'component' ? [st.name] : st.type === 'region' ? st.body.flatMap((b) => (b.type === 'component' ? [b.name] : [])) : []));
    expect(names).toContain('orders');
    expect(names).not.toContain(Object.keys(c.names)[0]!.includes('.') ? 'db' : 'orders-api');
  });
});

describe('eval and render on a deployment', () => {
  // One web service with two replicas calling a PostgreSQL without replicas: the only flow is
  // users → web → db, and the database is the one error on the picture (spof).
  const compose =
    'services:\n  web:\n    image: ghcr.io/acme/web:1\n    deploy: {replicas: 2}\n    ports: ["443:8443"]\n    environment: {DATABASE_URL: "postgres://app@db:5432/app"}\n  db:\n    image: postgres:16\n    volumes: [data:/var/lib/postgresql/data]\nvolumes:\n  data: {}\n';

  it('eval estimates the flows of the deployment, through its components', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'compose.yaml'), compose);
    const result = archlint(['eval', 'compose.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('users → web → db');
  });

  it('render draws it with the findings marked', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'compose.yaml'), compose);
    const result = archlint(['render', 'compose.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(result.stdout).toMatch(/\["⚙ web<br\/>service[^"]*"\]/);
    expect(result.stdout).toMatch(/db<br\/>database<br\/>⚠ [^"]*spof/);
  });
});

describe('the command line on what it cannot read', () => {
  it('check names the file and what to run instead, and exits with 2', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'main.tf'), 'resource "aws_instance" "web" {}\n');
    writeFileSync(path.join(dir, 'bad.yaml'), 'services:\n  web:\n    image: [unclosed\n');
    const hcl = archlint(['check', 'main.tf'], { cwd: dir });
    expect(hcl.code).toBe(2);
    expect(hcl.stdout).toContain('terraform show -json plan.out > plan.json');
    const bad = archlint(['check', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/bad\.yaml\n\s+[34]:\d+\s+error/);
    for (const r of [hcl, bad]) expect(r.stdout + r.stderr).not.toMatch(stackTrace);
  });

  it('a directory with no model of any kind is a usage error; other YAML and JSON in it are left alone', () => {
    const dir = temp.make();
    mkdirSync(path.join(dir, 'ci'));
    writeFileSync(path.join(dir, 'ci', 'workflow.yaml'), 'on: push\njobs: {}\n');
    writeFileSync(path.join(dir, 'ci', 'package.json'), '{"name": "x"}\n');
    expect(archlint(['check', 'ci'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'archlint: no .arch files, Kubernetes manifests, Compose files or Terraform JSON in directory ci\n',
    });
  });

  it('import refuses .arch input, a missing --against for drift, and never replaces a file', () => {
    const dir = temp.make();
    writeFileSync(path.join(dir, 'm.arch'), 'service x\n');
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
    writeFileSync(path.join(dir, 'design.arch'), '# mine\n');
    expect(archlint(['import', 'm.arch'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'archlint: import: m.arch is an .arch file already (import reads deployment files)\n',
    });
    const refused = archlint(['import', 'compose.yaml', '-o', 'design.arch'], { cwd: dir });
    expect(refused).toMatchObject({ code: 2, stderr: 'archlint: design.arch exists: archlint import never replaces a file (--force to replace it)\n' });
    expect(readFileSync(path.join(dir, 'design.arch'), 'utf8')).toBe('# mine\n');
    expect(archlint(['import', 'compose.yaml', '-o', 'compose.yaml', '--force'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'archlint: refusing to write compose.yaml: it is the deployment file compose.yaml (choose another output path)\n',
    });
    expect(existsSync(path.join(dir, 'compose.yaml'))).toBe(true);
    expect(archlint(['drift', 'design.arch'], { cwd: dir }).code).toBe(2);
  });
});
