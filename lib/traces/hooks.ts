"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { callEndpoint, retryUnlessClientError } from "@/lib/api/client";
import { traceEndpoints } from "@/lib/traces/endpoints";
import { traceKeys } from "@/lib/traces/query-keys";
import type { TraceListFilters } from "@/lib/traces/search-params";
import { MAX_PAGE_SPANS } from "@/lib/traces/schemas";

export function useTraceList(filters: TraceListFilters) {
  return useQuery({
    queryKey: traceKeys.list(filters),
    queryFn: ({ signal }) => callEndpoint(traceEndpoints.search, { query: filters, signal }),
  });
}

/** How many traces the filters match (paging aside): the list says "200 of 391". */
export function useTraceCount(filters: TraceListFilters) {
  return useQuery({
    queryKey: traceKeys.count(filters),
    queryFn: ({ signal }) => callEndpoint(traceEndpoints.count, { query: filters, signal }),
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
      callEndpoint(traceEndpoints.get, { params: { traceId }, query: { limit: MAX_PAGE_SPANS, cursor: pageParam ?? undefined }, signal }),
    getNextPageParam: (last) => last.nextCursor,
    retry: retryUnlessClientError,
    staleTime: Infinity,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, isError]);
  return query;
}
