/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), as GitHub code scanning, Azure DevOps and the SARIF
 * viewers read it. One run; the tool and its rules come from `options.tool` (without it the log is
 * still valid, with a bare driver and no rules list).
 *
 * - Files are URI references relative to `%SRCROOT%`, which `originalUriBaseIds` sets to the
 *   repository's root (`options.root`, src/io/root.ts); a file outside it gets an absolute `file:`
 *   URI instead.
 * - Regions are 1-based with an exclusive `endColumn`, as ours are: SARIF §3.30.8 defines
 *   `endColumn` as "the column number of the character following the end of the region".
 * - `columnKind` is `utf16CodeUnits`: our columns come from Chevrotain offsets into a JavaScript
 *   string (grammar/ast-builder.ts adds `image.length`), so a character outside the Basic
 *   Multilingual Plane counts as two columns.
 * - Suppressed findings are always listed, with `suppressions` (kind `inSource`, the reason as
 *   `justification`), so viewers show them as suppressed rather than losing them.
 * - No timestamps or invocation details: the same findings give the same bytes.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../diagnostics.js';
import { fingerprints, reportPath } from './fingerprint.js';
import type { Reporter, RuleDescriptor } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

const level: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

/** A relative path (with `/`) as a URI reference: each segment percent-encoded, so spaces, `%`, `#`, `?` and `:` are safe. */
export function relativeUri(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

/** Where a file is, as SARIF names it: relative to `%SRCROOT%` (`root`) when under it, else an absolute `file:` URI. */
function artifactLocation(file: string, cwd: string, root: string): ArtifactLocation {
  const shown = reportPath(file, cwd, root);
  const absolute = path.resolve(cwd, file);
  if (shown === absolute.split(path.sep).join('/')) return { uri: pathToFileURL(absolute).href };
  return { uri: relativeUri(shown), uriBaseId: SRCROOT };
}

function ruleDescriptor(r: RuleDescriptor): object {
  return {
    id: r.id,
    shortDescription: { text: r.shortDescription },
    fullDescription: { text: r.fullDescription },
    help: { text: r.helpUri !== undefined ? `${r.fullDescription} See ${r.helpUri}` : r.fullDescription, markdown: r.helpMarkdown },
    ...(r.helpUri !== undefined ? { helpUri: r.helpUri } : {}),
    // A rule that is off by default has no level to give; `enabled: false` says so, and each result
    // carries its own level anyway.
    defaultConfiguration: r.defaultSeverity === 'off' ? { enabled: false } : { level: level[r.defaultSeverity] },
  };
}

export const sarif: Reporter = (report, options) => {
  const cwd = options.cwd;
  const base = options.root ?? cwd;
  const rules = options.tool?.rules ?? [];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const prints = fingerprints(report.files, cwd, base);

  // Every checked file is an artifact, in report order; a finding in another file (an import) adds it.
  const artifacts: ArtifactLocation[] = [];
  const artifactIndex = new Map<string, number>();
  const locate = (file: string): ArtifactLocation => {
    const location = artifactLocation(file, cwd, base);
    const key = `${location.uriBaseId ?? ''}\0${location.uri}`;
    let index = artifactIndex.get(key);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(key, index);
      artifacts.push(location);
    }
    return { ...location, index };
  };
  for (const f of report.files) locate(f.file);

  const result = (d: Diagnostic): object => {
    const index = ruleIndex.get(d.ruleId);
    const print = prints.get(d);
    return {
      ruleId: d.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: level[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: locate(d.file),
            region: { startLine: d.span.start.line, startColumn: d.span.start.column, endLine: d.span.end.line, endColumn: d.span.end.column },
          },
          // SARIF's list of logical location kinds (§3.33.7) has nothing for an architecture
          // component, and allows another value when none fits.
          ...(d.component !== undefined ? { logicalLocations: [{ name: d.component, kind: 'component' }] } : {}),
        },
      ],
      ...(d.related && d.related.length > 0
        ? {
            relatedLocations: d.related.map((r, id) => ({
              id,
              physicalLocation: {
                artifactLocation: locate(r.file),
                region: { startLine: r.span.start.line, startColumn: r.span.start.column, endLine: r.span.end.line, endColumn: r.span.end.column },
              },
              message: { text: r.message },
            })),
          }
        : {}),
      ...(print !== undefined ? { partialFingerprints: { 'archlint/v1': print } } : {}),
      ...(d.suppressed ? { suppressions: [{ kind: 'inSource', ...(d.suppressed.reason !== undefined ? { justification: d.suppressed.reason } : {}) }] } : {}),
    };
  };

  const results = report.files.flatMap((f) => f.diagnostics.map(result));
  const root = pathToFileURL(path.resolve(base)).href;
  const tool = options.tool;
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: tool
            ? { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules: rules.map(ruleDescriptor) }
            : { name: 'archlint' },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: root.endsWith('/') ? root : `${root}/` } },
        artifacts: artifacts.map((location) => ({ location })),
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
