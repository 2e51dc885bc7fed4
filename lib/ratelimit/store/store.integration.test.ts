import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { memoryRateLimitStore } from "@/lib/ratelimit/store/memory";
import { redisRateLimitStore } from "@/lib/ratelimit/store/redis";
import type { RateLimitStore } from "@/lib/ratelimit/store/types";

// The shared Redis, under a prefix of this run's own; nothing is flushed.
const redis = new Redis("redis://127.0.0.1:6379");
const prefix = `opsdeck-test:${randomUUID()}:`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const policy = { maxAttempts: 5, windowMinutes: 15, lockDurationMinutes: 15 };
const stores: Array<[string, () => RateLimitStore]> = [
  ["memory", () => memoryRateLimitStore()],
  ["redis", () => redisRateLimitStore(redis, prefix)],
];

describe.each(stores)("the %s store", (_, makeStore) => {
  it("lets a burst up to the capacity through, then refuses with Retry-After", async () => {
    const store = makeStore();
    const rule = { capacity: 3, refillPerSecond: 0.01 };
    const key = randomUUID();
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await store.take([{ key, rule }]));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]?.retryAfterSeconds).toBe(100);
    expect(decisions[3]?.resetAt).toBeGreaterThan(Date.now() / 1000 + 250);
  });

  it("takes from every bucket or from none", async () => {
    const store = makeStore();
    const route = { key: randomUUID(), rule: { capacity: 10, refillPerSecond: 0.01 } };
    const quota = { key: randomUUID(), rule: { capacity: 2, refillPerSecond: 0.01 } };
    const otherRoute = { key: randomUUID(), rule: { capacity: 10, refillPerSecond: 0.01 } };
    expect((await store.take([route, quota])).allowed).toBe(true);
    expect((await store.take([otherRoute, quota])).allowed).toBe(true);
    const refused = await store.take([route, quota]);
    expect(refused).toMatchObject({ allowed: false, limit: 2 });
    // The refused request took nothing from the route's bucket: 10 - 1 left.
    expect((await store.take([route])).remaining).toBe(8);
  });

  it("gives exactly the capacity to many concurrent requests", async () => {
    const store = makeStore();
    const bucket = { key: randomUUID(), rule: { capacity: 25, refillPerSecond: 0.001 } };
    const decisions = await Promise.all(Array.from({ length: 200 }, () => store.take([bucket])));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
  });

  it("locks an email after five failures, exactly once under concurrency, and unlocks it", async () => {
    const store = makeStore();
    const email = `Victim-${randomUUID()}@Example.com`;
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => store.recordLoginAttempt(email, false, policy)));
    expect(outcomes.filter((o) => o.lockedNow)).toHaveLength(1);
    expect(outcomes.filter((o) => o.wasLocked)).toHaveLength(7);
    const state = await store.loginState(email.toLowerCase(), policy);
    expect(state).toMatchObject({ isLocked: true, reason: "5 failed attempts within 15 minutes", failedAttempts: 5 });
    expect(Date.parse(state.lockedUntil ?? "") - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(await store.unlock(email)).toBe(true);
    expect(await store.unlock(email)).toBe(false);
    expect(await store.loginState(email, policy)).toEqual({ isLocked: false, lockedUntil: null, reason: null, failedAttempts: 0 });
  });

  it("counts failures in the window and clears them on success", async () => {
    const store = makeStore();
    const email = `${randomUUID()}@example.com`;
    await store.recordLoginAttempt(email, false, policy);
    await store.recordLoginAttempt(email, false, policy);
    expect((await store.loginState(email, policy)).failedAttempts).toBe(2);
    expect(await store.recordLoginAttempt(email, true, policy)).toMatchObject({ isLocked: false, failedAttempts: 0 });
    expect((await store.loginState(email, policy)).failedAttempts).toBe(0);
    expect(await store.unlock(email)).toBe(false);
  });
});

describe("two instances on one Redis", () => {
  it("share buckets and locks", async () => {
    const second = new Redis("redis://127.0.0.1:6379");
    const a = redisRateLimitStore(redis, prefix);
    const b = redisRateLimitStore(second, prefix);
    const bucket = { key: randomUUID(), rule: { capacity: 4, refillPerSecond: 0.001 } };
    const decisions = await Promise.all([a, b, a, b, a, b].map((store) => store.take([bucket])));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(4);
    const email = `${randomUUID()}@example.com`;
    for (let i = 0; i < 5; i++) await (i % 2 ? a : b).recordLoginAttempt(email, false, policy);
    expect((await b.loginState(email, policy)).isLocked).toBe(true);
    second.disconnect();
  });
});
