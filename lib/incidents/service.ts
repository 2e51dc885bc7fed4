import { ApiError } from "@/lib/api/errors";
import { type Actor, writeAudit } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { absoluteUrl, incidentPath, incidentReviewPath, incidentWindow, metricsWindowHref, tracesWindowHref } from "@/lib/incidents/links";
import type {
  AlertmanagerPayload,
  CreateIncident,
  GrafanaPayload,
  IncidentAlert,
  IncidentDetail,
  IncidentList,
  IncidentListQuery,
  IncidentStatus,
  IncidentSummary,
  RunbookRun,
  Severity,
  UpdateIncident,
  WebhookResult,
} from "@/lib/incidents/schemas";
import { SEVERITIES } from "@/lib/incidents/schemas";
import { buildTimeline, WINDOW_AUDIT_KINDS } from "@/lib/incidents/timeline";
import { getRunbook, runbookSlugFromReference } from "@/lib/runbooks";

/**
 * Incidents: opened by hand or by alert webhooks, worked through runbook checklists and notes.
 * Every change writes its audit row in the same transaction; the audit log is also the history
 * the timeline draws (status changes, checks, runbooks attached).
 */
const AUDIT_TARGET = "incident";
const target = (id: number) => ({ type: AUDIT_TARGET, id: String(id) });

const notFound = (id: number) => new ApiError(404, "not_found", `No incident #${id}`);

/** Where links in answers point: AUTH_URL when Opsdeck sits behind a proxy, else the request's own origin. */
export const publicOrigin = (req: Request): string => {
  const configured = getConfig().AUTH_URL;
  return configured ? new URL(configured).origin : new URL(req.url).origin;
};

type IncidentRow = Prisma.IncidentGetPayload<{ include: { _count: { select: { alerts: true } } } }>;
type AlertRow = Prisma.IncidentAlertGetPayload<object>;

const iso = (value: Date | null) => (value ? value.toISOString() : null);
const severityOf = (value: string | undefined): Severity => (SEVERITIES.includes(value as Severity) ? (value as Severity) : "warning");

function toSummary(row: Omit<IncidentRow, "_count">, alertsFiring: number, origin: string): IncidentSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status as IncidentStatus,
    severity: severityOf(row.severity),
    owner: row.owner,
    summary: row.summary,
    source: row.source as IncidentSummary["source"],
    groupKey: row.groupKey,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    mitigatedAt: iso(row.mitigatedAt),
    resolvedAt: iso(row.resolvedAt),
    alertsResolvedAt: iso(row.alertsResolvedAt),
    alertsFiring,
    version: row.version,
    url: absoluteUrl(origin, incidentPath(row.id)),
  };
}

function toAlert(row: AlertRow): IncidentAlert {
  return {
    fingerprint: row.fingerprint,
    alertName: row.alertName,
    status: row.status as IncidentAlert["status"],
    labels: row.labels as Record<string, string>,
    annotations: row.annotations as Record<string, string>,
    startsAt: row.startsAt.toISOString(),
    endsAt: iso(row.endsAt),
    generatorUrl: row.generatorUrl,
    silenceUrl: row.silenceUrl,
    dashboardUrl: row.dashboardUrl,
    panelUrl: row.panelUrl,
    values: (row.values as Record<string, number | null> | null) ?? null,
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    notifications: row.notifications,
  };
}

type RunRow = Prisma.IncidentRunbookRunGetPayload<{ include: { checks: true } }>;

/** A run with its checks; completion counts only steps the runbook still has. */
function toRunView(run: RunRow): RunbookRun {
  const runbook = getRunbook(run.runbookSlug);
  const stepIds = new Set(runbook?.steps.map((step) => step.id) ?? []);
  return {
    id: String(run.id),
    runbookSlug: run.runbookSlug,
    runbookTitle: runbook?.title ?? null,
    stepCount: stepIds.size,
    checkedCount: run.checks.filter((check) => check.checked && stepIds.has(check.stepId)).length,
    attachedBy: run.attachedBy,
    attachedAt: run.attachedAt.toISOString(),
    checks: run.checks.map((check) => ({ stepId: check.stepId, checked: check.checked, by: check.by, at: check.at.toISOString(), note: check.note })),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listIncidents(query: IncidentListQuery, origin: string): Promise<IncidentList> {
  const where: Prisma.IncidentWhereInput = {
    status: query.status,
    severity: query.severity,
    createdAt: query.from || query.to ? { gte: query.from ? new Date(query.from) : undefined, lte: query.to ? new Date(query.to) : undefined } : undefined,
  };
  const [rows, total] = await Promise.all([
    db().incident.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      include: { _count: { select: { alerts: { where: { status: "firing" } } } } },
    }),
    db().incident.count({ where }),
  ]);
  return { incidents: rows.map((row) => toSummary(row, row._count.alerts, origin)), total, page: query.page, pageSize: query.pageSize };
}

/** A step's opening words as plain text, for the timeline ("Checked “Look up the flag…”"). */
const stepLabel = (markdown: string): string => {
  const plain = markdown.replace(/[`*_[\]]|\(([^)]*)\)/g, "").replace(/\s+/g, " ").trim();
  return plain.length > 80 ? `${plain.slice(0, 79)}…` : plain;
};

export async function getIncident(id: number, origin: string, nowMs = Date.now()): Promise<IncidentDetail> {
  const row = await db().incident.findUnique({
    where: { id },
    include: {
      alerts: { orderBy: [{ startsAt: "asc" }, { id: "asc" }] },
      runs: { orderBy: { id: "asc" }, include: { checks: true } },
      notes: { orderBy: [{ at: "asc" }, { id: "asc" }] },
    },
  });
  if (!row) throw notFound(id);
  const window = incidentWindow(row, row.alerts.map((alert) => alert.startsAt), nowMs);
  const audit = await db().auditEntry.findMany({
    where: {
      OR: [
        { targetType: AUDIT_TARGET, targetId: String(id) },
        { action: { in: Object.keys(WINDOW_AUDIT_KINDS) }, at: { gte: new Date(window.fromMs), lte: new Date(window.toMs) } },
      ],
    },
    orderBy: { at: "asc" },
    take: 2000,
  });
  const runs = row.runs.map(toRunView);
  const notes = row.notes.map((note) => ({ id: String(note.id), author: note.author, body: note.body, at: note.at.toISOString() }));
  const alerts = row.alerts.map(toAlert);
  const timeline = buildTimeline({
    incident: row,
    alerts: row.alerts.map((alert) => ({ ...alert, annotations: alert.annotations as Record<string, string> })),
    notes: row.notes.map((note) => ({ ...note, id: String(note.id) })),
    audit: audit.map((entry) => ({ ...entry, id: String(entry.id) })),
  });
  return {
    ...toSummary(row, alerts.filter((alert) => alert.status === "firing").length, origin),
    alerts,
    runs,
    notes,
    timeline,
    window: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
    links: { metrics: metricsWindowHref(window), traces: tracesWindowHref(window), review: incidentReviewPath(id) },
  };
}

/** The incident that most recently received the alert with this fingerprint, or null. */
export async function incidentIdForFingerprint(fingerprint: string): Promise<number | null> {
  const alert = await db().incidentAlert.findFirst({ where: { fingerprint }, orderBy: [{ receivedAt: "desc" }, { id: "desc" }], select: { incidentId: true } });
  return alert?.incidentId ?? null;
}

// ---------------------------------------------------------------------------------------------
// Changing

/** Locks the incident's row for the rest of the transaction, so status checks and changes cannot interleave. */
async function lockIncident(tx: Tx, id: number) {
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

async function attachRun(tx: Tx, incidentId: number, slug: string, actor: Actor): Promise<boolean> {
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

const auditView = (row: { status: string; severity: string; owner: string | null; title: string; summary: string; acknowledgedAt: Date | null; version: number }) => ({
  status: row.status,
  severity: row.severity,
  owner: row.owner,
  title: row.title,
  summary: row.summary,
  acknowledgedAt: row.acknowledgedAt,
  version: row.version,
});

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

// ---------------------------------------------------------------------------------------------
// Alert webhooks

type AnyAlert = GrafanaPayload["alerts"][number] | AlertmanagerPayload["alerts"][number];
const hasEnd = (endsAt: string | undefined) => Boolean(endsAt) && !(endsAt as string).startsWith("0001-");

function runbookReference(alert: AnyAlert): string | undefined {
  return alert.annotations.runbook_url || alert.annotations.runbook || alert.labels.runbook || undefined;
}

function incidentTitle(payload: AlertmanagerPayload | GrafanaPayload, grafana: GrafanaPayload | null): string {
  const grafanaTitle = grafana ? grafana.title.replace(/^\[(FIRING|RESOLVED)(:\d+)?\]\s*/, "") : "";
  const title =
    payload.commonAnnotations.summary ||
    grafanaTitle ||
    payload.commonLabels.alertname ||
    payload.groupLabels.alertname ||
    payload.alerts[0]?.labels.alertname ||
    "Alert";
  return title.slice(0, 200);
}

/** The live incident that already holds one of these alerts (opened under another group key), or null. */
async function liveIncidentHolding(tx: Tx, fingerprints: string[]) {
  const alert = await tx.incidentAlert.findFirst({
    where: { fingerprint: { in: fingerprints }, incident: { status: { not: "resolved" } } },
    orderBy: { receivedAt: "desc" },
    select: { incident: true },
  });
  return alert?.incident ?? null;
}

/**
 * One webhook delivery: the alert group's live incident (opened when the group first fires),
 * its alerts upserted by fingerprint, runbooks from the alerts' annotations attached. Deliveries of
 * one group are serialised by a transaction-scoped advisory lock on the group key, so concurrent
 * or repeated notifications never open a second incident or a second alert row; the partial
 * unique index on live group keys backs this up.
 *
 * When every alert of the incident has resolved, the incident records it and — if nobody moved it
 * yet — goes from open to mitigated (the symptom is gone; a person decides it is resolved). An
 * alert firing again on a mitigated incident reopens it.
 */
export async function receiveAlerts(
  payload: AlertmanagerPayload | GrafanaPayload,
  source: "alertmanager" | "grafana" | "opsdeck",
  actor: Actor,
  origin: string,
): Promise<WebhookResult> {
  const grafana = source === "grafana" ? (payload as GrafanaPayload) : null;
  const slugs = new Map<string, string | null>();
  for (const alert of payload.alerts) {
    const reference = runbookReference(alert);
    if (reference && !slugs.has(reference)) {
      const slug = runbookSlugFromReference(reference);
      slugs.set(reference, slug);
    }
  }
  const result = await db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`incident-group:${payload.groupKey}`}, 0))`;
      // Fingerprints too, in order: Opsdeck's own rules and Alertmanager's webhook deliver the same alert under different group keys.
      for (const fingerprint of [...new Set(payload.alerts.map((alert) => alert.fingerprint))].sort()) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`incident-alert:${fingerprint}`}, 0))`;
      }
      const now = new Date();
      const firing = payload.alerts.filter((alert) => alert.status === "firing");
      let incident =
        (await tx.incident.findFirst({ where: { groupKey: payload.groupKey, status: { not: "resolved" } } })) ??
        (await liveIncidentHolding(tx, payload.alerts.map((alert) => alert.fingerprint)));
      let created = false;
      if (!incident && firing.length === 0) {
        // Only resolutions, and nobody left the group's incident open: mark its alerts resolved there.
        incident = await tx.incident.findFirst({ where: { groupKey: payload.groupKey }, orderBy: { id: "desc" } });
        if (!incident) return null;
      }
      if (!incident) {
        incident = await tx.incident.create({
          data: {
            title: incidentTitle(payload, grafana),
            severity: severityOf(payload.commonLabels.severity ?? firing[0]?.labels.severity),
            summary: (payload.commonAnnotations.description ?? grafana?.message ?? "").slice(0, 5000),
            source,
            groupKey: payload.groupKey,
            createdBy: actor.name,
            createdAt: now,
          },
        });
        created = true;
        await writeAudit(tx, actor, { action: "incident.create", target: target(incident.id), after: incident });
      }
      let newlyFiring = 0;
      for (const alert of payload.alerts) {
        const grafana = alert as GrafanaPayload["alerts"][number];
        const resolved = alert.status === "resolved";
        const fields = {
          alertName: alert.labels.alertname ?? "alert",
          status: alert.status,
          labels: alert.labels,
          annotations: alert.annotations,
          startsAt: new Date(alert.startsAt),
          endsAt: resolved ? (hasEnd(alert.endsAt) ? new Date(alert.endsAt as string) : now) : null,
          generatorUrl: alert.generatorURL || null,
          silenceUrl: grafana.silenceURL || null,
          dashboardUrl: grafana.dashboardURL || null,
          panelUrl: grafana.panelURL || null,
          values: grafana.values ?? Prisma.DbNull,
          updatedAt: now,
        };
        const key = { incidentId_fingerprint: { incidentId: incident.id, fingerprint: alert.fingerprint } };
        const existing = await tx.incidentAlert.findUnique({ where: key, select: { status: true } });
        if (!existing) {
          await tx.incidentAlert.create({ data: { incidentId: incident.id, fingerprint: alert.fingerprint, ...fields, receivedAt: now } });
          if (!resolved) newlyFiring++;
        } else {
          await tx.incidentAlert.update({ where: key, data: { ...fields, notifications: { increment: 1 } } });
          if (!resolved && existing.status === "resolved") newlyFiring++;
        }
        const slug = slugs.get(runbookReference(alert) ?? "");
        if (slug && !resolved) await attachRun(tx, incident.id, slug, actor);
      }
      await writeAudit(tx, actor, {
        action: "incident.alerts",
        target: target(incident.id),
        after: { status: payload.status, receiver: payload.receiver, alerts: payload.alerts.map((alert) => ({ fingerprint: alert.fingerprint, status: alert.status })) },
      });

      const stillFiring = await tx.incidentAlert.count({ where: { incidentId: incident.id, status: "firing" } });
      const data: Prisma.IncidentUpdateInput = {};
      if (stillFiring === 0 && !incident.alertsResolvedAt) {
        data.alertsResolvedAt = now;
        if (incident.status === "open") Object.assign(data, { status: "mitigated", mitigatedAt: now });
      }
      if (stillFiring > 0 && incident.alertsResolvedAt) data.alertsResolvedAt = null;
      if (newlyFiring > 0 && !created && incident.status === "mitigated") Object.assign(data, { status: "open", mitigatedAt: null });
      if (data.status) {
        const after = await tx.incident.update({ where: { id: incident.id }, data: { ...data, version: { increment: 1 } } });
        await writeAudit(tx, actor, { action: "incident.update", target: target(incident.id), before: auditView(incident), after: auditView(after) });
      } else if (Object.keys(data).length) {
        await tx.incident.update({ where: { id: incident.id }, data });
      }
      return {
        id: incident.id,
        url: absoluteUrl(origin, incidentPath(incident.id)),
        created,
        alertsFiring: stillFiring,
        alertsResolved: await tx.incidentAlert.count({ where: { incidentId: incident.id, status: "resolved" } }),
      };
    },
    { timeout: 15_000, maxWait: 15_000 },
  );
  return { incidents: result ? [result] : [] };
}
