import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getConfig, POST as postConfig } from "@/app/api/admin/ratelimit/config/route";
import { GET as user } from "@/app/api/admin/ratelimit/user/route";
import { GET as deps } from "@/app/api/health/deps/route";
import { GET as health } from "@/app/api/health/route";
import { GET as live } from "@/app/api/health/live/route";
import { POST as reportAttempt } from "@/app/api/ratelimit/login-attempts/route";
import { resetConfigForTests } from "@/lib/config";
import { createSubscriber } from "@/lib/pubsub";
import { createSettingsCache } from "@/lib/ratelimit/settings";
import { resetLimiterForTests } from "@/lib/ratelimit/store";
import { call, tokenFor } from "@/scripts/test/requests";
import { startPrivateRedis } from "@/scripts/test/redis-server";

/*
 * A real Redis of this test's own (never the shared one): stopped under a running limiter and
 * started again. The limiter must follow the fail mode meanwhile, health must say so, and it
 * must come back by itself.
 */
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;

beforeAll(async () => {
  redis = await startPrivateRedis();
  process.env.REDIS_URL = redis.url;
  process.env.RATE_LIMIT_FAIL_MODE = "open";
  resetConfigForTests();
  resetLimiterForTests();
});

afterAll(async () => {
  await redis.destroy();
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const attempt = (token: string, email: string) => call(reportAttempt, { token, body: { email, success: false } });

describe("rate limiting on Redis", () => {
  it("keeps state in Redis, fails open or closed while Redis is down, shows it degraded, and recovers by itself", async () => {
    const viewer = await tokenFor("viewer");
    const operator = await tokenFor("operator");
    const first = await call(getConfig, { token: viewer });
    const second = await call(getConfig, { token: viewer });
    expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(Number(first.headers.get("x-ratelimit-remaining")) - 1);
    const direct = new Redis(redis.url);
    expect((await direct.keys("opsdeck:rl:bucket:*")).length).toBeGreaterThan(0);
    direct.disconnect();
    const email = `locked-${randomUUID()}@example.com`;
    for (let i = 0; i < 5; i++) await attempt(operator, email);
    expect((await call(user, { token: viewer, path: `/api/admin/ratelimit/user?email=${email}` })).json.isLocked).toBe(true);

    await redis.stop();
    // Fail-open: requests pass, logins are not refused, an operator's look-up says it cannot tell.
    expect((await call(getConfig, { token: viewer })).status).toBe(200);
    expect((await attempt(operator, `other-${randomUUID()}@example.com`)).json).toMatchObject({ isLocked: false });
    expect((await call(user, { token: viewer, path: `/api/admin/ratelimit/user?email=${email}` })).status).toBe(503);
    const degraded = await call(deps, { token: viewer });
    expect(degraded.status).toBe(200);
    expect(degraded.json.status).toBe("degraded");
    expect(degraded.json.dependencies.redis).toMatchObject({ status: "unavailable", breaker: { state: "closed", consecutiveFailures: 1 } });
    expect(degraded.json.dependencies.redis.lastError.message).toBeTruthy();
    expect(degraded.json.rateLimiter).toMatchObject({ store: "redis", failMode: "open", degraded: true });
    expect((await call(health, { token: viewer })).status).toBe(503);

    // Fail-closed: API calls answer 503 (health routes still answer), logins count as locked.
    process.env.RATE_LIMIT_FAIL_MODE = "closed";
    resetConfigForTests();
    resetLimiterForTests();
    const refused = await call(getConfig, { token: viewer });
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe("rate_limiter_unavailable");
    expect(refused.headers.get("retry-after")).toBe("5");
    expect((await call(live)).status).toBe(200);
    expect((await attempt(operator, `closed-${randomUUID()}@example.com`)).status).toBe(503);

    await redis.restart();
    const recovered = await eventually(
      () => call(getConfig, { token: viewer }),
      (response) => response.status === 200,
    );
    expect(recovered.status).toBe(200);
    const limiter = await eventually(
      () => call(deps, { token: viewer }),
      (response) => response.json.dependencies.redis.status === "ok",
    );
    expect(limiter.json.rateLimiter).toMatchObject({ degraded: false, degradedSince: null });
    expect(limiter.json.dependencies.redis.history.map((h: { status: string }) => h.status)).toEqual(expect.arrayContaining(["unavailable", "ok"]));
    expect((await attempt(operator, `back-${randomUUID()}@example.com`)).json).toMatchObject({ isLocked: false, failedAttempts: 1 });
  });

  it("applies a configuration change on every instance at once (pub/sub)", async () => {
    process.env.RATE_LIMIT_FAIL_MODE = "open";
    resetConfigForTests();
    resetLimiterForTests();
    const admin = await tokenFor("admin");
    // Another instance: its own cache and subscription, with an age limit far beyond the test.
    const otherSubscriber = createSubscriber(new Redis(redis.url, { autoResubscribe: false }));
    const otherInstance = createSettingsCache(otherSubscriber, 600_000);
    const before = await otherInstance.get();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const saved = await call(postConfig, { token: admin, body: { lockDurationMinutes: 45 } });
    expect(saved.status).toBe(200);
    const seen = await eventually(
      () => otherInstance.get(),
      (value) => value.version === before.version + 1,
      2_000,
    );
    expect(seen.settings.lockDurationMinutes).toBe(45);
    expect(Date.now() - started).toBeLessThan(1_000);
    otherInstance.close();
    otherSubscriber.close();
  });
});
