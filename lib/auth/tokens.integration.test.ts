import { describe, expect, it } from "vitest";
import { DELETE } from "@/app/api/admin/tokens/[id]/route";
import { GET, POST } from "@/app/api/admin/tokens/route";
import { db } from "@/lib/db";
import { call, tokenFor } from "@/scripts/test/requests";

describe("API tokens", () => {
  it("are shown once, stored hashed, listed without secrets, and stop working when revoked", async () => {
    const admin = await tokenFor("admin");
    const created = await call(POST, { token: admin, body: { name: "ci-bot", role: "operator" } });
    expect(created.status).toBe(201);
    const secret: string = created.json.token;
    expect(secret).toMatch(/^odk_/);

    const stored = await db().apiToken.findUniqueOrThrow({ where: { id: created.json.apiToken.id }, omit: { tokenHash: false } });
    expect(stored.tokenHash).not.toContain(secret);
    expect(stored.tokenHash).toHaveLength(64);

    const listed = await call(GET, { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(secret);
    expect(listed.json.tokens.map((t: { name: string }) => t.name)).toContain("ci-bot");

    // The new operator token works for reads but not for admin routes, and records its use.
    expect((await call(GET, { token: secret })).status).toBe(403);
    const used = await db().apiToken.findUniqueOrThrow({ where: { id: created.json.apiToken.id } });
    expect(used.lastUsedAt).not.toBeNull();

    const revoked = await call(DELETE, {
      token: admin,
      path: `/api/admin/tokens/${created.json.apiToken.id}`,
      params: { id: created.json.apiToken.id },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.json.apiToken.revokedAt).not.toBeNull();
    expect((await call(GET, { token: secret })).status).toBe(401);

    const audit = await db().auditEntry.findMany({ where: { targetId: created.json.apiToken.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["token.create", "token.revoke"]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(secret);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const admin = await tokenFor("admin");
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await call(DELETE, { token: admin, params: { id: missing } })).status).toBe(404);
    const bad = await call(DELETE, { token: admin, params: { id: "not-a-uuid" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation_failed");
  });
});
