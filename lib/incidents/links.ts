import { serialiseViewState } from "@/lib/metrics/view-state";
import { SERIES_NAMES } from "@/lib/metrics/schemas";
import { filtersToQuery } from "@/lib/traces/search-params";

/**
 * Relative paths of an incident's pages; `?tab=` selects a tab of the incident page, `?alert=` names
 * the alert (by fingerprint) a notification's link came from, so the page can mark it and open its runbook.
 */
export function incidentPath(id: number, tab?: IncidentTab, alert?: string): string {
  const search = new URLSearchParams();
  if (tab && tab !== "overview") search.set("tab", tab);
  if (alert) search.set("alert", alert);
  const query = search.toString();
  return query ? `/incidents/${id}?${query}` : `/incidents/${id}`;
}
export const incidentReviewPath = (id: number): string => `/incidents/${id}/review`;
export const fingerprintPath = (fingerprint: string): string => `/incidents/by-fingerprint/${encodeURIComponent(fingerprint)}`;

export const INCIDENT_TABS = ["overview", "alerts", "runbook", "timeline", "notes"] as const;
export type IncidentTab = (typeof INCIDENT_TABS)[number];
export const parseTab = (value: string | string[] | undefined): IncidentTab => {
  const candidate = Array.isArray(value) ? value[0] : value;
  return INCIDENT_TABS.includes(candidate as IncidentTab) ? (candidate as IncidentTab) : "overview";
};

/** The `?alert=` fingerprint of an incident link, when it is one an alert could carry. */
export const parseAlertParam = (value: string | string[] | undefined): string | undefined => {
  const candidate = Array.isArray(value) ? value[0] : value;
  return candidate && candidate.length <= 200 ? candidate : undefined;
};

/** An absolute URL from a path and the public origin (AUTH_URL, else the request's origin). */
export const absoluteUrl = (origin: string, path: string): string => new URL(path, origin).toString();

// Charts and traces around an incident: from 15 minutes before the first alert (the lead-up shows
// what changed) to its resolution, or now while it is live.
export const INCIDENT_LEAD_MS = 15 * 60_000;

export interface IncidentWindow {
  fromMs: number;
  toMs: number;
}

export function incidentWindow(incident: { createdAt: Date; resolvedAt: Date | null }, alertStarts: Date[], nowMs: number): IncidentWindow {
  const start = Math.min(incident.createdAt.getTime(), ...alertStarts.map((at) => at.getTime()));
  return { fromMs: start - INCIDENT_LEAD_MS, toMs: incident.resolvedAt ? incident.resolvedAt.getTime() : nowMs };
}

export const metricsWindowHref = (window: IncidentWindow): string =>
  `/metrics?${serialiseViewState({ range: { kind: "custom", fromMs: window.fromMs, toMs: window.toMs }, series: [...SERIES_NAMES], paused: true })}`;

/** The metric charts of the minutes a trace ran in, from the start of its first minute to the end of its last. */
export function metricsOfTraceHref(startMs: number, endMs: number): string {
  const fromMs = Math.floor(startMs / 60_000) * 60_000;
  return metricsWindowHref({ fromMs, toMs: Math.max(fromMs + 60_000, Math.ceil(endMs / 60_000) * 60_000) });
}

export const tracesWindowHref = (window: IncidentWindow): string =>
  `/traces?${filtersToQuery({ from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() })}`;
