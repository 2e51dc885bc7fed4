import type { AuditEntryView, AuditPage, AuditQuery } from "@/lib/audit/schemas";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** One page of the audit log, newest first. The cursor is the id of the last entry shown. */
export async function listAuditEntries(query: AuditQuery): Promise<AuditPage> {
  const where: Prisma.AuditEntryWhereInput = {
    targetType: query.targetType,
    targetId: query.targetId,
    at: query.from || query.to ? { gte: query.from ? new Date(query.from) : undefined, lt: query.to ? new Date(query.to) : undefined } : undefined,
    id: query.cursor ? { lt: BigInt(query.cursor) } : undefined,
    OR: query.actor ? [{ actorId: query.actor }, { actorName: { contains: query.actor, mode: "insensitive" } }] : undefined,
  };
  const rows = await db().auditEntry.findMany({ where, orderBy: { id: "desc" }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const entries: AuditEntryView[] = page.map((row) => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: { type: row.actorType, id: row.actorId, name: row.actorName },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId,
  }));
  return { entries, nextCursor: rows.length > query.limit ? (page.at(-1)?.id.toString() ?? null) : null };
}
