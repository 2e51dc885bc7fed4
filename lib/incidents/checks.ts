import type { IncidentDetail, IncidentStepCheck } from "@/lib/incidents/schemas";

export interface CheckToggle {
  runId: string;
  stepId: string;
  checked: boolean;
  note?: string;
  /** Who the optimistic row names until the server answers. */
  by: string;
}

/** The incident as it will be once a toggle is saved: that step's row replaced, every other check kept. */
export function applyCheck(incident: IncidentDetail, toggle: CheckToggle, at: string): IncidentDetail {
  const check: IncidentStepCheck = { stepId: toggle.stepId, checked: toggle.checked, by: toggle.by, at, note: toggle.note ?? null };
  return {
    ...incident,
    runs: incident.runs.map((run) => {
      if (run.id !== toggle.runId) return run;
      const previous = run.checks.find((candidate) => candidate.stepId === toggle.stepId);
      const delta = (toggle.checked ? 1 : 0) - (previous?.checked ? 1 : 0);
      return { ...run, checkedCount: run.checkedCount + delta, checks: [...run.checks.filter((candidate) => candidate.stepId !== toggle.stepId), check] };
    }),
  };
}
