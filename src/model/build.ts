/**
 * Meaning checks and model building: the syntax trees of a root file and its imports become one
 * `Model`, and every unknown kind, unknown attribute, bad value, duplicate name, dangling edge,
 * misplaced statement and share mismatch becomes an error diagnostic with a location.
 */
import type {
  Attribute,
  AttributeBlock,
  ComponentStatement,
  EdgeStatement,
  FileAst,
  RegionStatement,
  SettingsStatement,
  Span,
  Statement,
} from '../../grammar/ast.js';
import { closest } from '../../grammar/suggest.js';
import { compilerRuleIds, type Diagnostic } from '../diagnostics.js';
import {
  attributesByKind,
  edgeAttributesByName,
  isKind,
  kinds,
  kindAliases,
  kindsWithAttribute,
  managedByDefault,
  settingsAttributesByBlock,
  storeKinds,
  type AttributeSpec,
  type Kind,
  type SettingsBlockName,
} from './schema.js';
import type { AttributeValue } from './attribute-spec.js';
import { Model, type Component, type ComponentAttributes, type Edge, type Region, type SettingsBlock } from './model.js';
import { coerce } from './values.js';
import { percent } from '../text/format.js';
import { plural } from '../text/names.js';

export interface SourceFile {
  /** The file's name as diagnostics show it. */
  file: string;
  ast: FileAst;
}

export interface BuildResult {
  /** Built from every valid declaration, even when there are errors (for editors). */
  model: Model;
  diagnostics: Diagnostic[];
}

interface Declared {
  file: string;
  span: Span;
  what: 'component' | 'region';
}

interface PendingRef {
  component: string;
  attribute: string;
  target: string;
  kinds: readonly Kind[];
  file: string;
  span: Span;
}

const where = (d: { file: string; span: Span }, from: string): string =>
  d.file === from ? `line ${d.span.start.line}` : `${d.file}:${d.span.start.line}`;


class ModelBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private title?: string;
  private readonly files: string[] = [];
  private readonly components: Component[] = [];
  private readonly byName = new Map<string, Component>();
  private readonly edgeStatements: { statement: EdgeStatement; file: string }[] = [];
  private readonly regions = new Map<string, { name: string; label?: string; file: string; span: Span; components: string[] }>();
  /** Every declared name (components and regions share one namespace), including components of unknown kinds. */
  private readonly names = new Map<string, Declared>();
  private readonly pendingRefs: PendingRef[] = [];
  private readonly settings = new Map<SettingsBlockName, SettingsBlock<string>>();

  error(ruleId: string, message: string, file: string, span: Span, component?: string): void {
    this.diagnostics.push({ ruleId, severity: 'error', message, file, span, ...(component !== undefined ? { component } : {}) });
  }

  addFile(source: SourceFile, isRoot: boolean): void {
    this.files.push(source.file);
    let titleSpan: Span | undefined;
    for (const statement of source.ast.statements) {
      if (statement.type === 'title') {
        if (titleSpan) {
          this.error(compilerRuleIds.structure, `a file has one \`architecture\` title; the first is on line ${titleSpan.start.line}`, source.file, statement.span);
        } else {
          titleSpan = statement.span;
          if (isRoot) this.title = statement.title;
        }
      } else {
        this.statement(statement, source.file, undefined);
      }
    }
  }

  private statement(statement: Statement, file: string, region: string | undefined): void {
    switch (statement.type) {
      case 'component':
        return this.component(statement, file, region);
      case 'edge':
        this.edgeStatements.push({ statement, file });
        return;
      case 'region':
        if (region !== undefined) {
          this.error(compilerRuleIds.structure, `regions do not nest: \`${statement.name}\` is inside region \`${region}\``, file, statement.nameSpan);
          return;
        }
        return this.region(statement, file);
      case 'settings':
        if (region !== undefined) {
          this.error(compilerRuleIds.structure, `a \`${statement.block}\` block belongs at the top level, not inside region \`${region}\``, file, statement.keywordSpan);
          return;
        }
        return this.settingsBlock(statement, file);
      case 'import':
        if (region !== undefined) {
          this.error(compilerRuleIds.structure, `\`import\` belongs at the top level, not inside region \`${region}\``, file, statement.span);
        }
        return; // resolved by the loader
      case 'title':
        this.error(compilerRuleIds.structure, `\`architecture\` belongs at the top level, not inside region \`${region}\``, file, statement.span);
        return;
    }
  }

  private declare(name: string, file: string, span: Span, what: 'component' | 'region'): boolean {
    const previous = this.names.get(name);
    if (previous) {
      const clash = previous.what === what ? '' : ` as a ${previous.what}`;
      this.error(compilerRuleIds.duplicate, `\`${name}\` is already declared${clash} (${where(previous, file)}); names are unique across a model and its imports`, file, span, what === 'component' ? name : undefined);
      return false;
    }
    this.names.set(name, { file, span, what });
    return true;
  }

  private region(statement: RegionStatement, file: string): void {
    let region = this.regions.get(statement.name);
    if (region) {
      // A region may be reopened (for example in an imported file); its label must agree.
      if (statement.label !== undefined && region.label !== undefined && statement.label !== region.label) {
        this.error(compilerRuleIds.structure, `region \`${statement.name}\` is labelled "${region.label}" at ${where(region, file)}; a reopened region keeps one label`, file, statement.nameSpan);
      }
      if (region.label === undefined && statement.label !== undefined) region.label = statement.label;
    } else {
      if (!this.declare(statement.name, file, statement.nameSpan, 'region')) return;
      region = { name: statement.name, file, span: statement.nameSpan, components: [], ...(statement.label !== undefined ? { label: statement.label } : {}) };
      this.regions.set(statement.name, region);
    }
    for (const inner of statement.body) this.statement(inner, file, statement.name);
  }

  private component(statement: ComponentStatement, file: string, region: string | undefined): void {
    const { kind, name } = statement;
    const declared = this.declare(name, file, statement.nameSpan, 'component');
    if (!isKind(kind)) {
      // An alias is what was meant when there is one (`db` → `database`, not `lb`); a misspelt
      // `region` reads as a component of an unknown kind, so it is a candidate too.
      const near = kindAliases.get(kind.toLowerCase()) ?? closest(kind, [...kinds, 'region']);
      this.error(
        compilerRuleIds.kind,
        `unknown kind \`${kind}\`${near ? `; did you mean \`${near}\`?` : `: the kinds are ${kinds.join(', ')}`}`,
        file,
        statement.kindSpan,
        name,
      );
      return;
    }
    const values = new Map<string, AttributeValue>();
    const attributeSpans = new Map<string, Span>();
    const specs = attributesByKind.get(kind)!;
    this.attributes(statement.attributes, file, name, attributeSpans, (attribute) => {
      const spec = specs.get(attribute.name);
      if (!spec) {
        this.unknownAttribute(attribute, [...specs.keys()], `a \`${kind}\``, file, name, kind);
        return;
      }
      const result = coerce(attribute.name, spec.value, attribute.value);
      if (!result.ok) {
        this.error(compilerRuleIds.value, result.message, file, attribute.value.type === 'flag' ? attribute.span : attribute.value.span, name);
        return;
      }
      if ('ref' in result) {
        const kindsAllowed = spec.value.type === 'enum-or-ref' ? spec.value.kinds : [];
        this.pendingRefs.push({ component: name, attribute: attribute.name, target: result.value, kinds: kindsAllowed, file, span: attribute.value.span });
      }
      values.set(attribute.name, result.value);
    });
    const attrs = applyDefaults(kind, values);
    if (attrs.autoscale && values.has('replicas') && (attrs.replicas < attrs.autoscale.min || attrs.replicas > attrs.autoscale.max)) {
      this.error(compilerRuleIds.value, `\`replicas: ${attrs.replicas}\` is outside \`autoscale: ${attrs.autoscale.min}..${attrs.autoscale.max}\``, file, attributeSpans.get('replicas')!, name);
    }
    if (!declared) return;
    const component: Component = {
      name,
      kind,
      ...(statement.label !== undefined ? { label: statement.label } : {}),
      ...(region !== undefined ? { region } : {}),
      attrs,
      file,
      span: statement.span,
      nameSpan: statement.nameSpan,
      attributeSpans,
      index: this.components.length,
    };
    this.components.push(component);
    this.byName.set(name, component);
    if (region !== undefined) this.regions.get(region)!.components.push(name);
  }

  /** Walks a block's attributes, reporting duplicates, and hands each first occurrence to `each`. */
  private attributes(block: AttributeBlock | undefined, file: string, component: string | undefined, spans: Map<string, Span>, each: (a: Attribute) => void): void {
    if (!block) return;
    for (const attribute of block.attributes) {
      const previous = spans.get(attribute.name);
      if (previous) {
        this.error(compilerRuleIds.duplicate, `\`${attribute.name}\` is set twice; the first is on line ${previous.start.line}`, file, attribute.nameSpan, component);
        continue;
      }
      spans.set(attribute.name, attribute.span);
      each(attribute);
    }
  }

  private unknownAttribute(attribute: Attribute, known: string[], owner: string, file: string, component: string | undefined, kind?: Kind): void {
    const near = closest(attribute.name, known);
    let hint = near ? `; did you mean \`${near}\`?` : '';
    if (!near && kind) {
      const elsewhere = kindsWithAttribute(attribute.name);
      if (elsewhere.length > 0) hint = `; \`${attribute.name}\` is an attribute of ${elsewhere.map((k) => `\`${k}\``).join(', ')}`;
    }
    if (!hint) hint = `; ${owner} takes ${known.map((k) => `\`${k}\``).join(', ')}`;
    this.error(compilerRuleIds.attribute, `unknown attribute \`${attribute.name}\` for ${owner}${hint}`, file, attribute.nameSpan, component);
  }

  private settingsBlock(statement: SettingsStatement, file: string): void {
    const existing = this.settings.get(statement.block);
    if (existing) {
      this.error(compilerRuleIds.structure, `a model has one \`${statement.block}\` block; the first is at ${where(existing, file)}`, file, statement.keywordSpan);
      return;
    }
    const specs = settingsAttributesByBlock.get(statement.block)!;
    const values: Record<string, number> = {};
    const spans = new Map<string, Span>();
    this.attributes(statement.attributes, file, undefined, spans, (attribute) => {
      const spec = specs.get(attribute.name);
      if (!spec) {
        this.unknownAttribute(attribute, [...specs.keys()], `the \`${statement.block}\` block`, file, undefined);
        return;
      }
      const result = coerce(attribute.name, spec.value, attribute.value);
      if (!result.ok) {
        this.error(compilerRuleIds.value, result.message, file, attribute.value.type === 'flag' ? attribute.span : attribute.value.span);
        return;
      }
      values[attribute.name] = result.value as number;
    });
    this.settings.set(statement.block, { file, span: statement.keywordSpan, values, spans });
  }

  private edges(): Edge[] {
    const edges: Edge[] = [];
    let componentNames: string[] | undefined;
    for (const { statement, file } of this.edgeStatements) {
      const values = new Map<string, unknown>();
      const attributeSpans = new Map<string, Span>();
      let valid = true;
      this.attributes(statement.attributes, file, undefined, attributeSpans, (attribute) => {
        const spec = edgeAttributesByName.get(attribute.name);
        if (!spec) {
          this.unknownAttribute(attribute, [...edgeAttributesByName.keys()], 'an edge', file, undefined);
          valid = false;
          return;
        }
        const result = coerce(attribute.name, spec.value, attribute.value);
        if (!result.ok) {
          this.error(compilerRuleIds.value, result.message, file, attribute.value.type === 'flag' ? attribute.span : attribute.value.span);
          valid = false;
          return;
        }
        values.set(attribute.name, result.value);
      });
      for (const end of statement.ends) {
        const declared = this.names.get(end.name);
        if (declared?.what === 'component') continue;
        valid = false;
        if (declared?.what === 'region') {
          this.error(compilerRuleIds.reference, `\`${end.name}\` is a region; edges join components`, file, end.span);
          continue;
        }
        componentNames ??= [...this.names.entries()].filter(([, d]) => d.what === 'component').map(([n]) => n);
        const near = closest(end.name, componentNames);
        this.error(compilerRuleIds.reference, `\`${end.name}\` is not declared${near ? `; did you mean \`${near}\`?` : ''}`, file, end.span);
      }
      for (let i = 0; i + 1 < statement.ends.length; i++) {
        const from = statement.ends[i]!;
        const to = statement.ends[i + 1]!;
        const source = this.byName.get(from.name);
        const target = this.byName.get(to.name);
        if (!source || !target) continue;
        if (from.name === to.name) {
          this.error(compilerRuleIds.reference, `an edge from \`${from.name}\` to itself`, file, { start: from.span.start, end: to.span.end });
          valid = false;
          continue;
        }
        const replication = values.get('replication') as Edge['replication'];
        if (replication && !(storeKinds.has(source.kind) && storeKinds.has(target.kind))) {
          this.error(compilerRuleIds.value, `a replication edge joins two stores (database, cache, storage); \`${from.name}\` is a ${source.kind} and \`${to.name}\` a ${target.kind}`, file, attributeSpans.get('replication')!);
          valid = false;
          continue;
        }
        if (!valid) continue;
        const optional = (key: string) => (values.has(key) ? { [key]: values.get(key) } : {});
        edges.push({
          id: edges.length,
          from: from.name,
          to: to.name,
          reads: values.get('reads') === true,
          writes: values.get('writes') === true,
          static: values.get('static') === true,
          async: values.get('async') === true,
          telemetry: values.get('telemetry') === true || target.kind === 'monitoring',
          ...optional('replication'),
          ...optional('rps'),
          ...optional('latency'),
          ...optional('label'),
          file,
          span: { start: from.span.start, end: to.span.end },
          attributeSpans,
        } as Edge);
      }
    }
    return edges;
  }

  private resolveRefs(): void {
    for (const ref of this.pendingRefs) {
      const target = this.byName.get(ref.target);
      if (!target) {
        const declared = this.names.get(ref.target);
        if (declared?.what === 'component') continue; // declared with an unknown kind: already reported
        const near = closest(ref.target, this.components.filter((c) => ref.kinds.includes(c.kind)).map((c) => c.name));
        this.error(compilerRuleIds.reference, `\`${ref.attribute}: ${ref.target}\`: \`${ref.target}\` is not declared${near ? `; did you mean \`${near}\`?` : ''}`, ref.file, ref.span, ref.component);
      } else if (!ref.kinds.includes(target.kind)) {
        this.error(compilerRuleIds.reference, `\`${ref.attribute}: ${ref.target}\`: \`${ref.target}\` is a ${target.kind}; expected ${ref.kinds.map((k) => `a ${k}`).join(' or ')}`, ref.file, ref.span, ref.component);
      }
    }
  }

  /** Shares: all given → they sum to 100%; some given → they leave room for the rest. */
  private checkShares(): void {
    const clients = this.components.filter((c) => c.kind === 'client');
    const withShare = clients.filter((c) => c.attrs.share !== undefined);
    if (withShare.length === 0) return;
    const sum = withShare.reduce((s, c) => s + c.attrs.share!, 0);
    const anchor = withShare[withShare.length - 1]!;
    const span = anchor.attributeSpans.get('share')!;
    const listed = withShare.map((c) => `\`${c.name}\` ${percent(c.attrs.share!)}`).join(', ');
    const epsilon = 1e-6;
    if (withShare.length === clients.length) {
      if (Math.abs(sum - 1) > epsilon) {
        this.error(compilerRuleIds.share, `client shares add up to ${percent(sum)}, not 100%: ${listed}`, anchor.file, span, anchor.name);
      }
    } else if (sum >= 1 - epsilon) {
      const rest = clients.length - withShare.length;
      this.error(compilerRuleIds.share, `client shares already add up to ${percent(sum)}, leaving nothing for ${plural(rest, 'client')} without a share: ${listed}`, anchor.file, span, anchor.name);
    }
  }

  finish(): BuildResult {
    const edges = this.edges();
    this.resolveRefs();
    this.checkShares();
    const regions: Region[] = [...this.regions.values()].map((r) => ({ ...r }));
    const settings = (block: SettingsBlockName) => this.settings.get(block);
    const model = new Model({
      ...(this.title !== undefined ? { title: this.title } : {}),
      files: this.files,
      components: this.components,
      edges,
      regions,
      ...(settings('workload') ? { workload: settings('workload') as Model['workload'] & object } : {}),
      ...(settings('budget') ? { budget: settings('budget') as Model['budget'] & object } : {}),
      ...(settings('latency') ? { latency: settings('latency') } : {}),
    });
    return { model, diagnostics: this.diagnostics };
  }
}

/** Defaults (LANGUAGE.md §4, §6): one instance, provider kinds managed, flags false, database replication and sharding by node and shard count. */
export function applyDefaults(kind: Kind, values: ReadonlyMap<string, AttributeValue>): ComponentAttributes {
  const attrs: Record<string, AttributeValue> = {};
  for (const spec of attributesByKind.get(kind)!.values()) {
    const written = values.get(spec.name);
    if (written !== undefined) attrs[spec.name] = written;
    // A fresh list per component: the table's `[]` is one array.
    else if (spec.default !== undefined) attrs[spec.name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  // Every value in `attrs` is one `coerce` checked against the spec of its own name, or that spec's
  // default, which `attr` checks against the same spec; `replicas`, `tags` and `managed` have
  // table defaults. So `attrs` has the types the tables give each name, though TypeScript cannot
  // follow a name to its type through the loop.
  const settled = attrs as ComponentAttributes;
  if (!values.has('managed')) settled.managed = managedByDefault.has(kind);
  if (kind === 'database') {
    settled.replication ??= settled.replicas > 1 ? 'primary-replica' : 'none';
    if (settled.shards! > 1) settled.sharding ??= 'hash'; // `shards` has a table default
  }
  return settled;
}

/** Builds one model from a root file and its imports (root first). */
export function buildModel(sources: readonly SourceFile[]): BuildResult {
  const builder = new ModelBuilder();
  sources.forEach((source, i) => builder.addFile(source, i === 0));
  return builder.finish();
}

export type { AttributeSpec };
