import { describe, expect, it } from "vitest";
import { apiBuckets, applyPatch, DEFAULT_SETTINGS, rateLimitConfigPatchSchema, rateLimitSettingsSchema } from "@/lib/ratelimit/config";

const TOKEN = "7c0b6c1e-3b7a-4d84-9a53-3f7c1c1e0d11";

describe("rate-limit configuration", () => {
  it("has seed 004's and seed 000's defaults", () => {
    expect(rateLimitSettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ maxAttempts: 5, defaultRouteLimit: { requestsPerMinute: 100, burst: 20 } });
    expect(DEFAULT_SETTINGS.plans).toEqual({ free: 1_000, pro: 10_000, enterprise: 100_000 });
  });

  it("refuses absurd values, unknown keys and empty changes", () => {
    const bad = [{}, { lockDurationMinutes: -1 }, { maxAttempts: 0 }, { maxAttempts: 1e9 }, { maxAttempts: 2.5 }, { lockDurationMinutes: "30" }, { lockoutMinutes: 30 }, { plans: { gold: 5 } }, { defaultRouteLimit: { requestsPerMinute: 10 } }, { tokenPlans: { "not-a-uuid": "pro" } }];
    for (const patch of bad) expect(rateLimitConfigPatchSchema.safeParse(patch).success, JSON.stringify(patch)).toBe(false);
    expect(rateLimitConfigPatchSchema.parse({ lockDurationMinutes: 30 })).toEqual({ lockDurationMinutes: 30 });
  });

  it("merges a change key by key, and null removes a map entry", () => {
    const withRoute = applyPatch(DEFAULT_SETTINGS, { routeLimits: { "/api/health": { requestsPerMinute: 5, burst: 0 } }, plans: { free: 10 }, tokenPlans: { [TOKEN]: "free" } });
    expect(withRoute.plans).toEqual({ free: 10, pro: 10_000, enterprise: 100_000 });
    expect(withRoute.maxAttempts).toBe(5);
    const removed = applyPatch(withRoute, { routeLimits: { "/api/health": null }, tokenPlans: { [TOKEN]: null }, lockDurationMinutes: 30 });
    expect(removed).toEqual({ ...DEFAULT_SETTINGS, plans: withRoute.plans, lockDurationMinutes: 30 });
  });

  it("limits a route per caller and the caller's quota across routes, by plan", () => {
    const settings = applyPatch(DEFAULT_SETTINGS, { routeLimits: { "/api/b": { requestsPerMinute: 30, burst: 5 } }, tokenPlans: { [TOKEN]: "free" } });
    const token = { kind: "token" as const, id: TOKEN };
    const [routeA, quotaA] = apiBuckets(settings, { path: "/api/a" }, token);
    const [routeB, quotaB] = apiBuckets(settings, { path: "/api/b" }, token);
    expect(routeA?.rule).toEqual({ capacity: 120, refillPerSecond: 100 / 60, limit: 100 });
    expect(routeB?.rule).toEqual({ capacity: 35, refillPerSecond: 0.5, limit: 30 });
    expect(routeA?.key).not.toBe(routeB?.key);
    expect(quotaA).toEqual(quotaB);
    expect(quotaA?.rule.capacity).toBe(1_000);
    const other = apiBuckets(settings, { path: "/api/a" }, { kind: "token", id: "someone-else" });
    expect(other[1]?.rule.capacity).toBe(100_000);
    const ownDefault = apiBuckets(settings, { path: "/api/ingest", rateLimit: { capacity: 999, refillPerSecond: 9 } }, token);
    expect(ownDefault[0]?.rule.capacity).toBe(999);
    expect(apiBuckets(settings, { path: "/api/a" }, { kind: "address", address: "192.0.2.1" })[1]?.rule.capacity).toBe(1_000);
  });
});
