import { ApiError } from "@/lib/api/errors";
import type { IncidentDetail } from "@/lib/incidents/schemas";
import { getIncident } from "@/lib/incidents/reads";
import { getRunbook } from "@/lib/runbooks";
import type { Runbook } from "@/lib/runbooks/schemas";

/** An incident and the runbooks of its runs, for the incident and review pages; null when there is no such incident. */
export async function loadIncidentPage(id: number, origin: string): Promise<{ incident: IncidentDetail; runbooks: Record<string, Runbook> } | null> {
  try {
    const incident = await getIncident(id, origin);
    const runbooks = Object.fromEntries(
      incident.runs.flatMap((run) => {
        const runbook = getRunbook(run.runbookSlug);
        return runbook ? [[run.runbookSlug, runbook] as const] : [];
      }),
    );
    return { incident, runbooks };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
