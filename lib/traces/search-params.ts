import { traceIdSchema } from "@/lib/traces/schemas";

/** The trace list's filters as they appear in its URL (strings; the API validates them). */
export const TRACE_FILTER_KEYS = ["service", "name", "minDurationMs", "status", "minConnections", "from", "to", "limit"] as const;
export type TraceListFilters = Partial<Record<Exclude<(typeof TRACE_FILTER_KEYS)[number], "status">, string>> & { status?: "ok" | "error" };

export function filtersFromSearchParams(params: URLSearchParams): TraceListFilters {
  const filters: TraceListFilters = {};
  for (const key of TRACE_FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key !== "status") filters[key] = value;
    else if (value === "ok" || value === "error") filters.status = value;
  }
  return filters;
}

export function filtersToQuery(filters: TraceListFilters): string {
  const params = new URLSearchParams();
  for (const key of TRACE_FILTER_KEYS) if (filters[key]) params.set(key, filters[key] as string);
  return params.toString();
}

/**
 * What someone pastes into the header search: a bare trace id, an X-Trace-ID header line, a
 * traceparent, or a trace URL. Returns the 32-digit id, or null.
 */
export function traceIdFromInput(input: string): string | null {
  const candidates = input.toLowerCase().match(/[0-9a-f]{32}/g) ?? [];
  for (const candidate of candidates) {
    const parsed = traceIdSchema.safeParse(candidate);
    if (parsed.success && !/^0+$/.test(parsed.data)) return parsed.data;
  }
  return null;
}
