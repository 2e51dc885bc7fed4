"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiClientError, callEndpoint } from "@/lib/api/client";
import { applyCheck, type CheckToggle } from "@/lib/incidents/checks";
import { incidentEndpoints } from "@/lib/incidents/endpoints";
import { incidentKeys } from "@/lib/incidents/query-keys";
import type { z } from "zod";
import type { createIncidentSchema, IncidentDetail, UpdateIncident } from "@/lib/incidents/schemas";

/** How often an open incident page asks again, so a second operator's checks and notes show up. */
export const INCIDENT_POLL_MS = 5_000;

export const useIncident = (initial: IncidentDetail) =>
  useQuery({
    queryKey: incidentKeys.detail(initial.id),
    queryFn: ({ signal }) => callEndpoint(incidentEndpoints.get, { params: { id: initial.id }, signal }),
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
      callEndpoint(incidentEndpoints.toggleCheck, { params: { id, runId }, body: { stepId, checked, ...(note ? { note } : {}) } }),
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
    mutationFn: (patch: UpdateIncident) => callEndpoint(incidentEndpoints.update, { params: { id }, body: patch }),
    onSettled: () => invalidate(),
  });
}

export function useAddNote(id: number) {
  const invalidate = useInvalidateIncident(id);
  return useMutation({
    mutationFn: (body: string) => callEndpoint(incidentEndpoints.addNote, { params: { id }, body: { body } }),
    onSettled: () => invalidate(),
  });
}

export function useAttachRunbook(id: number) {
  const invalidate = useInvalidateIncident(id);
  return useMutation({
    mutationFn: (runbook: string) => callEndpoint(incidentEndpoints.attachRunbook, { params: { id }, body: { runbook } }),
    onSettled: () => invalidate(),
  });
}

/** The incidents still open (newest first), to attach a runbook worked outside one. */
export const useOpenIncidents = () =>
  useQuery({
    queryKey: incidentKeys.open(),
    queryFn: ({ signal }) => callEndpoint(incidentEndpoints.list, { query: { status: "open", pageSize: 20 }, signal }),
  });

/**
 * Attaches a runbook to an incident and checks there the steps ticked on the runbook's own page,
 * so the run is kept with who and when. A runbook the incident already has is not attached twice:
 * the ticks go to its run.
 */
export function useAttachRunWithChecks() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ incidentId, slug, stepIds }: { incidentId: number; slug: string; stepIds: string[] }) => {
      const runId = await callEndpoint(incidentEndpoints.attachRunbook, { params: { id: incidentId }, body: { runbook: slug } }).then(
        (run) => run.id,
        async (error: unknown) => {
          if (!(error instanceof ApiClientError && error.status === 409)) throw error;
          const incident = await callEndpoint(incidentEndpoints.get, { params: { id: incidentId } });
          const run = incident.runs.find((candidate) => candidate.runbookSlug === slug);
          if (!run) throw error;
          return run.id;
        },
      );
      for (const stepId of stepIds) await callEndpoint(incidentEndpoints.toggleCheck, { params: { id: incidentId, runId }, body: { stepId, checked: true } });
      return { incidentId, runId };
    },
    onSettled: (_result, _error, { incidentId }) => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) }),
  });
}

/** Opens an incident by hand. */
export function useCreateIncident() {
  return useMutation({ mutationFn: (input: z.input<typeof createIncidentSchema>) => callEndpoint(incidentEndpoints.create, { body: input }) });
}

/** Adds a request id to the incident by hand (seed 002). */
export function useAddRequestId(id: number) {
  const invalidate = useInvalidateIncident(id);
  return useMutation({
    mutationFn: (requestId: string) => callEndpoint(incidentEndpoints.addRequestId, { params: { id }, body: { requestId } }),
    onSettled: () => invalidate(),
  });
}

export function useRemoveRequestId(id: number) {
  const invalidate = useInvalidateIncident(id);
  return useMutation({
    mutationFn: (requestId: string) => callEndpoint(incidentEndpoints.removeRequestId, { params: { id, requestId } }),
    onSettled: () => invalidate(),
  });
}
