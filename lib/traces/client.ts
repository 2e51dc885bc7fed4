"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { traceKeys } from "@/lib/traces/query-keys";
import { filtersToQuery, type TraceListFilters } from "@/lib/traces/search-params";
import { MAX_PAGE_SPANS, type TracePage, type TraceSummary } from "@/lib/traces/schemas";

/** A failed API call, carrying the server's message and status. */
export class ApiRequestError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiRequestError(response.status, body?.error?.message ?? `The server answered ${response.status}`);
  return body as T;
}

export function useTraceList(filters: TraceListFilters) {
  return useQuery({
    queryKey: traceKeys.list(filters),
    queryFn: ({ signal }) => getJson<TraceSummary[]>(`/api/admin/traces?${filtersToQuery(filters)}`, signal),
  });
}

/**
 * All of a trace's spans, page after page. The first page renders at once; later pages keep
 * arriving in the background (the caller shows progress), so huge traces open immediately.
 */
export function useTraceSpans(traceId: string) {
  const query = useInfiniteQuery({
    queryKey: traceKeys.detail(traceId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      getJson<TracePage>(
        `/api/admin/traces/${traceId}?limit=${MAX_PAGE_SPANS}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`,
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
    retry: (count, error) => !(error instanceof ApiRequestError && error.status < 500) && count < 2,
    staleTime: Infinity,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, isError]);
  return query;
}
