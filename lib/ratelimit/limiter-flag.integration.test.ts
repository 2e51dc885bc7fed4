import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import * as flagsRoute from "@/app/api/admin/feature-flags/route";
import * as flagRoute from "@/app/api/admin/feature-flags/[name]/route";
import { GET as user } from "@/app/api/admin/ratelimit/user/route";
import { POST as reportAttempt } from "@/app/api/ratelimit/login-attempts/route";
import { db } from "@/lib/db";
import { announceFlagChange } from "@/lib/flags/cache";
import { call, tokenFor } from "@/scripts/test/requests";

const stateOf = async (token: string, email: string) =>
  (await call(user, { token, path: `/api/admin/ratelimit/user?email=${encodeURIComponent(email)}` })).json;

async function fail(token: string, email: string, times: number) {
  const outcomes = [];
  for (let i = 0; i < times; i++) outcomes.push((await call(reportAttempt, { token, body: { email, success: false } })).json);
  return outcomes;
}

// The lockout logic reads the rate-limiter flag: leave none behind for the other test files.
afterAll(async () => {
  await db().featureFlag.deleteMany({ where: { name: "rate-limiter" } });
  await announceFlagChange();
});

describe("the rate-limiter flag (seed 000: disable email-based limiting if false positives)", () => {
  it("at 0 % stops lockouts and lets locked people in; back at 100 % the running lock applies again", async () => {
    const [admin, operator, viewer] = await Promise.all([tokenFor("admin"), tokenFor("operator"), tokenFor("viewer")]);
    const created = await call(flagsRoute.POST, {
      token: admin,
      body: { name: "rate-limiter", enabled: true, rolloutPercentage: 100, targetEnvironments: ["production"] },
    });
    expect(created.status).toBe(201);
    const locked = `locked-${randomUUID()}@example.com`;
    expect((await fail(operator, locked, 5)).at(-1)).toMatchObject({ isLocked: true, lockedNow: true });

    // The runbook's step, exactly as curl sends it (form encoding, no content type).
    const rolledBack = await call(flagRoute.POST, {
      token: operator,
      path: "/api/admin/feature-flags/rate-limiter",
      params: { name: "rate-limiter" },
      rawBody: '{"rolloutPercentage": 0}',
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.json.flag.rolloutPercentage).toBe(0);

    expect(await stateOf(viewer, locked)).toEqual({
      isLocked: false,
      lockedUntil: null,
      reason: "email-based limiting is off for this email (rate-limiter flag: outside rollout (0 %))",
      failedAttempts: 0,
    });
    const fresh = `fresh-${randomUUID()}@example.com`;
    const outcomes = await fail(operator, fresh, 7);
    expect(outcomes.every((outcome) => !outcome.isLocked && !outcome.lockedNow && !outcome.wasLocked)).toBe(true);
    expect((await call(reportAttempt, { token: operator, body: { email: locked, success: true } })).json).toMatchObject({ wasLocked: false });

    await call(flagRoute.POST, { token: operator, path: "/api/admin/feature-flags/rate-limiter", params: { name: "rate-limiter" }, body: { rolloutPercentage: 100 } });
    expect(await stateOf(viewer, locked)).toMatchObject({ isLocked: true, reason: "5 failed attempts within 15 minutes" });
    // Failures made while limiting was off were not counted.
    expect(await stateOf(viewer, fresh)).toMatchObject({ isLocked: false, failedAttempts: 0, reason: null });
    // The flag targets production only: a staging service's logins are not limited.
    expect((await call(reportAttempt, { token: operator, body: { email: fresh, success: false, env: "staging" } })).json.reason).toBe(
      "email-based limiting is off for this email (rate-limiter flag: environment not targeted (staging))",
    );
  });
});
