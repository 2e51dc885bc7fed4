import type { SeriesName } from "@/lib/metrics/schemas";

/** TanStack Query keys for the metrics domain, from one factory. */
export const metricsKeys = {
  all: ["metrics"] as const,
  series: (name: SeriesName, fromMs: number, toMs: number) => [...metricsKeys.all, "series", name, fromMs, toMs] as const,
  errors: (fromMs: number, toMs: number) => [...metricsKeys.all, "errors", fromMs, toMs] as const,
};
