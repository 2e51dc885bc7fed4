import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { INCIDENT_LEAD_MS, incidentReviewPath, incidentWindow, metricsWindowHref, tracesWindowHref } from "@/lib/incidents/links";
import { AUDIT_TARGET, notFound, toAlert, toRunView, toSummary } from "@/lib/incidents/mapping";
import type { IncidentDetail, IncidentList, IncidentListQuery } from "@/lib/incidents/schemas";
import { toRequestIdView } from "@/lib/incidents/request-ids";
import { buildTimeline, WINDOW_AUDIT_KINDS } from "@/lib/incidents/timeline";

/** Reading incidents: the list, one incident with its timeline and window, and alert-link lookups. */
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

export async function getIncident(id: number, origin: string, nowMs = Date.now()): Promise<IncidentDetail> {
  const row = await db().incident.findUnique({
    where: { id },
    include: {
      alerts: { orderBy: [{ startsAt: "asc" }, { id: "asc" }] },
      runs: { orderBy: { id: "asc" }, include: { checks: true } },
      notes: { orderBy: [{ at: "asc" }, { id: "asc" }] },
      requestIds: { orderBy: [{ addedAt: "asc" }, { requestId: "asc" }] },
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
    alerts: row.alerts.map((alert) => ({ ...alert, labels: alert.labels as Record<string, string>, annotations: alert.annotations as Record<string, string> })),
    notes: row.notes.map((note) => ({ ...note, id: String(note.id) })),
    audit: audit.map((entry) => ({ ...entry, id: String(entry.id) })),
  });
  return {
    ...toSummary(row, alerts.filter((alert) => alert.status === "firing").length, origin),
    alerts,
    runs,
    notes,
    requestIds: row.requestIds.map(toRequestIdView),
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

/**
 * The incidents whose window (see incidentWindow: from 15 minutes before the first alert to the
 * resolution, or now) holds this instant, newest first: a trace links the incident it belongs to.
 */
export async function incidentsCovering(at: Date, take = 5): Promise<{ id: number; title: string }[]> {
  const leadEnd = new Date(at.getTime() + INCIDENT_LEAD_MS);
  return db().incident.findMany({
    where: {
      OR: [{ resolvedAt: null }, { resolvedAt: { gte: at } }],
      AND: [{ OR: [{ createdAt: { lte: leadEnd } }, { alerts: { some: { startsAt: { lte: leadEnd } } } }] }],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, title: true },
  });
}
