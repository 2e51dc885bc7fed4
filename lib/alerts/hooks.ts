"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { alertKeys } from "@/lib/alerts/query-keys";
import type { z } from "zod";
import type { ruleListSchema, silenceListSchema, silenceSchema, SilenceInput, sloListSchema } from "@/lib/alerts/schemas";

type RuleList = z.infer<typeof ruleListSchema>;
type SilenceList = z.infer<typeof silenceListSchema>;
type SloList = z.infer<typeof sloListSchema>;

/** Rules change state every evaluation (30 s by default); the page asks again at half that. */
export const ALERTS_POLL_MS = 15_000;

export const useRules = (initial: RuleList) =>
  useQuery({
    queryKey: alertKeys.rules(),
    queryFn: ({ signal }) => apiFetch<RuleList>("/api/admin/alerts/rules", { signal }),
    initialData: initial,
    refetchInterval: ALERTS_POLL_MS,
  });

export const useSilences = (initial: SilenceList) =>
  useQuery({
    queryKey: alertKeys.silences(),
    queryFn: ({ signal }) => apiFetch<SilenceList>("/api/admin/alerts/silences", { signal }),
    initialData: initial,
  });

export const useSlos = (initial: SloList) =>
  useQuery({
    queryKey: alertKeys.slos(),
    queryFn: ({ signal }) => apiFetch<SloList>("/api/admin/slos", { signal }),
    initialData: initial,
    refetchInterval: ALERTS_POLL_MS,
  });

export function useCreateSilence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SilenceInput) => apiFetch<z.infer<typeof silenceSchema>>("/api/admin/alerts/silences", { method: "POST", body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
