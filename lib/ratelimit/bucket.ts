/**
 * Token-bucket arithmetic, pure so every store (memory, Redis Lua) agrees on it.
 * A bucket holds up to `capacity` tokens and gains `refillPerSecond`; a request takes one.
 */
export interface BucketRule {
  capacity: number;
  refillPerSecond: number;
}

export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds at which the bucket is full again (the X-RateLimit-Reset header). */
  resetAt: number;
  /** Seconds until one token is available; 0 when allowed. */
  retryAfterSeconds: number;
}

export function takeToken(state: BucketState | undefined, rule: BucketRule, nowMs: number) {
  const elapsedSeconds = state ? Math.max(0, nowMs - state.updatedAtMs) / 1000 : 0;
  const available = state ? Math.min(rule.capacity, state.tokens + elapsedSeconds * rule.refillPerSecond) : rule.capacity;
  const allowed = available >= 1;
  const tokens = allowed ? available - 1 : available;
  const decision: RateLimitDecision = {
    allowed,
    limit: rule.capacity,
    remaining: Math.floor(tokens),
    resetAt: Math.ceil((nowMs + ((rule.capacity - tokens) / rule.refillPerSecond) * 1000) / 1000),
    retryAfterSeconds: allowed ? 0 : Math.ceil((1 - available) / rule.refillPerSecond),
  };
  return { state: { tokens, updatedAtMs: nowMs }, decision };
}
