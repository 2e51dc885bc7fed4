import { cutText } from "@/lib/api/storable-text";
import { type Actor, writeAudit } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { attachRun } from "@/lib/incidents/changes";
import { absoluteUrl, incidentPath } from "@/lib/incidents/links";
import { auditView, runbookReference, severityOf, target } from "@/lib/incidents/mapping";
import { recordAlertRequestIds, requestIdsOfAlert } from "@/lib/incidents/request-ids";
import type { AlertmanagerPayload, GrafanaPayload, WebhookResult } from "@/lib/incidents/schemas";
import { runbookSlugFromReference } from "@/lib/runbooks";

/** Alert webhooks (Alertmanager, Grafana): deliveries become incidents and their alerts. */
const hasEnd = (endsAt: string | undefined) => Boolean(endsAt) && !(endsAt as string).startsWith("0001-");

function incidentTitle(payload: AlertmanagerPayload | GrafanaPayload, grafana: GrafanaPayload | null): string {
  const grafanaTitle = grafana ? grafana.title.replace(/^\[(FIRING|RESOLVED)(:\d+)?\]\s*/, "") : "";
  const title =
    payload.commonAnnotations.summary ||
    grafanaTitle ||
    payload.commonLabels.alertname ||
    payload.groupLabels.alertname ||
    payload.alerts[0]?.labels.alertname ||
    "Alert";
  return cutText(title, 200);
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
            summary: cutText(payload.commonAnnotations.description ?? grafana?.message ?? "", 5000),
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
      const requestIds = new Set<string>();
      for (const alert of payload.alerts) {
        for (const requestId of requestIdsOfAlert(alert)) requestIds.add(requestId);
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
      const newRequestIds = await recordAlertRequestIds(tx, incident.id, [...requestIds], actor);
      await writeAudit(tx, actor, {
        action: "incident.alerts",
        target: target(incident.id),
        after: {
          status: payload.status,
          receiver: payload.receiver,
          alerts: payload.alerts.map((alert) => ({ fingerprint: alert.fingerprint, status: alert.status })),
          ...(newRequestIds.length > 0 ? { requestIds: newRequestIds } : {}),
        },
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
