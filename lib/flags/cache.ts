import { createHash, randomUUID } from "node:crypto";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { toFeatureFlag } from "@/lib/flags/mapping";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { logger } from "@/lib/log";
import { TAGGED_STATUSES } from "@/lib/rollouts/schemas";
import { processSubscriber, publish, subscribe } from "@/lib/pubsub";
import { readOrLastKnown } from "@/lib/resilience/last-known";
import { databaseChannel } from "@/lib/redis";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Each instance keeps the whole flag set in memory (it is small, and evaluation must not wait for
 * the database). The copy is dropped and reloaded the moment any instance changes a flag: the
 * change is announced on a Redis channel when REDIS_URL is set, and to this instance's listeners
 * (the SDK streams) directly, and reloaded whenever the subscription holds again after Redis was
 * away. The TTL is only the backstop for a missed announcement.
 */
export interface FlagSnapshot {
  flags: FeatureFlag[];
  byName: Map<string, FeatureFlag>;
  /** Flags under a running or paused release plan, sorted: the ones SDKs tag metric points with. */
  guarded: string[];
  /** Changes whenever any flag's version or archived state changes, or the guarded set does. */
  etag: string;
  loadedAt: number;
}

export type SnapshotListener = (snapshot: FlagSnapshot) => void;

export const flagChannel = (): string => databaseChannel("feature_flags");

interface CacheState {
  instanceId: string;
  /** The last loaded set; kept after an invalidation as the last known copy for an outage. */
  snapshot: FlagSnapshot | null;
  /** Set by an invalidation: the snapshot must be reloaded before it is served again. */
  invalidated: boolean;
  loading: Promise<FlagSnapshot> | null;
  /** Bumped on every invalidation so a load that started before it is not kept. */
  generation: number;
  listeners: Set<SnapshotListener>;
  subscribed: boolean;
}

function state(): CacheState {
  return processSingleton<CacheState>("flagCache", () => ({
    instanceId: randomUUID(),
    snapshot: null,
    invalidated: false,
    loading: null,
    generation: 0,
    listeners: new Set(),
    subscribed: false,
  }));
}

function etagOf(flags: FeatureFlag[], guarded: string[]): string {
  const hash = createHash("sha1");
  for (const flag of flags) hash.update(`${flag.name}@${flag.version}${flag.archived ? "a" : ""};`);
  hash.update(`|${guarded.join(";")}`);
  return `"${hash.digest("base64url").slice(0, 20)}"`;
}

async function load(): Promise<FlagSnapshot> {
  const [rows, plans] = await Promise.all([
    db().featureFlag.findMany({ orderBy: { name: "asc" } }),
    db().rolloutPlan.findMany({ where: { status: { in: [...TAGGED_STATUSES] } }, select: { flagName: true }, orderBy: { flagName: "asc" } }),
  ]);
  const flags = rows.map(toFeatureFlag);
  const guarded = plans.map((plan) => plan.flagName);
  return { flags, byName: new Map(flags.map((flag) => [flag.name, flag])), guarded, etag: etagOf(flags, guarded), loadedAt: Date.now() };
}

function ensureSubscribed(current: CacheState): void {
  if (current.subscribed) return;
  current.subscribed = true;
  subscribe(flagChannel(), {
    onMessage: (message) => {
      if (message !== current.instanceId) void refresh().catch(() => undefined);
    },
    // Announcements sent while the channel was not held are lost: reload.
    onResync: () => void refresh().catch(() => undefined),
  });
}

/**
 * The current flag set: from memory while fresh, else reloaded (concurrent callers share one
 * load). While the database is unreachable the last known set answers (lib/resilience/last-known.ts).
 */
export async function getSnapshot(): Promise<FlagSnapshot> {
  const current = state();
  ensureSubscribed(current);
  const ttlMs = getConfig().FLAGS_CACHE_TTL_SECONDS * 1000;
  const known = current.snapshot;
  if (known && !current.invalidated && Date.now() - known.loadedAt < ttlMs) return known;
  if (!current.loading) {
    const generation = current.generation;
    current.loading = load()
      .then((snapshot) => {
        if (current.generation === generation) {
          current.snapshot = snapshot;
          current.invalidated = false;
          if (snapshot.etag !== known?.etag) notify(current, snapshot);
        }
        return snapshot;
      })
      .finally(() => {
        current.loading = null;
      });
  }
  const loading = current.loading;
  return readOrLastKnown(() => loading, () => known ?? undefined);
}

function notify(current: CacheState, snapshot: FlagSnapshot): void {
  for (const listener of current.listeners) {
    try {
      listener(snapshot);
    } catch (error) {
      logger.warn({ err: error }, "flag listener failed");
    }
  }
}

/** Marks this instance's copy stale and loads the current one, telling listeners if anything changed. */
async function refresh(): Promise<FlagSnapshot> {
  const current = state();
  current.generation++;
  current.invalidated = true;
  current.loading = null;
  return getSnapshot();
}

/**
 * After a committed change (or an operator's invalidate): reload here, and tell every other
 * instance to do the same. Returns once this instance serves the new state.
 */
export async function announceFlagChange(): Promise<FlagSnapshot> {
  const snapshot = await refresh();
  await publish(flagChannel(), state().instanceId);
  return snapshot;
}

/** Registers a listener for new snapshots (SSE streams); returns the function that removes it. */
export function onSnapshot(listener: SnapshotListener): () => void {
  const current = state();
  ensureSubscribed(current);
  current.listeners.add(listener);
  return () => current.listeners.delete(listener);
}

/** What `GET /api/admin/cache-config` answers: this instance's flag cache and how it is kept fresh. */
export async function flagCacheConfig() {
  const snapshot = await getSnapshot();
  const ttl = getConfig().FLAGS_CACHE_TTL_SECONDS;
  return {
    cache: "feature_flags" as const,
    ttl,
    ttlBelowMinimum: ttl < MINIMUM_SENSIBLE_TTL_SECONDS,
    keyPattern: "feature_flags:{name}",
    flagsCached: snapshot.flags.length,
    secondsSinceUpdate: cacheAge(snapshot).secondsSinceUpdate,
    invalidation: processSubscriber() ? ("redis" as const) : ("this instance only" as const),
    channel: flagChannel(),
  };
}

/** Seed 000's stale-cache runbook: a TTL under 60 s makes the cache miss; raise it to 300. */
export const MINIMUM_SENSIBLE_TTL_SECONDS = 60;

/**
 * What `GET /api/admin/cache-listeners` answers: who follows flag changes on this instance (the
 * SDKs' server-sent-event streams) and whether this instance hears other instances' changes.
 * Each instance answers for itself; behind a load balancer, ask each one.
 */
export function flagCacheListeners() {
  const current = state();
  ensureSubscribed(current);
  const subscriber = processSubscriber();
  const channel = flagChannel();
  return {
    instanceId: current.instanceId,
    sseSubscribers: current.listeners.size,
    redis: subscriber
      ? { configured: true, connection: subscriber.connectionState(), channel, subscribed: subscriber.holds(channel) }
      : { configured: false, connection: null, channel, subscribed: false },
  };
}

export function cacheAge(snapshot: FlagSnapshot): { secondsSinceUpdate: number; ttl: number } {
  return {
    secondsSinceUpdate: Math.round((Date.now() - snapshot.loadedAt) / 100) / 10,
    ttl: getConfig().FLAGS_CACHE_TTL_SECONDS,
  };
}
