import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRateLimiter } from "@/lib/ratelimit/sdk";

const prefix = `opsdeck-sdk-test:${randomUUID()}:`;
afterAll(async () => {
  const redis = new Redis("redis://127.0.0.1:6379");
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe("the rate-limit SDK", () => {
  it("limits a key with limit, refill and burst, shared by two service instances on one Redis", async () => {
    const a = createRateLimiter({ redisUrl: "redis://127.0.0.1:6379", prefix });
    const b = createRateLimiter({ redisUrl: "redis://127.0.0.1:6379", prefix });
    const rule = { requests: 2, perSeconds: 3600, burst: 1 };
    const decisions = await Promise.all([a, b, a, b].map((limiter) => limiter.limit("search:alice", rule)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    expect(decisions.find((d) => !d.allowed)?.retryAfterSeconds).toBeGreaterThan(1_000);
    for (let i = 0; i < 5; i++) await a.recordLogin("bob@example.com", false);
    expect(await b.loginState("BOB@example.com")).toMatchObject({ isLocked: true, failedAttempts: 5 });
    expect(await b.unlock("bob@example.com")).toBe(true);
    a.close();
    b.close();
  });
});
