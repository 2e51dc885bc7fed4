import { M } from "@/lib/metrics/measurements";
import type { ResolvedRange, SeriesLine, SeriesName, SeriesUnit } from "@/lib/metrics/schemas";
import type { AggregateQuery, AggregateRow } from "@/lib/metrics/store/types";

/**
 * How each series is computed: the store queries it needs and a pure function turning their
 * rows into lines. Rates are derived here, from counts both stores agree on exactly.
 */
export interface SeriesPlan {
  unit: SeriesUnit;
  stepSeconds: number;
  queries: AggregateQuery[];
  derive(results: AggregateRow[][]): SeriesLine[];
}

const LATENCY_QUANTILES = [1, 50, 95, 99] as const;
/** Lockouts are counted per clock hour whatever the chart's step, so "per hour" means what it says. */
const HOUR = 3600;

function query(range: ResolvedRange, stepSeconds: number, rest: Omit<AggregateQuery, "fromUs" | "toUs" | "stepSeconds">): AggregateQuery {
  return { fromUs: range.fromMs * 1000, toUs: range.toMs * 1000, stepSeconds, ...rest };
}

const num = (value: number | string | null | undefined): number | null => (typeof value === "number" ? value : null);

/** One line per distinct group, keyed by its tags joined with "/". */
function linesByGroup(rows: AggregateRow[], groupBy: string[], valueIndex: number, suffix?: string): SeriesLine[] {
  const lines = new Map<string, SeriesLine>();
  for (const row of rows) {
    const base = groupBy.map((tag) => row.tags[tag] || "(none)").join("/");
    const id = suffix ? `${base} ${suffix}` : base;
    let line = lines.get(id);
    if (!line) {
      line = { id, labels: { ...Object.fromEntries(groupBy.map((tag) => [tag, row.tags[tag] ?? ""])), ...(suffix ? { metric: suffix } : {}) }, points: [] };
      lines.set(id, line);
    }
    line.points.push({ time: row.time, value: num(row.values[valueIndex]) });
  }
  return [...lines.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** `part / whole` per bucket from counts grouped by one tag, e.g. hits over hits + misses. */
export function ratioByBucket(rows: AggregateRow[], tag: string, numerator: string[], denominator: string[]): SeriesLine["points"] {
  const buckets = new Map<number, { part: number; whole: number }>();
  for (const row of rows) {
    const count = num(row.values[0]) ?? 0;
    const value = row.tags[tag] ?? "";
    const bucket = buckets.get(row.time) ?? { part: 0, whole: 0 };
    if (numerator.includes(value)) bucket.part += count;
    if (denominator.includes(value)) bucket.whole += count;
    buckets.set(row.time, bucket);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, { whole }]) => whole > 0)
    .map(([time, { part, whole }]) => ({ time, value: part / whole }));
}

/** Errors over requests per endpoint and bucket; buckets without requests are left out. */
export function errorRateLines(errors: AggregateRow[], requests: AggregateRow[]): SeriesLine[] {
  const key = (row: AggregateRow) => `${row.tags.endpoint ?? ""}\u0000${row.time}`;
  const errorCounts = new Map(errors.map((row) => [key(row), num(row.values[0]) ?? 0]));
  const withRequests = requests.filter((row) => (num(row.values[0]) ?? 0) > 0);
  const rates = withRequests.map((row) => ({ ...row, values: [(errorCounts.get(key(row)) ?? 0) / (num(row.values[0]) as number)] }));
  return linesByGroup(rates, ["endpoint"], 0);
}

export function seriesPlan(name: SeriesName, range: ResolvedRange): SeriesPlan {
  const step = range.stepSeconds;
  switch (name) {
    case "auth_latency":
      return {
        unit: "ms",
        stepSeconds: step,
        queries: [
          query(range, step, {
            measurement: M.auth,
            field: "duration_ms",
            groupBy: [],
            aggregates: LATENCY_QUANTILES.map((p) => ({ fn: "percentile", p })),
          }),
        ],
        derive: ([rows = []]) =>
          LATENCY_QUANTILES.map((p, index) => ({
            id: `p${p}`,
            labels: { quantile: `p${p}` },
            points: rows.map((row) => ({ time: row.time, value: num(row.values[index]) })),
          })),
      };
    case "cache_hit_rate":
      return {
        unit: "ratio",
        stepSeconds: step,
        queries: [query(range, step, { measurement: M.cache, field: "duration_ms", groupBy: ["operation"], aggregates: [{ fn: "count" }] })],
        // Invalidations are neither hits nor misses: a read that found the key, or did not.
        derive: ([rows = []]) => [{ id: "hit_rate", labels: {}, points: ratioByBucket(rows, "operation", ["hit"], ["hit", "miss"]) }],
      };
    case "saga_compensation_rate":
      return {
        unit: "ratio",
        stepSeconds: step,
        queries: [query(range, step, { measurement: M.saga, field: "duration_ms", groupBy: ["status"], aggregates: [{ fn: "count" }] })],
        derive: ([rows = []]) => [
          {
            id: "compensation_rate",
            labels: {},
            points: ratioByBucket(rows, "status", ["compensation"], ["success", "compensation", "failed"]),
          },
        ],
      };
    case "error_rate":
      return {
        unit: "ratio",
        stepSeconds: step,
        queries: [
          query(range, step, { measurement: M.error, field: "duration_ms", groupBy: ["endpoint"], aggregates: [{ fn: "count" }] }),
          query(range, step, { measurement: M.request, field: "duration_ms", groupBy: ["endpoint"], aggregates: [{ fn: "count" }] }),
        ],
        derive: ([errors = [], requests = []]) => errorRateLines(errors, requests),
      };
    case "pool_utilisation":
      return {
        unit: "percent",
        stepSeconds: step,
        queries: [query(range, step, { measurement: M.pool, field: "utilization_percent", groupBy: ["service", "pool"], aggregates: [{ fn: "mean" }] })],
        derive: ([rows = []]) => linesByGroup(rows, ["service", "pool"], 0),
      };
    case "pool_queued":
      return {
        unit: "count",
        stepSeconds: step,
        queries: [query(range, step, { measurement: M.pool, field: "queued", groupBy: ["service", "pool"], aggregates: [{ fn: "max" }] })],
        derive: ([rows = []]) => linesByGroup(rows, ["service", "pool"], 0),
      };
    case "pool_connections":
      return {
        unit: "connections",
        stepSeconds: step,
        queries: [
          query(range, step, { measurement: M.pool, field: "active", groupBy: ["service", "pool"], aggregates: [{ fn: "mean" }] }),
          query(range, step, { measurement: M.pool, field: "max", groupBy: ["service", "pool"], aggregates: [{ fn: "max" }] }),
        ],
        derive: ([active = [], max = []]) =>
          [...linesByGroup(active, ["service", "pool"], 0, "active"), ...linesByGroup(max, ["service", "pool"], 0, "max")].sort((a, b) =>
            a.id < b.id ? -1 : 1,
          ),
      };
    case "lockouts": {
      const hourly = Math.max(step, HOUR);
      return {
        unit: "per_hour",
        stepSeconds: hourly,
        queries: [query(range, hourly, { measurement: M.lockout, field: "lock_minutes", groupBy: [], aggregates: [{ fn: "count" }] })],
        derive: ([rows = []]) => [{ id: "lockouts", labels: {}, points: rows.map((row) => ({ time: row.time, value: num(row.values[0]) })) }],
      };
    }
  }
}
