import { cutText } from "@/lib/api/storable-text";
import { ApiError } from "@/lib/api/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { absoluteUrl, incidentPath } from "@/lib/incidents/links";
import type { IncidentAlert, IncidentStatus, IncidentSummary, RunbookRun, Severity } from "@/lib/incidents/schemas";
import { SEVERITIES } from "@/lib/incidents/schemas";
import { getRunbook, runbookSlugFromReference } from "@/lib/runbooks";

/**
 * Incidents: opened by hand or by alert webhooks, worked through runbook checklists and notes.
 * Every change writes its audit row in the same transaction; the audit log is also the history
 * the timeline draws (status changes, checks, runbooks attached). This file maps rows to the
 * API's shapes; reads.ts, changes.ts and webhooks.ts use it.
 */
export const AUDIT_TARGET = "incident";
export const target = (id: number) => ({ type: AUDIT_TARGET, id: String(id) });

export const notFound = (id: number) => new ApiError(404, "not_found", `No incident #${id}`);

export type IncidentRow = Prisma.IncidentGetPayload<{ include: { _count: { select: { alerts: true } } } }>;
export type AlertRow = Prisma.IncidentAlertGetPayload<object>;

export const iso = (value: Date | null) => (value ? value.toISOString() : null);
export const severityOf = (value: string | undefined): Severity => (SEVERITIES.includes(value as Severity) ? (value as Severity) : "warning");

export function toSummary(row: Omit<IncidentRow, "_count">, alertsFiring: number, origin: string): IncidentSummary {
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

/** The runbook an alert names: its `runbook_url` or `runbook` annotation, else a `runbook` label. */
export function runbookReference(alert: { labels: Record<string, string>; annotations: Record<string, string> }): string | undefined {
  return alert.annotations.runbook_url || alert.annotations.runbook || alert.labels.runbook || undefined;
}

export function toAlert(row: AlertRow): IncidentAlert {
  const labels = row.labels as Record<string, string>;
  const annotations = row.annotations as Record<string, string>;
  const reference = runbookReference({ labels, annotations });
  return {
    fingerprint: row.fingerprint,
    alertName: row.alertName,
    status: row.status as IncidentAlert["status"],
    labels,
    annotations,
    runbookSlug: reference ? runbookSlugFromReference(reference) : null,
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

export type RunRow = Prisma.IncidentRunbookRunGetPayload<{ include: { checks: true } }>;

/** A run with its checks; completion counts only steps the runbook still has. */
export function toRunView(run: RunRow): RunbookRun {
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
export const auditView = (row: { status: string; severity: string; owner: string | null; title: string; summary: string; acknowledgedAt: Date | null; version: number }) => ({
  status: row.status,
  severity: row.severity,
  owner: row.owner,
  title: row.title,
  summary: row.summary,
  acknowledgedAt: row.acknowledgedAt,
  version: row.version,
});

/** A step's opening words as plain text, for the timeline ("Checked “Look up the flag…”"). */
export const stepLabel = (markdown: string): string => {
  const plain = markdown.replace(/[`*_[\]]|\(([^)]*)\)/g, "").replace(/\s+/g, " ").trim();
  return plain.length > 80 ? `${cutText(plain, 79)}…` : plain;
};
