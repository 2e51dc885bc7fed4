"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { callEndpoint } from "@/lib/api/client";
import { tokenEndpoints } from "@/lib/auth/endpoints";
import { tokenKeys } from "@/lib/auth/query-keys";
import type { Role } from "@/lib/auth/roles";

export function useApiTokens() {
  return useQuery({
    queryKey: tokenKeys.list(),
    queryFn: ({ signal }) => callEndpoint(tokenEndpoints.list, { signal }).then((body) => body.tokens),
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role }) =>
      callEndpoint(tokenEndpoints.create, { body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => callEndpoint(tokenEndpoints.revoke, { params: { id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
