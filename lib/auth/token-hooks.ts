"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { tokenKeys } from "@/lib/auth/query-keys";
import type { Role } from "@/lib/auth/roles";
import type { ApiTokenView } from "@/lib/auth/schemas";

export function useApiTokens() {
  return useQuery({
    queryKey: tokenKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ tokens: ApiTokenView[] }>("/api/admin/tokens", { signal }).then((body) => body.tokens),
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role }) =>
      apiFetch<{ token: string; apiToken: ApiTokenView }>("/api/admin/tokens", { method: "POST", body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ apiToken: ApiTokenView }>(`/api/admin/tokens/${id}`, { method: "DELETE" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
