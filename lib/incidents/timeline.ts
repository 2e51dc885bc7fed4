import { auditTargetHref } from "@/lib/audit/targets";
import { describeFlagChange } from "@/lib/flags/change-words";
import type { TimelineEntry } from "@/lib/incidents/schemas";

/** The audit rows the timeline reads: the incident's own, and the window's changes elsewhere. */
export interface TimelineAuditRow {
  id: string;
  at: Date;
  action: string;
  actorName: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
}

export interface TimelineInput {
  incident: { id: number; createdAt: Date; createdBy: string; source: string; alertsResolvedAt: Date | null };
  alerts: { fingerprint: string; alertName: string; status: string; startsAt: Date; endsAt: Date | null; labels: Record<string, string>; annotations: Record<string, string> }[];
  notes: { id: string; author: string; body: string; at: Date }[];
  audit: TimelineAuditRow[];
}

/** Changes made elsewhere in Opsdeck that belong in an incident's timeline, by audit action. */
export const WINDOW_AUDIT_KINDS: Record<string, TimelineEntry["kind"]> = {
  "flag.create": "flag_change",
  "flag.update": "flag_change",
  "flag.archive": "flag_change",
  "flag.restore": "flag_change",
  "flag.emergency_rollback": "flag_change",
  "cache.invalidate": "cache_invalidation",
  "ratelimit.unlock": "unlock",
  "ratelimit.config.update": "config_change",
};

/** An entry before its facets: most entries are about no flag and no service. */
type Draft = Omit<TimelineEntry, "flag" | "service"> & Partial<Pick<TimelineEntry, "flag" | "service">>;

const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** "rolloutPercentage 100 → 0, enabled true → false": the fields an audit row changed. */
export function describeChange(before: unknown, after: unknown): string | null {
  const was = record(before);
  const now = record(after);
  const changed = Object.keys(now)
    .filter((key) => !["version", "lastUpdated", "lastUpdatedBy", "updatedAt", "updatedBy"].includes(key))
    .filter((key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]))
    .map((key) => (key in was ? `${key} ${JSON.stringify(was[key])} → ${JSON.stringify(now[key])}` : `${key} ${JSON.stringify(now[key])}`));
  return changed.length ? changed.join(", ") : null;
}

function incidentAuditEntry(row: TimelineAuditRow): Draft | null {
  const after = record(row.after);
  const base = { id: `audit-${row.id}`, at: row.at.toISOString(), actor: row.actorName, href: null };
  switch (row.action) {
    case "incident.update": {
      const before = record(row.before);
      if (after.status !== undefined && after.status !== before.status) {
        return { ...base, kind: "status_changed", title: `Status ${String(before.status)} → ${String(after.status)}`, detail: describeChange(row.before, row.after) };
      }
      return { ...base, kind: "field_changed", title: "Incident changed", detail: describeChange(row.before, row.after) };
    }
    case "incident.runbook_attach":
      return { ...base, kind: "runbook_attached", title: `Runbook ${String(after.runbookSlug)} attached`, detail: null, href: `/runbooks/${encodeURIComponent(String(after.runbookSlug))}` };
    case "incident.check": {
      const checked = after.checked === true;
      const step = String(after.stepTitle ?? after.stepId);
      return {
        ...base,
        kind: checked ? "step_checked" : "step_unchecked",
        title: `${checked ? "Checked" : "Unchecked"} “${step}” (${String(after.runbookSlug)})`,
        detail: typeof after.note === "string" && after.note ? after.note : null,
      };
    }
    case "incident.request_id_add":
    case "incident.request_id_remove": {
      const requestId = String(record(row.action === "incident.request_id_add" ? row.after : row.before).requestId);
      const added = row.action === "incident.request_id_add";
      return { ...base, kind: "field_changed", title: `Request id ${requestId} ${added ? "added" : "removed"}`, detail: null, href: added ? `/traces?requestId=${encodeURIComponent(requestId)}` : null };
    }
    default:
      // incident.create, incident.note and webhook deliveries are drawn from their own rows.
      return null;
  }
}

function windowAuditEntry(row: TimelineAuditRow): Draft | null {
  const kind = WINDOW_AUDIT_KINDS[row.action];
  if (!kind) return null;
  const flag = kind === "flag_change" ? row.targetId : null;
  const titles: Record<string, string> = {
    // In words, as the flag's own history says it: "Flag new-auth: Rollout 100 % → 0 %".
    flag_change: `Flag ${row.targetId}: ${row.action === "flag.emergency_rollback" ? "emergency rollback, " : ""}${describeFlagChange(row.before, row.after).join("; ")}`,
    cache_invalidation: `Cache invalidated: ${row.targetId}`,
    unlock: `Unlocked ${row.targetId}`,
    config_change: "Rate-limit configuration changed",
  };
  return {
    id: `audit-${row.id}`,
    at: row.at.toISOString(),
    kind,
    actor: row.actorName,
    title: titles[kind] ?? row.action,
    detail: flag ? null : describeChange(row.before, row.after),
    href: auditTargetHref({ type: row.targetType, id: row.targetId }),
    flag,
  };
}

/**
 * One incident's timeline, oldest first: the incident opening, alerts firing and resolving, notes,
 * and from the audit log its own changes (status, checks, runbooks) and the window's changes
 * elsewhere (flags, cache, unlocks, rate-limit configuration). Equal times keep a stable order.
 */
export function buildTimeline(input: TimelineInput): TimelineEntry[] {
  const { incident } = input;
  const entries: Draft[] = [
    {
      id: "opened",
      at: incident.createdAt.toISOString(),
      kind: "incident_opened",
      actor: incident.createdBy,
      title: incident.source === "manual" ? "Incident opened" : `Incident opened from ${incident.source}`,
      detail: null,
      href: null,
    },
  ];
  for (const alert of input.alerts) {
    const summary = alert.annotations.summary ?? alert.annotations.description ?? null;
    const service = alert.labels.service ?? null;
    entries.push({ id: `fire-${alert.fingerprint}`, at: alert.startsAt.toISOString(), kind: "alert_firing", actor: "alert", title: `${alert.alertName} firing`, detail: summary, href: null, service });
    if (alert.status === "resolved" && alert.endsAt) {
      entries.push({ id: `resolve-${alert.fingerprint}`, at: alert.endsAt.toISOString(), kind: "alert_resolved", actor: "alert", title: `${alert.alertName} resolved`, detail: null, href: null, service });
    }
  }
  if (incident.alertsResolvedAt) {
    entries.push({ id: "alerts-resolved", at: incident.alertsResolvedAt.toISOString(), kind: "all_alerts_resolved", actor: "alert", title: "All alerts resolved", detail: null, href: null });
  }
  for (const note of input.notes) {
    entries.push({ id: `note-${note.id}`, at: note.at.toISOString(), kind: "note", actor: note.author, title: "Note", detail: note.body, href: null });
  }
  const incidentId = String(incident.id);
  for (const row of input.audit) {
    const entry = row.targetType === "incident" && row.targetId === incidentId ? incidentAuditEntry(row) : windowAuditEntry(row);
    if (entry) entries.push(entry);
  }
  const order = new Map(entries.map((entry, index) => [entry.id, index]));
  return entries
    .sort((a, b) => a.at.localeCompare(b.at) || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
    .map((entry) => ({ flag: null, service: null, ...entry }));
}

/** Timeline entries about changes made elsewhere in Opsdeck during the window (not on the incident itself). */
export const ELSEWHERE_KINDS: ReadonlySet<TimelineEntry["kind"]> = new Set(Object.values(WINDOW_AUDIT_KINDS));

export interface TimelineFilters {
  /** "incident": the incident's own entries; "elsewhere": changes elsewhere in the window. */
  scope?: "incident" | "elsewhere";
  service?: string;
  flag?: string;
  person?: string;
}

/** What the timeline can be filtered by: the services its alerts name, the flags changed, the people who acted. */
export function timelineFacets(entries: TimelineEntry[]): { services: string[]; flags: string[]; people: string[] } {
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => value !== null))].sort();
  return {
    services: distinct(entries.map((entry) => entry.service)),
    flags: distinct(entries.map((entry) => entry.flag)),
    people: distinct(entries.map((entry) => (entry.actor === "alert" ? null : entry.actor))),
  };
}

/** The entries every set filter keeps: a service or flag filter keeps only the entries about it. */
export function filterTimeline(entries: TimelineEntry[], filters: TimelineFilters): TimelineEntry[] {
  return entries.filter(
    (entry) =>
      (!filters.scope || (filters.scope === "elsewhere") === ELSEWHERE_KINDS.has(entry.kind)) &&
      (!filters.service || entry.service === filters.service) &&
      (!filters.flag || entry.flag === filters.flag) &&
      (!filters.person || entry.actor === filters.person),
  );
}
