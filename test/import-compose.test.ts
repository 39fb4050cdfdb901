/**
 * The Compose importer (src/import/compose*.ts): the mapping of each service key, merging files
 * in order, `.env` interpolation, `extends`, `include` and profiles, and what archlint then says
 * about whole projects (public examples among them). Expected kinds, replica counts and lines are
 * read off the fixtures in test/fixtures/import/compose/ by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { checkModel, type ModelResult } from '../src/engine/pipeline.js';
import { interpolate, parseEnvFile, type InterpolationIssue } from '../src/import/compose-env.js';
import { parsePort } from '../src/import/compose-load.js';
import { baseImage, cronFrequency, hostsIn } from '../src/import/compose.js';
import type { ImageRule } from '../src/import/images.js';
import { nodeHost } from '../src/model/load.js';
import { archlint, root } from './cli-run.js';
import { memoryHost } from './helpers.js';
import { tempDirs } from './temp.js';

const fixtures = 'test/fixtures/import/compose';
const recommended = builtinRegistry.all().filter((r) => r.meta.recommended !== false);
const temp = tempDirs('import-compose');
afterAll(() => temp.removeAll());

function run(files: readonly string[], options: { strict?: boolean; images?: ImageRule[] } = {}): ModelResult {
  const deployment = files.map((f) => `${fixtures}/${f}`);
  return checkModel(deployment[0]!, {
    host: nodeHost(root),
    rules: options.strict ? builtinRegistry.all() : recommended,
    deployment,
    ...(options.images ? { importOptions: { images: options.images } } : {}),
  });
}

const where = (d: Diagnostic) => `${d.ruleId} ${path.basename(d.file)}:${d.span.start.line}`;
/** Rule findings as `rule file:line`, sorted. */
const findings = (r: ModelResult) =>
  r.diagnostics
    .filter((d) => !d.ruleId.startsWith('import/'))
    .map(where)
    .sort();
/** Import notes as `id file:line`, sorted. */
const notes = (r: ModelResult) =>
  r.diagnostics
    .filter((d) => d.ruleId.startsWith('import/'))
    .map(where)
    .sort();
const kinds = (r: ModelResult) => Object.fromEntries(r.model!.components().map((c) => [c.name, c.kind]));
const edges = (r: ModelResult) =>
  r
    .model!.edges()
    .map(
      (e) =>
        `${e.from} -> ${e.to}${e.async ? ' async' : ''}${e.replication ? ` replication ${e.replication}` : ''} ${path.basename(e.file)}:${e.span.start.line}`,
    )
    .sort();
const component = (r: ModelResult, name: string) => {
  const c = r.model!.component(name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
};
const line = (r: ModelResult, name: string, attribute: string) => component(r, name).attributeSpans.get(attribute)?.start.line;

describe('public examples', () => {
  it('the voting app (dockersamples/example-voting-app): Redis as the queue between vote and worker', () => {
    const r = run(['voting-app/docker-compose.yml']);
    expect(r.status).toBe('checked');
    expect(kinds(r)).toEqual({ vote: 'service', result: 'service', worker: 'worker', redis: 'queue', db: 'database', users: 'client' });
    expect(edges(r)).toEqual([
      'redis -> worker docker-compose.yml:47',
      'result -> db docker-compose.yml:32',
      'users -> result docker-compose.yml:37',
      'users -> vote docker-compose.yml:22',
      'vote -> redis async docker-compose.yml:11',
      'worker -> db docker-compose.yml:49',
    ]);
    // db-data at the data directory; redis mounts only its health-check scripts.
    expect(component(r, 'db').attrs).toMatchObject({ engine: 'postgresql', persistence: 'disk', host: 'voting-app' });
    expect(component(r, 'redis').attrs).toMatchObject({ engine: 'redis', persistence: 'none' });
    // The debugger port is on 127.0.0.1 only: no second public entry for result.
    expect(line(r, 'result', 'public')).toBe(37);
    expect(findings(r)).toEqual([
      'missing-load-balancer docker-compose.yml:22',
      'missing-load-balancer docker-compose.yml:37',
      'missing-observability docker-compose.yml:6',
      'no-db-replication docker-compose.yml:64',
      'non-durable-queue docker-compose.yml:54',
      'shared-fate docker-compose.yml:64',
      'spof docker-compose.yml:54',
      'spof docker-compose.yml:6',
      'spof docker-compose.yml:64',
    ]);
    expect(notes(r)).toEqual(['import/ambiguous-kind docker-compose.yml:55', 'import/unmapped-resource docker-compose.yml:83']);
  });

  it('the voting app as a Swarm stack: the routing mesh in front, the stores by their networks', () => {
    const r = run(['voting-app/docker-stack.yml']);
    // No depends_on and no addresses: redis and db are taken to be used by what shares their networks.
    expect(kinds(r)).toEqual({ redis: 'queue', db: 'database', vote: 'service', result: 'service', worker: 'worker', users: 'client', ingress: 'lb' });
    expect(edges(r)).toEqual([
      'ingress -> result docker-stack.yml:36',
      'ingress -> vote docker-stack.yml:27',
      'redis -> worker docker-stack.yml:40',
      'result -> db docker-stack.yml:33',
      'users -> ingress docker-stack.yml:27',
      'vote -> redis async docker-stack.yml:24',
      'worker -> db docker-stack.yml:40',
    ]);
    expect(component(r, 'ingress').attrs).toMatchObject({ managed: true, public: true });
    expect(component(r, 'vote').attrs.replicas).toBe(2);
    expect(component(r, 'vote').attrs.host).toBeUndefined();
    expect(findings(r)).toEqual([
      'missing-observability docker-stack.yml:9',
      'no-db-replication docker-stack.yml:14',
      'non-durable-queue docker-stack.yml:9',
      'spof docker-stack.yml:14',
      'spof docker-stack.yml:9',
    ]);
    expect(notes(r)).toEqual([
      'import/ambiguous-kind docker-stack.yml:10',
      'import/dangling-reference docker-stack.yml:14',
      'import/dangling-reference docker-stack.yml:9',
    ]);
  });

  it('nginx-flask-mysql (docker/awesome-compose): the backend publishes its port past the proxy', () => {
    const r = run(['nginx-flask-mysql/compose.yaml']);
    // proxy has no image: its Dockerfile builds on nginx.
    expect(kinds(r)).toEqual({ db: 'database', backend: 'service', proxy: 'lb', users: 'client' });
    expect(edges(r)).toEqual([
      'backend -> db compose.yaml:40',
      'proxy -> backend compose.yaml:49',
      'users -> backend compose.yaml:35',
      'users -> proxy compose.yaml:47',
    ]);
    expect(component(r, 'db').attrs).toMatchObject({ engine: 'mysql', persistence: 'disk' });
    expect(line(r, 'db', 'persistence')).toBe(17);
    expect(findings(r)).toEqual([
      'missing-load-balancer compose.yaml:35',
      'missing-observability compose.yaml:2',
      'no-db-replication compose.yaml:2',
      'shared-fate compose.yaml:2',
      'spof compose.yaml:2',
      'spof compose.yaml:27',
    ]);
    expect(notes(r)).toEqual([]);
  });

  it('react-express-mongodb (docker/awesome-compose): one exposed service, the chapter’s single server', () => {
    const r = run(['react-express-mongodb/compose.yaml']);
    expect(kinds(r)).toEqual({ frontend: 'service', backend: 'service', mongo: 'database', users: 'client' });
    expect(edges(r)).toEqual(['backend -> mongo compose.yaml:27', 'frontend -> backend compose.yaml:16', 'users -> frontend compose.yaml:7']);
    expect(findings(r)).toEqual([
      'missing-load-balancer compose.yaml:7',
      'missing-observability compose.yaml:2',
      'no-db-replication compose.yaml:33',
      'shared-fate compose.yaml:33',
      'spof compose.yaml:18',
      'spof compose.yaml:2',
      'spof compose.yaml:33',
    ]);
  });
});

describe('whole projects', () => {
  it('a base file and its override: each finding on the line of the file that decided it', () => {
    const r = run(['shop/compose.yaml', 'shop/compose.override.yaml']);
    expect(r.status).toBe('checked');
    expect(kinds(r)).toEqual({
      proxy: 'lb',
      web: 'service',
      worker: 'worker',
      rabbitmq: 'queue',
      cache: 'cache',
      db: 'database',
      prometheus: 'monitoring',
      users: 'client',
    });
    // The override decides web's replicas and publishes web's and db's ports: both are declared there.
    const web = component(r, 'web');
    expect(path.basename(web.file)).toBe('compose.override.yaml');
    expect(web.attrs.replicas).toBe(1);
    expect(line(r, 'web', 'replicas')).toBe(9);
    const db = component(r, 'db');
    expect(path.basename(db.file)).toBe('compose.override.yaml');
    expect(db.attrs).toMatchObject({ public: true, persistence: 'disk', backup: 'daily', retention: 7 * 86400e3 });
    expect(line(r, 'db', 'public')).toBe(13);
    expect(component(r, 'worker').attrs.replicas).toBe(2);
    expect(component(r, 'rabbitmq').attrs).toMatchObject({ durable: true, persistence: 'disk' });
    expect(component(r, 'cache').attrs).toMatchObject({ eviction: 'lru', persistence: 'none' });
    expect(line(r, 'cache', 'eviction')).toBe(51);
    expect(component(r, 'prometheus').attrs).toMatchObject({ metrics: true, logging: false });
    expect(edges(r)).toEqual([
      'proxy -> web compose.yaml:13',
      'rabbitmq -> worker compose.yaml:39',
      'users -> proxy compose.yaml:10',
      'users -> web compose.override.yaml:5',
      'web -> cache compose.yaml:19',
      'web -> db compose.yaml:18',
      'web -> prometheus compose.yaml:70',
      'web -> rabbitmq async compose.yaml:20',
      'worker -> db compose.yaml:40',
      'worker -> prometheus compose.yaml:70',
    ]);
    // No cache-expiry for the cache's TTL: the application sets it per key, which no file shows.
    expect(findings(r)).toEqual([
      'missing-load-balancer compose.override.yaml:5',
      'missing-observability compose.override.yaml:3',
      'missing-observability compose.yaml:35',
      'missing-observability compose.yaml:67',
      'no-db-replication compose.override.yaml:11',
      'public-data-tier compose.override.yaml:13',
      'shared-fate compose.override.yaml:11',
      'spof compose.override.yaml:11',
      'spof compose.override.yaml:3',
      'spof compose.yaml:44',
      'spof compose.yaml:49',
    ]);
    // adminer (a console) and migrate (a one-shot job) are left out, each with a note.
    expect(notes(r)).toEqual(['import/unmapped-resource compose.override.yaml:16', 'import/unmapped-resource compose.yaml:29']);
  });

  it('the base file alone: the production settings, no public database, no bypass', () => {
    const r = run(['shop/compose.yaml']);
    expect(component(r, 'web').attrs.replicas).toBe(3);
    expect(component(r, 'db').attrs.public).toBe(false);
    expect(findings(r)).not.toContain('public-data-tier compose.yaml:53');
    expect(findings(r).filter((f) => f.startsWith('missing-load-balancer') || f.startsWith('public-data-tier'))).toEqual([]);
  });

  it('the chapter’s single server: what a reviewer says about it, at its lines', () => {
    const r = run(['single-server/compose.yaml'], { strict: true });
    expect(findings(r)).toEqual([
      'ephemeral-state compose.yaml:10',
      'missing-load-balancer compose.yaml:7',
      'missing-observability compose.yaml:4',
      'missing-rate-limit compose.yaml:4',
      'no-backup compose.yaml:10',
      'no-db-replication compose.yaml:10',
      'shared-fate compose.yaml:10',
      'spof compose.yaml:10',
      'spof compose.yaml:4',
    ]);
  });

  it('a well-built Swarm stack: no finding, even in archlint:strict', () => {
    const r = run(['swarm-stack/docker-stack.yml'], { strict: true });
    expect(kinds(r)).toEqual({ traefik: 'lb', web: 'service', 'otel-collector': 'monitoring', users: 'client' });
    expect(component(r, 'web').attrs).toMatchObject({ replicas: 3, rate_limit: 100 });
    // A stack spreads over the swarm's nodes: no shared host.
    expect(component(r, 'web').attrs.host).toBeUndefined();
    expect(r.diagnostics).toEqual([]);
  });
});

describe('what each service becomes', () => {
  it('kinds: by image, configured image, Dockerfile, command, ports and callers', () => {
    const r = run(['mappings/kinds.yaml'], { images: [{ pattern: 'acme/ledger', kind: 'database' }] });
    expect(kinds(r)).toEqual({
      api: 'service',
      internal: 'service',
      jobs: 'worker',
      bot: 'worker',
      search: 'search',
      files: 'storage',
      events: 'queue',
      sessions: 'cache',
      edge: 'lb',
      ledger: 'database',
      metrics: 'monitoring',
      mailer: 'service',
    });
    expect(component(r, 'search').attrs.engine).toBe('elasticsearch');
    expect(component(r, 'events').attrs.engine).toBe('kafka');
    expect(component(r, 'sessions').attrs).toMatchObject({ engine: 'memcached', eviction: 'lru', persistence: 'none' });
    // MinIO in a container is not a provider's managed storage.
    expect(component(r, 'files').attrs.managed).toBe(false);
    expect(component(r, 'metrics').attrs).toMatchObject({ metrics: true, logging: false });
    // Only bot is a guess: nothing calls it and nothing says what it is (mailer's PORT says it serves).
    // Celery beat (a scheduler), Flower (a console) and ZooKeeper (part of a broker's cluster) are left out.
    expect(notes(r)).toEqual([
      'import/ambiguous-kind kinds.yaml:14',
      'import/unmapped-resource kinds.yaml:32',
      'import/unmapped-resource kinds.yaml:35',
      'import/unmapped-resource kinds.yaml:41',
    ]);
  });

  it('ports: every interface is public, the loopback is no entry, one interface is an entry but not public', () => {
    const r = run(['mappings/ports.yaml']);
    expect(edges(r)).toEqual(['users -> lan ports.yaml:26', 'users -> random ports.yaml:30', 'users -> web ports.yaml:6']);
    expect(line(r, 'web', 'public')).toBe(6);
    expect(line(r, 'pg', 'public')).toBe(14);
    expect(line(r, 'random', 'public')).toBe(30);
    for (const name of ['admin', 'cache', 'lan']) expect(component(r, name).attrs.public).toBe(false);
    expect(findings(r).filter((f) => f.startsWith('public-data-tier'))).toEqual(['public-data-tier ports.yaml:14']);
  });

  it('persistence: a mount at the engine’s data directory, of which kind', () => {
    const r = run(['mappings/persistence.yaml']);
    const persistence = Object.fromEntries(r.model!.components().map((c) => [c.name, c.attrs.persistence]));
    expect(persistence).toEqual({
      bare: 'none',
      scripts: 'none',
      bind: 'disk',
      named: 'disk',
      nfs: 'volume',
      readonly: 'none',
      moved: 'disk',
      anonymous: 'none',
      memory: 'none',
      sessions: 'none',
      broker: 'disk',
      undeclared: 'disk',
    });
    expect(component(r, 'broker').attrs.durable).toBe(true);
    expect(line(r, 'nfs', 'persistence')).toBe(20);
    expect(findings(r).filter((f) => f.startsWith('ephemeral-state'))).toEqual([
      'ephemeral-state persistence.yaml:23',
      'ephemeral-state persistence.yaml:3',
      'ephemeral-state persistence.yaml:33',
      'ephemeral-state persistence.yaml:37',
      'ephemeral-state persistence.yaml:7',
    ]);
    expect(notes(r)).toEqual(['import/dangling-reference persistence.yaml:51']);
  });

  it('replicas: deploy.replicas, scale, container_name, zero, and databases scaled without replication', () => {
    const r = run(['mappings/replicas.yaml']);
    const replicas = Object.fromEntries(r.model!.components().map((c) => [c.name, c.attrs.replicas]));
    expect(replicas).toEqual({ web: 3, legacy: 2, pinned: 1, pg: 3, ring: 3, always: 1 });
    expect(component(r, 'pg').attrs.replication).toBe('none');
    expect(line(r, 'pg', 'replication')).toBe(24);
    expect(component(r, 'ring').attrs.replication).toBe('primary-replica');
    expect(findings(r).filter((f) => f.startsWith('no-db-replication'))).toEqual(['no-db-replication replicas.yaml:24']);
    expect(notes(r)).toEqual([
      'import/ambiguous-kind replicas.yaml:10',
      'import/ambiguous-kind replicas.yaml:3',
      'import/ambiguous-kind replicas.yaml:31',
      'import/ambiguous-kind replicas.yaml:7',
      'import/unmapped-resource replicas.yaml:18',
      'import/unsupported replicas.yaml:12',
    ]);
  });

  it('edges: addresses in the environment, links, depends_on, networks, and queues by who consumes', () => {
    const r = run(['mappings/edges.yaml']);
    expect(edges(r)).toEqual([
      'api -> jobs async edges.yaml:25',
      'api -> mongo-a edges.yaml:24',
      'consumer -> mongo-a edges.yaml:48',
      'jobs -> consumer edges.yaml:47',
      'sidecar -> cache edges.yaml:53',
      'users -> web edges.yaml:6',
      'web -> api edges.yaml:13',
      'web -> cache edges.yaml:11',
    ]);
    // The worker consumer is start order for api, not a call; the sidecar is a guess, so the cache stays a cache.
    expect(component(r, 'cache').kind).toBe('cache');
    expect(notes(r)).toEqual(['import/ambiguous-kind edges.yaml:49', 'import/dangling-reference edges.yaml:14', 'import/dangling-reference edges.yaml:24']);
    expect(r.diagnostics.find((d) => d.span.start.line === 14)!.message).toContain('`SEARCH_HOST` names `elastic`');
  });

  it('proxies that route by labels (Traefik) or VIRTUAL_HOST (nginx-proxy), and a rate limit from a label', () => {
    const r = run(['mappings/proxy.yaml']);
    expect(kinds(r)).toMatchObject({ traefik: 'lb', app: 'service', hidden: 'worker', direct: 'service', gateway: 'lb', blog: 'service' });
    expect(edges(r)).toEqual([
      'gateway -> blog proxy.yaml:30',
      'traefik -> app proxy.yaml:12',
      'users -> direct proxy.yaml:22',
      'users -> gateway proxy.yaml:26',
      'users -> traefik proxy.yaml:6',
    ]);
    expect(component(r, 'app').attrs.rate_limit).toBe(50);
    expect(line(r, 'app', 'rate_limit')).toBe(13);
    // Only the service published past both proxies calls for a load balancer.
    expect(findings(r).filter((f) => f.startsWith('missing-load-balancer'))).toEqual(['missing-load-balancer proxy.yaml:22']);
  });

  it('hosts: one machine for a project, the pinned node for a Swarm stack', () => {
    const r = run(['mappings/placement.yaml']);
    expect(component(r, 'db').attrs.host).toBe('db-1');
    expect(line(r, 'db', 'host')).toBe(10);
    expect(component(r, 'cache').attrs.host).toBe('db-1');
    expect(component(r, 'api').attrs.host).toBeUndefined();
    expect(component(r, 'agent').attrs).toMatchObject({ logging: true, metrics: true });
    expect(findings(r).filter((f) => f.startsWith('shared-fate'))).toEqual(['shared-fate placement.yaml:10']);
    expect(notes(r)).toContain('import/unsupported placement.yaml:25');
    const single = run(['voting-app/docker-compose.yml']);
    expect(new Set(single.model!.components().map((c) => c.attrs.host))).toEqual(new Set(['voting-app', undefined]));
    expect(findings(single).filter((f) => f.startsWith('shared-fate'))).toHaveLength(1);
  });

  it('unknown keys, services Compose cannot run, extensions, secrets and configs', () => {
    const r = run(['mappings/unknown.yaml']);
    expect(kinds(r)).toEqual({ web: 'worker', 'x-template': 'worker' });
    expect(notes(r)).toEqual([
      'import/ambiguous-kind unknown.yaml:16',
      'import/ambiguous-kind unknown.yaml:5',
      'import/unmapped-resource unknown.yaml:10',
      'import/unmapped-resource unknown.yaml:13',
      'import/unmapped-resource unknown.yaml:14',
      'import/unmapped-resource unknown.yaml:24',
      'import/unmapped-resource unknown.yaml:9',
    ]);
  });
});

describe('reading a project as Compose does', () => {
  it('interpolates from .env only: defaults, required variables, $$, env_file under environment', () => {
    const before = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'debug';
    try {
      const r = run(['interpolation/compose.yaml']);
      expect(edges(r)).toEqual(['users -> web compose.yaml:6', 'web -> cache compose.yaml:13', 'web -> db compose.yaml:8']);
      expect(line(r, 'db', 'persistence')).toBe(23);
      expect(component(r, 'db').attrs.persistence).toBe('disk');
      // LOG_LEVEL is set in the shell, and still reported: the shell is never read.
      expect(notes(r)).toEqual([
        'import/dangling-reference compose.yaml:11',
        'import/dangling-reference compose.yaml:14',
        'import/dangling-reference compose.yaml:21',
      ]);
    } finally {
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
    }
  });

  it('interpolation syntax', () => {
    const vars: Record<string, string> = { A: 'a', EMPTY: '' };
    const lookup = (n: string) => vars[n];
    const issues: InterpolationIssue[] = [];
    expect(interpolate('${A}-$A-${B:-b}-${EMPTY:-e}-${EMPTY-e}-${B-x}-$$A-${A:+set}-${B:+set}', lookup, issues)).toBe('a-a-b-e--x-$A-set-');
    expect(issues).toEqual([]);
    expect(interpolate('${B:-${A:-z}}/${C:-${D:-deep}}', lookup, issues)).toBe('a/deep');
    expect(interpolate('${B}${EMPTY:?must be set}$ 5$', lookup, issues)).toBe('$ 5$');
    expect(issues).toEqual([
      { kind: 'unset', name: 'B' },
      { kind: 'required', name: 'EMPTY', message: 'must be set' },
    ]);
    const bad: InterpolationIssue[] = [];
    expect(interpolate('x${A', lookup, bad)).toBe('x${A');
    expect(bad).toEqual([{ kind: 'syntax', name: '${A' }]);
  });

  it('the .env format', () => {
    const env = parseEnvFile(
      [
        '# comment',
        'PLAIN=value # a comment',
        'HASH=a#b',
        "SINGLE='$PLAIN ${PLAIN}'",
        'DOUBLE="${PLAIN} \\"quoted\\"\\tx" # comment',
        'export EXPORTED=yes',
        'EMPTY=',
        'UNSET',
        'MULTI="one',
        'two"',
        'REF=${PLAIN}-${OUTER}',
      ].join('\n'),
      (n) => (n === 'OUTER' ? 'outer' : undefined),
    );
    const values = Object.fromEntries([...env].map(([k, e]) => [k, e.value]));
    expect(values).toEqual({
      PLAIN: 'value',
      HASH: 'a#b',
      SINGLE: '$PLAIN ${PLAIN}',
      DOUBLE: 'value "quoted"\tx',
      EXPORTED: 'yes',
      EMPTY: '',
      MULTI: 'one\ntwo',
      REF: 'value-outer',
    });
    expect(env.get('REF')!.line).toBe(11);
  });

  it('extends: in the same file, and from another file placed at the extends key', () => {
    const r = run(['extends/compose.yaml']);
    expect(component(r, 'web').attrs.replicas).toBe(2);
    expect(line(r, 'web', 'replicas')).toBe(8);
    expect(component(r, 'worker').kind).toBe('worker');
    expect(component(r, 'db').attrs.persistence).toBe('disk');
    expect(line(r, 'db', 'persistence')).toBe(22);
    expect(edges(r)).toEqual(['base -> db compose.yaml:6', 'users -> web compose.yaml:12', 'web -> db compose.yaml:6', 'worker -> db compose.yaml:16']);
    expect(notes(r).filter((n) => n.startsWith('import/dangling-reference'))).toEqual([
      'import/dangling-reference compose.yaml:27',
      'import/dangling-reference compose.yaml:34',
    ]);
  });

  it('include: the included project’s services, on their own lines, with their own .env', () => {
    const r = run(['include/compose.yaml']);
    const db = component(r, 'db');
    expect(db.file).toBe(`${fixtures}/include/db/compose.yaml`);
    expect(db.nameSpan.start.line).toBe(2);
    expect(db.attrs.engine).toBe('postgresql');
    expect(edges(r)).toEqual(['users -> web compose.yaml:7', 'web -> db compose.yaml:9']);
    expect(notes(r)).toEqual([]);
  });

  it('profiles: inactive unless COMPOSE_PROFILES in .env names them', () => {
    const r = run(['profiles/compose.yaml']);
    expect(Object.keys(kinds(r)).sort()).toEqual(['db', 'debug', 'users', 'web']);
    expect(notes(r)).toContain('import/unmapped-resource compose.yaml:19');
  });

  it('merging: sequences appended without duplicates, environment by key, !reset and !override', () => {
    const host = memoryHost({
      'a.yaml': [
        'services:',
        '  web:',
        '    image: ghcr.io/acme/web:1',
        '    ports:',
        '      - "8080:80"',
        '    environment:',
        '      DB_HOST: db',
        '    depends_on: [db]',
        '  db:',
        '    image: postgres:16',
        '    volumes:',
        '      - data:/var/lib/postgresql/data',
        '  tasks:',
        '    image: ghcr.io/acme/web:1',
        '    command: celery -A app worker',
        'volumes:',
        '  data:',
      ].join('\n'),
      'b.yaml': [
        'services:',
        '  web:',
        '    ports:',
        '      - "8080:80"',
        '      - "127.0.0.1:9090:9090"',
        '    environment:',
        '      DB_HOST: store',
        '  store:',
        '    image: postgres:16',
        '  db:',
        '    volumes: !reset []',
        '  tasks:',
        '    command: ["python", "bot.py"]',
      ].join('\n'),
      'c.yaml': ['services:', '  web:', '    ports: !override', '      - "127.0.0.1:8081:80"'].join('\n'),
    });
    const two = checkModel('a.yaml', { host, rules: recommended, deployment: ['a.yaml', 'b.yaml'] });
    // The duplicate port is one port, now b's; the environment's DB_HOST is b's; depends_on stays a's.
    expect(edges(two)).toEqual(['users -> web b.yaml:4', 'web -> db a.yaml:8', 'web -> store b.yaml:7']);
    expect(component(two, 'db').attrs.persistence).toBe('none');
    // b's command replaced a's: tasks no longer runs a worker command, so its kind is a guess.
    expect(notes(two)).toEqual(['import/ambiguous-kind a.yaml:13']);
    const three = checkModel('a.yaml', { host, rules: recommended, deployment: ['a.yaml', 'b.yaml', 'c.yaml'] });
    // c replaces the ports outright: only the loopback one is left, so nothing is public.
    expect(kinds(three).users).toBeUndefined();
    expect(component(three, 'web').attrs.public).toBe(false);
  });
});

describe('small parsers', () => {
  it('ports, short and long', () => {
    const s = (text: string) =>
      parsePort({ type: 'scalar', value: text, file: 'f', span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } });
    expect(s('3000')).toEqual({ target: '3000', protocol: 'tcp' });
    expect(s('8000:8000')).toEqual({ target: '8000', published: '8000', protocol: 'tcp' });
    expect(s('127.0.0.1:8001:8001')).toEqual({ target: '8001', published: '8001', hostIp: '127.0.0.1', protocol: 'tcp' });
    expect(s('127.0.0.1::5000')).toEqual({ target: '5000', hostIp: '127.0.0.1', protocol: 'tcp' });
    expect(s('[::1]:6001:6001')).toEqual({ target: '6001', published: '6001', hostIp: '::1', protocol: 'tcp' });
    expect(s('::1:6000:6000')).toEqual({ target: '6000', published: '6000', hostIp: '::1', protocol: 'tcp' });
    expect(s('6060:6060/udp')).toEqual({ target: '6060', published: '6060', protocol: 'udp' });
  });

  it('host names in values', () => {
    expect(hostsIn('postgres://user:pw@db:5432/app', false)).toEqual(['db']);
    expect(hostsIn('jdbc:postgresql://pg:5432/x', false)).toEqual(['pg']);
    expect(hostsIn('mongodb://a:27017,b:27017/app?replicaSet=rs0', false)).toEqual(['a', 'b']);
    expect(hostsIn('kafka-1:9092,kafka-2:9092', false)).toEqual(['kafka-1', 'kafka-2']);
    expect(hostsIn('cache', false)).toEqual([]);
    expect(hostsIn('cache', true)).toEqual(['cache']);
    expect(hostsIn('[::1]:80', true)).toEqual([]);
  });

  it('the base image of a Dockerfile', () => {
    const text = 'ARG V=1.27\nFROM node:20 AS build\nFROM --platform=$BUILDPLATFORM nginx:${V}-alpine AS serve\nFROM serve AS debug\n';
    expect(baseImage(text, undefined, new Map())).toBe('nginx:1.27-alpine');
    expect(baseImage(text, 'build', new Map())).toBe('node:20');
    expect(baseImage(text, undefined, new Map([['V', '1.25']]))).toBe('nginx:1.25-alpine');
    expect(baseImage('FROM scratch\n', undefined, new Map())).toBeUndefined();
    expect(baseImage('RUN nothing\n', undefined, new Map())).toBeUndefined();
  });

  it('backup schedules', () => {
    expect(cronFrequency('@daily')).toBe('daily');
    expect(cronFrequency('0 3 * * *')).toBe('daily');
    expect(cronFrequency('0 */6 * * *')).toBe('hourly');
    expect(cronFrequency('0 3 * * 0')).toBe('weekly');
    expect(cronFrequency('0 0 3 * * *')).toBe('daily');
    expect(cronFrequency('@every 1h')).toBe('hourly');
    expect(cronFrequency('whenever')).toBeUndefined();
  });
});

describe('docs/importers/compose.md', () => {
  it('shows what `archlint check` really prints for the voting app', () => {
    const doc = readFileSync(path.join(root, 'docs/importers/compose.md'), 'utf8');
    const block = /```console\n\$ archlint check docker-compose.yml\n([\s\S]*?)```/.exec(doc);
    expect(block).not.toBeNull();
    const out = archlint(['check', 'docker-compose.yml'], { cwd: path.join(root, fixtures, 'voting-app') });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    expect(out.stdout).toBe(block![1]);
  });

  it('shows what `archlint import` really writes for it', () => {
    const doc = readFileSync(path.join(root, 'docs/importers/compose.md'), 'utf8');
    const block = /```arch\n(# Imported by archlint from docker-compose\.yml[\s\S]*?)```/.exec(doc);
    expect(block).not.toBeNull();
    const out = archlint(['import', 'docker-compose.yml'], { cwd: path.join(root, fixtures, 'voting-app') });
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(block![1]);
  });
});

describe('hostile and malformed input', () => {
  it('the hostile fixture: wrong types everywhere, read as far as it goes', () => {
    const r = run(['mappings/hostile.yaml']);
    expect(r.status).toBe('checked');
    expect(r.diagnostics.filter((d) => d.severity === 'error' && !['ephemeral-state', 'spof'].includes(d.ruleId))).toEqual([]);
  });

  it('documents, cycles and references that go nowhere', () => {
    const dir = temp.make();
    const files: Record<string, string> = {
      'multi.yaml': 'services:\n  a:\n    image: redis:7\n---\nservices:\n  b:\n    image: ghcr.io/x/b\n    environment: {REDIS_HOST: a}\n---\n7\n',
      'cyc1.yaml': 'services:\n  s1:\n    extends: {file: cyc2.yaml, service: s2}\n    image: ghcr.io/x/s\n',
      'cyc2.yaml': 'services:\n  s2:\n    extends: {file: cyc1.yaml, service: s1}\n',
      'inc.yaml':
        'include:\n  - inc.yaml\n  - nowhere/compose.yaml\n  - path: [ {x: 1} ]\nservices:\n  w:\n    image: ghcr.io/x/w\n    extends: {file: missing.yaml, service: q}\n',
      'ports.yaml': 'services:\n  p:\n    image: ghcr.io/x/p\n    ports: ["::1:8080:80", "[::]:80:80", "99999999999999:1", "a:b:c:d", "", ":", {}]\n',
      'deep.yaml': `services:\n  d:\n    image: ghcr.io/x/d\n    environment:\n      URL: "${'x://'.repeat(5000)}"\n`,
      'empty.yaml': 'services: {}\n',
      'nulls.yaml':
        'services:\n  n:\n    image: ~\n    build: ~\n  m:\n    image: ghcr.io/x/m\n    ports: ~\n    volumes: ~\n    environment: ~\n    depends_on: ~\n    deploy: ~\n    networks: ~\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    for (const name of Object.keys(files)) {
      const r = checkModel(name, { host: nodeHost(dir), rules: builtinRegistry.all(), deployment: [name] });
      expect(r.status, name).toBe('checked');
      expect(
        r.diagnostics.filter((d) => d.severity === 'error' && !['spof', 'ephemeral-state'].includes(d.ruleId)),
        name,
      ).toEqual([]);
    }
    const multi = checkModel('multi.yaml', { host: nodeHost(dir), rules: [], deployment: ['multi.yaml'] });
    expect(edges(multi)).toEqual(['b -> a multi.yaml:8']);
    const cycle = checkModel('cyc1.yaml', { host: nodeHost(dir), rules: [], deployment: ['cyc1.yaml'] });
    expect(kinds(cycle)).toEqual({ s1: 'worker' });
    const included = checkModel('inc.yaml', { host: nodeHost(dir), rules: [], deployment: ['inc.yaml'] });
    expect(notes(included)).toEqual([
      'import/ambiguous-kind inc.yaml:6',
      'import/dangling-reference inc.yaml:3',
      'import/dangling-reference inc.yaml:8',
      'import/unsupported inc.yaml:2',
    ]);
  });
});
