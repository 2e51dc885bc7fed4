import { describe, expect, it } from "vitest";
import { GET as listTokens, POST as createToken } from "@/app/api/admin/tokens/route";
import { db } from "@/lib/db";
import { call, SAME_ORIGIN, sessionFor, tokenFor } from "@/scripts/test/requests";

describe("a person's session on the API", () => {
  it("authenticates through the same wrapper as tokens, with the session's role", async () => {
    expect((await call(listTokens, { session: await sessionFor("admin") })).status).toBe(200);
    const viewer = await call(listTokens, { session: await sessionFor("viewer") });
    expect(viewer.status).toBe(403);
    expect(viewer.json.error.message).toContain("you have viewer");
  });

  it("behaves as signed out once expired or tampered with", async () => {
    const expired = await call(listTokens, { session: await sessionFor("admin", { maxAgeSeconds: -60 }) });
    expect(expired.status).toBe(401);
    const cookie = await sessionFor("admin");
    const tampered = `${cookie.slice(0, -6)}${cookie.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA"}`;
    expect((await call(listTokens, { session: tampered })).status).toBe(401);
  });

  it("does not let a cookie rescue a bad token", async () => {
    expect((await call(listTokens, { token: "odk_revoked-or-unknown", session: await sessionFor("admin") })).status).toBe(401);
  });

  it("records when the person was last seen", async () => {
    const cookie = await sessionFor("viewer", { name: "seen-check" });
    const person = await db().user.findUniqueOrThrow({ where: { provider_subject: { provider: "dev", subject: "seen-check" } } });
    await db().user.update({ where: { id: person.id }, data: { lastSeenAt: new Date(Date.now() - 3_600_000) } });
    await call(listTokens, { session: cookie });
    const seen = await db().user.findUniqueOrThrow({ where: { id: person.id } });
    expect(Date.now() - seen.lastSeenAt.getTime()).toBeLessThan(10_000);
  });
});

describe("CSRF protection of session mutations", () => {
  const body = { name: "csrf-probe", role: "viewer" };

  it("refuses a session's change without same-origin proof, and writes nothing", async () => {
    const session = await sessionFor("admin");
    const before = await db().apiToken.count();
    const attempts: Record<string, string>[] = [{}, { origin: "https://evil.example" }, { "sec-fetch-site": "cross-site", origin: "https://evil.example" }, { origin: "null" }];
    for (const headers of attempts) {
      const refused = await call(createToken, { session, body, headers });
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.json.error.code).toBe("csrf_failed");
    }
    expect(await db().apiToken.count()).toBe(before);
  });

  it("accepts it from Opsdeck's own pages", async () => {
    const session = await sessionFor("admin");
    expect((await call(createToken, { session, body, headers: SAME_ORIGIN })).status).toBe(201);
    expect((await call(createToken, { session, body, headers: { origin: "https://ops.example.com", host: "ops.example.com" } })).status).toBe(201);
  });

  it("leaves token-authenticated calls alone, whatever their Origin", async () => {
    const token = await tokenFor("admin");
    expect((await call(createToken, { token, body })).status).toBe(201);
    expect((await call(createToken, { token, body, headers: { origin: "https://evil.example" } })).status).toBe(201);
  });
});
