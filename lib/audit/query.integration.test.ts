import { describe, expect, it } from "vitest";
import { GET as listAudit } from "@/app/api/admin/audit/route";
import { DELETE as revokeToken } from "@/app/api/admin/tokens/[id]/route";
import { POST as createToken } from "@/app/api/admin/tokens/route";
import { call, SAME_ORIGIN, sessionFor, tokenFor } from "@/scripts/test/requests";

describe("GET /api/admin/audit", () => {
  it("lists changes newest first with actor, target, before/after and request id, never the secret", async () => {
    const admin = await sessionFor("admin", { name: "Audit Alice" });
    const created = await call(createToken, { session: admin, body: { name: "audited", role: "viewer" }, headers: { ...SAME_ORIGIN, "x-request-id": "req-audit-1" } });
    const id = created.json.apiToken.id;
    await call(revokeToken, { session: admin, params: { id }, headers: SAME_ORIGIN });

    const page = await call(listAudit, { session: admin, path: `/api/admin/audit?targetType=api_token&targetId=${id}` });
    expect(page.status).toBe(200);
    expect(page.json.entries.map((entry: { action: string }) => entry.action)).toEqual(["token.revoke", "token.create"]);
    const [revoke, create] = page.json.entries;
    expect(create.actor).toMatchObject({ type: "session", name: "Audit Alice" });
    expect(create.requestId).toBe("req-audit-1");
    expect(create.before).toBeNull();
    expect(create.after).toMatchObject({ name: "audited", role: "viewer" });
    expect(revoke.before.revokedAt).toBeNull();
    expect(revoke.after.revokedAt).not.toBeNull();
    expect(page.text).not.toContain(created.json.token);
  });

  it("filters by actor and time range and pages with a cursor", async () => {
    const token = await tokenFor("admin");
    const actorName = `pager-${Date.now()}`;
    const pager = await sessionFor("admin", { name: actorName });
    for (let i = 0; i < 5; i++) await call(createToken, { session: pager, body: { name: `page-${i}`, role: "viewer" }, headers: SAME_ORIGIN });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = new URLSearchParams({ actor: actorName.toUpperCase(), targetType: "api_token", limit: "2", ...(cursor ? { cursor } : {}) });
      const response = await call(listAudit, { token, path: `/api/admin/audit?${query}` });
      expect(response.status).toBe(200);
      seen.push(...response.json.entries.map((entry: { after: { name: string } }) => entry.after.name));
      cursor = response.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(["page-4", "page-3", "page-2", "page-1", "page-0"]);

    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await call(listAudit, { token, path: `/api/admin/audit?actor=${actorName}&from=${encodeURIComponent(future)}` });
    expect(none.json.entries).toEqual([]);
    const past = new Date(Date.now() - 60_000).toISOString();
    const all = await call(listAudit, { token, path: `/api/admin/audit?actor=${actorName}&targetType=api_token&from=${encodeURIComponent(past)}&limit=200` });
    expect(all.json.entries).toHaveLength(5);
  });

  it("rejects bad filters with 400", async () => {
    const token = await tokenFor("admin");
    for (const query of ["from=yesterday", "cursor=abc", "limit=0", `from=${new Date().toISOString()}&to=${new Date(0).toISOString()}`]) {
      const response = await call(listAudit, { token, path: `/api/admin/audit?${query}` });
      expect(response.status, query).toBe(400);
    }
  });
});
