/**
 * What a file is, by its content: an .arch model (by its extension), a Kubernetes manifest, a
 * Compose file or Terraform JSON; or something archlint recognises but does not read (HCL,
 * CloudFormation, a Helm chart's templates), with a message saying what to do instead.
 */
import { get, readDocuments, str, type ReadResult } from './source.js';
import type { DeploymentFormat } from './types.js';

export type Detected =
  | { format: 'arch' }
  | { format: DeploymentFormat; read: ReadResult }
  /** Recognised and refused: why, and what to run instead. */
  | { format: 'unsupported'; message: string }
  /** Invalid YAML or JSON (a file with a YAML or JSON name, or that looks like a deployment): its syntax errors. */
  | { format: 'invalid'; read: ReadResult }
  /** Not a model of any kind archlint reads. */
  | { format: 'unknown'; message: string };

/** Extensions a directory is searched for besides `.arch`: files whose content is then recognised (or skipped). */
export const deploymentExtensions = ['yaml', 'yml', 'json', 'tfstate'] as const;

const hclMessage =
  'Terraform HCL is not read (archlint needs the resolved plan): run `terraform plan -out plan.out && terraform show -json plan.out > plan.json` and check plan.json';

/** Keys that start a deployment file: a file with one of them and a syntax error is a broken deployment, not something else. */
const looksLikeDeployment = /^(apiVersion|kind|services|"format_version"|"terraform_version")\s*:|^\s*"(format_version|terraform_version)"\s*:/m;

/**
 * Whether a file found in a directory, or open in an editor, is a deployment archlint reads: one
 * of the three formats, or a broken file that starts like one (its syntax errors are reported,
 * not skipped). Other YAML and JSON, broken or not, is not archlint's.
 */
export function isDeploymentText(file: string, text: string): boolean {
  const detected = detectFormat(file, text);
  if (detected.format === 'invalid') return looksLikeDeployment.test(text);
  return detected.format === 'kubernetes' || detected.format === 'compose' || detected.format === 'terraform';
}

/**
 * The last results, by file: a run recognises a file when it lists a directory, when it groups
 * files into models and when it imports them, and a large plan is parsed once for all three.
 */
const recent = new Map<string, { extension: string; detected: Detected }>();
const RECENT = 64;

/** The part of a name detection reads: its extension (an .arch file, HCL, YAML or JSON). */
const extensionOf = (file: string): string => /\.(tf\.json|[^./\\]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';

export function detectFormat(file: string, text: string): Detected {
  // By text: a run names one file several ways (absolute while listing a directory, relative
  // after), and detection reads only its extension.
  const extension = extensionOf(file);
  const cached = recent.get(text);
  if (cached && cached.extension === extension) return cached.detected;
  const detected = detect(file, text);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(text, { extension, detected });
  return detected;
}

function detect(file: string, text: string): Detected {
  const lower = file.toLowerCase();
  if (lower.endsWith('.arch')) return { format: 'arch' };
  if (lower.endsWith('.tf') || lower.endsWith('.hcl') || lower.endsWith('.tf.json') || lower.endsWith('.tfvars'))
    return { format: 'unsupported', message: hclMessage };
  if (/\{\{-?\s/.test(text) && /^\s*(apiVersion|kind):/m.test(text))
    return {
      format: 'unsupported',
      message: 'this is a Helm template, not a manifest: run `helm template <release> <chart> > manifests.yaml` and check manifests.yaml',
    };
  const read = readDocuments(text);
  const roots = read.documents.map((d) => d.root).filter((r) => r?.type === 'map');
  if (read.problems.length > 0 && (roots.length === 0 || looksLikeDeployment.test(text))) return { format: 'invalid', read };
  if (roots.length === 0) {
    return { format: 'unknown', message: 'not an .arch file, a Kubernetes manifest, a Compose file or Terraform JSON' };
  }
  if (roots.some((r) => str(get(r, 'apiVersion')) !== undefined && str(get(r, 'kind')) !== undefined)) return { format: 'kubernetes', read };
  const first = roots[0]!;
  if (get(first, 'format_version') !== undefined && ['planned_values', 'values', 'prior_state', 'resource_changes'].some((k) => get(first, k) !== undefined))
    return { format: 'terraform', read };
  if (get(first, 'terraform_version') !== undefined && get(first, 'resources')?.type === 'seq') return { format: 'terraform', read };
  if (get(first, 'format_version') !== undefined && get(first, 'terraform_version') !== undefined) return { format: 'terraform', read };
  if (get(first, 'AWSTemplateFormatVersion') !== undefined || (get(first, 'Resources')?.type === 'map' && get(first, 'services') === undefined))
    return { format: 'unsupported', message: 'CloudFormation templates are not read; archlint reads Kubernetes manifests, Compose files and Terraform JSON' };
  if (get(first, 'services')?.type === 'map') return { format: 'compose', read };
  if (get(first, 'provider') !== undefined && get(first, 'resource') !== undefined) return { format: 'unsupported', message: hclMessage };
  return { format: 'unknown', message: 'not an .arch file, a Kubernetes manifest, a Compose file or Terraform JSON' };
}
