import { type SeriesLine, type SeriesName, SERIES_NAMES } from "@/lib/metrics/schemas";

/**
 * The Metrics and Pools pages' state as it lives in the URL, so an alert can link to exactly
 * one view: `?range=1h` or `?range=custom&from=…&to=…`, `&series=auth_latency,cache_hit_rate`
 * (the charts shown; all when absent) and `&refresh=off` (auto-refresh paused).
 */
export const RANGE_PRESETS = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;

export type RangeChoice = { kind: "preset"; preset: RangePreset } | { kind: "custom"; fromMs: number; toMs: number };

export interface ViewState {
  range: RangeChoice;
  series: SeriesName[];
  paused: boolean;
}

export const DEFAULT_PRESET: RangePreset = "1h";

type Search = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function parseViewState(search: Search, allSeries: readonly SeriesName[] = SERIES_NAMES): ViewState {
  const rangeParam = first(search.range);
  let range: RangeChoice = { kind: "preset", preset: DEFAULT_PRESET };
  if (rangeParam && rangeParam in RANGE_PRESETS) range = { kind: "preset", preset: rangeParam as RangePreset };
  if (rangeParam === "custom") {
    const fromMs = Date.parse(first(search.from) ?? "");
    const toMs = Date.parse(first(search.to) ?? "");
    if (Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs < toMs) range = { kind: "custom", fromMs, toMs };
  }
  const requested = (first(search.series) ?? "").split(",").filter((name): name is SeriesName => allSeries.includes(name as SeriesName));
  return { range, series: requested.length ? requested : [...allSeries], paused: first(search.refresh) === "off" };
}

/**
 * What a metrics link asked for that `parseViewState` could not honour, in words — shown above the
 * charts so a link falling back to the last hour says so.
 */
export function viewStateProblems(search: Search): string[] {
  const rangeParam = first(search.range);
  if (!rangeParam) return [];
  if (rangeParam !== "custom") {
    return rangeParam in RANGE_PRESETS ? [] : [`range: "${rangeParam}" is not one of ${Object.keys(RANGE_PRESETS).join(", ")} or custom`];
  }
  const problems: string[] = [];
  const from = first(search.from) ?? "";
  const to = first(search.to) ?? "";
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!Number.isFinite(fromMs)) problems.push(from ? `from: "${from}" is not a date and time` : "from: missing for a custom range");
  if (!Number.isFinite(toMs)) problems.push(to ? `to: "${to}" is not a date and time` : "to: missing for a custom range");
  if (problems.length === 0 && fromMs >= toMs) problems.push(`the range is reversed: from (${from}) is not before to (${to})`);
  return problems;
}

/** The state as URL parameters (null: absent), for nuqs. */
export function viewStateQuery(state: ViewState, allSeries: readonly SeriesName[] = SERIES_NAMES): Record<"range" | "from" | "to" | "series" | "refresh", string | null> {
  const custom = state.range.kind === "custom" ? state.range : null;
  return {
    range: state.range.kind === "preset" ? state.range.preset : "custom",
    from: custom ? new Date(custom.fromMs).toISOString() : null,
    to: custom ? new Date(custom.toMs).toISOString() : null,
    series: state.series.length !== allSeries.length ? state.series.join(",") : null,
    refresh: state.paused ? "off" : null,
  };
}

export function serialiseViewState(state: ViewState, allSeries: readonly SeriesName[] = SERIES_NAMES): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(viewStateQuery(state, allSeries))) if (value !== null) params.set(key, value);
  return params.toString();
}

/** The concrete window a range choice means at `nowMs` (presets end now; custom ranges are fixed). */
export function resolveWindow(range: RangeChoice, nowMs: number): { fromMs: number; toMs: number } {
  return range.kind === "custom" ? { fromMs: range.fromMs, toMs: range.toMs } : { fromMs: nowMs - RANGE_PRESETS[range.preset], toMs: nowMs };
}

/** The traces of one bucket, as a link into the Traces area. */
export function tracesHref(bucketStartMs: number, stepSeconds: number): string {
  const params = new URLSearchParams({ from: new Date(bucketStartMs).toISOString(), to: new Date(bucketStartMs + stepSeconds * 1000).toISOString() });
  return `/traces?${params.toString()}`;
}

/** Recharts wants one row per x value: `{ time, [lineId]: value }`, sorted by time. */
export type ChartRow = { time: number } & Record<string, number | null>;

export function toChartRows(lines: SeriesLine[], scale = 1): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const line of lines) {
    for (const point of line.points) {
      const row = rows.get(point.time) ?? ({ time: point.time } as ChartRow);
      row[line.id] = point.value === null ? null : point.value * scale;
      rows.set(point.time, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.time - b.time);
}

/**
 * A connection-leak hint: active connections that keep climbing over the window rather than
 * rising and falling with load. The window is cut into six segments; a leak is when no segment's
 * mean falls by more than 5 % of the peak below the one before, and even the quietest moment of
 * the last segment is above the busiest of the first (by 2 connections or more): load comes and
 * goes, leaked connections stay. Needs at least six values.
 */
export function looksLikeLeak(values: Array<number | null>): boolean {
  const known = values.filter((value): value is number => value !== null);
  const SEGMENTS = 6;
  if (known.length < SEGMENTS) return false;
  const segments = Array.from({ length: SEGMENTS }, (_, segment) =>
    known.slice(Math.floor((segment * known.length) / SEGMENTS), Math.floor(((segment + 1) * known.length) / SEGMENTS)),
  );
  const means = segments.map((slice) => slice.reduce((sum, value) => sum + value, 0) / slice.length);
  const tolerance = Math.max(...known) * 0.05;
  const neverFalls = means.every((mean, index) => index === 0 || mean >= (means[index - 1] as number) - tolerance);
  return neverFalls && Math.min(...(segments[SEGMENTS - 1] as number[])) - Math.max(...(segments[0] as number[])) >= 2;
}

export type SortKey = "endpoint" | "errorCount" | "errorRate" | "requests";

/** The error table's order; unknown rates sort last whichever the direction. */
export function sortErrorRows<T extends { endpoint: string; errorCount: number; errorRate: number | null; requests: number }>(
  rows: T[],
  key: SortKey,
  direction: "asc" | "desc",
): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === "endpoint") return sign * a.endpoint.localeCompare(b.endpoint);
    const left = a[key];
    const right = b[key];
    if (left === null) return right === null ? 0 : 1;
    if (right === null) return -1;
    return sign * (left - right) || a.endpoint.localeCompare(b.endpoint);
  });
}
