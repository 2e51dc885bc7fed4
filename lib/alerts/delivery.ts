import { systemActor } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type AlertmanagerAlert, alertmanagerClient } from "@/lib/alerts/alertmanager";
import { isSilenced, type SilenceWindow } from "@/lib/alerts/silences";
import { receiveAlerts } from "@/lib/incidents/webhooks";
import { logger } from "@/lib/log";

type InstanceRow = Prisma.AlertInstanceGetPayload<object>;

export const EVALUATOR_ACTOR = systemActor("alert-evaluator");

/** Where links in alerts point: AUTH_URL behind a proxy, else this server. */
export const publicOriginForJobs = (): string => {
  const config = getConfig();
  return config.AUTH_URL ? new URL(config.AUTH_URL).origin : `http://localhost:${config.PORT}`;
};

/** `{{endpoint}}` in an annotation becomes that label's value, as Prometheus templates `{{ $labels.endpoint }}`. */
export const expandTemplate = (text: string, labels: Record<string, string>): string =>
  text.replace(/\{\{\s*(?:\$labels\.)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? "");

/** Alerts of one alertname form one incident group, as Alertmanager's default `group_by: [alertname]` would. */
export const opsdeckGroupKey = (alertname: string) => `opsdeck:{alertname=${JSON.stringify(alertname)}}`;

const ZERO_TIME = "0001-01-01T00:00:00Z";

function incidentAlert(row: InstanceRow) {
  const labels = row.labels as Record<string, string>;
  const resolved = row.state === "resolved";
  return {
    status: resolved ? ("resolved" as const) : ("firing" as const),
    labels,
    annotations: row.annotations as Record<string, string>,
    startsAt: (row.firedAt ?? row.activeAt).toISOString(),
    endsAt: resolved && row.resolvedAt ? row.resolvedAt.toISOString() : ZERO_TIME,
    generatorURL: row.generatorUrl,
    fingerprint: row.fingerprint,
  };
}

/**
 * Opens and resolves Opsdeck incidents for alerts whose state the incidents have not seen yet:
 * firing alerts that no silence covers, and resolutions of alerts that reached an incident.
 * At least once: a crash before `incidentState` is written sends the same change again, which
 * the intake absorbs (one row per fingerprint).
 */
export async function deliverToIncidents(instances: InstanceRow[], silences: SilenceWindow[], nowMs: number): Promise<number> {
  const due = instances.filter((row) => {
    if (row.state === "pending" || row.incidentState === row.state) return false;
    if (row.state === "firing") return !isSilenced(row.labels as Record<string, string>, silences, nowMs);
    return row.incidentState === "firing";
  });
  // Resolved before any incident saw them firing (silenced throughout): nothing to tell.
  const quiet = instances.filter((row) => row.state === "resolved" && row.incidentState === null);
  if (quiet.length) {
    await db().alertInstance.updateMany({
      where: { OR: quiet.map((row) => ({ ruleKey: row.ruleKey, fingerprint: row.fingerprint })), state: "resolved" },
      data: { incidentState: "resolved" },
    });
  }
  const byAlertname = new Map<string, InstanceRow[]>();
  for (const row of due) {
    const name = (row.labels as Record<string, string>).alertname ?? "alert";
    byAlertname.set(name, [...(byAlertname.get(name) ?? []), row]);
  }
  let delivered = 0;
  for (const [alertname, rows] of byAlertname) {
    const alerts = rows.map(incidentAlert);
    const firing = alerts.filter((alert) => alert.status === "firing");
    const common = (key: "severity" | "service") => {
      const values = new Set(alerts.map((alert) => alert.labels[key]));
      return values.size === 1 ? [...values][0] : undefined;
    };
    try {
      await receiveAlerts(
        {
          version: "4",
          groupKey: opsdeckGroupKey(alertname),
          status: firing.length ? "firing" : "resolved",
          receiver: "opsdeck",
          groupLabels: { alertname },
          commonLabels: Object.fromEntries(Object.entries({ alertname, severity: common("severity"), service: common("service") }).filter(([, value]) => value)) as Record<string, string>,
          commonAnnotations: alerts.length === 1 ? (alerts[0]?.annotations ?? {}) : { summary: alertname },
          externalURL: publicOriginForJobs(),
          truncatedAlerts: 0,
          alerts,
        },
        "opsdeck",
        EVALUATOR_ACTOR,
        publicOriginForJobs(),
      );
      for (const row of rows) {
        await db().alertInstance.updateMany({ where: { ruleKey: row.ruleKey, fingerprint: row.fingerprint, state: row.state }, data: { incidentState: row.state } });
      }
      delivered += rows.length;
    } catch (error) {
      logger.warn({ err: error, alertname }, "alert incident delivery failed; retried at the next evaluation");
    }
  }
  return delivered;
}

/** How long Alertmanager keeps a firing alert without hearing from Opsdeck again, as Prometheus sets endsAt. */
const resendValidityMs = () => 4 * Math.max(60, getConfig().ALERTS_EVALUATION_INTERVAL_SECONDS) * 1000;

export function alertmanagerAlert(row: InstanceRow, nowMs: number): AlertmanagerAlert {
  return {
    labels: row.labels as Record<string, string>,
    annotations: row.annotations as Record<string, string>,
    startsAt: (row.firedAt ?? row.activeAt).toISOString(),
    endsAt: row.state === "resolved" && row.resolvedAt ? row.resolvedAt.toISOString() : new Date(nowMs + resendValidityMs()).toISOString(),
    generatorURL: row.generatorUrl,
  };
}

/**
 * Every firing alert and every recent resolution, re-sent on each evaluation as Prometheus does
 * (Alertmanager deduplicates by fingerprint and applies its own routes and silences). Alerts an
 * Opsdeck silence covers are not sent.
 */
export async function deliverToAlertmanager(instances: InstanceRow[], silences: SilenceWindow[], nowMs: number): Promise<boolean | null> {
  const alertmanager = alertmanagerClient();
  if (!alertmanager) return null;
  const due = instances.filter(
    (row) => row.state !== "pending" && !(row.state === "firing" && isSilenced(row.labels as Record<string, string>, silences, nowMs)),
  );
  const sent = await alertmanager.postAlerts(due.map((row) => alertmanagerAlert(row, nowMs)));
  if (sent && due.length) {
    await db().alertInstance.updateMany({ where: { OR: due.map((row) => ({ ruleKey: row.ruleKey, fingerprint: row.fingerprint })) }, data: { lastSentAt: new Date(nowMs) } });
  }
  return sent;
}
