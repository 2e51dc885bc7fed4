"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { apiFetch } from "@/lib/api/client";
import type { RateLimitConfigPatch } from "@/lib/ratelimit/config";
import { rateLimitKeys } from "@/lib/ratelimit/query-keys";
import type { LoginStateView, storedConfigSchema, Threats, ThreatWindow, UnlockResult } from "@/lib/ratelimit/schemas";

type StoredConfig = z.infer<typeof storedConfigSchema>;
const withEmail = (path: string, email: string) => `${path}?email=${encodeURIComponent(email)}`;

export function useLoginState(email: string | null) {
  return useQuery({
    queryKey: rateLimitKeys.user(email ?? ""),
    queryFn: ({ signal }) => apiFetch<LoginStateView>(withEmail("/api/admin/ratelimit/user", email ?? ""), { signal }),
    enabled: Boolean(email),
    staleTime: 0,
  });
}

export function useUnlock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => apiFetch<UnlockResult>(withEmail("/api/admin/ratelimit/unlock", email), { method: "POST" }),
    onSuccess: (result) => {
      queryClient.setQueryData(rateLimitKeys.user(result.email), result.state);
      void queryClient.invalidateQueries({ queryKey: rateLimitKeys.all });
    },
  });
}

export function useThreats(window: ThreatWindow) {
  return useQuery({
    queryKey: rateLimitKeys.threats(window),
    queryFn: ({ signal }) => apiFetch<Threats>(`/api/admin/ratelimit/threats?window=${window}`, { signal }),
    refetchInterval: 30_000,
  });
}

export function useRateLimitConfig() {
  return useQuery({
    queryKey: rateLimitKeys.config(),
    queryFn: ({ signal }) => apiFetch<StoredConfig>("/api/admin/ratelimit/config", { signal }),
  });
}

export function useUpdateRateLimitConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: RateLimitConfigPatch) => apiFetch<StoredConfig>("/api/admin/ratelimit/config", { method: "POST", body: patch }),
    onSuccess: (saved) => queryClient.setQueryData(rateLimitKeys.config(), saved),
  });
}
