import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { metricsKeys } from "@/lib/metrics/query-keys";
import type { ErrorSummary, SeriesName, SeriesResponse } from "@/lib/metrics/schemas";

async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}`);
  return body as T;
}

/** The window moves on the page's refresh tick, so a new window is a new key and a new fetch. */
export function useSeries(name: SeriesName, fromMs: number, toMs: number, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: metricsKeys.series(name, fromMs, toMs),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
      return getJson<SeriesResponse>(`/api/admin/metrics/series/${name}?${params.toString()}`, signal);
    },
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}

export function useErrorSummary(fromMs: number, toMs: number) {
  return useQuery({
    queryKey: metricsKeys.errors(fromMs, toMs),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ window: `${Math.max(1, Math.round((toMs - fromMs) / 1000))}s`, to: new Date(toMs).toISOString() });
      return getJson<ErrorSummary>(`/api/admin/metrics/errors?${params.toString()}`, signal);
    },
    placeholderData: keepPreviousData,
  });
}
