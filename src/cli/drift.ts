/**
 * `archlint drift design.arch --against <deployment files…>`: what the deployment breaks of the
 * design's promises (src/engine/drift.ts), in any report format, with `--format markdown` a
 * section for a pull request. Exit 1 when a drift finding is an error, 2 when either side is
 * not a valid model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigResolver } from '../config/resolver.js';
import type { Diagnostic } from '../diagnostics.js';
import { drift } from '../engine/drift.js';
import { checkModel } from '../engine/pipeline.js';
import { UsageError } from '../errors.js';
import { detectFormat, planModels, type DeploymentFormat } from '../import/index.js';
import { repositoryRoot } from '../io/root.js';
import { driftMarkdown } from '../report/drift.js';
import { reporters, summarize, type ReporterOptions } from '../report/index.js';
import { expandOperands } from './files.js';
import { cachingHost } from './host.js';
import { wantsColor, type Io } from './io.js';
import { groupByFile, printErrors } from './print.js';
import { toolInfo } from './tool-info.js';

export interface DriftFlags {
  against?: string[];
  format: string;
  color?: boolean;
}

export async function runDrift(design: string, flags: DriftFlags, io: Io): Promise<number> {
  const against = flags.against ?? [];
  if (against.length === 0) throw new UsageError('drift: say what the design is compared with: --against <deployment files or directory>');
  if (!design.toLowerCase().endsWith('.arch'))
    throw new UsageError(`drift: the design must be an .arch file (${design} is not); the deployment goes after --against`);
  const { host, parse, importsOf } = cachingHost(io.cwd);
  const resolver = new ConfigResolver({ cwd: io.cwd });
  const designConfig = await resolver.resolve(design);
  if (designConfig.diagnostics.length > 0) {
    printErrors(designConfig.diagnostics, io, flags.color);
    return 2;
  }
  const designed = checkModel(design, { host, parse, rules: [] });
  const files = await expandOperands(against, io.cwd);
  const plans = planModels(files, importsOf, io.cwd, (f) => host.readFile(f));
  const deployments = plans.filter((p) => p.deployment);
  if (plans.length !== deployments.length)
    throw new UsageError('drift: --against takes deployment files (Kubernetes manifests, a Compose project, Terraform JSON), not .arch files');
  if (deployments.length !== 1)
    throw new UsageError(
      `drift: --against names ${deployments.length} deployments (${deployments.map((p) => p.root).join(', ')}); compare the design with one at a time`,
    );
  const plan = deployments[0]!;
  const deployed = checkModel(plan.root, {
    host,
    parse,
    rules: [],
    deployment: plan.deployment!,
    ...(designConfig.config ? { importOptions: designConfig.config.import } : {}),
  });
  const errors: Diagnostic[] = [...designed.diagnostics, ...deployed.diagnostics].filter((d) => d.severity === 'error');
  if (!designed.model || !deployed.model || designed.status !== 'checked' || deployed.status !== 'checked' || errors.length > 0) {
    printErrors(errors, io, flags.color);
    return 2;
  }
  const detected = detectFormat(plan.root, readFileSync(path.resolve(io.cwd, plan.root), 'utf8')).format as DeploymentFormat;
  const shown = (f: string) => path.relative(io.cwd, path.resolve(io.cwd, f)) || f;
  const findings = drift({ design: designed.model, deployment: deployed.model, format: detected, shown });
  if (flags.format === 'markdown') {
    io.stdout.write(driftMarkdown(findings, { design, against: plan.deployment!, cwd: io.cwd }));
  } else {
    const reportFiles = groupByFile(findings);
    const options: ReporterOptions = {
      cwd: io.cwd,
      root: repositoryRoot(io.cwd, io.env),
      color: wantsColor(io, flags.color),
      ...(flags.format === 'sarif' ? { tool: toolInfo([]) } : {}),
    };
    io.stdout.write(reporters.get(flags.format)!({ files: reportFiles, summary: summarize(reportFiles) }, options));
    if (findings.length === 0 && flags.format === 'stylish') io.stdout.write(`✔ ${design} and the deployment agree\n`);
  }
  return findings.some((d) => d.severity === 'error') ? 1 : 0;
}
