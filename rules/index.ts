/**
 * archlint's own rules, in the order the chapter meets the principles they check (also the order
 * of `archlint rules`). A test checks this list against the files in rules/. Only the built-in
 * registry (src/config/registry.ts) imports it; everything else is handed a registry.
 */
import type { Rule } from '../src/engine/rule.js';
import availabilityBudget from './availability-budget.js';
import badShardKey from './bad-shard-key.js';
import cacheAsSourceOfTruth from './cache-as-source-of-truth.js';
import cacheExpiry from './cache-expiry.js';
import cdnFallback from './cdn-fallback.js';
import crossRegionReplication from './cross-region-replication.js';
import ephemeralState from './ephemeral-state.js';
import hotspotKey from './hotspot-key.js';
import latencyBudget from './latency-budget.js';
import missingCache from './missing-cache.js';
import missingCdn from './missing-cdn.js';
import missingDeadLetter from './missing-dead-letter.js';
import missingGeoRouting from './missing-geo-routing.js';
import missingLoadBalancer from './missing-load-balancer.js';
import missingObservability from './missing-observability.js';
import missingRateLimit from './missing-rate-limit.js';
import missingTimeout from './missing-timeout.js';
import noBackup from './no-backup.js';
import noDbReplication from './no-db-replication.js';
import nonDurableQueue from './non-durable-queue.js';
import overCapacity from './over-capacity.js';
import publicDataTier from './public-data-tier.js';
import queueWithoutConsumer from './queue-without-consumer.js';
import replicationDirection from './replication-direction.js';
import retryAmplification from './retry-amplification.js';
import sessionStoreEviction from './session-store-eviction.js';
import sharedFate from './shared-fate.js';
import singleDatacenter from './single-datacenter.js';
import singleZone from './single-zone.js';
import spof from './spof.js';
import statefulWebTier from './stateful-web-tier.js';
import syncLongTask from './sync-long-task.js';
import unreachableComponent from './unreachable-component.js';
import unusedSuppression from './unused-suppression.js';

export const builtinRules: readonly Rule[] = [
  spof,
  singleZone,
  sharedFate,
  missingLoadBalancer,
  statefulWebTier,
  noDbReplication,
  noBackup,
  ephemeralState,
  missingCache,
  cacheExpiry,
  cacheAsSourceOfTruth,
  sessionStoreEviction,
  missingCdn,
  cdnFallback,
  singleDatacenter,
  missingGeoRouting,
  crossRegionReplication,
  replicationDirection,
  syncLongTask,
  queueWithoutConsumer,
  nonDurableQueue,
  missingDeadLetter,
  missingTimeout,
  retryAmplification,
  missingObservability,
  badShardKey,
  hotspotKey,
  publicDataTier,
  missingRateLimit,
  unreachableComponent,
  overCapacity,
  latencyBudget,
  availabilityBudget,
  unusedSuppression,
] as readonly Rule[];
