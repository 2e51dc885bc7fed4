"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { callEndpoint } from "@/lib/api/client";
import type { RateLimitConfigPatch } from "@/lib/ratelimit/config";
import { rateLimitEndpoints } from "@/lib/ratelimit/endpoints";
import { rateLimitKeys } from "@/lib/ratelimit/query-keys";
import type { ThreatWindow } from "@/lib/ratelimit/schemas";

export function useLoginState(email: string | null) {
  return useQuery({
    queryKey: rateLimitKeys.user(email ?? ""),
    queryFn: ({ signal }) => callEndpoint(rateLimitEndpoints.user, { query: { email: email ?? "" }, signal }),
    enabled: Boolean(email),
    staleTime: 0,
  });
}

export function useUnlock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => callEndpoint(rateLimitEndpoints.unlock, { query: { email } }),
    onSuccess: (result) => {
      queryClient.setQueryData(rateLimitKeys.user(result.email), result.state);
      void queryClient.invalidateQueries({ queryKey: rateLimitKeys.all });
    },
  });
}

export function useThreats(window: ThreatWindow) {
  return useQuery({
    queryKey: rateLimitKeys.threats(window),
    queryFn: ({ signal }) => callEndpoint(rateLimitEndpoints.threats, { query: { window }, signal }),
    refetchInterval: 30_000,
  });
}

export function useRateLimitConfig() {
  return useQuery({
    queryKey: rateLimitKeys.config(),
    queryFn: ({ signal }) => callEndpoint(rateLimitEndpoints.config, { signal }),
  });
}

export function useUpdateRateLimitConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: RateLimitConfigPatch) => callEndpoint(rateLimitEndpoints.updateConfig, { body: patch }),
    onSuccess: (saved) => queryClient.setQueryData(rateLimitKeys.config(), saved),
  });
}
