/**
 * A component's attributes with defaults applied. The simple defaults are the attribute tables'
 * own (`default` in schema.ts: one instance, no tags, flags off, `routing: simple`, `fallback:
 * none`, one shard); the few that depend on the kind or on other attributes are worked out here:
 * `managed` for provider kinds, a database's `replication` from `replicas` and `sharding` when it
 * has more than one shard, a function's `autoscale` range.
 */
import type { AttributeValue } from '../attribute-spec.js';
import { managedByDefault, type Kind } from '../kinds.js';
import type { ComponentAttributes } from '../model.js';
import { attributesByKind, FUNCTION_CONCURRENCY_LIMIT } from '../schema.js';

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
    settled.replication ??= settled.replicas + (settled.standby ?? 0) > 1 ? 'primary-replica' : 'none';
    if (settled.shards! > 1) settled.sharding ??= 'hash'; // `shards` has a table default
  }
  // The platform runs a function's instances: none when idle, up to its concurrency limit.
  if (kind === 'function') settled.autoscale ??= { min: 0, max: FUNCTION_CONCURRENCY_LIMIT };
  return settled;
}
