import type { TraceListFilters } from "@/lib/traces/search-params";

/** Every TanStack Query key of the traces domain. */
export const traceKeys = {
  all: ["traces"] as const,
  list: (filters: TraceListFilters) => [...traceKeys.all, "list", filters] as const,
  count: (filters: TraceListFilters) => [...traceKeys.all, "count", filters] as const,
  detail: (traceId: string) => [...traceKeys.all, "detail", traceId] as const,
};
