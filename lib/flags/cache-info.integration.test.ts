import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as cacheConfig } from "@/app/api/admin/cache-config/route";
import { GET as cacheListeners } from "@/app/api/admin/cache-listeners/route";
import { GET as stream } from "@/app/api/flags/stream/route";
import { resetConfigForTests } from "@/lib/config";
import { call, tokenFor } from "@/scripts/test/requests";

// The shared Redis: the flag channel is named after this test's own database, so no other test hears it.
beforeAll(() => {
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  resetConfigForTests();
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("seed 000's stale-cache runbook endpoints", () => {
  it("GET /api/admin/cache-config answers the flag cache's TTL (300 s by default), above the 60 s minimum", async () => {
    const viewer = await tokenFor("viewer");
    const answer = await call(cacheConfig, { token: viewer });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ cache: "feature_flags", ttl: 300, ttlBelowMinimum: false, keyPattern: "feature_flags:{name}", invalidation: "redis" });
    expect(answer.json.secondsSinceUpdate).toBeGreaterThanOrEqual(0);
    expect((await call(cacheConfig, {})).status).toBe(401);
  });

  it("GET /api/admin/cache-listeners counts the SDK streams this instance feeds and shows the Redis subscription", async () => {
    const viewer = await tokenFor("viewer");
    const listeners = async () => (await call(cacheListeners, { token: viewer })).json;
    const before = await eventually(listeners, (answer) => answer.redis.subscribed);
    expect(before.redis).toMatchObject({ configured: true, connection: "ready", subscribed: true });

    const request = new NextRequest("http://127.0.0.1:3000/api/flags/stream", { headers: { authorization: `Bearer ${viewer}` } });
    const open = await stream(request, { params: Promise.resolve({}) });
    expect(open.status).toBe(200);
    try {
      const during = (await call(cacheListeners, { token: viewer })).json;
      expect(during.sseSubscribers).toBe(before.sseSubscribers + 1);
      expect(during.instanceId).toBe(before.instanceId);
    } finally {
      await open.body?.cancel();
    }
    expect((await call(cacheListeners, { token: viewer })).json.sseSubscribers).toBe(before.sseSubscribers);
  });
});
