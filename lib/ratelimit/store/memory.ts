import { type BucketState, takeTokens } from "@/lib/ratelimit/bucket";
import { emptyLockoutState, lockoutView, type LockoutState, normaliseEmail, recordAttempt } from "@/lib/ratelimit/lockout";
import type { RateLimitStore } from "@/lib/ratelimit/store/types";

const MAX_TRACKED_KEYS = 100_000;

/** A Map that forgets its least recently used entries beyond `MAX_TRACKED_KEYS`. */
function boundedMap<V>() {
  const map = new Map<string, V>();
  return {
    get: (key: string) => map.get(key),
    set(key: string, value: V) {
      // Re-insert so the Map's order is least-recently-used first; evict from the front when full.
      map.delete(key);
      map.set(key, value);
      if (map.size > MAX_TRACKED_KEYS) map.delete(map.keys().next().value as string);
    },
    delete: (key: string) => map.delete(key),
  };
}

/** State in this process only: right for one instance (the embedded default), not shared. */
export function memoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  const buckets = boundedMap<BucketState>();
  const logins = boundedMap<LockoutState>();
  return {
    kind: "memory",
    async take(requests) {
      const { states, decision } = takeTokens(
        requests.map((r) => buckets.get(r.key)),
        requests.map((r) => r.rule),
        now(),
      );
      requests.forEach((r, i) => buckets.set(r.key, states[i] as BucketState));
      return decision;
    },
    async recordLoginAttempt(email, success, policy) {
      const key = normaliseEmail(email);
      const { state, outcome } = recordAttempt(logins.get(key) ?? emptyLockoutState(), success, policy, now());
      logins.set(key, state);
      return outcome;
    },
    async loginState(email, policy) {
      return lockoutView(logins.get(normaliseEmail(email)) ?? emptyLockoutState(), policy, now());
    },
    async unlock(email) {
      const key = normaliseEmail(email);
      const state = logins.get(key);
      if (!state || state.lockedUntilMs === null || state.lockedUntilMs <= now()) return false;
      logins.delete(key);
      return true;
    },
  };
}
