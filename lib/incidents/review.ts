import type { IncidentDetail } from "@/lib/incidents/schemas";

/** Milliseconds from the incident's start (its first alert, or its opening) to each milestone, or null. */
export function responseTimes(incident: Pick<IncidentDetail, "createdAt" | "acknowledgedAt" | "mitigatedAt" | "resolvedAt" | "alerts">) {
  const starts = [Date.parse(incident.createdAt), ...incident.alerts.map((alert) => Date.parse(alert.startsAt))];
  const start = Math.min(...starts);
  const since = (iso: string | null) => (iso ? Math.max(0, Date.parse(iso) - start) : null);
  return {
    startedAt: new Date(start).toISOString(),
    toAcknowledge: since(incident.acknowledgedAt),
    toMitigate: since(incident.mitigatedAt),
    toResolve: since(incident.resolvedAt),
  };
}

/** How long a response step took, to the second ("1 h 05 min", "4 min 10 s", "12 s"); "—" when it has not happened. */
export function formatResponseTime(ms: number | null): string {
  if (ms === null) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** Steps checked over steps in every attached runbook. */
export function checklistCompletion(runs: IncidentDetail["runs"]): { checked: number; total: number } {
  return runs.reduce((sum, run) => ({ checked: sum.checked + run.checkedCount, total: sum.total + run.stepCount }), { checked: 0, total: 0 });
}
