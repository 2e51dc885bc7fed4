import { ApiError } from "@/lib/api/errors";
import { type Actor, writeAudit } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db, type Tx } from "@/lib/db";
import { lockIncident } from "@/lib/incidents/changes";
import { target } from "@/lib/incidents/mapping";
import { type IncidentRequestId, requestIdSchema } from "@/lib/incidents/schemas";

/**
 * The request ids an incident carries (seed 002: "Every incident ticket must include request_id"):
 * from its alerts' `request_id` label or annotation, or added and removed by hand. Each links to the
 * traces carrying it (the span search's `requestId=`) and to the log lines' query (REQUEST_LOG_QUERY).
 */

/** Request ids one alert may bring (a label listing hundreds is a misconfigured rule, not evidence). */
export const MAX_ALERT_REQUEST_IDS = 20;

/** The request ids an alert names: its `request_id` label and annotation, each possibly a comma- or space-separated list; invalid ones are left out. */
export function requestIdsOfAlert(alert: { labels: Record<string, string>; annotations: Record<string, string> }): string[] {
  const found = new Set<string>();
  for (const value of [alert.labels.request_id, alert.annotations.request_id]) {
    for (const candidate of (value ?? "").split(/[\s,]+/)) if (requestIdSchema.safeParse(candidate).success) found.add(candidate);
  }
  return [...found].slice(0, MAX_ALERT_REQUEST_IDS);
}

export const tracesOfRequestHref = (requestId: string) => `/traces?requestId=${encodeURIComponent(requestId)}`;

/** The log query for a request id, from the REQUEST_LOG_QUERY template (the id is [\w.:-] only: safe inside its quotes). */
export const logQueryFor = (requestId: string, template = getConfig().REQUEST_LOG_QUERY) => template.replaceAll("{requestId}", requestId);

type RequestIdRow = { requestId: string; source: string; addedBy: string; addedAt: Date };

export const toRequestIdView = (row: RequestIdRow): IncidentRequestId => ({
  requestId: row.requestId,
  source: row.source === "alert" ? "alert" : "manual",
  addedBy: row.addedBy,
  addedAt: row.addedAt.toISOString(),
  tracesHref: tracesOfRequestHref(row.requestId),
  logQuery: logQueryFor(row.requestId),
});

/** Records the request ids an alert delivery brought (inside the webhook's transaction); returns those that were new. */
export async function recordAlertRequestIds(tx: Tx, incidentId: number, requestIds: string[], actor: Actor): Promise<string[]> {
  if (requestIds.length === 0) return [];
  const known = await tx.incidentRequestId.findMany({ where: { incidentId, requestId: { in: requestIds } }, select: { requestId: true } });
  const fresh = requestIds.filter((requestId) => !known.some((row) => row.requestId === requestId));
  if (fresh.length === 0) return [];
  await tx.incidentRequestId.createMany({ data: fresh.map((requestId) => ({ incidentId, requestId, source: "alert", addedBy: actor.name })), skipDuplicates: true });
  return fresh;
}

export async function addRequestId(id: number, requestId: string, actor: Actor): Promise<IncidentRequestId> {
  return db().$transaction(async (tx) => {
    await lockIncident(tx, id);
    const inserted = await tx.incidentRequestId.createMany({ data: [{ incidentId: id, requestId, source: "manual", addedBy: actor.name }], skipDuplicates: true });
    if (inserted.count === 0) throw new ApiError(409, "conflict", `Incident #${id} already carries request id ${requestId}`);
    const row = await tx.incidentRequestId.findUniqueOrThrow({ where: { incidentId_requestId: { incidentId: id, requestId } } });
    await writeAudit(tx, actor, { action: "incident.request_id_add", target: target(id), after: { requestId } });
    return toRequestIdView(row);
  });
}

export async function removeRequestId(id: number, requestId: string, actor: Actor): Promise<{ removed: string }> {
  return db().$transaction(async (tx) => {
    await lockIncident(tx, id);
    const removed = await tx.incidentRequestId.deleteMany({ where: { incidentId: id, requestId } });
    if (removed.count === 0) throw new ApiError(404, "not_found", `Incident #${id} does not carry request id ${requestId}`);
    await writeAudit(tx, actor, { action: "incident.request_id_remove", target: target(id), before: { requestId } });
    return { removed: requestId };
  });
}
