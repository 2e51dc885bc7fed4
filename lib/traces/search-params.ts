import { REQUEST_ID } from "@/lib/api/request-id";
import { traceIdSchema, traceSearchSchema, type SpanStatus } from "@/lib/traces/schemas";

/** The trace list's filters as they appear in its URL (strings; the API validates them). */
export const TRACE_FILTER_KEYS = [
  "service",
  "name",
  "minDurationMs",
  "spanStatus",
  "attr",
  "requestId",
  "status",
  "minConnections",
  "from",
  "to",
  "limit",
  "offset",
] as const;
export type TraceListFilters = Partial<Record<Exclude<(typeof TRACE_FILTER_KEYS)[number], "status" | "spanStatus">, string>> & {
  status?: "ok" | "error";
  spanStatus?: SpanStatus;
};

/**
 * The filters a trace-list URL asks for, each checked by the API's own schema: a value it would
 * refuse (`from=yesterday`, a reversed range) is left out and named in `problems`, so the page
 * shows what was wrong instead of crashing or silently ignoring it.
 */
export function filtersFromSearchParams(params: URLSearchParams): { filters: TraceListFilters; problems: string[] } {
  const filters: TraceListFilters = {};
  const problems: string[] = [];
  for (const key of TRACE_FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    const checked = traceSearchSchema.shape[key].safeParse(value);
    if (!checked.success) {
      problems.push(`${key}: "${value}" ${key === "from" || key === "to" ? "is not a date and time (ISO 8601, e.g. 2026-12-01T05:00:00Z)" : `is not valid (${checked.error.issues[0]?.message ?? "refused"})`}`);
    } else if (key === "status") {
      filters.status = checked.data as "ok" | "error";
    } else if (key === "spanStatus") {
      filters.spanStatus = checked.data as SpanStatus;
    } else {
      filters[key] = value;
    }
  }
  if (filters.from && filters.to && Date.parse(filters.from) > Date.parse(filters.to)) {
    problems.push(`from (${filters.from}) is after to (${filters.to})`);
    delete filters.from;
    delete filters.to;
  }
  return { filters, problems };
}

export function filtersToQuery(filters: TraceListFilters): string {
  const params = new URLSearchParams();
  for (const key of TRACE_FILTER_KEYS) if (filters[key]) params.set(key, filters[key] as string);
  return params.toString();
}

/** Traces a page of the list shows unless the link says `limit`. */
export const TRACE_PAGE_SIZE = 200;

export interface TraceListPage {
  /** 1-based positions of the first and last trace shown, newest first (0 and 0 when none). */
  first: number;
  last: number;
  total: number;
  /** The `offset` of the next older page and the next newer one, null at either end. */
  older: number | null;
  newer: number | null;
}

/** Where a page of `shown` traces starting at `offset` sits among `total` matches ("201–391 of 391"). */
export function traceListPage(offset: number, pageSize: number, shown: number, total: number): TraceListPage {
  const last = offset + shown;
  return {
    first: shown === 0 ? 0 : offset + 1,
    last,
    total: Math.max(total, last),
    older: last < total ? last : null,
    newer: offset > 0 ? Math.max(0, offset - pageSize) : null,
  };
}

/** The filters that say which traces (what the count counts): the list's without its paging. */
export function withoutPaging(filters: TraceListFilters): TraceListFilters {
  const which = { ...filters };
  delete which.limit;
  delete which.offset;
  return which;
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

/**
 * What the header's search box was given: a trace id (in any of the forms traceIdFromInput reads)
 * opens that trace; otherwise a request id (what X-Request-ID accepts) is looked up through the
 * spans' `request_id` attribute; anything else is neither.
 */
export function headerSearchTarget(input: string): { traceId: string } | { requestId: string } | null {
  const traceId = traceIdFromInput(input);
  if (traceId) return { traceId };
  const requestId = input.trim();
  return REQUEST_ID.test(requestId) ? { requestId } : null;
}

/** Where a request id leads: the one trace carrying it, else the trace list filtered by it (which says when none does). */
export function requestIdDestination(requestId: string, traceIds: string[]): string {
  return traceIds.length === 1 ? `/traces/${traceIds[0]}` : `/traces?${new URLSearchParams({ requestId }).toString()}`;
}
