/**
 * The Kubernetes importer (src/import/kubernetes.ts) on the fixtures of
 * test/fixtures/import/kubernetes/: a well-built shop that checks clean but for what a reviewer
 * agrees with, a badly built one with the findings a reviewer would make at their manifest lines,
 * Google's Online Boutique as published, and one small manifest per mapping. Expected kinds,
 * counts and lines are read off the fixtures by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { checkModel, type ModelResult } from '../src/engine/pipeline.js';
import { importDeployment } from '../src/import/index.js';
import { backupFrequency } from '../src/import/kubernetes.js';
import type { ImportOptions } from '../src/import/types.js';
import { nodeHost } from '../src/model/load.js';
import type { Component, Model } from '../src/model/model.js';
import { archlint, root } from './cli-run.js';
import { memoryHost } from './helpers.js';

const dir = 'test/fixtures/import/kubernetes';
/** What a user sees with no configuration: the rules of archlint:recommended. */
const recommended = builtinRegistry.all().filter((r) => r.meta.recommended !== false);
const all = builtinRegistry.all();

function checkFiles(files: readonly string[], rules = recommended, importOptions: Partial<ImportOptions> = {}): ModelResult {
  const paths = files.map((f) => `${dir}/${f}`);
  return checkModel(paths[0]!, { host: nodeHost(root), rules, deployment: paths, importOptions });
}

/** Manifests in memory (`a.yaml`, …), checked as one deployment. */
function checkText(files: Record<string, string>, rules = recommended, importOptions: Partial<ImportOptions> = {}): ModelResult {
  const names = Object.keys(files);
  return checkModel(names[0]!, { host: memoryHost(files), rules, deployment: names, importOptions });
}

/** Findings as `rule file:line:column`, in report order. */
const found = (r: ModelResult): string[] =>
  r.diagnostics.filter((d) => !d.suppressed).map((d) => `${d.ruleId} ${path.basename(d.file)}:${d.span.start.line}:${d.span.start.column}`);
const notes = (r: ModelResult): Diagnostic[] => r.diagnostics.filter((d) => d.ruleId.startsWith('import/'));

function component(model: Model | undefined, name: string): Component {
  const c = model?.component(name);
  if (!c)
    throw new Error(
      `no component ${name}; the model has ${model
        ?.components()
        .map((x) => x.name)
        .join(', ')}`,
    );
  return c;
}

/** The edges as `from -> to` with their flags. */
const edges = (model: Model | undefined): string[] =>
  (model?.edges() ?? []).map((e) => {
    const flags = [
      e.async ? 'async' : '',
      e.optional ? 'optional' : '',
      e.telemetry ? 'telemetry' : '',
      e.replication ? `replication ${e.replication}` : '',
    ].filter(Boolean);
    return `${e.from} -> ${e.to}${flags.length > 0 ? ` {${flags.join(', ')}}` : ''}`;
  });

const line = (c: Component, attribute: string) => c.attributeSpans.get(attribute)?.start.line;

describe('a well-built shop (good/)', () => {
  const files = ['good/app.yaml', 'good/cluster.yaml', 'good/data.yaml', 'good/monitoring.yaml'];
  const result = checkFiles(files);
  const model = result.model;

  it("reports nothing (a cache's TTLs, which no manifest shows, are not asked for)", () => {
    expect(result.status).toBe('checked');
    expect(found(result)).toEqual([]);
  });

  it('with every rule on, reports nothing either: a broker’s dead-letter policy is not in the manifests, so it is not guessed', () => {
    // The RabbitMQ StatefulSet `orders-mq` (data.yaml:139) is consumed; its dead-letter policy is
    // broker configuration (unknowableFindings), not something a reviewer can see here.
    expect(found(checkFiles(files, all))).toEqual([]);
  });

  it('maps the Ingress to a managed, public load balancer with its rate limit', () => {
    const shop = component(model, 'shop');
    expect(shop.kind).toBe('lb');
    expect([shop.attrs.managed, shop.attrs.public, shop.attrs.rate_limit]).toEqual([true, true, 50]);
  });

  it('gives the web tier the autoscaler’s range instead of its 3 replicas, at minReplicas (app.yaml:106)', () => {
    const web = component(model, 'web');
    expect(web.kind).toBe('service');
    expect(web.attrs.autoscale).toEqual({ min: 2, max: 10 });
    expect(line(web, 'autoscale')).toBe(106);
    expect(web.attributeSpans.has('replicas')).toBe(false);
    // A hard zone spread: nothing pins it, so it takes the region's zones.
    expect(web.attrs.zones).toBeUndefined();
    expect(web.region).toBe('cluster');
  });

  it('maps the data tier with engines, volumes, replication and the nightly backup', () => {
    const db = component(model, 'orders-db');
    expect([db.kind, db.attrs.replicas, db.attrs.engine, db.attrs.persistence, db.attrs.replication, db.attrs.backup]).toEqual([
      'database',
      3,
      'postgresql',
      'volume',
      'primary-replica',
      'daily',
    ]);
    expect(line(db, 'backup')).toBe(71);
    expect(line(db, 'persistence')).toBe(57);
    const cache = component(model, 'cache');
    expect([cache.kind, cache.attrs.replicas, cache.attrs.engine, cache.attrs.eviction, cache.attrs.persistence]).toEqual(['cache', 3, 'redis', 'lru', 'none']);
    const mq = component(model, 'orders-mq');
    expect([mq.kind, mq.attrs.replicas, mq.attrs.engine, mq.attrs.persistence, mq.attrs.durable]).toEqual(['queue', 3, 'rabbitmq', 'volume', true]);
    expect([component(model, 'mailer').kind, component(model, 'mailer').attrs.replicas]).toEqual(['worker', 2]);
    expect(component(model, 'orders-db-backup').kind).toBe('worker');
  });

  it('makes one monitoring component of Prometheus, Alertmanager and Fluent Bit', () => {
    const m = component(model, 'monitoring');
    expect([m.kind, m.attrs.logging, m.attrs.metrics, m.attrs.alerting]).toEqual(['monitoring', true, true, true]);
    // As redundant as its least redundant member: Fluent Bit on two nodes or more, Prometheus's 2, Alertmanager's 3.
    expect(m.attrs.replicas).toBe(2);
    expect(m.label).toBe('DaemonSet fluent-bit, Prometheus k8s, Alertmanager main');
  });

  it('puts the cluster in a region with the StorageClass’s three zones', () => {
    expect(model?.regions().map((r) => [r.name, r.zones])).toEqual([['cluster', ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']]]);
    expect(component(model, 'internet').region).toBeUndefined();
  });

  it('wires requests, the queue, the backup job and telemetry', () => {
    expect(edges(model).sort()).toEqual(
      [
        'internet -> shop',
        'shop -> web',
        'web -> orders-db',
        'web -> cache',
        'web -> orders-mq {async}',
        'orders-mq -> mailer',
        'orders-db-backup -> orders-db',
        'schedule -> orders-db-backup {async, optional}',
        'web -> monitoring {telemetry}',
        'mailer -> monitoring {telemetry}',
        'orders-db -> monitoring {telemetry}',
        'orders-db-backup -> monitoring {telemetry}',
        'cache -> monitoring {telemetry}',
        'orders-mq -> monitoring {telemetry}',
      ].sort(),
    );
    expect(component(model, 'schedule').attrs.share).toBe(0);
  });

  it('names every component after its resource, with where it came from', () => {
    const imported = importDeployment(
      files.map((f) => `${dir}/${f}`),
      (f) => nodeHost(root).readFile(f),
    );
    const web = imported.sources.flatMap((s) => s.ast.statements).flatMap((s) => (s.type === 'region' ? s.body : [s]));
    const origins = web.filter((s) => s.type === 'component').map((s) => imported.origins.get(s)?.what);
    expect(origins).toContain('k8s Deployment shop/web');
    expect(origins).toContain('k8s StatefulSet shop/orders-db');
    expect(origins).toContain('k8s Ingress shop/shop');
  });
});

describe('a badly built shop (bad/shop.yaml)', () => {
  const result = checkFiles(['bad/shop.yaml']);

  it('reports what a reviewer would, at the lines that cause it', () => {
    expect(found(result)).toEqual([
      // No monitoring at all: on the first component, the internet reaching the Ingress (line 6).
      'missing-observability shop.yaml:6:7',
      // The NodePort Service web-nodeport: a public port straight to the single web pod.
      'missing-load-balancer shop.yaml:39:9',
      // web: one replica behind the Ingress and the NodePort, and the Ingress's sticky cookie.
      'spof shop.yaml:50:9',
      'stateful-web-tier shop.yaml:50:9',
      // PAYMENTS_ADDR names a Service that is not there.
      'import/dangling-reference shop.yaml:77:22',
      // orders-db: one PostgreSQL node on an emptyDir (line 102), behind a public LoadBalancer (line 119).
      'no-db-replication shop.yaml:82:9',
      'spof shop.yaml:82:9',
      'ephemeral-state shop.yaml:102:11',
      'public-data-tier shop.yaml:119:9',
      // sessions: one Redis.
      'spof shop.yaml:128:9',
      // jobs: the Celery broker (CELERY_BROKER_URL), one Redis on no volume.
      'non-durable-queue shop.yaml:155:9',
      'spof shop.yaml:155:9',
      // worker: one Celery worker.
      'spof shop.yaml:182:9',
      // api: three replicas pinned to eu-west-1a of the StorageClass's two zones.
      'single-zone shop.yaml:215:38',
      // reports: two replicas pinned to node-7.
      'shared-fate shop.yaml:247:33',
      // The KEDA ScaledObject is not mapped.
      'import/unmapped-resource shop.yaml:275:7',
    ]);
  });

  it('reads the Redis reached as CELERY_BROKER_URL as a queue, consumed by the worker', () => {
    expect(component(result.model, 'jobs').kind).toBe('queue');
    expect(component(result.model, 'sessions').kind).toBe('cache');
    expect(edges(result.model)).toContain('web -> jobs {async}');
    expect(edges(result.model)).toContain('jobs -> worker');
  });

  it('sends the internet straight to the NodePort’s pods, beside the Ingress', () => {
    expect(edges(result.model)).toContain('internet -> web');
    expect(edges(result.model)).toContain('internet -> shop');
  });
});

describe('Online Boutique (online-boutique/, Apache-2.0, unchanged)', () => {
  const result = checkFiles(['online-boutique/kubernetes-manifests.yaml']);
  const f = 'kubernetes-manifests.yaml';

  it('reports one replica of everything, no monitoring, the load generator and the missing assistant', () => {
    expect(found(result)).toEqual([
      `missing-observability ${f}:24:9`,
      // frontend: every flow passes through it.
      `spof ${f}:24:9`,
      `import/dangling-reference ${f}:90:21`,
      `spof ${f}:152:9`, // adservice
      `spof ${f}:227:9`, // currencyservice
      `spof ${f}:301:9`, // cartservice, the only way to redis-cart
      `spof ${f}:375:9`, // redis-cart
      `unreachable-component ${f}:444:9`, // loadgenerator: nothing calls it, it calls the frontend
      `spof ${f}:608:9`, // checkoutservice, the only way to payment and email
      `spof ${f}:690:9`, // emailservice
      `spof ${f}:765:9`, // paymentservice
      `spof ${f}:838:9`, // shippingservice
      `spof ${f}:911:9`, // productcatalogservice
    ]);
  });

  it('maps the twelve Deployments, the LoadBalancer and the internet, with the frontend’s calls', () => {
    const model = result.model!;
    const kinds = Object.fromEntries(model.components().map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      frontend: 'service',
      'frontend-external': 'lb',
      internet: 'client',
      adservice: 'service',
      currencyservice: 'service',
      cartservice: 'service',
      'redis-cart': 'cache',
      loadgenerator: 'worker',
      recommendationservice: 'service',
      checkoutservice: 'service',
      emailservice: 'service',
      paymentservice: 'service',
      shippingservice: 'service',
      productcatalogservice: 'service',
    });
    expect(component(model, 'redis-cart').attrs.persistence).toBe('none');
    expect(
      edges(model)
        .filter((e) => e.startsWith('frontend -> '))
        .sort(),
    ).toEqual(
      [
        'frontend -> productcatalogservice',
        'frontend -> currencyservice',
        'frontend -> cartservice',
        'frontend -> recommendationservice',
        'frontend -> shippingservice',
        'frontend -> checkoutservice',
        'frontend -> adservice',
      ].sort(),
    );
    expect(edges(model)).toContain('internet -> frontend-external');
    expect(edges(model)).toContain('frontend-external -> frontend');
    expect(edges(model)).toContain('loadgenerator -> frontend');
  });
});

describe('kubectl get -o yaml lists', () => {
  it('reads a List, leaving out what is owned by a resource in it', () => {
    const result = checkFiles(['mappings/list.yaml']);
    const model = result.model!;
    expect(model.components().map((c) => `${c.kind} ${c.name}`)).toEqual([
      'service api',
      'worker legacy',
      'client schedule',
      'worker report',
      'client internet',
      'lb api-lb',
    ]);
    expect(component(model, 'api').attrs.replicas).toBe(4);
    expect(component(model, 'legacy').attrs.replicas).toBe(2);
    expect(edges(model)).toEqual(['api-lb -> api', 'internet -> api-lb', 'report -> api', 'schedule -> report {async, optional}']);
    expect(notes(result)).toEqual([]);
  });

  it('reads a JSON DeploymentList; a DaemonSet runs on at least two nodes', () => {
    const model = checkFiles(['mappings/list.json']).model!;
    // nginx is a load balancer by the image table.
    expect([component(model, 'frontend').kind, component(model, 'frontend').attrs.replicas]).toEqual(['lb', 2]);
    const agent = component(model, 'node-agent');
    expect([agent.kind, agent.attrs.replicas, line(agent, 'replicas')]).toEqual(['worker', 2, 24]);
  });
});

describe('references (mappings/references.yaml)', () => {
  const result = checkFiles(['mappings/references.yaml']);
  const model = result.model!;

  it('resolves every form a container names a Service in', () => {
    expect(edges(model)).toEqual([
      'gateway-lb -> gateway',
      'internet -> gateway-lb',
      // proxy_pass in the mounted nginx.conf, to another namespace.
      'gateway -> orders',
      // Host=orders-db;… connection string.
      'orders -> orders-db',
      // $(PRICING_SERVICE_HOST).
      'orders -> pricing',
      // A ConfigMap key: http://search:9200, an ExternalName.
      'orders -> search',
      // A Secret: cache.
      'orders -> cache',
      // envFrom: events-0.events:9092,… (pods of a headless Service), Kafka: a queue.
      'orders -> events {async}',
      // --inventory-addr=inventory:7000 in args.
      'orders -> inventory',
      // REPORTING_DB_HOST: a host outside the cluster.
      'orders -> reporting_cluster-c9xk2_eu-west-1_rds_amazonaws_com',
    ]);
  });

  it('makes a host outside the cluster that a host variable names an external component; an https link is not one', () => {
    const rds = component(model, 'reporting_cluster-c9xk2_eu-west-1_rds_amazonaws_com');
    expect([rds.kind, rds.label, rds.nameSpan.start.line, rds.nameSpan.start.column]).toEqual([
      'external',
      'reporting.cluster-c9xk2.eu-west-1.rds.amazonaws.com',
      104,
      22,
    ]);
    expect(model.components().some((c) => c.label === 'api.stripe.com')).toBe(false);
  });

  it('reports a cluster name that is not in the manifests, and ignores outside hosts and values that are no hosts', () => {
    expect(notes(result).map((d) => [d.ruleId, d.span.start.line, d.span.start.column, d.message])).toEqual([
      ['import/dangling-reference', 100, 29, '`AUDIT_URL` names `audit.compliance.svc.cluster.local`, but no Service `compliance/audit` is in these manifests'],
    ]);
  });

  it('maps stores from their images, and three plain postgres pods as unreplicated', () => {
    const db = component(model, 'orders-db');
    expect([db.attrs.replicas, db.attrs.replication, line(db, 'replication')]).toEqual([3, 'none', 216]);
    expect(found(result)).toContain('no-db-replication references.yaml:216:13');
    const cache = component(model, 'cache');
    expect([cache.attrs.engine, cache.attrs.eviction]).toEqual(['memcached', 'lru']);
    expect([component(model, 'events').kind, component(model, 'events').attrs.engine]).toEqual(['queue', 'kafka']);
    const search = component(model, 'search');
    expect([search.kind, search.label]).toEqual(['external', 'search.example-elastic.cloud']);
    // The LoadBalancer Service shares its name with the Deployment it selects.
    expect(component(model, 'gateway').kind).toBe('lb');
    expect(component(model, 'gateway-lb').attrs.managed).toBe(true);
  });
});

describe('kinds and names (mappings/kinds.yaml)', () => {
  const result = checkFiles(['mappings/kinds.yaml']);
  const model = result.model!;
  const byLine = notes(result).map((d) => `${d.ruleId} ${d.span.start.line}`);

  it('prefixes a name used in two namespaces with the namespace', () => {
    expect(component(model, 'blue_api').attrs.replicas).toBe(2);
    expect(component(model, 'green_api').kind).toBe('service');
    expect(model.component('api')).toBeUndefined();
  });

  it('notes what it cannot use: zero replicas, a count that is not a number', () => {
    expect(byLine).toContain('import/unsupported 32');
    expect(byLine).toContain('import/unsupported 68');
    expect(component(model, 'green_api').attributeSpans.has('replicas')).toBe(false);
  });

  it('reaches an internal load balancer from the private network, not the internet', () => {
    const lb = component(model, 'blue_api-lb');
    expect([lb.kind, lb.attrs.managed, lb.attrs.public]).toEqual(['lb', true, false]);
    expect(edges(model)).toContain('private-network -> blue_api-lb');
    expect(model.component('internet')).toBeUndefined();
  });

  it('picks one kind when containers disagree, and says so at the image line', () => {
    expect(component(model, 'combo').kind).toBe('database');
    expect(byLine).toContain('import/ambiguous-kind 81');
    // An unknown image beside Redis: the first image the table knows decides.
    expect(component(model, 'session-app').kind).toBe('cache');
    expect(byLine).toContain('import/ambiguous-kind 101');
    // A Job on the postgres image runs psql: a worker.
    expect(component(model, 'migrate').kind).toBe('worker');
    expect(byLine).toContain('import/ambiguous-kind 114');
    expect(byLine).toContain('import/dangling-reference 115');
  });

  it('reads a Redis reached by a queue variable as a queue, and notes that it is a cache too', () => {
    expect(component(model, 'broker').kind).toBe('queue');
    expect(byLine).toContain('import/ambiguous-kind 134');
    expect(edges(model)).toContain('broker -> tasks');
  });

  it('folds Prometheus and Grafana into one monitoring component that collects metrics', () => {
    const m = component(model, 'monitoring');
    expect([m.attrs.metrics, m.attrs.logging, m.label]).toEqual([true, false, 'Deployment prometheus, Deployment grafana']);
    expect(model.component('prometheus')).toBeUndefined();
    // Grafana names prometheus:9090, but the manifests give Prometheus no Service.
    expect(byLine).toContain('import/dangling-reference 210');
  });

  it('takes the configuration’s image rules first', () => {
    const configured = checkFiles(['mappings/kinds.yaml'], recommended, { images: [{ pattern: 'acme/session-app', kind: 'service' }] });
    expect(component(configured.model, 'session-app').kind).toBe('service');
    // The two containers still suggest two kinds; the configured one wins.
    const note = notes(configured).find((d) => d.span.start.line === 101);
    expect(note?.message).toBe(
      '`session-app` runs `ghcr.io/acme/session-app:1` (a service) and `redis:7` (a cache) in one pod: mapped as a service, from the first',
    );
  });
});

describe('Gateway API (mappings/gateway.yaml)', () => {
  const result = checkFiles(['mappings/gateway.yaml']);

  it('makes the Gateway a managed, public load balancer routing to the HTTPRoute’s backends', () => {
    const gw = component(result.model, 'public');
    expect([gw.kind, gw.attrs.managed, gw.attrs.public]).toEqual(['lb', true, true]);
    expect(edges(result.model)).toEqual(['internet -> public', 'public -> storefront']);
  });

  it('notes a missing backend and a missing Gateway, and nothing for the GatewayClass', () => {
    expect(notes(result).map((d) => `${d.ruleId} ${d.span.start.line}`)).toEqual(['import/dangling-reference 39', 'import/dangling-reference 49']);
  });
});

describe('helm template output (mappings/helm.yaml)', () => {
  const files = [`${dir}/mappings/helm.yaml`];
  const imported = importDeployment(files, (f) => nodeHost(root).readFile(f));
  const result = checkFiles(['mappings/helm.yaml']);

  it('keeps the template each resource came from in its origin', () => {
    const statement = imported.sources[0]!.ast.statements.find((s) => s.type === 'component');
    expect(imported.origins.get(statement!)).toEqual({ what: 'k8s Deployment release-shop (shop/templates/deployment.yaml)', file: files[0], line: 19 });
  });

  it('reads an autoscaling/v1 autoscaler without minReplicas as 1..max, at maxReplicas', () => {
    const shop = component(result.model, 'release-shop');
    expect([shop.attrs.autoscale, line(shop, 'autoscale')]).toEqual([{ min: 1, max: 6 }, 51]);
    // The Service is only an alias: no component of its own.
    expect(result.model!.components().map((c) => c.name)).toEqual(['release-shop']);
  });

  it('notes a disruption budget that selects nothing and an autoscaler of a missing Deployment', () => {
    expect(notes(result).map((d) => `${d.ruleId} ${d.span.start.line}`)).toEqual(['import/dangling-reference 62', 'import/dangling-reference 74']);
  });
});

describe('several files of one run (cross-file/)', () => {
  const result = checkFiles(['cross-file/deployment.yaml', 'cross-file/services.yaml']);
  const model = result.model!;

  it('resolves Services and autoscalers in another file', () => {
    // Edges are listed file by file: the env var's edge is in deployment.yaml.
    expect(edges(model)).toEqual(['web -> db', 'web-lb -> web', 'internet -> web-lb']);
    const web = component(model, 'web');
    // The autoscaler is in services.yaml: its span is the Deployment's name in deployment.yaml.
    expect([web.attrs.autoscale, web.file, line(web, 'autoscale')]).toEqual([{ min: 3, max: 12 }, `${dir}/cross-file/deployment.yaml`, 4]);
  });

  it('takes binary logs and GTIDs in the args for MySQL replication', () => {
    expect(component(model, 'db').attrs.replication).toBe('primary-replica');
    expect(found(result)).toEqual([`missing-observability deployment.yaml:4:9`]);
  });
});

describe('malformed and hostile documents (mappings/malformed.yaml)', () => {
  const result = checkFiles(['mappings/malformed.yaml']);

  it('builds a valid model and notes each document it cannot read, at its line', () => {
    expect(result.status).toBe('checked');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(notes(result).map((d) => `${d.ruleId} ${d.span.start.line}`)).toEqual([
      'import/unmapped-resource 5', // just a string
      'import/unmapped-resource 7', // a list
      'import/unmapped-resource 10', // no apiVersion, no kind
      'import/unmapped-resource 13', // no apiVersion
      'import/unsupported 18', // no metadata
      'import/unsupported 21', // name: ~
      'import/unsupported 26', // spec: ~
      'import/unsupported 32', // containers: "not a list"
      'import/unsupported 49', // replicas: -1
      'import/unmapped-resource 70', // a Service with a selector that is a list, used by nothing
      'import/dangling-reference 86', // an Ingress backend named 42
      'import/unsupported 93', // an autoscaler with no target
      'import/unmapped-resource 103', // a null List item
      'import/unmapped-resource 103', // a number as a List item
      'import/unmapped-resource 105', // an anchor document with no apiVersion
      'import/unsupported 129', // replicas: 1e400
      'import/unsupported 137', // a CronJob whose jobTemplate is a list
    ]);
  });

  it('makes valid names of names the language cannot hold', () => {
    const names = result.model!.components().map((c) => c.name);
    expect(names).toContain('My_App_');
    expect(names).toContain('region_');
  });
});

describe('mappings in small manifests', () => {
  const deployment = (name: string, extra = '', spec = '', pod = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${spec}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
${pod}      containers:
        - name: ${name}
          image: ghcr.io/acme/${name}:1
${extra}`;
  const service = (name: string, type = 'ClusterIP') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: ${type}
  selector:
    app: ${name}
  ports:
    - port: 80
`;

  it('ServiceMonitors without a Prometheus in the files imply one that collects metrics only', () => {
    const result = checkText({
      'a.yaml': `${deployment('web', '          ports:\n            - containerPort: 8080\n')}---
${service('web', 'LoadBalancer').replace('  name: web\n', '  name: web\n  labels:\n    app: web\n')}---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
`,
    });
    const m = component(result.model, 'prometheus');
    expect([m.kind, m.attrs.metrics, m.attrs.logging]).toEqual(['monitoring', true, false]);
    expect(edges(result.model)).toContain('web -> prometheus {telemetry}');
    // Metrics without logs: a real gap, on the ServiceMonitor's name.
    expect(found(result)).toContain('missing-observability a.yaml:36:9');
  });

  it('a ServiceMonitor with an empty selector monitors every Service of its namespace', () => {
    const result = checkText({
      'a.yaml': `${deployment('web')}---
${service('web')}---
${deployment('api')}---
${service('api')}---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: all
spec:
  selector: {}
`,
    });
    expect(edges(result.model)).toEqual(['web -> prometheus {telemetry}', 'api -> prometheus {telemetry}']);
  });

  it('a store that names a service depends on it (Kafka on ZooKeeper); a store naming a store is no request', () => {
    const kafka = deployment(
      'kafka',
      '          env:\n            - name: KAFKA_ZOOKEEPER_CONNECT\n              value: zookeeper:2181\n            - name: KAFKA_CACHE_HOST\n              value: cache\n',
    ).replace('ghcr.io/acme/kafka:1', 'bitnami/kafka:3.7');
    const cache = deployment('cache').replace('ghcr.io/acme/cache:1', 'redis:7');
    const result = checkText({ 'a.yaml': [kafka, service('kafka'), deployment('zookeeper'), service('zookeeper'), cache, service('cache')].join('---\n') });
    expect(component(result.model, 'zookeeper').kind).toBe('service');
    expect(edges(result.model)).toEqual(['kafka -> zookeeper']);
  });

  it('a Redis with noeviction does not evict', () => {
    const result = checkText({
      'a.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  replicas: 2
  selector:
    matchLabels:
      app: cache
  template:
    metadata:
      labels:
        app: cache
    spec:
      containers:
        - name: redis
          image: redis:7
          args: ["--maxmemory-policy", "noeviction"]
`,
    });
    const cache = component(result.model, 'cache');
    expect([cache.attrs.eviction, line(cache, 'eviction')]).toEqual(['none', 18]);
    // What the manifest shows is reported: a cache that stops taking writes when full.
    expect(found(result)).toContain('cache-expiry a.yaml:18:40');
  });

  it('a hostPort is a public entry straight to the pod; a NodePort that an Ingress routes to is not', () => {
    const result = checkText({
      'a.yaml': `${deployment('edge', '          ports:\n            - containerPort: 80\n              hostPort: 80\n')}---
${deployment('web', '          ports:\n            - containerPort: 8080\n', '  replicas: 2\n')}---
${service('web', 'NodePort')}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-ingress
  annotations:
    alb.ingress.kubernetes.io/target-type: instance
spec:
  defaultBackend:
    service:
      name: web
      port:
        number: 80
`,
    });
    expect(edges(result.model)).toEqual(['internet -> web-ingress', 'web-ingress -> web', 'internet -> edge']);
    expect(found(result)).toContain('missing-load-balancer a.yaml:19:25');
  });

  it('a DaemonSet pinned to one node runs on that host', () => {
    const result = checkText({
      'a.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      nodeName: worker-1.internal
      containers:
        - name: agent
          image: ghcr.io/acme/agent:1
`,
    });
    const agent = component(result.model, 'agent');
    expect([agent.attrs.host, agent.attrs.replicas, line(agent, 'host')]).toEqual(['worker-1_internal', 1, 14]);
  });

  it('a StatefulSet on a StorageClass of one zone is in that zone', () => {
    const result = checkText({
      'a.yaml': `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: zone-a
provisioner: ebs.csi.aws.com
allowedTopologies:
  - matchLabelExpressions:
      - key: topology.kubernetes.io/zone
        values: [us-east-1a]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: zone-b
provisioner: ebs.csi.aws.com
allowedTopologies:
  - matchLabelExpressions:
      - key: failure-domain.beta.kubernetes.io/zone
        values: [us-east-1b]
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: cockroachdb/cockroach:v24.1.0
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        storageClassName: zone-a
`,
    });
    const db = component(result.model, 'db');
    expect([db.region, db.attrs.zones]).toEqual(['cluster', ['us-east-1a']]);
    expect(result.model!.regions()[0]!.zones).toEqual(['us-east-1a', 'us-east-1b']);
  });

  it('names no zones when the manifests name fewer than two', () => {
    const result = checkText({
      'a.yaml': deployment('web', '', '  replicas: 3\n', '      nodeSelector:\n        topology.kubernetes.io/zone: eu-west-1a\n'),
    });
    expect(result.model!.regions()).toEqual([]);
    expect(component(result.model, 'web').attrs.zones).toBeUndefined();
  });

  it('a prometheus.io/scrape annotation sends telemetry to a Prometheus', () => {
    const result = checkText({
      'a.yaml': `${deployment('web', '          ports:\n            - containerPort: 8080\n')}---
apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    prometheus.io/scrape: "true"
spec:
  selector:
    app: web
---
${deployment('prometheus').replace('ghcr.io/acme/prometheus:1', 'prom/prometheus:v2.53.0')}`,
    });
    expect(edges(result.model)).toEqual(['web -> prometheus {telemetry}']);
  });

  it('the same resource twice: the later one is read, and the first says so', () => {
    const result = checkText({ 'a.yaml': deployment('web', '', '  replicas: 2\n'), 'b.yaml': deployment('web', '', '  replicas: 3\n') });
    expect(component(result.model, 'web').attrs.replicas).toBe(3);
    expect(notes(result).map((d) => `${d.ruleId} ${d.file}:${d.span.start.line}`)).toEqual(['import/unsupported a.yaml:2']);
  });

  it('a Service that selects nothing is a dangling reference at its selector', () => {
    const result = checkText({ 'a.yaml': `${deployment('web')}---\n${service('api')}` });
    expect(notes(result).map((d) => `${d.ruleId} ${d.span.start.line}`)).toEqual(['import/dangling-reference 25']);
  });

  it('ConfigMaps, Secrets, RBAC and NetworkPolicies carry no architecture and give no note', () => {
    const result = checkText({
      'a.yaml': ['ConfigMap', 'Secret', 'ServiceAccount', 'Namespace', 'ResourceQuota', 'LimitRange']
        .map((kind) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: x\n`)
        .concat(
          ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].map(
            (kind) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: x\n`,
          ),
        )
        .concat(['apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\n'])
        .join('---\n'),
    });
    expect(result.diagnostics).toEqual([]);
  });
});

describe('backup schedules', () => {
  it.each([
    ['@hourly', 'hourly'],
    ['*/15 * * * *', 'hourly'],
    ['0 */6 * * *', 'daily'],
    ['30 2 * * *', 'daily'],
    ['@daily', 'daily'],
    ['0 3 * * 0', 'weekly'],
    ['0 3 * * 1-5', 'weekly'],
    ['CRON_TZ=Europe/Paris 0 3 * * *', 'daily'],
    ['0 3 1 * *', undefined],
    ['@monthly', undefined],
    ['not a schedule', undefined],
  ])('%s runs %s', (schedule, frequency) => {
    expect(backupFrequency(schedule)).toBe(frequency);
  });
});

describe('docs/importers/kubernetes.md', () => {
  const doc = readFileSync(path.join(root, 'docs/importers/kubernetes.md'), 'utf8');
  const blocks = [...doc.matchAll(/```console\n\$ archlint (.+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!] as const);

  it('has its examples', () => expect(blocks.map(([command]) => command.split(' ')[0])).toEqual(['check', 'check', 'import']));

  it.each(blocks)('shows what `archlint %s` really prints', (command, shown) => {
    const out = archlint(command.split(' '));
    expect(out.stderr.replace(/^archlint: imported .*\n/m, '')).toBe('');
    expect(out.stdout).toBe(shown);
  });
});
