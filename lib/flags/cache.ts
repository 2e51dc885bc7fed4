import { createHash, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { toFeatureFlag } from "@/lib/flags/mapping";
import type { FeatureFlag } from "@/lib/flags/schemas";
import { logger } from "@/lib/log";
import { databaseChannel, getRedis } from "@/lib/redis";
import { onShutdown } from "@/lib/shutdown";

/**
 * Each instance keeps the whole flag set in memory (it is small, and evaluation must not wait for
 * the database). The copy is dropped and reloaded the moment any instance changes a flag: the
 * change is announced on a Redis channel when REDIS_URL is set, and to this instance's listeners
 * (the SDK streams) directly. The TTL is only the backstop for a missed announcement.
 */
export interface FlagSnapshot {
  flags: FeatureFlag[];
  byName: Map<string, FeatureFlag>;
  /** Changes whenever any flag's version or archived state changes. */
  etag: string;
  loadedAt: number;
}

export type SnapshotListener = (snapshot: FlagSnapshot) => void;

export const flagChannel = (): string => databaseChannel("feature_flags");

interface CacheState {
  instanceId: string;
  snapshot: FlagSnapshot | null;
  loading: Promise<FlagSnapshot> | null;
  /** Bumped on every invalidation so a load that started before it is not kept. */
  generation: number;
  listeners: Set<SnapshotListener>;
  subscriber: Redis | null | undefined;
}

let cacheState: CacheState | undefined;

function state(): CacheState {
  cacheState ??= {
    instanceId: randomUUID(),
    snapshot: null,
    loading: null,
    generation: 0,
    listeners: new Set(),
    subscriber: undefined,
  };
  return cacheState;
}

export function etagOf(flags: FeatureFlag[]): string {
  const hash = createHash("sha1");
  for (const flag of flags) hash.update(`${flag.name}@${flag.version}${flag.archived ? "a" : ""};`);
  return `"${hash.digest("base64url").slice(0, 20)}"`;
}

async function load(): Promise<FlagSnapshot> {
  const rows = await db().featureFlag.findMany({ orderBy: { name: "asc" } });
  const flags = rows.map(toFeatureFlag);
  return { flags, byName: new Map(flags.map((flag) => [flag.name, flag])), etag: etagOf(flags), loadedAt: Date.now() };
}

function ensureSubscribed(current: CacheState): void {
  if (current.subscriber !== undefined) return;
  const shared = getRedis();
  current.subscriber = shared ? shared.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null }) : null;
  if (!current.subscriber) return;
  onShutdown("connections", "flag change subscriber", closeFlagCache);
  current.subscriber.on("error", () => undefined);
  current.subscriber.on("message", (_channel: string, message: string) => {
    if (message === current.instanceId) return;
    void refresh();
  });
  // Also resynchronise after a reconnect: announcements sent while we were away are lost.
  current.subscriber.on("ready", () => void refresh());
  current.subscriber.subscribe(flagChannel()).catch((error: unknown) => logger.warn({ err: error }, "flag channel subscription failed"));
}

/** The current flag set: from memory while fresh, else reloaded (concurrent callers share one load). */
export async function getSnapshot(): Promise<FlagSnapshot> {
  const current = state();
  ensureSubscribed(current);
  const ttlMs = getConfig().FLAGS_CACHE_TTL_SECONDS * 1000;
  if (current.snapshot && Date.now() - current.snapshot.loadedAt < ttlMs) return current.snapshot;
  if (!current.loading) {
    const generation = current.generation;
    const previousEtag = current.snapshot?.etag;
    current.loading = load()
      .then((snapshot) => {
        if (current.generation === generation) {
          current.snapshot = snapshot;
          if (snapshot.etag !== previousEtag) notify(current, snapshot);
        }
        return snapshot;
      })
      .finally(() => {
        current.loading = null;
      });
  }
  return current.loading;
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

/** Drops this instance's copy and loads the current one, telling listeners if anything changed. */
async function refresh(): Promise<FlagSnapshot> {
  const current = state();
  current.generation++;
  current.snapshot = null;
  current.loading = null;
  return getSnapshot();
}

/**
 * After a committed change (or an operator's invalidate): reload here, and tell every other
 * instance to do the same. Returns once this instance serves the new state.
 */
export async function announceFlagChange(): Promise<FlagSnapshot> {
  const current = state();
  const snapshot = await refresh();
  const redis = getRedis();
  if (redis) {
    await connected(redis);
    await redis.publish(flagChannel(), current.instanceId).catch((error: unknown) => {
      // Other instances fall back to their TTL; the change itself is committed.
      logger.warn({ err: error }, "could not announce a flag change on Redis");
    });
  }
  return snapshot;
}

/** The shared client refuses commands while (re)connecting; an announcement is worth a short wait. */
async function connected(redis: Redis, timeoutMs = 2_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    }
    redis.once("ready", done);
  });
}

/** Registers a listener for new snapshots (SSE streams); returns the function that removes it. */
export function onSnapshot(listener: SnapshotListener): () => void {
  const current = state();
  ensureSubscribed(current);
  current.listeners.add(listener);
  return () => current.listeners.delete(listener);
}

export function cacheAge(snapshot: FlagSnapshot): { secondsSinceUpdate: number; ttl: number } {
  return {
    secondsSinceUpdate: Math.round((Date.now() - snapshot.loadedAt) / 100) / 10,
    ttl: getConfig().FLAGS_CACHE_TTL_SECONDS,
  };
}

/** Closes the subscriber connection (tests, graceful shutdown). */
export async function closeFlagCache(): Promise<void> {
  const current = cacheState;
  cacheState = undefined;
  current?.subscriber?.disconnect();
}
