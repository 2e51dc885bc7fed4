import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { getRedis } from "@/lib/redis";
import { memoryRateLimitStore } from "@/lib/ratelimit/store/memory";
import { redisRateLimitStore } from "@/lib/ratelimit/store/redis";
import type { RateLimitStore } from "@/lib/ratelimit/store/types";

export type { BucketRequest, RateLimitStore } from "@/lib/ratelimit/store/types";

export type FailMode = "open" | "closed";

/** How the limiter's store is doing, for /api/health/deps and the Dependencies page. */
export interface LimiterHealth {
  store: RateLimitStore["kind"];
  failMode: FailMode;
  degraded: boolean;
  /** When the current outage started; null while the store answers. */
  degradedSince: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

interface Limiter {
  store: RateLimitStore;
  failMode: FailMode;
  degradedSince: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
}

let current: Limiter | undefined;

/** The one place the store is chosen: Redis when REDIS_URL is set, else this process's memory. */
function limiter(): Limiter {
  if (!current) {
    const redis = getRedis();
    current = {
      store: redis ? redisRateLimitStore(redis) : memoryRateLimitStore(),
      failMode: getConfig().RATE_LIMIT_FAIL_MODE,
      degradedSince: null,
      lastError: null,
      lastErrorAt: null,
    };
  }
  return current;
}

export const rateLimitStore = (): RateLimitStore => limiter().store;

/**
 * Runs a decision against the store. When the store is unreachable the decision comes from
 * `fallback` with the configured fail mode (which may throw, for fail-closed), and the limiter
 * reports itself degraded until the store answers again: nothing needs resetting after an outage.
 */
export async function decideWithStore<T>(decision: (store: RateLimitStore) => Promise<T>, fallback: (mode: FailMode) => T): Promise<T> {
  const current = limiter();
  try {
    const result = await decision(current.store);
    recovered(current);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (current.degradedSince === null) {
      current.degradedSince = Date.now();
      logger.warn({ store: current.store.kind, failMode: current.failMode, err: message }, "rate limiter store unreachable");
    }
    current.lastError = message;
    current.lastErrorAt = Date.now();
    return fallback(current.failMode);
  }
}

/**
 * The health check reached Redis: the limiter is not degraded any more even if no request has
 * been limited since (an idle instance would otherwise report the outage until its next request).
 */
export function markLimiterStoreReachable(): void {
  const current = limiter();
  if (current.store.kind === "redis") recovered(current);
}

function recovered(current: Limiter): void {
  if (current.degradedSince === null) return;
  logger.info({ store: current.store.kind, since: new Date(current.degradedSince).toISOString() }, "rate limiter store recovered");
  current.degradedSince = null;
}

export function limiterHealth(): LimiterHealth {
  const current = limiter();
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    store: current.store.kind,
    failMode: current.failMode,
    degraded: current.degradedSince !== null,
    degradedSince: iso(current.degradedSince),
    lastError: current.lastError,
    lastErrorAt: iso(current.lastErrorAt),
  };
}

/** Tests that switch REDIS_URL or the fail mode between cases start from a fresh limiter. */
export function resetLimiterForTests(): void {
  current = undefined;
}
