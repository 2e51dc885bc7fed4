"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { flagKeys } from "@/lib/flags/query-keys";
import type { CreatePlan, Evaluation, Plan, Template } from "@/lib/rollouts/schemas";

/**
 * Browser hooks for release plans, kept thin in one file (fetchers, keys and hooks) so they move
 * to the typed endpoint client in one go. Running plans change by themselves, so reads refresh.
 */
export const rolloutKeys = {
  all: ["rollouts"] as const,
  forFlag: (name: string) => [...rolloutKeys.all, "flag", name] as const,
  active: () => [...rolloutKeys.all, "active"] as const,
  evaluations: (id: number) => [...rolloutKeys.all, "evaluations", id] as const,
  templates: () => [...rolloutKeys.all, "templates"] as const,
};

const REFRESH_MS = 10_000;
const planPath = (id: number) => `/api/admin/rollout-plans/${id}`;

export const useFlagPlans = (name: string) =>
  useQuery({
    queryKey: rolloutKeys.forFlag(name),
    queryFn: ({ signal }) => apiFetch<{ plans: Plan[] }>(`/api/admin/rollout-plans?flag=${encodeURIComponent(name)}`, { signal }).then((body) => body.plans),
    refetchInterval: REFRESH_MS,
  });

export const useActivePlans = () =>
  useQuery({
    queryKey: rolloutKeys.active(),
    queryFn: ({ signal }) => apiFetch<{ plans: Plan[] }>("/api/admin/rollout-plans?active=true", { signal }).then((body) => body.plans),
    refetchInterval: REFRESH_MS,
  });

export const usePlanEvaluations = (id: number) =>
  useQuery({
    queryKey: rolloutKeys.evaluations(id),
    queryFn: ({ signal }) => apiFetch<{ evaluations: Evaluation[] }>(`${planPath(id)}/evaluations?limit=500`, { signal }).then((body) => body.evaluations),
    refetchInterval: REFRESH_MS,
  });

export const useTemplates = () =>
  useQuery({ queryKey: rolloutKeys.templates(), queryFn: ({ signal }) => apiFetch<{ templates: Template[] }>("/api/admin/rollout-templates", { signal }).then((body) => body.templates) });

function useInvalidateFlag(name: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: rolloutKeys.all });
    void queryClient.invalidateQueries({ queryKey: flagKeys.detail(name) });
  };
}

export function usePlanTransition(plan: Plan) {
  const invalidate = useInvalidateFlag(plan.flagName);
  return useMutation({
    mutationFn: (verb: "pause" | "resume" | "abort") => apiFetch<Plan>(`${planPath(plan.id)}/${verb}`, { method: "POST", body: { version: plan.version } }),
    onSettled: invalidate,
  });
}

export function useStartPlan(flagName: string) {
  const invalidate = useInvalidateFlag(flagName);
  return useMutation({
    mutationFn: (body: Pick<CreatePlan, "template" | "service">) =>
      apiFetch<Plan>(`/api/admin/feature-flags/${encodeURIComponent(flagName)}/rollout-plans`, { method: "POST", body }),
    onSettled: invalidate,
  });
}
