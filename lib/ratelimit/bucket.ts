/**
 * Token-bucket arithmetic, pure so every store (memory, Redis Lua) agrees on it.
 * A bucket holds up to `capacity` tokens and gains `refillPerSecond`; a request takes one.
 */
export interface BucketRule {
  capacity: number;
  refillPerSecond: number;
  /**
   * The configured requests per interval, which X-RateLimit-Limit reports (seed 004: "shows the
   * configured limit"); the rest of the capacity is the burst. Unset: the whole capacity.
   */
  limit?: number;
}

export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** The configured limit (X-RateLimit-Limit). */
  limit: number;
  /** Requests allowed at once on top of the limit (X-RateLimit-Burst); `remaining` counts them too. */
  burst: number;
  remaining: number;
  /** Unix seconds at which the bucket is full again (the X-RateLimit-Reset header). */
  resetAt: number;
  /** Seconds until one token is available; 0 when allowed. */
  retryAfterSeconds: number;
}

/** Seed 004's way of stating a limit: so many requests per interval, plus a burst on top. */
export function ruleFor(requests: number, intervalSeconds: number, burst = 0): BucketRule {
  return { capacity: requests + burst, refillPerSecond: requests / intervalSeconds, limit: requests };
}

/** The limit and burst a rule reports in its headers. */
export function reportedLimit(rule: BucketRule): { limit: number; burst: number } {
  const limit = rule.limit ?? rule.capacity;
  return { limit, burst: rule.capacity - limit };
}

/** What a limiter whose store is unreachable answers when it fails open: allowed, the bucket shown full. */
export function failOpenDecision(rule: BucketRule, nowMs = Date.now()): RateLimitDecision {
  return { allowed: true, ...reportedLimit(rule), remaining: rule.capacity, resetAt: Math.ceil(nowMs / 1000), retryAfterSeconds: 0 };
}

function available(state: BucketState | undefined, rule: BucketRule, nowMs: number): number {
  if (!state) return rule.capacity;
  const elapsedSeconds = Math.max(0, nowMs - state.updatedAtMs) / 1000;
  return Math.min(rule.capacity, state.tokens + elapsedSeconds * rule.refillPerSecond);
}

function decide(allowed: boolean, before: number, after: number, rule: BucketRule, nowMs: number): RateLimitDecision {
  return {
    allowed,
    ...reportedLimit(rule),
    remaining: Math.floor(after),
    resetAt: Math.ceil((nowMs + ((rule.capacity - after) / rule.refillPerSecond) * 1000) / 1000),
    retryAfterSeconds: allowed ? 0 : Math.ceil((1 - before) / rule.refillPerSecond),
  };
}

export function takeToken(state: BucketState | undefined, rule: BucketRule, nowMs: number) {
  const { states, decision } = takeTokens([state], [rule], nowMs);
  return { state: states[0] as BucketState, decision };
}

/**
 * One request against several buckets at once (a route's limit and the caller's quota): it
 * passes only if every bucket has a token, and then takes one from each; a refused request
 * takes nothing. The decision reported is the binding one: a refusing bucket, else the one
 * with the fewest tokens left.
 */
export function takeTokens(states: Array<BucketState | undefined>, rules: BucketRule[], nowMs: number) {
  const { after, decision } = settle(
    rules.map((rule, i) => available(states[i], rule, nowMs)),
    rules,
    nowMs,
  );
  return { states: after.map((tokens) => ({ tokens, updatedAtMs: nowMs })), decision };
}

/**
 * The decision once each bucket's tokens before the request are known. The Redis store's Lua
 * script computes `before` on the server (with the server's clock) and settles here, so both
 * stores share this arithmetic.
 */
export function settle(before: number[], rules: BucketRule[], nowMs: number) {
  const allowed = before.every((tokens) => tokens >= 1);
  const after = before.map((tokens) => (allowed ? tokens - 1 : tokens));
  const decisions = rules.map((rule, i) => decide(allowed, before[i] as number, after[i] as number, rule, nowMs));
  return { after, decision: bindingDecision(decisions) };
}

/** The decision to report when several buckets decided together. */
export function bindingDecision(decisions: RateLimitDecision[]): RateLimitDecision {
  const refusing = decisions.filter((d) => !d.allowed);
  const pool = refusing.length > 0 ? refusing : decisions;
  return pool.reduce((worst, d) =>
    (refusing.length > 0 ? d.retryAfterSeconds > worst.retryAfterSeconds : d.remaining < worst.remaining) ? d : worst,
  );
}
