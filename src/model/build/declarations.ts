/**
 * The statements of each file, in order: the title, regions and the components in them, settings
 * blocks, and edges (kept for later, since an edge may name a component declared after it).
 * Components and regions share one namespace across a model and its imports; a component of an
 * unknown kind still takes its name, so that edges to it are not reported a second time.
 */
import type { ComponentStatement, PropertyStatement, RegionStatement, SettingsStatement, Span, Statement } from '../../../grammar/ast.js';
import { closest } from '../../../grammar/suggest.js';
import { compilerRuleIds } from '../../diagnostics.js';
import { duration as durationText, rate as rateText } from '../../text/format.js';
import { engineAliases, isKind, kindAliases, kinds } from '../kinds.js';
import type { Component } from '../model.js';
import { attributesByKind, regionAttributesByName, settingsAttributesByBlock } from '../schema.js';
import { checkAttributes } from './attributes.js';
import { applyDefaults } from './defaults.js';
import { where, type BuildState, type SourceFile } from './state.js';

export function addFile(state: BuildState, source: SourceFile, isRoot: boolean): void {
  state.files.push(source.file);
  let titleSpan: Span | undefined;
  for (const statement of source.ast.statements) {
    if (statement.type === 'title') {
      if (titleSpan) {
        state.error(
          compilerRuleIds.structure,
          `a file has one \`architecture\` title; the first is on line ${titleSpan.start.line}`,
          source.file,
          statement.span,
        );
      } else {
        titleSpan = statement.span;
        if (isRoot) state.title = statement.title;
      }
    } else {
      addStatement(state, statement, source.file, undefined);
    }
  }
}

function addStatement(state: BuildState, statement: Statement, file: string, region: string | undefined): void {
  switch (statement.type) {
    case 'component':
      return addComponent(state, statement, file, region);
    case 'edge':
      state.edgeStatements.push({ statement, file });
      return;
    case 'region':
      if (region !== undefined) {
        state.error(compilerRuleIds.structure, `regions do not nest: \`${statement.name}\` is inside region \`${region}\``, file, statement.nameSpan);
        return;
      }
      return addRegion(state, statement, file);
    case 'settings':
      if (region !== undefined) {
        state.error(
          compilerRuleIds.structure,
          `a \`${statement.block}\` block belongs at the top level, not inside region \`${region}\``,
          file,
          statement.keywordSpan,
        );
        return;
      }
      return addSettingsBlock(state, statement, file);
    case 'import':
      if (region !== undefined) {
        state.error(compilerRuleIds.structure, `\`import\` belongs at the top level, not inside region \`${region}\``, file, statement.span);
      }
      return; // resolved by the loader
    case 'title':
      state.error(compilerRuleIds.structure, `\`architecture\` belongs at the top level, not inside region \`${region}\``, file, statement.span);
      return;
    case 'property':
      return addRegionProperty(state, statement, file, region);
  }
}

/** Claims a name in the model's one namespace; false (and an error) when it is taken. */
function declare(state: BuildState, name: string, file: string, span: Span, what: 'component' | 'region'): boolean {
  const previous = state.names.get(name);
  if (previous) {
    const clash = previous.what === what ? '' : ` as a ${previous.what}`;
    state.error(
      compilerRuleIds.duplicate,
      `\`${name}\` is already declared${clash} (${where(previous, file)}); names are unique across a model and its imports`,
      file,
      span,
      what === 'component' ? name : undefined,
    );
    return false;
  }
  state.names.set(name, { file, span, what });
  return true;
}

function addRegion(state: BuildState, statement: RegionStatement, file: string): void {
  let region = state.regions.get(statement.name);
  if (region) {
    // A region may be reopened (for example in an imported file); its label must agree.
    if (statement.label !== undefined && region.label !== undefined && statement.label !== region.label) {
      state.error(
        compilerRuleIds.structure,
        `region \`${statement.name}\` is labelled "${region.label}" at ${where(region, file)}; a reopened region keeps one label`,
        file,
        statement.nameSpan,
      );
    }
    if (region.label === undefined && statement.label !== undefined) region.label = statement.label;
  } else {
    if (!declare(state, statement.name, file, statement.nameSpan, 'region')) return;
    region = { name: statement.name, file, span: statement.nameSpan, components: [], ...(statement.label !== undefined ? { label: statement.label } : {}) };
    state.regions.set(statement.name, region);
  }
  for (const inner of statement.body) addStatement(state, inner, file, statement.name);
}

/** `zones: [a, b, c]` in a region's body; a property anywhere else is misplaced. */
function addRegionProperty(state: BuildState, statement: PropertyStatement, file: string, regionName: string | undefined): void {
  const { attribute } = statement;
  if (regionName === undefined) {
    const hint = regionAttributesByName.has(attribute.name)
      ? `\`${attribute.name}\` is a property of a region: write it inside \`region name { }\``
      : `a \`${attribute.name}:\` on its own belongs to nothing: attributes go inside a component's braces (\`service web { ${attribute.name}: … }\`)`;
    state.error(compilerRuleIds.structure, hint, file, attribute.nameSpan);
    return;
  }
  const region = state.regions.get(regionName)!;
  const { values, spans } = checkAttributes(state, { attributes: [attribute], span: statement.span }, regionAttributesByName, { text: 'a region' }, file);
  const zones = values.get('zones') as string[] | undefined;
  if (zones === undefined) return;
  if (region.zones !== undefined) {
    state.error(
      compilerRuleIds.structure,
      `region \`${regionName}\` already has its zones (${where({ file: region.zonesFile!, span: region.zonesSpan! }, file)}); write them once`,
      file,
      attribute.nameSpan,
    );
    return;
  }
  const seen = new Set<string>();
  for (const zone of zones) {
    if (seen.has(zone)) {
      state.error(compilerRuleIds.value, `zone \`${zone}\` is listed twice`, file, spans.get('zones')!);
      return;
    }
    seen.add(zone);
  }
  if (zones.length === 0) {
    state.error(compilerRuleIds.value, 'a region has at least one zone: `zones: [a, b]`', file, spans.get('zones')!);
    return;
  }
  region.zones = zones;
  region.zonesSpan = spans.get('zones')!;
  region.zonesFile = file;
}

function addComponent(state: BuildState, statement: ComponentStatement, file: string, region: string | undefined): void {
  const { kind, name } = statement;
  const declared = declare(state, name, file, statement.nameSpan, 'component');
  if (!isKind(kind)) {
    // An alias is what was meant when there is one (`db` → `database`, not `lb`); a misspelt
    // `region` reads as a component of an unknown kind, so it is a candidate too.
    const near = kindAliases.get(kind.toLowerCase()) ?? closest(kind, [...kinds, 'region']);
    // A product name: the kind it is, and the engine that brings its figures.
    const engine = engineAliases.get(kind.toLowerCase());
    const product = engine !== undefined && near !== undefined ? ` (\`${near} ${name} { engine: ${engine} }\` says which product)` : '';
    state.error(
      compilerRuleIds.kind,
      `unknown kind \`${kind}\`${near ? `; did you mean \`${near}\`?${product}` : `: the kinds are ${kinds.join(', ')}`}`,
      file,
      statement.kindSpan,
      name,
    );
    return;
  }
  const {
    values,
    spans: attributeSpans,
    refs,
  } = checkAttributes(state, statement.attributes, attributesByKind.get(kind)!, { text: `a \`${kind}\``, component: name, kind }, file);
  for (const { attribute, target, spec } of refs) {
    const kindsAllowed = spec.value.type === 'enum-or-ref' ? spec.value.kinds : [];
    state.pendingRefs.push({ component: name, attribute: attribute.name, target, kinds: kindsAllowed, file, span: attribute.value.span });
  }
  const attrs = applyDefaults(kind, values);
  if (attrs.autoscale && values.has('replicas') && (attrs.replicas < attrs.autoscale.min || attrs.replicas > attrs.autoscale.max)) {
    state.error(
      compilerRuleIds.value,
      `\`replicas: ${attrs.replicas}\` is outside \`autoscale: ${attrs.autoscale.min}..${attrs.autoscale.max}\``,
      file,
      attributeSpans.get('replicas')!,
      name,
    );
  }
  const time = values.has('latency') ? 'latency' : kind === 'worker' && values.has('duration') ? 'duration' : undefined;
  if (time !== undefined && values.has('capacity') && values.has('concurrency')) {
    const seconds = (time === 'latency' ? attrs.latency! : attrs.duration!) / 1000;
    const inProgress = attrs.capacity! * seconds;
    if (Math.abs(inProgress - attrs.concurrency!) > 1e-6 * Math.max(1, attrs.concurrency!)) {
      state.error(
        compilerRuleIds.value,
        `\`concurrency: ${attrs.concurrency}\` disagrees with \`${time}\` and \`capacity\`: an instance serving ${rateText(attrs.capacity!)} requests per second that take ${durationText(seconds * 1000)} each has ${rateText(inProgress)} in progress at once (capacity = concurrency / ${time}); write two of the three`,
        file,
        attributeSpans.get('concurrency')!,
        name,
      );
    }
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
    index: state.components.length,
  };
  state.components.push(component);
  state.byName.set(name, component);
  if (region !== undefined) state.regions.get(region)!.components.push(name);
}

/** A `workload`, `budget` or `latency` block: one of each per model. */
function addSettingsBlock(state: BuildState, statement: SettingsStatement, file: string): void {
  const existing = state.settings.get(statement.block);
  if (existing) {
    state.error(
      compilerRuleIds.structure,
      `a model has one \`${statement.block}\` block; the first is at ${where(existing, file)}`,
      file,
      statement.keywordSpan,
    );
    return;
  }
  const specs = settingsAttributesByBlock.get(statement.block)!;
  const { values, spans } = checkAttributes(state, statement.attributes, specs, { text: `the \`${statement.block}\` block` }, file);
  // Every settings key is a quantity (a count, a percentage or a duration): a number.
  state.settings.set(statement.block, { file, span: statement.keywordSpan, values: Object.fromEntries(values) as Record<string, number>, spans });
}
