import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as getConfig, POST as postConfig } from "@/app/api/admin/ratelimit/config/route";
import { GET as threats } from "@/app/api/admin/ratelimit/threats/route";
import { POST as unlock } from "@/app/api/admin/ratelimit/unlock/route";
import { GET as user } from "@/app/api/admin/ratelimit/user/route";
import { GET as poolStats } from "@/app/api/health/pool-stats/route";
import { POST as reportAttempt } from "@/app/api/ratelimit/login-attempts/route";
import { db } from "@/lib/db";
import { call, tokenFor } from "@/scripts/test/requests";

const withEmail = (path: string, email: string) => `${path}?email=${encodeURIComponent(email)}`;

async function fail(token: string, email: string, times: number, extra: Record<string, string> = {}) {
  const outcomes = [];
  for (let i = 0; i < times; i++) outcomes.push((await call(reportAttempt, { token, body: { email, success: false, ...extra } })).json);
  return outcomes;
}

describe("the rate-limit admin API (seed 000's runbook)", () => {
  it("walks the false-positive runbook: look up, see the reason, unlock (audited), unlock again (no-op)", async () => {
    const operator = await tokenFor("operator");
    const viewer = await tokenFor("viewer");
    const email = `user-${randomUUID()}@example.com`;
    const outcomes = await fail(operator, email, 5, { ip: "198.51.100.7", department: "Finance" });
    expect(outcomes.at(-1)).toMatchObject({ isLocked: true, lockedNow: true });

    const state = await call(user, { token: viewer, path: withEmail("/api/admin/ratelimit/user", email.toUpperCase()) });
    expect(state.status).toBe(200);
    expect(Object.keys(state.json).sort()).toEqual(["failedAttempts", "isLocked", "lockedUntil", "reason"]);
    expect(state.json).toMatchObject({ isLocked: true, reason: "5 failed attempts within 15 minutes", failedAttempts: 5 });
    expect(Date.parse(state.json.lockedUntil)).toBeGreaterThan(Date.now());

    expect((await call(unlock, { token: viewer, path: withEmail("/api/admin/ratelimit/unlock", email) })).status).toBe(403);
    const unlocked = await call(unlock, { token: operator, path: withEmail("/api/admin/ratelimit/unlock", email) });
    expect(unlocked.status).toBe(200);
    expect(unlocked.json).toMatchObject({ unlocked: true, state: { isLocked: false, failedAttempts: 0 } });
    const audit = await db().auditEntry.findMany({ where: { action: "ratelimit.unlock", targetId: email } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toMatchObject({ isLocked: true, failedAttempts: 5 });

    const again = await call(unlock, { token: operator, path: withEmail("/api/admin/ratelimit/unlock", email) });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ unlocked: false, message: `${email} is not locked; nothing changed` });
    expect(await db().auditEntry.count({ where: { action: "ratelimit.unlock", targetId: email } })).toBe(1);
  });

  it("lets only one of two concurrent unlocks act", async () => {
    const operator = await tokenFor("operator");
    const email = `race-${randomUUID()}@example.com`;
    await fail(operator, email, 5);
    const results = await Promise.all([1, 2].map(() => call(unlock, { token: operator, path: withEmail("/api/admin/ratelimit/unlock", email) })));
    expect(results.map((r) => r.json.unlocked).sort()).toEqual([false, true]);
    expect(await db().auditEntry.count({ where: { action: "ratelimit.unlock", targetId: email } })).toBe(1);
  });

  it("refuses malformed emails and unknown parameters with 400", async () => {
    const operator = await tokenFor("operator");
    for (const path of [
      "/api/admin/ratelimit/user",
      "/api/admin/ratelimit/user?email=",
      "/api/admin/ratelimit/user?email=not-an-email",
      `/api/admin/ratelimit/user?email=${"a".repeat(250)}@example.com`,
      "/api/admin/ratelimit/user?email=a@example.com&extra=1",
    ]) {
      const response = await call(user, { token: operator, path });
      expect(response.status, path).toBe(400);
      expect(response.json.error.code, path).toBe("validation_failed");
    }
    expect((await call(unlock, { token: operator, path: "/api/admin/ratelimit/unlock?email=nope" })).status).toBe(400);
    // An unencoded + in a runbook's curl line arrives as a space.
    const plus = await call(user, { token: operator, path: "/api/admin/ratelimit/user?email=ops+oncall@example.com" });
    expect(plus.status).toBe(200);
    for (const body of [{ email: "x@example.com" }, { email: "bad", success: false }, { email: "x@example.com", success: false, ip: "999.1.1.1" }, { email: "x@example.com", success: false, role: "admin" }]) {
      expect((await call(reportAttempt, { token: operator, body })).status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(reportAttempt, { token: await tokenFor("viewer"), body: { email: "x@example.com", success: false } })).status).toBe(403);
  });

  it("shows threats: top emails, IPs and departments by failures, and lockouts per hour", async () => {
    const operator = await tokenFor("operator");
    const target = `ceo-${randomUUID()}@example.com`;
    await fail(operator, target, 7, { ip: "203.0.113.9", department: "Executive" });
    for (let i = 0; i < 4; i++) await fail(operator, `staff${i}-${randomUUID()}@example.com`, 1, { ip: `192.0.2.${i + 1}`, department: "Executive" });
    const response = await call(threats, { token: await tokenFor("viewer"), path: "/api/admin/ratelimit/threats?window=1h&limit=50" });
    expect(response.status).toBe(200);
    const body = response.json;
    expect(body.alertThresholdPerHour).toBe(10);
    expect(body.topEmails.find((e: { email: string }) => e.email === target)).toMatchObject({ failures: 7, lockouts: 1 });
    expect(body.topIps.find((e: { ip: string }) => e.ip === "203.0.113.9")).toMatchObject({ failures: 7, lockouts: 1, emails: 1 });
    expect(body.topDepartments.find((d: { department: string }) => d.department === "Executive")).toMatchObject({ failures: 11, emails: 5 });
    expect(body.lockoutsPerHour).toHaveLength(1);
    expect(body.lockoutsPerHour[0].lockouts).toBeGreaterThanOrEqual(1);
    expect((await call(threats, { token: operator, path: "/api/admin/ratelimit/threats?window=2y" })).status).toBe(400);
  });
});

describe("the rate-limit configuration", () => {
  it("changes the lockout policy (admin, audited) and the next attempts follow it", async () => {
    const admin = await tokenFor("admin");
    const operator = await tokenFor("operator");
    expect((await call(postConfig, { token: operator, body: { maxAttempts: 3 } })).status).toBe(403);
    const saved = await call(postConfig, { token: admin, rawBody: '{"maxAttempts": 3, "lockDurationMinutes": 30}' });
    expect(saved.status).toBe(200);
    expect(saved.json.settings).toMatchObject({ maxAttempts: 3, lockDurationMinutes: 30, attemptWindowMinutes: 15 });
    const email = `policy-${randomUUID()}@example.com`;
    const outcomes = await fail(operator, email, 3);
    expect(outcomes.at(-1)).toMatchObject({ isLocked: true, lockedNow: true, reason: "3 failed attempts within 15 minutes" });
    expect(Date.parse(outcomes.at(-1).lockedUntil) - Date.now()).toBeGreaterThan(29 * 60_000);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { action: "ratelimit.config.update" }, orderBy: { at: "desc" } });
    expect(audit.before).toMatchObject({ maxAttempts: 5 });
    expect(audit.after).toMatchObject({ maxAttempts: 3 });
    await call(postConfig, { token: admin, body: { maxAttempts: 5, lockDurationMinutes: 15 } });
  });

  it("refuses absurd values, unknown keys, routes and tokens, and changes nothing", async () => {
    const admin = await tokenFor("admin");
    const before = (await call(getConfig, { token: admin })).json;
    const audits = await db().auditEntry.count({ where: { action: "ratelimit.config.update" } });
    const cases: Array<[unknown, string]> = [
      [{ lockDurationMinutes: -5 }, "validation_failed"],
      [{ maxAttempts: 1_000_000 }, "validation_failed"],
      [{ maxAttempts: 3, lockoutMinutes: 30 }, "validation_failed"],
      [{}, "validation_failed"],
      [{ maxAttempts: 3, routeLimits: { "/api/nope": { requestsPerMinute: 1, burst: 0 } } }, "unknown_route"],
      [{ maxAttempts: 3, tokenPlans: { [randomUUID()]: "free" } }, "unknown_token"],
    ];
    for (const [body, code] of cases) {
      const response = await call(postConfig, { token: admin, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error.code, JSON.stringify(body)).toBe(code);
    }
    expect((await call(getConfig, { token: admin })).json).toEqual(before);
    expect(await db().auditEntry.count({ where: { action: "ratelimit.config.update" } })).toBe(audits);
  });

  it("limits a route per caller as configured, with X-RateLimit headers and 429 + Retry-After", async () => {
    const admin = await tokenFor("admin");
    const viewer = await tokenFor("viewer");
    await call(postConfig, { token: admin, body: { routeLimits: { "/api/health/pool-stats": { requestsPerMinute: 2, burst: 1 } } } });
    const statuses = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await call(poolStats, { token: viewer });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Seed 004: the header shows the configured limit; the burst on top is reported apart.
    expect(last?.headers.get("x-ratelimit-limit")).toBe("2");
    expect(last?.headers.get("x-ratelimit-burst")).toBe("1");
    expect(last?.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another caller has a bucket of its own on the same route.
    expect((await call(poolStats, { token: admin })).status).toBe(200);
    await call(postConfig, { token: admin, body: { routeLimits: { "/api/health/pool-stats": null } } });
    const restored = await call(poolStats, { token: viewer });
    expect([restored.headers.get("x-ratelimit-limit"), restored.headers.get("x-ratelimit-burst")]).toEqual(["100", "20"]);
  });

  it("puts a token on a plan: its hourly quota is shared by every route", async () => {
    const admin = await tokenFor("admin");
    const { json: created } = await call((await import("@/app/api/admin/tokens/route")).POST, { token: admin, body: { name: "free-plan", role: "viewer" } });
    await call(postConfig, { token: admin, body: { plans: { free: 3 }, tokenPlans: { [created.apiToken.id]: "free" } } });
    const statuses = [];
    for (const route of [poolStats, getConfig, poolStats, getConfig]) statuses.push((await call(route, { token: created.token })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await call(postConfig, { token: admin, body: { plans: { free: 1_000 }, tokenPlans: { [created.apiToken.id]: null } } });
  });
});
