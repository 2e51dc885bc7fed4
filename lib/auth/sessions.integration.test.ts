import { describe, expect, it } from "vitest";
import { GET as listTokens } from "@/app/api/admin/tokens/route";
import { DELETE as endSessions } from "@/app/api/admin/people/[id]/sessions/route";
import { GET as listFlags } from "@/app/api/admin/feature-flags/route";
import { sessionCookieClaims } from "@/lib/auth/session";
import { endSession, SESSION_CHECK_MS } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { recordSignIn } from "@/lib/people/service";
import { call, sessionFor, tokenFor } from "@/scripts/test/requests";

const sidOf = async (cookie: string) => (await sessionCookieClaims(new Headers({ cookie })))!.sid;

describe("sessions end on the server", () => {
  it("signing out ends that session: the same cookie is refused afterwards, other sessions go on", async () => {
    const cookie = await sessionFor("admin", { name: "signs-out" });
    const elsewhere = await sessionFor("admin", { name: "signs-out" });
    expect((await call(listTokens, { session: cookie })).status).toBe(200);
    await endSession(await sidOf(cookie));
    const refused = await call(listTokens, { session: cookie });
    expect(refused.status).toBe(401);
    expect((await call(listTokens, { session: elsewhere })).status).toBe(200);
    const audit = await db().auditEntry.findFirst({ where: { action: "session.sign_out" }, orderBy: { at: "desc" } });
    expect(audit?.after).toEqual({ sessionId: await sidOf(cookie) });
  });

  it("an admin ends every session of a person (audited); a viewer may not", async () => {
    const first = await sessionFor("operator", { name: "ended-by-admin" });
    const second = await sessionFor("operator", { name: "ended-by-admin" });
    const personId = (await sessionCookieClaims(new Headers({ cookie: first })))!.sub;
    for (const cookie of [first, second]) expect((await call(listFlags, { session: cookie })).status).toBe(200);

    expect((await call(endSessions, { token: await tokenFor("viewer"), params: { id: personId } })).status).toBe(403);
    const ended = await call(endSessions, { token: await tokenFor("admin"), params: { id: personId } });
    expect(ended.status).toBe(200);
    expect(ended.json).toEqual({ ended: 2 });
    for (const cookie of [first, second]) expect((await call(listFlags, { session: cookie })).status).toBe(401);
    const audit = await db().auditEntry.findFirst({ where: { action: "person.sessions_end", targetId: personId } });
    expect(audit).toMatchObject({ actorType: "token", after: { ended: 2 } });
    expect((await call(endSessions, { token: await tokenFor("admin"), params: { id: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
  });

  it("a role change applies to open sessions within the check bound", async () => {
    const cookie = await sessionFor("admin", { name: "demoted" });
    expect((await call(listTokens, { session: cookie })).status).toBe(200);
    // The identity provider now maps their groups to viewer: their next sign-in records it.
    await recordSignIn({ provider: "dev", subject: "demoted", name: "demoted", role: "viewer", groups: [] });
    await new Promise((resolve) => setTimeout(resolve, SESSION_CHECK_MS));
    const after = await call(listTokens, { session: cookie });
    expect(after.status).toBe(403);
    expect(after.json.error.message).toContain("you have viewer");
  });
});
