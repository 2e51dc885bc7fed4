import { type Actor, writeAudit } from "@/lib/audit";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import type { PersonView } from "@/lib/people/schemas";

// Like API tokens' last use: a minute's precision keeps page views from being writes.
const LAST_SEEN_PRECISION_MS = 60_000;

interface PersonRow {
  id: string;
  provider: string;
  subject: string;
  email: string | null;
  name: string;
  role: Role;
  groups: string[];
  createdAt: Date;
  lastSeenAt: Date;
}

const toView = (row: PersonRow): PersonView => ({
  id: row.id,
  provider: row.provider === "dev" ? "dev" : "oidc",
  subject: row.subject,
  email: row.email,
  name: row.name,
  role: row.role,
  groups: row.groups,
  createdAt: row.createdAt.toISOString(),
  lastSeenAt: row.lastSeenAt.toISOString(),
});

export interface SignIn {
  provider: "oidc" | "dev";
  subject: string;
  email?: string | null;
  name: string;
  role: Role;
  groups: string[];
}

/**
 * Records a sign-in: creates the person or refreshes what the IdP says about them. A new person
 * and a changed role are audited (the person is the actor) in the same transaction.
 */
export async function recordSignIn(signIn: SignIn): Promise<PersonView> {
  return db().$transaction(async (tx) => {
    const where = { provider_subject: { provider: signIn.provider, subject: signIn.subject } };
    const existing = await tx.user.findUnique({ where });
    const data = { email: signIn.email ?? null, name: signIn.name, role: signIn.role, groups: signIn.groups, lastSeenAt: new Date() };
    const saved = await tx.user.upsert({ where, create: { provider: signIn.provider, subject: signIn.subject, ...data }, update: data });
    const actor: Actor = { type: "session", id: saved.id, name: saved.name };
    if (!existing) {
      await writeAudit(tx, actor, { action: "person.create", target: { type: "person", id: saved.id }, after: toView(saved) });
    } else if (existing.role !== saved.role) {
      await writeAudit(tx, actor, {
        action: "person.role_change",
        target: { type: "person", id: saved.id },
        before: toView(existing),
        after: toView(saved),
      });
    }
    return toView(saved);
  });
}

/** Marks a person as seen now, at most once a minute. */
export async function touchPerson(id: string): Promise<void> {
  const now = Date.now();
  await db().user.updateMany({
    where: { id, lastSeenAt: { lt: new Date(now - LAST_SEEN_PRECISION_MS) } },
    data: { lastSeenAt: new Date(now) },
  });
}

export async function listPeople(): Promise<PersonView[]> {
  const rows = await db().user.findMany({ orderBy: { lastSeenAt: "desc" } });
  return rows.map(toView);
}
