/**
 * archlint as formats that name the tool describe it (SARIF's `tool.driver`): its name, version,
 * home page, and every check it can report — the rules in rules/ with their documentation pages,
 * and the compiler's own checks (syntax and meaning errors, configuration and baseline problems).
 */
import { driftChecks, driftIds, type DriftId } from '../engine/drift.js';
import { importNoteIds, type ImportNoteId } from '../import/emit.js';
import { ruleDocs, ruleUrl } from '../config/docs.js';
import { builtinRegistry } from '../config/registry.js';
import type { RuleRegistry } from '../engine/registry.js';
import type { Rule } from '../engine/rule.js';
import { compilerRuleIds, type CompilerRuleId } from '../diagnostics.js';
import { homepage, version } from '../package-info.js';
import type { RuleDescriptor, ToolInfo } from '../report/types.js';

/** What each compiler check reports, in one line; the language reference has the details and examples. */
const compilerChecks: Readonly<Record<CompilerRuleId, { short: string; page: 'language' | 'configuration' | 'ci' }>> = {
  syntax: {
    short:
      'Text that cannot be read or parsed: an unexpected character, a missing brace or value, an unknown unit or string escape, an unclosed string or comment.',
    page: 'language',
  },
  import: { short: 'An imported file that cannot be read, or an import cycle.', page: 'language' },
  'unknown-kind': { short: 'A component whose kind is not one of the kinds the language defines.', page: 'language' },
  'unknown-attribute': { short: 'An attribute that the component kind, the edge or the block does not take.', page: 'language' },
  'invalid-value': {
    short: 'A value of the wrong type or out of range, `replicas` outside `autoscale`, or a replication edge that does not join two stores.',
    page: 'language',
  },
  'duplicate-name': { short: 'A name declared twice in a model and its imports, or an attribute set twice in one block.', page: 'language' },
  reference: {
    short: 'An edge end or attribute reference that is not declared, is a region or is of the wrong kind, or an edge from a component to itself.',
    page: 'language',
  },
  structure: {
    short:
      'A statement in the wrong place or repeated: a nested region, a block or import inside a region, a second title or a second workload, budget or latency block.',
    page: 'language',
  },
  'share-sum': { short: 'Client shares that do not add up to 100%.', page: 'language' },
  config: {
    short: 'An archlint.config.json that cannot be parsed or does not match its schema: an unknown rule, preset or option, or a bad severity.',
    page: 'configuration',
  },
  baseline: {
    short: 'A baseline file that cannot be read or is malformed (an error), or a baseline entry that no longer matches any finding (a warning).',
    page: 'ci',
  },
};

/** The first paragraph after a page's `# title`, unwrapped to one line. */
export function firstParagraph(markdown: string): string {
  const paragraphs = markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const body = paragraphs.find((p) => !p.startsWith('#'));
  return body === undefined
    ? ''
    : body
        .split('\n')
        .map((line) => line.trim())
        .join(' ');
}

/** Where a page of this repository is published, at this version's tag (as `ruleDocUrl` does for rule pages). */
const pageUrl = (file: string, anchor = ''): string => `${homepage()}/blob/v${version()}/${file}${anchor}`;

function compilerCheckDescriptor(id: CompilerRuleId): RuleDescriptor {
  const { short, page } = compilerChecks[id];
  const helpUri =
    page === 'language'
      ? pageUrl('grammar/README.md', '#5-compiler-diagnostics')
      : page === 'configuration'
        ? pageUrl('docs/configuration.md')
        : pageUrl('docs/ci.md', '#adopting-archlint-on-an-existing-design-baselines');
  const where = page === 'language' ? 'the language reference' : page === 'configuration' ? 'the configuration guide' : 'the CI guide';
  const full =
    id === 'config' || id === 'baseline'
      ? `${short} A problem with archlint's own input rather than with the model; it cannot be suppressed.`
      : `${short} A compiler check: always an error, never suppressed, and the model's rules run only once it is fixed.`;
  return {
    id,
    shortDescription: short,
    fullDescription: full,
    helpMarkdown: `# ${id}\n\n${full}\n\nSee [${where}](${helpUri}).\n`,
    helpUri,
    defaultSeverity: 'error',
  };
}

const importNotes: Readonly<Record<ImportNoteId, string>> = {
  'import/unmapped-resource': 'A resource of a deployment file that archlint does not map to the model (it is listed, never silently dropped).',
  'import/dangling-reference': 'A deployment names something that is not in it (an environment variable naming a Service or host that does not exist).',
  'import/ambiguous-kind':
    'A deployed workload whose kind of component is a guess (its image and its shape disagree): say which in the configuration (`import.kinds`).',
  'import/unsupported': 'Part of a deployment file that archlint recognises but does not read (another cloud provider, a feature out of scope).',
};

function importNoteDescriptor(id: ImportNoteId): RuleDescriptor {
  const short = importNotes[id];
  const helpUri = pageUrl('docs/importers.md', '#what-is-not-mapped');
  const full = `${short} A note of the importer: information, about the deployment files rather than the design.`;
  return {
    id,
    shortDescription: short,
    fullDescription: full,
    helpMarkdown: `# ${id}\n\n${full}\n\nSee [the importers guide](${helpUri}).\n`,
    helpUri,
    defaultSeverity: 'info',
  };
}

function driftDescriptor(id: DriftId): RuleDescriptor {
  const { severity, description } = driftChecks[id];
  const helpUri = pageUrl('docs/drift.md', '#what-it-finds');
  const full = `${description} A finding of \`archlint drift\`, which compares a design with a deployment.`;
  return {
    id,
    shortDescription: description,
    fullDescription: full,
    helpMarkdown: `# ${id}\n\n${full}\n\nSee [the drift guide](${helpUri}).\n`,
    helpUri,
    defaultSeverity: severity,
  };
}

/** Descriptors already made, by rule: each rule's page is read once per process. */
const described = new WeakMap<Rule, RuleDescriptor>();

function ruleDescriptor(registry: RuleRegistry, rule: Rule): RuleDescriptor {
  let descriptor = described.get(rule);
  if (!descriptor) {
    const page = ruleDocs(registry, rule);
    const url = ruleUrl(registry, rule);
    descriptor = {
      id: rule.id,
      shortDescription: rule.meta.description,
      fullDescription: firstParagraph(page) || rule.meta.description,
      helpMarkdown: page,
      ...(url !== undefined ? { helpUri: url } : {}),
      defaultSeverity: rule.meta.recommended === false ? 'off' : rule.meta.defaultSeverity,
    };
    described.set(rule, descriptor);
  }
  return descriptor;
}

/**
 * archlint and every check it reports: the rules of every registry the run used (each id once,
 * archlint's own first), then the compiler's own checks.
 */
export function toolInfo(registries: Iterable<RuleRegistry>): ToolInfo {
  const rules = new Map<string, RuleDescriptor>();
  for (const registry of [builtinRegistry, ...registries]) {
    for (const rule of registry.all()) if (!rules.has(rule.id)) rules.set(rule.id, ruleDescriptor(registry, rule));
  }
  const compiler = (Object.values(compilerRuleIds) as CompilerRuleId[]).map(compilerCheckDescriptor);
  const imports = importNoteIds.map(importNoteDescriptor);
  const drifts = driftIds.map(driftDescriptor);
  return { name: 'archlint', version: version(), informationUri: homepage(), rules: [...rules.values(), ...compiler, ...imports, ...drifts] };
}
