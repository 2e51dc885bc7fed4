import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { callEndpoint } from "@/lib/api/client";
import { metricsEndpoints } from "@/lib/metrics/endpoints";
import { metricsKeys } from "@/lib/metrics/query-keys";
import type { SeriesName } from "@/lib/metrics/schemas";

/** The window moves on the page's refresh tick, so a new window is a new key and a new fetch. */
export function useSeries(name: SeriesName, fromMs: number, toMs: number, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: metricsKeys.series(name, fromMs, toMs),
    queryFn: ({ signal }) =>
      callEndpoint(metricsEndpoints.series, { params: { name }, query: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() }, signal }),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}

export function useErrorSummary(fromMs: number, toMs: number) {
  return useQuery({
    queryKey: metricsKeys.errors(fromMs, toMs),
    queryFn: ({ signal }) =>
      callEndpoint(metricsEndpoints.errors, {
        query: { window: `${Math.max(1, Math.round((toMs - fromMs) / 1000))}s`, to: new Date(toMs).toISOString() },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
