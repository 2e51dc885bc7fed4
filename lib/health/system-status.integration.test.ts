import { describe, expect, it } from "vitest";
import * as flagsRoute from "@/app/api/admin/feature-flags/route";
import { GET as systemStatus } from "@/app/api/admin/system/status/route";
import { db } from "@/lib/db";
import { announceFlagChange } from "@/lib/flags/cache";
import { CONSTANT_TIME_AUTH_FLAG } from "@/lib/health/system-status";
import { call, tokenFor } from "@/scripts/test/requests";

describe("GET /api/admin/system/status (seed 001: is the constant-time auth implementation active?)", () => {
  it("answers every component, with sign-in and the constant-time auth flag under auth", async () => {
    const [admin, viewer] = await Promise.all([tokenFor("admin"), tokenFor("viewer")]);
    // Other test files (the demo data) may have created the seed's flag: start without it.
    await db().featureFlag.deleteMany({ where: { name: CONSTANT_TIME_AUTH_FLAG } });
    await announceFlagChange();
    const before = await call(systemStatus, { token: viewer });
    expect(before.status).toBe(200);
    expect(Object.keys(before.json.components)).toEqual(expect.arrayContaining(["auth", "database", "redis", "rateLimiter", "flagCache", "tracing"]));
    expect(before.json.components.database).toMatchObject({ status: "ok" });
    expect(before.json.components.auth.details.signIn).toMatchObject({ apiTokens: true });
    expect(before.json.components.auth.details.constantTimeAuth).toMatchObject({ enabled: false, note: "no such flag" });
    // seed 001: `curl …/system/status | grep -A5 "auth"` finds it.
    expect(before.text).toContain('"auth"');

    await call(flagsRoute.POST, { token: admin, body: { name: "priority_1_3_constant_time_auth", enabled: true, rolloutPercentage: 50 } });
    const after = await call(systemStatus, { token: viewer });
    expect(after.json.components.auth.details.constantTimeAuth).toEqual({
      flag: "priority_1_3_constant_time_auth",
      enabled: true,
      rolloutPercentage: 50,
      targetEnvironments: [],
    });
    expect((await call(systemStatus, {})).status).toBe(401);
    await db().featureFlag.deleteMany({ where: { name: CONSTANT_TIME_AUTH_FLAG } });
    await announceFlagChange();
  });
});
