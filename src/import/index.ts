/**
 * Deployment files as models: which files form one deployment (`planModels`), and the import of
 * one deployment into the syntax trees the model builder reads (`importDeployment`).
 *
 * One model per deployment: every Kubernetes manifest of a run together (as `kubectl apply -f`
 * takes them), a Compose file with its `.override` file beside it (as `docker compose` reads a
 * project), and each Terraform JSON file alone. `.arch` files keep their own rule: a file imported
 * by another is part of that model.
 */
import path from 'node:path';
import { compilerRuleIds, type Diagnostic } from '../diagnostics.js';
import { chooseRoots } from '../model/roots.js';
import type { SourceFile } from '../model/build/state.js';
import { importCompose } from './compose.js';
import { detectFormat, type Detected } from './detect.js';
import { ModelBuilder, type Origin } from './emit.js';
import { importKubernetes } from './kubernetes.js';
import { importTerraform } from './terraform.js';
import type { DeploymentFile, DeploymentFormat, Importer, ImportOptions } from './types.js';
import type { Statement } from '../../grammar/ast.js';

export { detectFormat, deploymentExtensions, isDeploymentText, type Detected } from './detect.js';
export type { DeploymentFormat, ImportOptions } from './types.js';
export type { ImageRule } from './images.js';

const importers: Readonly<Record<DeploymentFormat, Importer>> = {
  kubernetes: importKubernetes,
  compose: importCompose,
  terraform: importTerraform,
};

export const formatNames: Readonly<Record<DeploymentFormat, string>> = {
  kubernetes: 'Kubernetes manifests',
  compose: 'a Compose project',
  terraform: 'Terraform JSON',
};

/**
 * Findings (`rule/messageId`) whose premise a deployment's files cannot show, left out on an
 * imported model: a cache's TTLs are set by the application on each key, not in a manifest, so
 * "it has no `ttl`" would be a guess. `archlint import` writes a suppression with the reason at
 * each such cache, so the written model checks as the deployment does.
 */
export const unknowableFindings: ReadonlyMap<string, { reason: string; formats: readonly DeploymentFormat[] }> = new Map([
  [
    'cache-expiry/noTtl',
    { reason: 'the application sets the TTLs of its keys, which the deployment files do not show', formats: ['kubernetes', 'compose', 'terraform'] },
  ],
  // A broker's dead-letter policy (RabbitMQ, Kafka, NATS) is the broker's configuration, not the manifest's; SQS's redrive policy is Terraform's.
  [
    'missing-dead-letter/noDeadLetter',
    { reason: "a broker's dead-letter policy is its own configuration, which the deployment files do not show", formats: ['kubernetes', 'compose'] },
  ],
]);

/** Whether a finding is one the deployment's format cannot show (`unknowableFindings`). */
export function unknowable(format: DeploymentFormat | undefined, ruleId: string, messageId: string | undefined): { reason: string } | undefined {
  const entry = unknowableFindings.get(`${ruleId}/${messageId ?? ''}`);
  return entry && format !== undefined && entry.formats.includes(format) ? entry : undefined;
}

/** Whether a file is read as .arch source (by its name): everything else is recognised by content. */
export const isArchFile = (file: string): boolean => file.toLowerCase().endsWith('.arch');

export interface ImportResult {
  /** One syntax tree per deployment file, the root first. */
  sources: SourceFile[];
  /** Syntax errors of the files (invalid YAML or JSON), and files of another format: errors, the model is not checked. */
  problems: Diagnostic[];
  /** What could not be mapped: info-level `import/*` findings. */
  notes: Diagnostic[];
  format?: DeploymentFormat;
  /** Where each statement came from, for `archlint import`'s comments. */
  origins: ReadonlyMap<Statement, Origin>;
}

const zero = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/**
 * Imports the deployment made of `files` (the root first), read through `readFile`.
 * Never throws: unreadable and malformed files become problems.
 */
export function importDeployment(files: readonly string[], readFile: (file: string) => string, options: Partial<ImportOptions> = {}): ImportResult {
  const problems: Diagnostic[] = [];
  const read: DeploymentFile[] = [];
  let format: DeploymentFormat | undefined;
  for (const file of files) {
    let text: string;
    try {
      text = readFile(file);
    } catch (error) {
      problems.push({ ruleId: compilerRuleIds.import, severity: 'error', message: `cannot read ${file}: ${(error as Error).message}`, file, span: zero });
      continue;
    }
    const detected: Detected = detectFormat(file, text);
    if (detected.format === 'arch') {
      problems.push({ ruleId: compilerRuleIds.import, severity: 'error', message: `${file} is an .arch file, not part of a deployment`, file, span: zero });
      continue;
    }
    if (detected.format === 'invalid') {
      for (const p of detected.read.problems) problems.push({ ruleId: compilerRuleIds.syntax, severity: 'error', message: p.message, file, span: p.span });
      continue;
    }
    if (detected.format === 'unsupported' || detected.format === 'unknown') {
      problems.push({ ruleId: compilerRuleIds.import, severity: 'error', message: `${file}: ${detected.message}`, file, span: zero });
      continue;
    }
    format ??= detected.format;
    if (detected.format !== format) {
      problems.push({
        ruleId: compilerRuleIds.import,
        severity: 'error',
        message: `${file} is ${formatNames[detected.format]}, and the other files are ${formatNames[format]}: import them separately`,
        file,
        span: zero,
      });
      continue;
    }
    for (const p of detected.read.problems) problems.push({ ruleId: compilerRuleIds.syntax, severity: 'error', message: p.message, file, span: p.span });
    read.push({ file, text, documents: detected.read.documents });
  }
  const names = options.names ?? new Map<string, string>();
  const builder = new ModelBuilder(
    read.map((r) => r.file),
    names,
  );
  if (format && problems.length === 0) {
    importers[format](read, builder, {
      images: options.images ?? [],
      names,
      readFile: options.readFile ?? readFile,
    });
  }
  return {
    sources: builder.asts(),
    problems,
    notes: builder.notes,
    ...(format ? { format } : {}),
    origins: builder.origins,
  };
}

/** One model to check: its root and, for a deployment, every file of it (the root first). */
export interface ModelPlan {
  root: string;
  /** The deployment's files, root first; absent for an .arch root. */
  deployment?: string[];
}

const composeBase = /^(docker-)?compose\.ya?ml$/i;
const composeOverride = /^(docker-)?compose\.override\.ya?ml$/i;

/**
 * Which models the files make: .arch roots (`chooseRoots`), and deployments grouped as the
 * module comment says, each in the place of its first file. A file whose content is not
 * recognised stays a root of its own, for the loader to report.
 */
export function planModels(
  files: readonly string[],
  importsOf: (file: string) => readonly string[],
  cwd: string,
  readFile: (file: string) => string,
): ModelPlan[] {
  const arch = files.filter(isArchFile);
  const archRoots = new Set(chooseRoots(arch, importsOf, cwd));
  const formatOf = new Map<string, DeploymentFormat | undefined>();
  for (const f of files) {
    if (isArchFile(f)) continue;
    let detected: Detected;
    try {
      detected = detectFormat(f, readFile(f));
    } catch {
      formatOf.set(f, undefined);
      continue;
    }
    formatOf.set(f, detected.format === 'kubernetes' || detected.format === 'compose' || detected.format === 'terraform' ? detected.format : undefined);
  }
  const kubernetes = files.filter((f) => formatOf.get(f) === 'kubernetes');
  // Compose: an override file joins the base file of its directory, when that is listed too.
  const composeGroups = new Map<string, string[]>();
  const joined = new Set<string>();
  for (const f of files) {
    if (formatOf.get(f) !== 'compose' || !composeBase.test(path.basename(f))) continue;
    const dir = path.dirname(path.resolve(cwd, f));
    const overrides = files.filter(
      (o) => formatOf.get(o) === 'compose' && composeOverride.test(path.basename(o)) && path.dirname(path.resolve(cwd, o)) === dir && !joined.has(o),
    );
    overrides.forEach((o) => joined.add(o));
    composeGroups.set(f, [f, ...overrides]);
  }
  const plans: ModelPlan[] = [];
  for (const f of files) {
    if (isArchFile(f)) {
      if (archRoots.has(f)) plans.push({ root: f });
      continue;
    }
    const format = formatOf.get(f);
    if (format === 'kubernetes') {
      if (f === kubernetes[0]) plans.push({ root: f, deployment: kubernetes });
    } else if (format === 'compose') {
      if (joined.has(f)) continue;
      plans.push({ root: f, deployment: composeGroups.get(f) ?? [f] });
    } else if (format === 'terraform') {
      plans.push({ root: f, deployment: [f] });
    } else {
      plans.push({ root: f, deployment: [f] });
    }
  }
  // .arch roots only reachable through a cycle come after (chooseRoots appends them).
  for (const r of archRoots) if (!plans.some((p) => p.root === r)) plans.push({ root: r });
  return plans;
}
