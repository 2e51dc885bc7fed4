import { ApiError } from "@/lib/api/errors";
import { type Actor, writeAudit } from "@/lib/audit";
import type { Role } from "@/lib/auth/roles";
import { sessionCookieClaims, type SessionClaims } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { publish, subscribe } from "@/lib/pubsub";
import { readOrLastKnown } from "@/lib/resilience/last-known";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Server-side records of browser sessions. The cookie's JWT names its session (`sid`); each request
 * checks that the session is still open and takes the person's current role from the database, so
 * a sign-out, an admin ending someone's sessions, or a role change applies at the next request on
 * every instance: an ending is announced (Redis) and drops the cached check at once, and a cached
 * check is trusted for SESSION_CHECK_MS at most (the bound when an announcement is missed).
 */
export const SESSION_CHECK_MS = 5_000;
export const SESSIONS_ENDED_CHANNEL = "opsdeck:sessions:ended";
// Checks are kept per open session; beyond this many the oldest are forgotten (checked again).
const MAX_CACHED_SESSIONS = 10_000;

export interface OpenSession {
  personId: string;
  name: string;
  role: Role;
}

interface CachedCheck {
  session: OpenSession | null;
  checkedAt: number;
}

const checks = processSingleton("sessionChecks", () => ({ bySid: new Map<string, CachedCheck>(), subscribed: false }));

/** An announcement names a session id or a person id; either way its checks are dropped. */
function forget(id: string): void {
  checks.bySid.delete(id);
  for (const [sid, check] of checks.bySid) if (check.session?.personId === id) checks.bySid.delete(sid);
}

function listenForEndings(): void {
  if (checks.subscribed) return;
  checks.subscribed = true;
  subscribe(SESSIONS_ENDED_CHANNEL, { onMessage: forget, onResync: () => checks.bySid.clear() });
}

/** Opens a session at sign-in; its id goes into the JWT. */
export async function startSession(personId: string): Promise<string> {
  const expiresAt = new Date(Date.now() + getConfig().SESSION_MAX_AGE_SECONDS * 1000);
  const row = await db().personSession.create({ data: { userId: personId, expiresAt } });
  return row.id;
}

async function lookUp(sid: string): Promise<OpenSession | null> {
  const row = await db().personSession.findUnique({ where: { id: sid }, include: { user: { select: { name: true, role: true } } } });
  if (!row || row.endedAt || row.expiresAt.getTime() <= Date.now()) return null;
  return { personId: row.userId, name: row.user.name, role: row.user.role };
}

/** The open session `sid` names, or null once it has ended or expired. */
export async function openSession(sid: string): Promise<OpenSession | null> {
  listenForEndings();
  const cached = checks.bySid.get(sid);
  if (cached && Date.now() - cached.checkedAt < SESSION_CHECK_MS) return cached.session;
  // While the database is away, a session checked before is trusted within the outage bound.
  const session = await readOrLastKnown(() => lookUp(sid), () => cached?.session ?? undefined);
  checks.bySid.delete(sid);
  checks.bySid.set(sid, { session, checkedAt: Date.now() });
  if (checks.bySid.size > MAX_CACHED_SESSIONS) checks.bySid.delete(checks.bySid.keys().next().value!);
  return session;
}

/** Signing out ends the session on the server too (audited, by the person themself). */
export async function endSession(sid: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const ended = await tx.personSession.updateManyAndReturn({
      where: { id: sid, endedAt: null },
      data: { endedAt: new Date(), endedBy: "sign_out" },
      include: { user: { select: { name: true } } },
    });
    const session = ended[0];
    if (!session) return;
    const actor: Actor = { type: "session", id: session.userId, name: session.user.name };
    await writeAudit(tx, actor, { action: "session.sign_out", target: { type: "person", id: session.userId }, after: { sessionId: sid } });
  });
  forget(sid);
  await publish(SESSIONS_ENDED_CHANNEL, sid);
}

/** An admin ends every open session of a person (audited); they must sign in again. */
export async function endPersonSessions(personId: string, actor: Actor): Promise<{ ended: number }> {
  const ended = await db().$transaction(async (tx) => {
    const person = await tx.user.findUnique({ where: { id: personId }, select: { id: true } });
    if (!person) throw new ApiError(404, "not_found", `No person with id ${personId}`);
    const { count } = await tx.personSession.updateMany({
      where: { userId: personId, endedAt: null, expiresAt: { gt: new Date() } },
      data: { endedAt: new Date(), endedBy: actor.name },
    });
    await writeAudit(tx, actor, { action: "person.sessions_end", target: { type: "person", id: personId }, after: { ended: count } });
    return count;
  });
  forget(personId);
  await publish(SESSIONS_ENDED_CHANNEL, personId);
  return { ended };
}

/**
 * The session a request carries, if it is still open on the server: ended by sign-out or by an
 * admin, it is refused. Name and role are the person's current ones, not those at sign-in.
 */
export async function sessionFromHeaders(headers: Headers): Promise<SessionClaims | null> {
  const claims = await sessionCookieClaims(headers);
  if (!claims) return null;
  const session = await openSession(claims.sid);
  if (!session || session.personId !== claims.sub) return null;
  return { ...claims, name: session.name, role: session.role };
}
