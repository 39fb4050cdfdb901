/**
 * Attribute blocks, whoever owns them (a component, an edge, a settings block): each attribute is
 * looked up in its owner's specs and its value checked and converted (values.ts). A name set twice
 * keeps its first value; an unknown name gets the nearest known one, the kinds that take it, or
 * the list of what the owner takes.
 */
import type { Attribute, AttributeBlock, Span } from '../../../grammar/ast.js';
import { closest } from '../../../grammar/suggest.js';
import { compilerRuleIds } from '../../diagnostics.js';
import type { AttributeSpec, AttributeValue } from '../attribute-spec.js';
import type { Kind } from '../kinds.js';
import { kindsWithAttribute } from '../schema.js';
import { coerce } from '../values.js';
import type { BuildState } from './state.js';

/** Walks a block's attributes, reporting duplicates, and hands each first occurrence to `each`. */
export function walkAttributes(
  state: BuildState,
  block: AttributeBlock | undefined,
  file: string,
  component: string | undefined,
  spans: Map<string, Span>,
  each: (a: Attribute) => void,
): void {
  if (!block) return;
  for (const attribute of block.attributes) {
    const previous = spans.get(attribute.name);
    if (previous) {
      state.error(
        compilerRuleIds.duplicate,
        `\`${attribute.name}\` is set twice; the first is on line ${previous.start.line}`,
        file,
        attribute.nameSpan,
        component,
      );
      continue;
    }
    spans.set(attribute.name, attribute.span);
    each(attribute);
  }
}

export function unknownAttribute(
  state: BuildState,
  attribute: Attribute,
  known: string[],
  owner: string,
  file: string,
  component: string | undefined,
  kind?: Kind,
): void {
  const near = closest(attribute.name, known);
  let hint = near ? `; did you mean \`${near}\`?` : '';
  if (!near && kind) {
    const elsewhere = kindsWithAttribute(attribute.name);
    if (elsewhere.length > 0) hint = `; \`${attribute.name}\` is an attribute of ${elsewhere.map((k) => `\`${k}\``).join(', ')}`;
  }
  if (!hint) hint = `; ${owner} takes ${known.map((k) => `\`${k}\``).join(', ')}`;
  state.error(compilerRuleIds.attribute, `unknown attribute \`${attribute.name}\` for ${owner}${hint}`, file, attribute.nameSpan, component);
}

/** Whose block it is, as diagnostics name it. */
export interface BlockOwner {
  /** `a \`service\``, `an edge`, `the \`workload\` block`. */
  text: string;
  /** The component the diagnostics belong to, for a component's block. */
  component?: string;
  /** A component's kind, for "`sticky` is an attribute of `lb`" hints. */
  kind?: Kind;
}

export interface CheckedBlock {
  /** The values that passed, converted, by name in the order written. */
  values: Map<string, AttributeValue>;
  /** Where each attribute is (its first occurrence), whether or not its value passed. */
  spans: Map<string, Span>;
  /** False when an attribute is unknown or its value wrong (a duplicate is not: the first stands). */
  valid: boolean;
  /** Values that name a component (`sessions: store`), to resolve once every component is declared. */
  refs: { attribute: Attribute; target: string; spec: AttributeSpec }[];
}

/** Checks every attribute of a block against its owner's specs, reporting each problem. */
export function checkAttributes(
  state: BuildState,
  block: AttributeBlock | undefined,
  specs: ReadonlyMap<string, AttributeSpec>,
  owner: BlockOwner,
  file: string,
): CheckedBlock {
  const checked: CheckedBlock = { values: new Map(), spans: new Map(), valid: true, refs: [] };
  walkAttributes(state, block, file, owner.component, checked.spans, (attribute) => {
    const spec = specs.get(attribute.name);
    if (!spec) {
      unknownAttribute(state, attribute, [...specs.keys()], owner.text, file, owner.component, owner.kind);
      checked.valid = false;
      return;
    }
    const result = coerce(attribute.name, spec.value, attribute.value);
    if (!result.ok) {
      state.error(compilerRuleIds.value, result.message, file, attribute.value.type === 'flag' ? attribute.span : attribute.value.span, owner.component);
      checked.valid = false;
      return;
    }
    if ('ref' in result) checked.refs.push({ attribute, target: result.value, spec });
    checked.values.set(attribute.name, result.value);
  });
  return checked;
}
