import { ApiError } from "@/lib/api/errors";
import { type Actor, writeAudit } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { auditView, notFound, stepLabel, target, toRunView, toSummary } from "@/lib/incidents/mapping";
import type { CreateIncident, IncidentStatus, IncidentSummary, RunbookRun, UpdateIncident } from "@/lib/incidents/schemas";
import { getRunbook, runbookSlugFromReference } from "@/lib/runbooks";

/** Changing incidents by hand: each change checks, locks, writes and audits in one transaction. */
/** Locks the incident's row for the rest of the transaction, so status checks and changes cannot interleave. */
export async function lockIncident(tx: Tx, id: number) {
  await tx.$queryRaw`SELECT 1 FROM "incidents" WHERE "id" = ${id} FOR UPDATE`;
  const row = await tx.incident.findUnique({ where: { id } });
  if (!row) throw notFound(id);
  return row;
}

const refuseWhenResolved = (row: { id: number; status: string }, what: string) => {
  if (row.status === "resolved") {
    throw new ApiError(409, "incident_resolved", `Incident #${row.id} is resolved: ${what} is closed. Reopen it (status open) to change it.`);
  }
};

/** An operator's first action on an incident acknowledges it. */
async function acknowledge(tx: Tx, row: { id: number; acknowledgedAt: Date | null }, at: Date) {
  if (!row.acknowledgedAt) await tx.incident.update({ where: { id: row.id }, data: { acknowledgedAt: at } });
}

function resolveRunbookSlug(reference: string): string {
  const slug = runbookSlugFromReference(reference);
  if (!slug) {
    throw new ApiError(404, "runbook_not_found", `No runbook ${JSON.stringify(reference)}: send a runbook slug (see /runbooks) or its URL`);
  }
  return slug;
}

export async function attachRun(tx: Tx, incidentId: number, slug: string, actor: Actor): Promise<boolean> {
  const inserted = await tx.incidentRunbookRun.createMany({ data: [{ incidentId, runbookSlug: slug, attachedBy: actor.name }], skipDuplicates: true });
  if (inserted.count === 0) return false;
  await writeAudit(tx, actor, { action: "incident.runbook_attach", target: target(incidentId), after: { runbookSlug: slug } });
  return true;
}

export async function createIncident(input: CreateIncident, actor: Actor, origin: string): Promise<IncidentSummary> {
  const slug = input.runbook ? resolveRunbookSlug(input.runbook) : null;
  const row = await db().$transaction(async (tx) => {
    const now = new Date();
    const created = await tx.incident.create({
      data: {
        title: input.title,
        severity: input.severity,
        owner: input.owner ?? actor.name,
        summary: input.summary,
        source: "manual",
        createdBy: actor.name,
        createdAt: now,
        // Whoever opens an incident by hand is already on it.
        acknowledgedAt: now,
      },
    });
    await writeAudit(tx, actor, { action: "incident.create", target: target(created.id), after: created });
    if (slug) await attachRun(tx, created.id, slug, actor);
    return created;
  });
  return toSummary(row, 0, origin);
}

const STATUS_TIME: Record<IncidentStatus, "mitigatedAt" | "resolvedAt" | null> = { open: null, mitigated: "mitigatedAt", resolved: "resolvedAt" };

export async function updateIncident(id: number, patch: UpdateIncident, actor: Actor, origin: string): Promise<IncidentSummary> {
  const row = await db()
    .$transaction(async (tx) => {
      const before = await lockIncident(tx, id);
      if (patch.version !== undefined && patch.version !== before.version) {
        throw new ApiError(409, "conflict", `Incident #${id} is at version ${before.version}; you sent ${patch.version}. Reload it and apply your change again.`);
      }
      const now = new Date();
      const data: Prisma.IncidentUpdateInput = {};
      if (patch.title !== undefined && patch.title !== before.title) data.title = patch.title;
      if (patch.summary !== undefined && patch.summary !== before.summary) data.summary = patch.summary;
      if (patch.severity !== undefined && patch.severity !== before.severity) data.severity = patch.severity;
      if (patch.owner !== undefined && (patch.owner || null) !== before.owner) data.owner = patch.owner || null;
      if (patch.status !== undefined && patch.status !== before.status) {
        data.status = patch.status;
        const stamp = STATUS_TIME[patch.status];
        // Reaching a state records when (first time only); reopening clears the resolution.
        if (stamp && !before[stamp]) data[stamp] = now;
        if (patch.status !== "resolved") data.resolvedAt = null;
        if (patch.status === "open") data.mitigatedAt = null;
      }
      if ((patch.acknowledge || Object.keys(data).length > 0) && !before.acknowledgedAt) data.acknowledgedAt = now;
      if (Object.keys(data).length === 0) return before;
      const after = await tx.incident.update({ where: { id }, data: { ...data, version: { increment: 1 } } });
      await writeAudit(tx, actor, { action: "incident.update", target: target(id), before: auditView(before), after: auditView(after) });
      return after;
    })
    .catch(liveGroupConflict(id));
  const firing = await db().incidentAlert.count({ where: { incidentId: id, status: "firing" } });
  return toSummary(row, firing, origin);
}


// Reopening a resolved alert incident while a newer incident holds its alert group would break
// "one live incident per group".
const liveGroupConflict = (id: number) => (error: unknown) => {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ApiError(409, "conflict", `Incident #${id} cannot be reopened: a newer incident is open for the same alert group`);
  }
  throw error;
};

export async function attachRunbook(id: number, reference: string, actor: Actor): Promise<RunbookRun> {
  const slug = resolveRunbookSlug(reference);
  return db().$transaction(async (tx) => {
    const row = await lockIncident(tx, id);
    refuseWhenResolved(row, "its checklist");
    await acknowledge(tx, row, new Date());
    if (!(await attachRun(tx, id, slug, actor))) {
      throw new ApiError(409, "conflict", `Runbook ${slug} is already attached to incident #${id}`);
    }
    const run = await tx.incidentRunbookRun.findUniqueOrThrow({ where: { incidentId_runbookSlug: { incidentId: id, runbookSlug: slug } }, include: { checks: true } });
    return toRunView(run);
  });
}

export async function toggleCheck(
  id: number,
  runId: bigint,
  input: { stepId: string; checked: boolean; note?: string },
  actor: Actor,
): Promise<RunbookRun["checks"][number]> {
  const run = await db().incidentRunbookRun.findUnique({ where: { id: runId } });
  if (!run || run.incidentId !== id) throw new ApiError(404, "not_found", `Incident #${id} has no runbook run ${runId}`);
  const runbook = getRunbook(run.runbookSlug);
  const step = runbook?.steps.find((candidate) => candidate.id === input.stepId);
  if (!step) throw new ApiError(400, "unknown_step", `Runbook ${run.runbookSlug} has no step ${JSON.stringify(input.stepId)}`);
  return db().$transaction(async (tx) => {
    const now = new Date();
    // The first check acknowledges the incident. This write comes before the shared lock below:
    // two checks that each held the shared lock and then wanted to write the row would deadlock.
    await tx.incident.updateMany({ where: { id, acknowledgedAt: null }, data: { acknowledgedAt: now } });
    // A shared lock: checks of different steps proceed side by side, but wait for a status change.
    await tx.$queryRaw`SELECT 1 FROM "incidents" WHERE "id" = ${id} FOR SHARE`;
    const incident = await tx.incident.findUniqueOrThrow({ where: { id } });
    refuseWhenResolved(incident, "its checklist");
    const before = await tx.incidentRunbookCheck.findUnique({ where: { runId_stepId: { runId, stepId: input.stepId } } });
    const data = { checked: input.checked, by: actor.name, at: now, note: input.note || null };
    const saved = await tx.incidentRunbookCheck.upsert({
      where: { runId_stepId: { runId, stepId: input.stepId } },
      create: { runId, stepId: input.stepId, ...data },
      update: data,
    });
    await writeAudit(tx, actor, {
      action: "incident.check",
      target: target(id),
      before: before ? { checked: before.checked, by: before.by, at: before.at } : undefined,
      after: { runbookSlug: run.runbookSlug, stepId: input.stepId, stepTitle: stepLabel(step.text), checked: input.checked, note: input.note || null },
    });
    return { stepId: saved.stepId, checked: saved.checked, by: saved.by, at: saved.at.toISOString(), note: saved.note };
  });
}

export async function addNote(id: number, body: string, actor: Actor) {
  return db().$transaction(async (tx) => {
    const row = await lockIncident(tx, id);
    const now = new Date();
    await acknowledge(tx, row, now);
    const note = await tx.incidentNote.create({ data: { incidentId: id, author: actor.name, body, at: now } });
    await writeAudit(tx, actor, { action: "incident.note", target: target(id), after: { noteId: String(note.id), body } });
    return { id: String(note.id), author: note.author, body: note.body, at: note.at.toISOString() };
  });
}
