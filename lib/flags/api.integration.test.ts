import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as flagsRoute from "@/app/api/admin/feature-flags/route";
import * as flagRoute from "@/app/api/admin/feature-flags/[name]/route";
import * as restoreRoute from "@/app/api/admin/feature-flags/[name]/restore/route";
import * as statusRoute from "@/app/api/admin/feature-flags/[name]/status/route";
import * as historyRoute from "@/app/api/admin/feature-flags/[name]/history/route";
import * as rollbackRoute from "@/app/api/admin/emergency-rollback/route";
import * as invalidateRoute from "@/app/api/admin/cache/invalidate/route";
import * as snapshotRoute from "@/app/api/flags/route";
import * as evaluateRoute from "@/app/api/flags/evaluate/route";
import { db } from "@/lib/db";
import { announceFlagChange } from "@/lib/flags/cache";
import { bucketOf } from "@/lib/flags/evaluate";
import { call, tokenFor } from "@/scripts/test/requests";

let admin: string;
let operator: string;
let viewer: string;

const flagPath = (name: string) => `/api/admin/feature-flags/${name}`;

async function create(name: string, body: Record<string, unknown> = {}) {
  const response = await call(flagsRoute.POST, { token: admin, body: { name, ...body } });
  expect(response.status).toBe(201);
  return response.json.flag;
}

async function update(name: string, body: unknown, extra: { token?: string; headers?: Record<string, string>; rawBody?: string } = {}) {
  return call(flagRoute.POST, { token: extra.token ?? operator, path: flagPath(name), params: { name }, body, rawBody: extra.rawBody, headers: extra.headers });
}

const auditRows = (name: string) =>
  db().auditEntry.findMany({ where: { targetType: "feature_flag", targetId: name }, orderBy: { id: "asc" } });

beforeAll(async () => {
  [admin, operator, viewer] = await Promise.all([tokenFor("admin"), tokenFor("operator"), tokenFor("viewer")]);
});

// The seeds' flags created here are read elsewhere (lockouts read rate-limiter, the system status
// the constant-time auth flag): leave none behind for the other test files.
afterAll(async () => {
  await db().featureFlag.deleteMany({ where: { name: { in: ["rate-limiter", "priority_1_3_constant_time_auth"] } } });
  await announceFlagChange();
});

describe("the seeds' admin API", () => {
  it("follows seed 001's runbook: curl -d without a content type, then GET shows the flag with lastUpdated", async () => {
    await create("priority_1_3_constant_time_auth", { description: "Prevents timing attacks on auth", rolloutPercentage: 100 });
    // `curl -X POST … -d '{"enabled": true}'` sends form encoding, not JSON.
    const posted = await update("priority_1_3_constant_time_auth", undefined, {
      rawBody: '{"enabled": true}',
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(posted.status).toBe(200);
    expect(posted.json).toMatchObject({ success: true, flag: { name: "priority_1_3_constant_time_auth", enabled: true, version: 2 } });

    const got = await call(flagRoute.GET, { token: viewer, path: flagPath("priority_1_3_constant_time_auth"), params: { name: "priority_1_3_constant_time_auth" } });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      name: "priority_1_3_constant_time_auth",
      enabled: true,
      rolloutPercentage: 100,
      description: "Prevents timing attacks on auth",
    });
    expect(new Date(got.json.lastUpdated).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(got.headers.get("etag")).toBe('"2"');
  });

  it("lists flags as { features } and, with include=cache-info, the cache age and TTL", async () => {
    await create("priority_2_1_saga_pattern", { enabled: true });
    const plain = await call(flagsRoute.GET, { token: viewer });
    expect(plain.json.features.priority_2_1_saga_pattern).toMatchObject({ enabled: true, rolloutPercentage: 100 });
    expect(plain.json.cacheAge).toBeUndefined();
    const withInfo = await call(flagsRoute.GET, { token: viewer, path: "/api/admin/feature-flags?include=cache-info" });
    expect(withInfo.json.cacheAge).toEqual({ secondsSinceUpdate: expect.any(Number), ttl: 300 });
    expect(withInfo.json.flags.map((f: { name: string }) => f.name)).toContain("priority_2_1_saga_pattern");
  });

  it("answers status with the same decision and reason as the bucket", async () => {
    await create("rate-limiter", { enabled: true, rolloutPercentage: 50, targetUsers: ["admin1"], targetEnvironments: ["staging", "production"] });
    const status = (query: string) =>
      call(statusRoute.GET, { token: viewer, path: `${flagPath("rate-limiter")}/status?${query}`, params: { name: "rate-limiter" } });
    expect((await status("userId=admin1&env=staging")).json).toMatchObject({ enabled: true, reason: "user targeted" });
    expect((await status("userId=admin1&env=dev")).json).toMatchObject({ enabled: false, reason: "environment not targeted (dev)" });
    const user123 = (await status("userId=user123&env=production")).json;
    expect(user123.enabled).toBe(bucketOf("rate-limiter", "user123") < 50);
    expect(user123.bucket).toBe(bucketOf("rate-limiter", "user123"));
    expect((await status("env=banana")).status).toBe(400);
    const bulk = await call(evaluateRoute.GET, { token: viewer, path: "/api/flags/evaluate?userId=admin1&env=staging" });
    expect(bulk.json.flags["rate-limiter"]).toMatchObject({ enabled: true, reasonCode: "user_targeted" });
  });

  it("disables the saga pattern for specific users (seed 000): an excluded user is off at 100 %, with its own reason", async () => {
    await create("priority_2_1_saga_for_testers", { enabled: true, rolloutPercentage: 100 });
    // Seed 000's update body, as curl sends it, with the exclusion list.
    const posted = await update("priority_2_1_saga_for_testers", undefined, {
      rawBody: '{"excludedUsers": ["tester1"]}',
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(posted.status).toBe(200);
    expect(posted.json.flag).toMatchObject({ rolloutPercentage: 100, excludedUsers: ["tester1"], version: 2 });
    const status = (userId: string) =>
      call(statusRoute.GET, { token: viewer, path: `${flagPath("priority_2_1_saga_for_testers")}/status?userId=${userId}`, params: { name: "priority_2_1_saga_for_testers" } });
    expect((await status("tester1")).json).toEqual({ enabled: false, reason: "user excluded", reasonCode: "user_excluded" });
    expect((await status("user123")).json).toMatchObject({ enabled: true, reasonCode: "fully_rolled_out" });
    const bulk = await call(evaluateRoute.GET, { token: viewer, path: "/api/flags/evaluate?userId=tester1" });
    expect(bulk.json.flags.priority_2_1_saga_for_testers).toMatchObject({ enabled: false, reasonCode: "user_excluded" });
    const [audit] = (await auditRows("priority_2_1_saga_for_testers")).slice(-1);
    expect(audit).toMatchObject({ action: "flag.update", before: { excludedUsers: [] }, after: { excludedUsers: ["tester1"] } });
    expect((await update("priority_2_1_saga_for_testers", { excludedUsers: [""] })).status).toBe(400);
  });

  it("creates with 201, refuses a duplicate name with 409, archives and restores", async () => {
    await create("priority_2_4_archivable", { enabled: true });
    expect((await call(flagsRoute.POST, { token: admin, body: { name: "priority_2_4_archivable" } })).status).toBe(409);
    const archived = await call(flagRoute.DELETE, { token: admin, path: flagPath("priority_2_4_archivable"), params: { name: "priority_2_4_archivable" } });
    expect(archived.json.flag.archived).toBe(true);
    expect((await call(flagRoute.GET, { token: viewer, path: flagPath("priority_2_4_archivable"), params: { name: "priority_2_4_archivable" } })).status).toBe(404);
    expect((await call(flagsRoute.GET, { token: viewer })).json.features.priority_2_4_archivable).toBeUndefined();
    const restored = await call(restoreRoute.POST, { token: admin, path: `${flagPath("priority_2_4_archivable")}/restore`, params: { name: "priority_2_4_archivable" } });
    expect(restored.json.flag).toMatchObject({ archived: false, enabled: true });
    expect((await auditRows("priority_2_4_archivable")).map((row) => row.action)).toEqual(["flag.create", "flag.archive", "flag.restore"]);
  });

  it("lets viewers read but not change, and operators change but not create", async () => {
    expect((await update("priority_2_1_saga_pattern", { enabled: false }, { token: viewer })).status).toBe(403);
    expect((await call(flagsRoute.POST, { token: operator, body: { name: "x" } })).status).toBe(403);
    expect((await call(flagsRoute.GET, {})).status).toBe(401);
  });
});

describe("bad input", () => {
  it("answers 404 for an unknown flag and 400 with zod issues for bad values, changing nothing", async () => {
    await create("priority_1_1_vector_validation", { enabled: true, rolloutPercentage: 10 });
    expect((await update("no_such_flag", { enabled: true })).status).toBe(404);
    const bad = [
      { rolloutPercentage: 101 },
      { rolloutPercentage: -1 },
      { rolloutPercentage: 10.5 },
      { targetEnvironments: ["qa"] },
      { enabled: "yes" },
      { colour: "blue" },
      { metadata: [1, 2] },
    ];
    for (const body of bad) {
      const response = await update("priority_1_1_vector_validation", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.code).toBe("validation_failed");
      expect(response.json.error.details.length).toBeGreaterThan(0);
    }
    const malformed = await update("priority_1_1_vector_validation", undefined, { rawBody: '{"enabled": tru' });
    expect([malformed.status, malformed.json.error.code]).toEqual([400, "invalid_json"]);
    expect((await update("priority_1_1_vector_validation", {}, { headers: { "if-match": "banana" } })).status).toBe(400);
    const after = await db().featureFlag.findUniqueOrThrow({ where: { name: "priority_1_1_vector_validation" } });
    expect([after.version, after.rolloutPercentage]).toEqual([1, 10]);
    expect(await auditRows("priority_1_1_vector_validation")).toHaveLength(1);
  });
});

describe("concurrency and audit", () => {
  it("rejects a stale version with 409 and the current flag, and audits each change with before/after and actor", async () => {
    await create("priority_2_2_rbac_api_filtering", { enabled: true, rolloutPercentage: 10 });
    const first = await update("priority_2_2_rbac_api_filtering", { rolloutPercentage: 50 }, { headers: { "if-match": '"1"' } });
    expect(first.json.flag).toMatchObject({ version: 2, rolloutPercentage: 50 });
    const stale = await update("priority_2_2_rbac_api_filtering", { rolloutPercentage: 100, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.details.flag).toMatchObject({ version: 2, rolloutPercentage: 50 });
    const rows = await auditRows("priority_2_2_rbac_api_filtering");
    expect(rows.map((row) => row.action)).toEqual(["flag.create", "flag.update"]);
    expect(rows[1]).toMatchObject({ actorName: "test-operator", before: { rolloutPercentage: 10 }, after: { rolloutPercentage: 50, version: 2 } });
  });

  it("loses no update when many writers change different fields at once", async () => {
    await create("priority_2_3_concurrent", { enabled: false, rolloutPercentage: 0 });
    const users = Array.from({ length: 8 }, (_, i) => `u${i}`);
    await Promise.all([
      update("priority_2_3_concurrent", { enabled: true }),
      update("priority_2_3_concurrent", { rolloutPercentage: 10 }),
      update("priority_2_3_concurrent", { metadata: { owner: "payments" } }),
      update("priority_2_3_concurrent", { targetUsers: users }),
    ]);
    const flag = await db().featureFlag.findUniqueOrThrow({ where: { name: "priority_2_3_concurrent" } });
    expect(flag).toMatchObject({ enabled: true, rolloutPercentage: 10, metadata: { owner: "payments" }, targetUsers: users, version: 5 });
    // With versions, exactly one of several writers that saw version 5 wins.
    const racers = await Promise.all([20, 30, 40].map((pct) => update("priority_2_3_concurrent", { rolloutPercentage: pct, version: 5 })));
    expect(racers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await auditRows("priority_2_3_concurrent")).toHaveLength(6);
  });
});

describe("emergency rollback and cache invalidation", () => {
  it("sets every named flag to 0 % in one audited transaction, or none when a name is unknown", async () => {
    await create("rb_a", { enabled: true, rolloutPercentage: 50 });
    await create("rb_b", { enabled: true, rolloutPercentage: 100 });
    const refused = await call(rollbackRoute.POST, { token: operator, body: { flags: ["rb_a", "rb_nope", "rb_b"] } });
    expect(refused.status).toBe(404);
    expect((await db().featureFlag.findUniqueOrThrow({ where: { name: "rb_a" } })).rolloutPercentage).toBe(50);

    const done = await call(rollbackRoute.POST, { token: operator, body: { flags: ["rb_a", "rb_b"], reason: "saga errors" } });
    expect(done.status).toBe(200);
    expect(done.json.flags.map((f: { rolloutPercentage: number }) => f.rolloutPercentage)).toEqual([0, 0]);
    const rows = await db().auditEntry.findMany({ where: { action: "flag.emergency_rollback" } });
    expect(rows.map((row) => row.targetId).sort()).toEqual(["rb_a", "rb_b"]);
    const history = await call(historyRoute.GET, { token: viewer, path: `${flagPath("rb_a")}/history`, params: { name: "rb_a" } });
    expect(history.json.entries[0]).toMatchObject({ action: "flag.emergency_rollback", actor: "test-operator" });
  });

  it("invalidates feature_flags:NAME or feature_flags:* and rejects other keys", async () => {
    const ok = await call(invalidateRoute.POST, { token: operator, body: { keys: ["feature_flags:priority_3_X", "feature_flags:*"] } });
    expect(ok.status).toBe(200);
    expect(ok.json.cacheAge.secondsSinceUpdate).toBeLessThan(1);
    expect((await call(invalidateRoute.POST, { token: operator, body: { keys: ["sessions:*"] } })).status).toBe(400);
  });

  it("serves a cache that a change made straight in the database only reaches after invalidation", async () => {
    await create("cache_probe", { enabled: false });
    await db().featureFlag.update({ where: { name: "cache_probe" }, data: { enabled: true, version: { increment: 1 } } });
    const get = () => call(flagRoute.GET, { token: viewer, path: flagPath("cache_probe"), params: { name: "cache_probe" } });
    expect((await get()).json.enabled).toBe(false);
    await call(invalidateRoute.POST, { token: operator, body: { keys: ["feature_flags:cache_probe"] } });
    expect((await get()).json.enabled).toBe(true);
  });
});

describe("the SDK snapshot", () => {
  it("answers 304 to a poller whose ETag is current, and 200 after a change", async () => {
    const first = await call(snapshotRoute.GET, { token: viewer });
    const etag = first.headers.get("etag") as string;
    expect(first.json.etag).toBe(etag);
    expect((await call(snapshotRoute.GET, { token: viewer, headers: { "if-none-match": etag } })).status).toBe(304);
    await update("priority_2_1_saga_pattern", { rolloutPercentage: 50 });
    const after = await call(snapshotRoute.GET, { token: viewer, headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.json.flags.find((f: { name: string }) => f.name === "priority_2_1_saga_pattern").rolloutPercentage).toBe(50);
  });
});
