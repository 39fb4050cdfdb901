/**
 * Drift: what a deployment breaks of the design's promises. The design is an .arch model; the
 * deployment is a model imported from Kubernetes manifests, a Compose project or Terraform JSON.
 * Components are matched by name (the configuration's `import.names` renames deployed names to
 * the design's before this). Each finding is located on the deployment's line when there is one
 * (the manifest line that breaks the promise), with the design's line as a related location, and
 * names both in its message, so that every output format shows both sides.
 *
 * Only what the deployment's format can say is compared: Kubernetes and Compose say nothing of
 * backups, DNS or CDNs, so a design's backups and its managed or provider components are not
 * "missing" from a cluster's manifests. One pass over each model's components and edges.
 */
import type { Diagnostic, RelatedLocation, Severity } from '../diagnostics.js';
import type { DeploymentFormat } from '../import/index.js';
import { isRequestEdge, minInstances, zonesOf, type Component, type Model } from '../model/model.js';

export const driftIds = [
  'drift/not-deployed',
  'drift/not-designed',
  'drift/kind-mismatch',
  'drift/fewer-replicas',
  'drift/fewer-zones',
  'drift/fewer-shards',
  'drift/missing-autoscaling',
  'drift/missing-backup',
  'drift/missing-persistence',
  'drift/missing-dead-letter',
  'drift/public-entry',
  'drift/missing-edge',
  'drift/undesigned-edge',
] as const;
export type DriftId = (typeof driftIds)[number];

/** Each finding's severity, and what it means (for `archlint rules`-like listings, SARIF and the docs). */
export const driftChecks: Readonly<Record<DriftId, { severity: Severity; description: string }>> = {
  'drift/not-deployed': { severity: 'error', description: 'A component of the design that the deployment does not run.' },
  'drift/not-designed': { severity: 'warning', description: 'A component the deployment runs that the design does not have.' },
  'drift/kind-mismatch': { severity: 'warning', description: 'A component deployed as another kind than designed (a cache deployed as a database).' },
  'drift/fewer-replicas': { severity: 'error', description: 'Fewer instances deployed than designed (replicas, an autoscaling minimum, standbys).' },
  'drift/fewer-zones': { severity: 'error', description: 'A component deployed over fewer availability zones than designed.' },
  'drift/fewer-shards': { severity: 'error', description: 'A data store deployed with fewer shards than designed.' },
  'drift/missing-autoscaling': { severity: 'warning', description: 'A component designed to autoscale that is deployed at a fixed size.' },
  'drift/missing-backup': { severity: 'error', description: 'A store designed with backups that is deployed without them.' },
  'drift/missing-persistence': {
    severity: 'error',
    description: 'A store designed to keep its data on disk or a volume that is deployed on ephemeral storage.',
  },
  'drift/missing-dead-letter': { severity: 'error', description: 'A queue designed with a dead-letter queue that is deployed without one.' },
  'drift/public-entry': { severity: 'error', description: 'A component the deployment exposes to the internet that the design keeps private.' },
  'drift/missing-edge': { severity: 'warning', description: 'A call of the design that the deployment does not wire (both components are deployed).' },
  'drift/undesigned-edge': { severity: 'warning', description: 'A call the deployment wires that the design does not have (both components are designed).' },
};

/** What a format can say about a component: only that is compared. */
interface Reach {
  /** Kinds it deploys; a design component of another kind is not looked for. */
  kinds: ReadonlySet<string>;
  /** Whether a managed design component (a cloud database, a managed queue) is looked for. */
  managed: boolean;
  autoscale: boolean;
  backup: boolean;
  deadLetter: boolean;
  shards: boolean;
}

const workloadKinds = ['lb', 'gateway', 'service', 'worker', 'cache', 'database', 'queue', 'search', 'monitoring'];
const reach: Readonly<Record<DeploymentFormat, Reach>> = {
  kubernetes: { kinds: new Set(workloadKinds), managed: false, autoscale: true, backup: false, deadLetter: false, shards: false },
  compose: { kinds: new Set(workloadKinds), managed: false, autoscale: false, backup: false, deadLetter: false, shards: false },
  terraform: {
    kinds: new Set([...workloadKinds, 'dns', 'cdn', 'storage', 'function']),
    managed: true,
    autoscale: true,
    backup: true,
    deadLetter: true,
    shards: true,
  },
};

const formatWords: Readonly<Record<DeploymentFormat, string>> = {
  kubernetes: 'the manifests',
  compose: 'the Compose project',
  terraform: 'the Terraform plan',
};

export interface DriftInput {
  design: Model;
  deployment: Model;
  format: DeploymentFormat;
  /** How a file is named in messages (relative to the working directory). */
  shown?: (file: string) => string;
}

/** The drift findings, in stable order (file, line). */
export function drift({ design, deployment, format, shown = (f) => f }: DriftInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  const can = reach[format];
  const where = (c: Component, attribute?: string) => {
    const span = (attribute !== undefined ? c.attributeSpans.get(attribute) : undefined) ?? c.nameSpan;
    return { file: c.file, span };
  };
  const at = (c: Component, attribute?: string) => {
    const { file, span } = where(c, attribute);
    return `${shown(file)}:${span.start.line}`;
  };
  const report = (id: DriftId, message: string, primary: { file: string; span: Diagnostic['span'] }, component: string, related?: RelatedLocation) => {
    out.push({
      ruleId: id,
      severity: driftChecks[id].severity,
      message,
      file: primary.file,
      span: primary.span,
      component,
      ...(related ? { related: [related] } : {}),
    });
  };
  /** The finding on the deployment's line, the design's as related. */
  const pair = (id: DriftId, d: Component, x: Component, message: string, designAttr?: string, deployedAttr?: string) => {
    const designed = where(d, designAttr);
    report(id, `${message} (designed at ${at(d, designAttr)}, deployed at ${at(x, deployedAttr)})`, where(x, deployedAttr), d.name, {
      ...designed,
      message: `the design: \`${d.name}\``,
    });
  };

  const entries = (model: Model): Set<string> => {
    const set = new Set<string>();
    for (const c of model.components()) {
      if (c.attrs.public) set.add(c.name);
      if (c.kind !== 'client') continue;
      for (const e of model.outEdges(c.name)) if (isRequestEdge(e)) set.add(e.to);
    }
    return set;
  };
  const designEntries = entries(design);
  const deployedEntries = entries(deployment);

  for (const d of design.components()) {
    if (d.kind === 'client' || d.kind === 'external') continue;
    const x = deployment.component(d.name);
    if (!x) {
      if (!can.kinds.has(d.kind) || (d.attrs.managed && !can.managed)) continue;
      report(
        'drift/not-deployed',
        `\`${d.name}\` (${d.kind}) is in the design but not in ${formatWords[format]}: deploy it, or map the deployed name to \`${d.name}\` in the configuration (\`import.names\`)`,
        where(d),
        d.name,
      );
      continue;
    }
    if (x.kind !== d.kind) {
      pair('drift/kind-mismatch', d, x, `\`${d.name}\` is designed as a ${d.kind} but deployed as a ${x.kind}`);
      continue;
    }
    const designed = minInstances(d);
    const deployed = minInstances(x);
    if (deployed < designed) {
      const attr = x.attrs.autoscale ? 'autoscale' : 'replicas';
      pair(
        'drift/fewer-replicas',
        d,
        x,
        `\`${d.name}\` is designed to run at least ${designed} instance${designed === 1 ? '' : 's'} but is deployed with ${deployed}: the redundancy the design counts on is not there`,
        d.attrs.autoscale ? 'autoscale' : 'replicas',
        attr,
      );
    }
    const designZones = zonesOf(design, d);
    const deployedZones = zonesOf(deployment, x);
    if (designZones.length > 1 && deployedZones.length > 0 && deployedZones.length < designZones.length) {
      pair(
        'drift/fewer-zones',
        d,
        x,
        `\`${d.name}\` is designed across ${designZones.length} availability zones but deployed in ${deployedZones.length} (${deployedZones.join(', ')})`,
        'zones',
        'zones',
      );
    }
    if (can.shards && d.attrs.shards !== undefined && x.attrs.shards !== undefined && x.attrs.shards < d.attrs.shards) {
      pair('drift/fewer-shards', d, x, `\`${d.name}\` is designed with ${d.attrs.shards} shards but deployed with ${x.attrs.shards}`, 'shards', 'shards');
    }
    if (can.autoscale && d.attrs.autoscale && !x.attrs.autoscale && d.kind !== 'function') {
      pair(
        'drift/missing-autoscaling',
        d,
        x,
        `\`${d.name}\` is designed to autoscale (${d.attrs.autoscale.min}..${d.attrs.autoscale.max}) but is deployed at a fixed size: a peak above it queues up`,
        'autoscale',
        'replicas',
      );
    }
    const backed = (c: Component) => c.attrs.backup !== undefined && c.attrs.backup !== 'none';
    if (can.backup && backed(d) && !backed(x) && !x.attrs.derived_from) {
      pair(
        'drift/missing-backup',
        d,
        x,
        `\`${d.name}\` is designed with \`backup: ${d.attrs.backup}\` but is deployed without backups: a deletion or corruption cannot be undone`,
        'backup',
        'backup',
      );
    }
    const kept = (c: Component) => c.attrs.persistence === 'volume' || c.attrs.persistence === 'disk';
    if (kept(d) && x.attrs.persistence === 'none') {
      pair(
        'drift/missing-persistence',
        d,
        x,
        `\`${d.name}\` is designed to keep its data (\`persistence: ${d.attrs.persistence}\`) but is deployed on ephemeral storage: a restart loses it`,
        'persistence',
        'persistence',
      );
    }
    if (can.deadLetter && d.attrs.dead_letter !== undefined && x.attrs.dead_letter === undefined) {
      pair(
        'drift/missing-dead-letter',
        d,
        x,
        `\`${d.name}\` is designed with a dead-letter queue (\`${d.attrs.dead_letter}\`) but is deployed without one: a message that always fails is retried forever`,
        'dead_letter',
      );
    }
    if (deployedEntries.has(x.name) && !designEntries.has(d.name)) {
      pair(
        'drift/public-entry',
        d,
        x,
        `\`${d.name}\` is reachable from the internet in the deployment but private in the design: it bypasses what the design puts in front of it`,
        undefined,
        x.attrs.public ? 'public' : undefined,
      );
    }
  }

  for (const x of deployment.components()) {
    if (x.kind === 'client' || design.component(x.name)) continue;
    report(
      'drift/not-designed',
      `\`${x.name}\` (${x.kind}) is deployed but is not in the design: add it to the design, or map its name (\`import.names\`)`,
      where(x),
      x.name,
    );
  }

  // Calls between components both models have; clients and telemetry are left out (their names differ by nature).
  const both = (model: Model, other: Model, name: string) => {
    const c = model.component(name);
    return c !== undefined && c.kind !== 'client' && c.kind !== 'monitoring' && other.component(name) !== undefined;
  };
  const edgeKeys = (model: Model) =>
    new Set(
      model
        .edges()
        .filter(isRequestEdge)
        .map((e) => `${e.from}\0${e.to}`),
    );
  const designEdges = edgeKeys(design);
  const deployedEdges = edgeKeys(deployment);
  const seen = new Set<string>();
  for (const e of design.edges()) {
    const key = `${e.from}\0${e.to}`;
    if (!isRequestEdge(e) || seen.has(key) || !both(design, deployment, e.from) || !both(design, deployment, e.to) || deployedEdges.has(key)) continue;
    seen.add(key);
    const x = deployment.component(e.from)!;
    report(
      'drift/missing-edge',
      `the design has \`${e.from} -> ${e.to}\` (${shown(e.file)}:${e.span.start.line}) but nothing in the deployment of \`${e.from}\` names \`${e.to}\` (${at(x)})`,
      { file: e.file, span: e.span },
      e.from,
    );
  }
  for (const e of deployment.edges()) {
    const key = `${e.from}\0${e.to}`;
    if (!isRequestEdge(e) || seen.has(key) || !both(deployment, design, e.from) || !both(deployment, design, e.to) || designEdges.has(key)) continue;
    seen.add(key);
    const d = design.component(e.from)!;
    report(
      'drift/undesigned-edge',
      `the deployment has \`${e.from} -> ${e.to}\` (${shown(e.file)}:${e.span.start.line}) but the design does not (\`${e.from}\` at ${at(d)})`,
      { file: e.file, span: e.span },
      e.from,
      { ...where(d), message: `the design: \`${d.name}\`` },
    );
  }
  return out.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.span.start.line - b.span.start.line || a.span.start.column - b.span.start.column,
  );
}
