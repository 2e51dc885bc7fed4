"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FlagApiError, fetchFlag, fetchFlags, fetchHistory, patchFlag, rollbackFlags } from "@/lib/flags/client";
import { flagKeys } from "@/lib/flags/query-keys";
import type { FeatureFlag, FlagPatch } from "@/lib/flags/schemas";

export const useFlags = () => useQuery({ queryKey: flagKeys.list(), queryFn: ({ signal }) => fetchFlags(signal) });

export const useFlag = (name: string) => useQuery({ queryKey: flagKeys.detail(name), queryFn: ({ signal }) => fetchFlag(name, signal) });

export const useFlagHistory = (name: string) =>
  useQuery({ queryKey: flagKeys.history(name), queryFn: ({ signal }) => fetchHistory(name, signal) });

export interface OptimisticCallbacks {
  /** After a rollback: the message to show (409 names the newer version). */
  onRolledBack?: (message: string) => void;
  onSaved?: (before: FeatureFlag, after: FeatureFlag) => void;
}

/**
 * The optimistic core the named hooks below share: cancel in-flight reads, remember the flag,
 * show the change at once, send it with the version it was based on, and on error put back the
 * remembered flag — or, on 409, the server's newer one — and say so.
 */
function useOptimisticFlagPatch(name: string, callbacks: OptimisticCallbacks) {
  const queryClient = useQueryClient();
  const key = flagKeys.detail(name);
  return useMutation({
    mutationFn: ({ patch, version }: { patch: FlagPatch; version: number }) => patchFlag(name, patch, version),
    onMutate: async ({ patch }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<FeatureFlag>(key);
      if (previous) queryClient.setQueryData<FeatureFlag>(key, { ...previous, ...patch });
      return { previous };
    },
    onError: (error, _variables, context) => {
      const current = error instanceof FlagApiError ? error.currentFlag : undefined;
      queryClient.setQueryData(key, current ?? context?.previous);
      callbacks.onRolledBack?.(
        error instanceof FlagApiError && error.status === 409
          ? `Someone else changed this flag (now version ${current?.version ?? "?"}); your change was not applied.`
          : `Your change was not applied: ${error.message}`,
      );
    },
    onSuccess: (flag, _variables, context) => {
      queryClient.setQueryData(key, flag);
      if (context?.previous) callbacks.onSaved?.(context.previous, flag);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: flagKeys.list() });
      void queryClient.invalidateQueries({ queryKey: flagKeys.history(name) });
    },
  });
}

/** Moves the rollout slider. */
export function useSetRollout(flag: FeatureFlag, callbacks: OptimisticCallbacks = {}) {
  const mutation = useOptimisticFlagPatch(flag.name, callbacks);
  return { ...mutation, setRollout: (rolloutPercentage: number) => mutation.mutate({ patch: { rolloutPercentage }, version: flag.version }) };
}

/** The kill switch. */
export function useSetEnabled(flag: FeatureFlag, callbacks: OptimisticCallbacks = {}) {
  const mutation = useOptimisticFlagPatch(flag.name, callbacks);
  return { ...mutation, setEnabled: (enabled: boolean) => mutation.mutate({ patch: { enabled }, version: flag.version }) };
}

/** Target users and environments. */
export function useUpdateTargets(flag: FeatureFlag, callbacks: OptimisticCallbacks = {}) {
  const mutation = useOptimisticFlagPatch(flag.name, callbacks);
  return {
    ...mutation,
    updateTargets: (targets: Pick<FlagPatch, "targetUsers" | "targetEnvironments">) => mutation.mutate({ patch: targets, version: flag.version }),
  };
}

/** The metadata editor (and the description). */
export function useUpdateMetadata(flag: FeatureFlag, callbacks: OptimisticCallbacks = {}) {
  const mutation = useOptimisticFlagPatch(flag.name, callbacks);
  return { ...mutation, updateMetadata: (metadata: Record<string, unknown>) => mutation.mutate({ patch: { metadata }, version: flag.version }) };
}

/** The emergency-rollback button: not optimistic — an operator must see it really happened. */
export function useEmergencyRollback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ flags, reason }: { flags: string[]; reason?: string }) => rollbackFlags(flags, reason),
    onSettled: () => queryClient.invalidateQueries({ queryKey: flagKeys.all }),
  });
}
