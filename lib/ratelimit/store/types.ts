import type { BucketRule, RateLimitDecision } from "@/lib/ratelimit/bucket";
import type { AttemptOutcome, LockoutPolicy, LoginState } from "@/lib/ratelimit/lockout";

export interface BucketRequest {
  key: string;
  rule: BucketRule;
}

/**
 * Where rate-limit and lockout state lives: Redis (shared by every instance, each decision one
 * Lua script) or this process's memory. Both implement exactly this; `store/index.ts` picks one.
 * Every method may reject when the backing store is unreachable; callers apply the fail policy.
 */
export interface RateLimitStore {
  readonly kind: "redis" | "memory";
  /** One request against all `buckets` together: all take a token, or none does. */
  take(buckets: BucketRequest[]): Promise<RateLimitDecision>;
  recordLoginAttempt(email: string, success: boolean, policy: LockoutPolicy): Promise<AttemptOutcome>;
  loginState(email: string, policy: LockoutPolicy): Promise<LoginState>;
  /** Lifts a lock and clears the failures; false when the email was not locked (nothing changed). */
  unlock(email: string): Promise<boolean>;
}
