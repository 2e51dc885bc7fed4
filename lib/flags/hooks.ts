"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiClientError, callEndpoint } from "@/lib/api/client";
import type { Environment } from "@/lib/flags/evaluate";
import { flagEndpoints } from "@/lib/flags/endpoints";
import { flagKeys } from "@/lib/flags/query-keys";
import { featureFlagSchema, type FeatureFlag, type FlagPatch } from "@/lib/flags/schemas";

export const useFlags = () =>
  useQuery({
    queryKey: flagKeys.list(),
    queryFn: ({ signal }) => callEndpoint(flagEndpoints.list, { signal }).then((body) => Object.values(body.features)),
  });

export const useFlag = (name: string) =>
  useQuery({ queryKey: flagKeys.detail(name), queryFn: ({ signal }) => callEndpoint(flagEndpoints.get, { params: { name }, signal }) });

export const useFlagHistory = (name: string) =>
  useQuery({
    queryKey: flagKeys.history(name),
    queryFn: ({ signal }) => callEndpoint(flagEndpoints.history, { params: { name }, signal }).then((body) => body.entries),
  });

/** "Who gets it?": the server's own evaluation for one user at the flag's `version`; off until `asked` is set. */
export const useFlagStatus = (name: string, version: number, asked: { userId: string; env: Environment | "" } | null) =>
  useQuery({
    queryKey: flagKeys.status(name, version, asked?.userId ?? "", asked?.env ?? ""),
    queryFn: ({ signal }) =>
      callEndpoint(flagEndpoints.status, { params: { name }, query: { userId: asked?.userId, env: asked?.env || undefined }, signal }),
    enabled: asked !== null,
    staleTime: 0,
  });

/** On 409 the API sends the flag as it is now in `error.details.flag`. */
function currentFlagOf(error: unknown): FeatureFlag | undefined {
  if (!(error instanceof ApiClientError) || error.status !== 409) return undefined;
  const parsed = featureFlagSchema.safeParse((error.details as { flag?: unknown } | undefined)?.flag);
  return parsed.success ? parsed.data : undefined;
}

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
    mutationFn: ({ patch, version }: { patch: FlagPatch; version: number }) =>
      callEndpoint(flagEndpoints.update, { params: { name }, body: { ...patch, version } }).then((body) => body.flag),
    onMutate: async ({ patch }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<FeatureFlag>(key);
      if (previous) queryClient.setQueryData<FeatureFlag>(key, { ...previous, ...patch });
      return { previous };
    },
    onError: (error, _variables, context) => {
      const current = currentFlagOf(error);
      queryClient.setQueryData(key, current ?? context?.previous);
      callbacks.onRolledBack?.(
        error instanceof ApiClientError && error.status === 409
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

/** Target and excluded users, and environments. */
export function useUpdateTargets(flag: FeatureFlag, callbacks: OptimisticCallbacks = {}) {
  const mutation = useOptimisticFlagPatch(flag.name, callbacks);
  return {
    ...mutation,
    updateTargets: (targets: Pick<FlagPatch, "targetUsers" | "excludedUsers" | "targetEnvironments">) => mutation.mutate({ patch: targets, version: flag.version }),
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
    mutationFn: ({ flags, reason }: { flags: string[]; reason?: string }) =>
      callEndpoint(flagEndpoints.emergencyRollback, { body: { flags, reason } }).then((body) => body.flags),
    onSettled: () => queryClient.invalidateQueries({ queryKey: flagKeys.all }),
  });
}

/** Undo of an emergency rollback: each flag back to the rollout it had, based on the version the rollback left. */
export function useRestoreRollouts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (flags: Array<{ name: string; rolloutPercentage: number; version: number }>) =>
      Promise.all(
        flags.map(({ name, rolloutPercentage, version }) =>
          callEndpoint(flagEndpoints.update, { params: { name }, body: { rolloutPercentage, version } }).then((body) => body.flag),
        ),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: flagKeys.all }),
  });
}
