import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { settle } from "@/lib/ratelimit/bucket";
import { lockReason, normaliseEmail } from "@/lib/ratelimit/lockout";
import type { RateLimitStore } from "@/lib/ratelimit/store/types";

/*
 * Every decision is one Lua script, so it is atomic across instances and concurrent requests,
 * and every script reads the time from Redis (TIME), so instances with skewed clocks agree.
 */

// KEYS: the buckets. ARGV: capacity and refill per second for each. Returns
// [allowed, nowMs, tokensBefore1, tokensBefore2, …]; tokens as strings (Lua numbers would be truncated).
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local before = {}
local allowed = true
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i - 1])
  local refill = tonumber(ARGV[2 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local tokens = capacity
  if state[1] then
    local elapsed = math.max(0, now - tonumber(state[2])) / 1000
    tokens = math.min(capacity, tonumber(state[1]) + elapsed * refill)
  end
  before[i] = tokens
  if tokens < 1 then allowed = false end
end
local out = { allowed and 1 or 0, now }
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i - 1])
  local refill = tonumber(ARGV[2 * i])
  local after = before[i]
  if allowed then after = after - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(after), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[i], math.ceil((capacity - after) / refill * 1000) + 1000)
  out[#out + 1] = tostring(before[i])
end
return out
`;

// KEYS: failures (sorted set of attempt times), lock (the failure count, with the lock's TTL).
// ARGV: success (1/0), maxAttempts, windowMs, lockMs, a unique member for this attempt.
// Returns [isLocked, lockedUntilMs, failedAttempts, lockedNow, wasLocked].
const ATTEMPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then
  return { 1, now + ttl, tonumber(redis.call('GET', KEYS[2])), 0, 1 }
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if ARGV[1] == '1' then
  redis.call('DEL', KEYS[1])
  return { 0, 0, 0, 0, 0 }
end
redis.call('ZADD', KEYS[1], now, ARGV[5])
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], count, 'PX', ARGV[4])
  return { 1, now + tonumber(ARGV[4]), count, 1, 0 }
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return { 0, 0, count, 0, 0 }
`;

// KEYS: failures, lock. ARGV: windowMs. Returns [isLocked, lockedUntilMs, failedAttempts].
const STATE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = redis.call('PTTL', KEYS[2])
if ttl > 0 then
  return { 1, now + ttl, tonumber(redis.call('GET', KEYS[2])) }
end
return { 0, 0, redis.call('ZCOUNT', KEYS[1], '(' .. (now - tonumber(ARGV[1])), '+inf') }
`;

// KEYS: failures, lock. Returns 1 when a lock was lifted, 0 when there was none (nothing changed).
const UNLOCK = `
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
`;

type ScriptCall = (keys: string[], args: Array<string | number>) => Promise<unknown>;

const FIRST_CONNECT_WAIT_MS = 1_000;

/**
 * Commands fail at once while Redis is away (no offline queue), which is what the fail policy
 * needs; but a fresh process's first requests should wait for the first connection instead of
 * being treated as an outage.
 */
async function firstConnection(redis: Redis): Promise<void> {
  if (redis.status !== "wait" && redis.status !== "connecting" && redis.status !== "connect") return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise((resolve) => redis.once("ready", resolve)),
    new Promise((resolve) => (timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS))),
  ]);
  clearTimeout(timer);
}

/** Registers a script once per connection; ioredis sends EVALSHA and falls back to EVAL. */
function defineScript(redis: Redis, name: string, lua: string): ScriptCall {
  const commands = redis as unknown as Record<string, ((...args: Array<string | number>) => Promise<unknown>) | undefined>;
  if (!commands[name]) redis.defineCommand(name, { lua });
  return async (keys, args) => {
    await firstConnection(redis);
    return (commands[name] as (...args: Array<string | number>) => Promise<unknown>)(keys.length, ...keys, ...args);
  };
}

export function redisRateLimitStore(redis: Redis, prefix = "opsdeck:rl:"): RateLimitStore {
  const take = defineScript(redis, "opsdeckRateLimitTake", TAKE);
  const attempt = defineScript(redis, "opsdeckLoginAttempt", ATTEMPT);
  const state = defineScript(redis, "opsdeckLoginState", STATE);
  const unlock = defineScript(redis, "opsdeckLoginUnlock", UNLOCK);
  // The hash tag keeps an email's two keys in one slot, so the scripts also run on Redis Cluster.
  const loginKeys = (email: string) => {
    const tag = `${prefix}login:{${normaliseEmail(email)}}`;
    return [`${tag}:failures`, `${tag}:lock`];
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    kind: "redis",
    async take(requests) {
      const reply = (await take(
        requests.map((r) => `${prefix}bucket:${r.key}`),
        requests.flatMap((r) => [r.rule.capacity, r.rule.refillPerSecond]),
      )) as [number, number, ...string[]];
      const [, nowMs, ...before] = reply;
      return settle(before.map(Number), requests.map((r) => r.rule), nowMs).decision;
    },
    async recordLoginAttempt(email, success, policy) {
      const [isLocked, lockedUntilMs, failedAttempts, lockedNow, wasLocked] = (await attempt(loginKeys(email), [
        success ? 1 : 0,
        policy.maxAttempts,
        policy.windowMinutes * 60_000,
        policy.lockDurationMinutes * 60_000,
        randomUUID(),
      ])) as number[];
      return {
        isLocked: isLocked === 1,
        lockedUntil: isLocked === 1 ? iso(lockedUntilMs as number) : null,
        reason: isLocked === 1 ? lockReason(failedAttempts as number, policy) : null,
        failedAttempts: failedAttempts as number,
        lockedNow: lockedNow === 1,
        wasLocked: wasLocked === 1,
      };
    },
    async loginState(email, policy) {
      const [isLocked, lockedUntilMs, failedAttempts] = (await state(loginKeys(email), [policy.windowMinutes * 60_000])) as number[];
      return {
        isLocked: isLocked === 1,
        lockedUntil: isLocked === 1 ? iso(lockedUntilMs as number) : null,
        reason: isLocked === 1 ? lockReason(failedAttempts as number, policy) : null,
        failedAttempts: failedAttempts as number,
      };
    },
    async unlock(email) {
      return (await unlock(loginKeys(email), [])) === 1;
    },
  };
}
