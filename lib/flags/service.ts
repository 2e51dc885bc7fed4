import { ApiError } from "@/lib/api/errors";
import { type Actor, writeAudit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { announceFlagChange, cacheAge, getSnapshot } from "@/lib/flags/cache";
import { type Environment, evaluateAll, evaluateFlag, type Evaluation } from "@/lib/flags/evaluate";
import { toFeatureFlag } from "@/lib/flags/mapping";
import type { FeatureFlag, FlagCreate, FlagHistoryEntry, FlagPatch } from "@/lib/flags/schemas";
import { Prisma } from "@/lib/generated/prisma/client";
import { onManualFlagChange } from "@/lib/rollouts/plans";

/**
 * Reading and changing flags. Every change locks the flag's row, checks the version the caller
 * saw, writes its audit entry in the same transaction, and is announced to every instance once
 * committed.
 */
const AUDIT_TARGET = "feature_flag";

const notFound = (name: string) => new ApiError(404, "not_found", `No feature flag named ${name}`);

const staleVersion = (flag: FeatureFlag, sent: number) =>
  new ApiError(409, "conflict", `Flag ${flag.name} is at version ${flag.version}; you sent ${sent}. Reload it and apply your change again.`, {
    flag,
  });

/** Reads `If-Match: "3"`, `W/"3"` or `3` as the version the caller saw. */
export function versionFromIfMatch(header: string | null): number | undefined {
  if (!header || header.trim() === "*") return undefined;
  const match = header.trim().match(/^(?:W\/)?"?(\d+)"?$/);
  if (!match) throw new ApiError(400, "validation_failed", "If-Match must be a flag version, e.g. If-Match: \"3\"");
  return Number(match[1]);
}

export async function listFlags(options: { includeArchived?: boolean } = {}) {
  const snapshot = await getSnapshot();
  const flags = options.includeArchived ? snapshot.flags : snapshot.flags.filter((flag) => !flag.archived);
  return { flags, cacheAge: cacheAge(snapshot), etag: snapshot.etag };
}

export async function getFlag(name: string): Promise<FeatureFlag> {
  const flag = (await getSnapshot()).byName.get(name);
  if (!flag || flag.archived) throw notFound(name);
  return flag;
}

/** Seed 000's status check for one user and environment. */
export async function flagStatus(name: string, userId?: string, env?: Environment): Promise<Evaluation> {
  return evaluateFlag(await getFlag(name), userId, env);
}

/** Every live flag for one user and environment (seed 000's evaluateFlags, over HTTP). */
export async function evaluateForUser(userId?: string, env?: Environment) {
  const snapshot = await getSnapshot();
  return { userId: userId ?? null, env: env ?? null, flags: evaluateAll(snapshot.flags, userId, env) };
}

async function lockFlag(tx: Tx, name: string) {
  await tx.$queryRaw`SELECT 1 FROM "feature_flags" WHERE "name" = ${name} FOR UPDATE`;
  return tx.featureFlag.findUnique({ where: { name } });
}

async function commitAndAnnounce<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db().$transaction(work);
  await announceFlagChange();
  return result;
}

export async function createFlag(input: FlagCreate, actor: Actor): Promise<FeatureFlag> {
  return commitAndAnnounce(async (tx) => {
    const existing = await tx.featureFlag.findUnique({ where: { name: input.name } });
    if (existing) {
      throw new ApiError(409, "conflict", `A flag named ${input.name} already exists${existing.archivedAt ? " (archived: restore it instead)" : ""}`, {
        flag: toFeatureFlag(existing),
      });
    }
    const row = await tx.featureFlag
      .create({ data: { ...input, metadata: input.metadata as Prisma.InputJsonObject, updatedBy: actor.name } })
      .catch((error: unknown) => {
        // Two creators racing for one name: the loser gets the same answer as above.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          throw new ApiError(409, "conflict", `A flag named ${input.name} already exists`);
        }
        throw error;
      });
    const flag = toFeatureFlag(row);
    await writeAudit(tx, actor, { action: "flag.create", target: { type: AUDIT_TARGET, id: flag.name }, after: flag });
    return flag;
  });
}

const EDITABLE = ["description", "enabled", "rolloutPercentage", "targetUsers", "excludedUsers", "targetEnvironments", "metadata"] as const;

function changedFields(flag: FeatureFlag, patch: FlagPatch): Partial<FlagPatch> {
  const changes: Record<string, unknown> = {};
  for (const key of EDITABLE) {
    const value = patch[key];
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(flag[key])) changes[key] = value;
  }
  return changes as Partial<FlagPatch>;
}

/**
 * Seed 000's updateFlag: a partial update. With `expectedVersion` a stale write gets 409 and the
 * current flag; without it, the change applies on top of whatever is current (the row is locked,
 * so two writers never interleave and neither change is lost). A patch that changes nothing
 * writes nothing.
 */
export async function updateFlag(
  name: string,
  patch: FlagPatch,
  actor: Actor,
  options: { expectedVersion?: number; action?: string } = {},
): Promise<FeatureFlag> {
  return commitAndAnnounce(async (tx) => {
    const row = await lockFlag(tx, name);
    if (!row || row.archivedAt) throw notFound(name);
    const before = toFeatureFlag(row);
    if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
      throw staleVersion(before, options.expectedVersion);
    }
    const changes = changedFields(before, patch);
    if (Object.keys(changes).length === 0) return before;
    // A release plan owns the rollout percentage; the kill switch pauses the plan (lib/rollouts/plans.ts).
    if (changes.rolloutPercentage !== undefined || changes.enabled === false) await onManualFlagChange(tx, name, changes, actor);
    const updated = await tx.featureFlag.update({
      where: { name },
      data: {
        ...changes,
        metadata: changes.metadata as Prisma.InputJsonObject | undefined,
        version: { increment: 1 },
        updatedAt: new Date(),
        updatedBy: actor.name,
      },
    });
    const after = toFeatureFlag(updated);
    await writeAudit(tx, actor, { action: options.action ?? "flag.update", target: { type: AUDIT_TARGET, id: name }, before, after });
    return after;
  });
}

async function setArchived(name: string, archived: boolean, actor: Actor, expectedVersion?: number): Promise<FeatureFlag> {
  return commitAndAnnounce(async (tx) => {
    const row = await lockFlag(tx, name);
    if (!row) throw notFound(name);
    const before = toFeatureFlag(row);
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw staleVersion(before, expectedVersion);
    if (before.archived === archived) return before;
    const updated = await tx.featureFlag.update({
      where: { name },
      data: { archivedAt: archived ? new Date() : null, version: { increment: 1 }, updatedAt: new Date(), updatedBy: actor.name },
    });
    const after = toFeatureFlag(updated);
    await writeAudit(tx, actor, { action: archived ? "flag.archive" : "flag.restore", target: { type: AUDIT_TARGET, id: name }, before, after });
    return after;
  });
}

export const archiveFlag = (name: string, actor: Actor, expectedVersion?: number) => setArchived(name, true, actor, expectedVersion);
export const restoreFlag = (name: string, actor: Actor) => setArchived(name, false, actor);

/**
 * Seed 001's emergency rollback loop as one transaction: every named flag goes to 0 %, or none
 * does (an unknown name rejects the whole call). One audit entry per flag, all in the same commit.
 */
export async function emergencyRollback(names: string[], actor: Actor, reason?: string): Promise<FeatureFlag[]> {
  const unique = [...new Set(names)].sort(); // a fixed lock order: two rollbacks cannot deadlock
  return commitAndAnnounce(async (tx) => {
    const result: FeatureFlag[] = [];
    for (const name of unique) {
      const row = await lockFlag(tx, name);
      if (!row || row.archivedAt) throw notFound(name);
      await onManualFlagChange(tx, name, { emergency: true }, actor);
      const before = toFeatureFlag(row);
      if (before.rolloutPercentage === 0) {
        result.push(before);
        continue;
      }
      const updated = await tx.featureFlag.update({
        where: { name },
        data: { rolloutPercentage: 0, version: { increment: 1 }, updatedAt: new Date(), updatedBy: actor.name },
      });
      const after = toFeatureFlag(updated);
      await writeAudit(tx, actor, {
        action: "flag.emergency_rollback",
        target: { type: AUDIT_TARGET, id: name },
        before,
        after: reason ? { ...after, rollbackReason: reason } : after,
      });
      result.push(after);
    }
    return result;
  });
}

/** Seed 001's cache invalidation: `feature_flags:NAME` or `feature_flags:*`, on every instance. */
export async function invalidateFlagCache(keys: string[], actor: Actor) {
  // Changes no data, but it is an operator's action during incidents: their timelines show it.
  await db().$transaction((tx) => writeAudit(tx, actor, { action: "cache.invalidate", target: { type: "flag_cache", id: keys.join(",") }, after: { keys } }));
  const snapshot = await announceFlagChange();
  return { invalidated: keys, cacheAge: cacheAge(snapshot) };
}

/** The flag's change history from the audit log, newest first. */
export async function flagHistory(name: string, limit = 50): Promise<FlagHistoryEntry[]> {
  const rows = await db().auditEntry.findMany({
    where: { targetType: AUDIT_TARGET, targetId: name },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: row.actorName,
    action: row.action,
    before: row.before ?? null,
    after: row.after ?? null,
  }));
}
