"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { callEndpoint } from "@/lib/api/client";
import { alertEndpoints } from "@/lib/alerts/endpoints";
import { alertKeys } from "@/lib/alerts/query-keys";
import type { z } from "zod";
import type { RuleInput, ruleListSchema, silenceListSchema, SilenceInput, SloInput, sloListSchema } from "@/lib/alerts/schemas";

type RuleList = z.infer<typeof ruleListSchema>;
type SilenceList = z.infer<typeof silenceListSchema>;
type SloList = z.infer<typeof sloListSchema>;

/** Rules change state every evaluation (30 s by default); the page asks again at half that. */
export const ALERTS_POLL_MS = 15_000;

export const useRules = (initial: RuleList) =>
  useQuery({
    queryKey: alertKeys.rules(),
    queryFn: ({ signal }) => callEndpoint(alertEndpoints.listRules, { signal }),
    initialData: initial,
    refetchInterval: ALERTS_POLL_MS,
  });

/** The rules without a server-rendered first answer: for pages that only overlay them (the metrics charts). */
export const useRuleList = () =>
  useQuery({
    queryKey: alertKeys.rules(),
    queryFn: ({ signal }) => callEndpoint(alertEndpoints.listRules, { signal }),
    refetchInterval: ALERTS_POLL_MS,
  });

export const useSilences = (initial: SilenceList) =>
  useQuery({
    queryKey: alertKeys.silences(),
    queryFn: ({ signal }) => callEndpoint(alertEndpoints.listSilences, { signal }),
    initialData: initial,
  });

export const useSlos = (initial: SloList) =>
  useQuery({
    queryKey: alertKeys.slos(),
    queryFn: ({ signal }) => callEndpoint(alertEndpoints.listSlos, { signal }),
    initialData: initial,
    refetchInterval: ALERTS_POLL_MS,
  });

export function useCreateSilence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SilenceInput) => callEndpoint(alertEndpoints.createSilence, { body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

/** Creates a rule, or replaces rule `id` (the body carries the version read). */
export function useSaveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: RuleInput & { version?: number } }) =>
      id === undefined ? callEndpoint(alertEndpoints.createRule, { body: input }) : callEndpoint(alertEndpoints.updateRule, { params: { id }, body: { ...input, version: input.version ?? 1 } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => callEndpoint(alertEndpoints.deleteRule, { params: { id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

export function useSaveSlo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: SloInput & { version?: number } }) =>
      id === undefined ? callEndpoint(alertEndpoints.createSlo, { body: input }) : callEndpoint(alertEndpoints.updateSlo, { params: { id }, body: { ...input, version: input.version ?? 1 } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

export function useDeleteSlo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => callEndpoint(alertEndpoints.deleteSlo, { params: { id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
