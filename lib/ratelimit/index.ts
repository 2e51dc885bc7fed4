import { type BucketRule, type BucketState, type RateLimitDecision, takeToken } from "@/lib/ratelimit/bucket";

export type { BucketRule, RateLimitDecision } from "@/lib/ratelimit/bucket";

/** Where bucket state lives. In memory by default; shared stores plug in behind the same interface. */
export interface RateLimitStore {
  take(key: string, rule: BucketRule): Promise<RateLimitDecision>;
}

const MAX_TRACKED_KEYS = 100_000;

export function memoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  const buckets = new Map<string, BucketState>();
  return {
    async take(key, rule) {
      const { state, decision } = takeToken(buckets.get(key), rule, now());
      // Re-insert so the Map's order is least-recently-used first; evict from the front when full.
      buckets.delete(key);
      buckets.set(key, state);
      if (buckets.size > MAX_TRACKED_KEYS) buckets.delete(buckets.keys().next().value as string);
      return decision;
    },
  };
}

/** Seed 004's default: 100 requests a minute, with a burst of 20 on top. */
export const DEFAULT_API_RULE: BucketRule = { capacity: 120, refillPerSecond: 100 / 60 };

const globalForLimiter = globalThis as unknown as { opsdeckRateLimitStore?: RateLimitStore };
export const apiRateLimitStore = (): RateLimitStore => (globalForLimiter.opsdeckRateLimitStore ??= memoryRateLimitStore());
