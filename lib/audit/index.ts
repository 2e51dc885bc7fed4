import type { Principal } from "@/lib/auth/roles";
import type { Tx } from "@/lib/db";

/** Who made a change: a principal from the API wrapper, or the command line / demo seeder. */
export interface Actor {
  type: Principal["kind"] | "system";
  id: string;
  name: string;
  requestId?: string;
}

export const actorFromPrincipal = (principal: Principal, requestId?: string): Actor => ({
  type: principal.kind,
  id: principal.id,
  name: principal.name,
  requestId,
});

export const systemActor = (name: string): Actor => ({ type: "system", id: `system:${name}`, name });

export interface AuditChange {
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}

// Keys whose values never belong in an audit row, whatever object they sit in.
const SECRET_KEY = /token|secret|password|authorization|cookie/i;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? "[redacted]" : redact(inner)]),
    );
  }
  return value;
}

const asJson = (value: unknown) => (value === undefined ? undefined : (JSON.parse(JSON.stringify(redact(value))) as object));

/**
 * Writes one audit row inside the caller's transaction, so the change and its record commit
 * or roll back together.
 */
export async function writeAudit(tx: Tx, actor: Actor, change: AuditChange): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name,
      action: change.action,
      targetType: change.target.type,
      targetId: change.target.id,
      before: asJson(change.before),
      after: asJson(change.after),
      requestId: actor.requestId ?? null,
    },
  });
}
