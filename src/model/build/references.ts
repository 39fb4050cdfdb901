/**
 * Checks that need every component: a `sessions:` value that is not a fixed word must name a
 * declared component of an allowed kind (a cache or a database), and the clients' `share`s must
 * add up (all given: to 100%; some given: to less, leaving room for the rest).
 */
import { closest, Suggester } from '../../../grammar/suggest.js';
import { compilerRuleIds } from '../../diagnostics.js';
import { percent } from '../../text/format.js';
import { plural } from '../../text/names.js';
import type { Component } from '../model.js';
import type { BuildState } from './state.js';

export function resolveRefs(state: BuildState): void {
  // The components of each set of allowed kinds, indexed once for all the references that ask.
  const suggesters = new Map<string, Suggester>();
  const suggester = (kinds: readonly string[]): Suggester => {
    const key = kinds.join(' ');
    let s = suggesters.get(key);
    if (!s) suggesters.set(key, (s = new Suggester(state.components.filter((c) => kinds.includes(c.kind)).map((c) => c.name))));
    return s;
  };
  for (const ref of state.pendingRefs) {
    const target = state.byName.get(ref.target);
    if (!target) {
      const declared = state.names.get(ref.target);
      if (declared?.what === 'component') continue; // declared with an unknown kind: already reported
      const near = suggester(ref.kinds).closest(ref.target);
      state.error(
        compilerRuleIds.reference,
        `\`${ref.attribute}: ${ref.target}\`: \`${ref.target}\` is not declared${near ? `; did you mean \`${near}\`?` : ''}`,
        ref.file,
        ref.span,
        ref.component,
      );
    } else if (!ref.kinds.includes(target.kind)) {
      state.error(
        compilerRuleIds.reference,
        `\`${ref.attribute}: ${ref.target}\`: \`${ref.target}\` is a ${target.kind}; expected ${ref.kinds.map((k) => `a ${k}`).join(' or ')}`,
        ref.file,
        ref.span,
        ref.component,
      );
    }
  }
}

/** Shares: all given → they sum to 100%; some given → they leave room for the rest. */
export function checkShares(state: BuildState): void {
  const clients = state.components.filter((c) => c.kind === 'client');
  const withShare = clients.filter((c) => c.attrs.share !== undefined);
  if (withShare.length === 0) return;
  const sum = withShare.reduce((s, c) => s + c.attrs.share!, 0);
  const anchor = withShare[withShare.length - 1]!;
  const span = anchor.attributeSpans.get('share')!;
  const listed = withShare.map((c) => `\`${c.name}\` ${percent(c.attrs.share!)}`).join(', ');
  const epsilon = 1e-6;
  if (withShare.length === clients.length) {
    if (Math.abs(sum - 1) > epsilon) {
      state.error(compilerRuleIds.share, `client shares add up to ${percent(sum)}, not 100%: ${listed}`, anchor.file, span, anchor.name);
    }
  } else if (sum >= 1 - epsilon) {
    const rest = clients.length - withShare.length;
    state.error(
      compilerRuleIds.share,
      `client shares already add up to ${percent(sum)}, leaving nothing for ${plural(rest, 'client')} without a share: ${listed}`,
      anchor.file,
      span,
      anchor.name,
    );
  }
}

/**
 * A component's `zones` must be zones of its region: it needs a region, and the region must
 * declare them (`zones: [a, b, c]` in its body). Checked once every file is in, since a region
 * may be reopened in another file.
 */
export function checkZones(state: BuildState): void {
  for (const c of state.components) {
    const zones = c.attrs.zones;
    if (zones === undefined) continue;
    const span = c.attributeSpans.get('zones')!;
    const region = c.region !== undefined ? state.regions.get(c.region) : undefined;
    if (!region) {
      state.error(
        compilerRuleIds.reference,
        `\`${c.name}\` is in no region, so it has no zones to be in: declare it inside a region that lists its \`zones\``,
        c.file,
        span,
        c.name,
      );
    } else if (region.zones === undefined) {
      state.error(
        compilerRuleIds.reference,
        `region \`${region.name}\` declares no zones: list them in its body (\`zones: [${zones.join(', ')}]\`) for \`${c.name}\` to be in them`,
        c.file,
        span,
        c.name,
      );
    } else {
      const unknown = zones.find((z) => !region.zones!.includes(z));
      if (unknown !== undefined) {
        const near = closest(unknown, region.zones);
        state.error(
          compilerRuleIds.reference,
          `\`${unknown}\` is not a zone of region \`${region.name}\` (${region.zones.map((z) => `\`${z}\``).join(', ')})${near ? `; did you mean \`${near}\`?` : ''}`,
          c.file,
          span,
          c.name,
        );
      } else if (new Set(zones).size !== zones.length) {
        state.error(compilerRuleIds.value, `\`${c.name}\` lists a zone twice`, c.file, span, c.name);
      }
    }
  }
}

/**
 * Components on one host (`host: vm1`) are on one machine, which is in one region: each must be
 * in the region of the first one declared on it (or, like it, in none).
 */
export function checkHosts(state: BuildState): void {
  const first = new Map<string, Component>();
  for (const c of state.components) {
    const host = c.attrs.host;
    if (host === undefined) continue;
    const earlier = first.get(host);
    if (!earlier) {
      first.set(host, c);
      continue;
    }
    if (earlier.region === c.region) continue;
    const place = (region: string | undefined) => (region !== undefined ? `in region \`${region}\`` : 'in no region');
    state.error(
      compilerRuleIds.reference,
      `\`${c.name}\` is on host \`${host}\` ${place(c.region)}, but \`${earlier.name}\` on that host is ${place(earlier.region)}: one machine is in one region`,
      c.file,
      c.attributeSpans.get('host')!,
      c.name,
    );
  }
}
