"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { applyCheck, type CheckToggle } from "@/lib/incidents/checks";
import { incidentKeys } from "@/lib/incidents/query-keys";
import type { IncidentDetail, IncidentNote, IncidentStepCheck, IncidentSummary, RunbookRun, UpdateIncident } from "@/lib/incidents/schemas";

/** How often an open incident page asks again, so a second operator's checks and notes show up. */
export const INCIDENT_POLL_MS = 5_000;

const incidentUrl = (id: number) => `/api/admin/incidents/${id}`;

export const useIncident = (initial: IncidentDetail) =>
  useQuery({
    queryKey: incidentKeys.detail(initial.id),
    queryFn: ({ signal }) => apiFetch<IncidentDetail>(incidentUrl(initial.id), { signal }),
    initialData: initial,
    // A resolved incident changes rarely; a live one is polled.
    refetchInterval: (query) => (query.state.data?.status === "resolved" ? false : INCIDENT_POLL_MS),
  });

function useInvalidateIncident(id: number) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(id) });
}

/**
 * Checks or unchecks a step at once on screen, then on the server; on failure the previous state
 * comes back and the error is returned to the caller. The incident is read again afterwards, so
 * the timeline and completion catch up.
 */
export function useToggleCheck(id: number) {
  const queryClient = useQueryClient();
  const key = incidentKeys.detail(id);
  const invalidate = useInvalidateIncident(id);
  return useMutation({
    mutationFn: ({ runId, stepId, checked, note }: CheckToggle) =>
      apiFetch<IncidentStepCheck>(`${incidentUrl(id)}/runs/${runId}/checks`, { method: "PUT", body: { stepId, checked, ...(note ? { note } : {}) } }),
    onMutate: async (toggle) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<IncidentDetail>(key);
      if (previous) queryClient.setQueryData<IncidentDetail>(key, applyCheck(previous, toggle, new Date().toISOString()));
      return { previous };
    },
    onError: (_error, _toggle, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => invalidate(),
  });
}

export function useUpdateIncident(id: number) {
  const invalidate = useInvalidateIncident(id);
  return useMutation({
    mutationFn: (patch: UpdateIncident) => apiFetch<IncidentSummary>(incidentUrl(id), { method: "PATCH", body: patch }),
    onSettled: () => invalidate(),
  });
}

export function useAddNote(id: number) {
  const invalidate = useInvalidateIncident(id);
  return useMutation({
    mutationFn: (body: string) => apiFetch<IncidentNote>(`${incidentUrl(id)}/notes`, { method: "POST", body: { body } }),
    onSettled: () => invalidate(),
  });
}

export function useAttachRunbook(id: number) {
  const invalidate = useInvalidateIncident(id);
  return useMutation({
    mutationFn: (runbook: string) => apiFetch<RunbookRun>(`${incidentUrl(id)}/runs`, { method: "POST", body: { runbook } }),
    onSettled: () => invalidate(),
  });
}
