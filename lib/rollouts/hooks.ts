"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { callEndpoint } from "@/lib/api/client";
import { flagKeys } from "@/lib/flags/query-keys";
import { rolloutEndpoints } from "@/lib/rollouts/endpoints";
import type { CreatePlan, Plan } from "@/lib/rollouts/schemas";

/** Browser hooks for release plans. Running plans change by themselves, so reads refresh. */
export const rolloutKeys = {
  all: ["rollouts"] as const,
  forFlag: (name: string) => [...rolloutKeys.all, "flag", name] as const,
  active: () => [...rolloutKeys.all, "active"] as const,
  evaluations: (id: number) => [...rolloutKeys.all, "evaluations", id] as const,
  templates: () => [...rolloutKeys.all, "templates"] as const,
};

const REFRESH_MS = 10_000;

export const useFlagPlans = (name: string) =>
  useQuery({
    queryKey: rolloutKeys.forFlag(name),
    queryFn: ({ signal }) => callEndpoint(rolloutEndpoints.list, { query: { flag: name }, signal }).then((body) => body.plans),
    refetchInterval: REFRESH_MS,
  });

export const useActivePlans = () =>
  useQuery({
    queryKey: rolloutKeys.active(),
    queryFn: ({ signal }) => callEndpoint(rolloutEndpoints.list, { query: { active: "true" }, signal }).then((body) => body.plans),
    refetchInterval: REFRESH_MS,
  });

export const usePlanEvaluations = (id: number) =>
  useQuery({
    queryKey: rolloutKeys.evaluations(id),
    queryFn: ({ signal }) => callEndpoint(rolloutEndpoints.evaluations, { params: { id }, query: { limit: 500 }, signal }).then((body) => body.evaluations),
    refetchInterval: REFRESH_MS,
  });

export const useTemplates = () =>
  useQuery({ queryKey: rolloutKeys.templates(), queryFn: ({ signal }) => callEndpoint(rolloutEndpoints.templates, { signal }).then((body) => body.templates) });

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
    mutationFn: (verb: "pause" | "resume" | "abort") => callEndpoint(rolloutEndpoints[verb], { params: { id: plan.id }, body: { version: plan.version } }),
    onSettled: invalidate,
  });
}

export function useStartPlan(flagName: string) {
  const invalidate = useInvalidateFlag(flagName);
  return useMutation({
    mutationFn: (body: Pick<CreatePlan, "template" | "service">) =>
      callEndpoint(rolloutEndpoints.create, { params: { name: flagName }, body }),
    onSettled: invalidate,
  });
}
