import { M } from "@/lib/metrics/measurements";
import { targets } from "@/lib/metrics/targets";
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
/** p1 of request latency says nothing an operator acts on (auth's p1 guards constant time). */
const REQUEST_QUANTILES = [50, 95, 99] as const;
/** Lockouts are counted per clock hour whatever the chart's step, so "per hour" means what it says. */
const HOUR = 3600;
/** How far before a chart's range lockouts are read for `locked_users`: locks that began earlier and still last are counted. */
export const LOCKED_USERS_LOOKBACK_MS = 86_400_000;
const MINUTE_MS = 60_000;

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

/** A count over a bucket of `stepSeconds` as a rate per hour (a 3-hour bucket of 30 is 10 an hour). */
export function perHour(count: number, stepSeconds: number): number {
  return (count * HOUR) / stepSeconds;
}

/**
 * Events per hour and, beside them, the line they should stay under: `limitShare` of every
 * operation per hour (e.g. invalidations against 10 % of cache operations, compensations against
 * 1 % of saga transactions). Counts are grouped by `tag`; buckets without operations are left out.
 */
export function eventsPerHourLines(
  rows: AggregateRow[],
  tag: string,
  event: string,
  limitShare: number,
  stepSeconds: number,
  ids: { events: string; limit: string },
): SeriesLine[] {
  const buckets = new Map<number, { events: number; all: number }>();
  for (const row of rows) {
    const count = num(row.values[0]) ?? 0;
    const bucket = buckets.get(row.time) ?? { events: 0, all: 0 };
    if (row.tags[tag] === event) bucket.events += count;
    bucket.all += count;
    buckets.set(row.time, bucket);
  }
  const times = [...buckets.keys()].filter((time) => buckets.get(time)!.all > 0).sort((a, b) => a - b);
  return [
    { id: ids.events, labels: {}, points: times.map((time) => ({ time, value: perHour(buckets.get(time)!.events, stepSeconds) })) },
    { id: ids.limit, labels: { limit: String(limitShare) }, points: times.map((time) => ({ time, value: perHour(buckets.get(time)!.all * limitShare, stepSeconds) })) },
  ];
}

/**
 * Users locked at once, per chart bucket (the most at any minute of it), from lockout events:
 * each lockout counted in a 1-minute row (values: count, longest lock_minutes) keeps its users
 * locked from that minute for lock_minutes. Rows may start before the range (locks still running
 * into it). A lock lifted early by an operator still counts until it would have ended: the events
 * do not say it was lifted, so this is an upper bound.
 */
export function lockedUsersPoints(rows: AggregateRow[], range: ResolvedRange): SeriesLine["points"] {
  const changes = new Map<number, number>();
  const change = (time: number, delta: number) => changes.set(time, (changes.get(time) ?? 0) + delta);
  for (const row of rows) {
    const count = num(row.values[0]) ?? 0;
    const lockMinutes = num(row.values[1]) ?? 0;
    if (count <= 0 || lockMinutes <= 0) continue;
    change(row.time, count);
    change(row.time + Math.ceil(lockMinutes) * MINUTE_MS, -count);
  }
  const times = [...changes.keys()].sort((a, b) => a - b);
  const stepMs = range.stepSeconds * 1000;
  const points: SeriesLine["points"] = [];
  let locked = 0;
  let next = 0;
  for (let bucket = Math.floor(range.fromMs / stepMs) * stepMs; bucket < range.toMs; bucket += stepMs) {
    while (next < times.length && times[next]! <= bucket) locked += changes.get(times[next++]!)!;
    let most = locked;
    while (next < times.length && times[next]! < bucket + stepMs) {
      locked += changes.get(times[next++]!)!;
      most = Math.max(most, locked);
    }
    points.push({ time: bucket, value: most });
  }
  return points;
}

function latencyPlan(range: ResolvedRange, measurement: string, quantiles: readonly number[]): SeriesPlan {
  return {
    unit: "ms",
    stepSeconds: range.stepSeconds,
    queries: [query(range, range.stepSeconds, { measurement, field: "duration_ms", groupBy: [], aggregates: quantiles.map((p) => ({ fn: "percentile", p })) })],
    derive: ([rows = []]) =>
      quantiles.map((p, index) => ({
        id: `p${p}`,
        labels: { quantile: `p${p}` },
        points: rows.map((row) => ({ time: row.time, value: num(row.values[index]) })),
      })),
  };
}

export function seriesPlan(name: SeriesName, range: ResolvedRange): SeriesPlan {
  const step = range.stepSeconds;
  switch (name) {
    case "auth_latency":
      return latencyPlan(range, M.auth, LATENCY_QUANTILES);
    case "request_latency":
      return latencyPlan(range, M.request, REQUEST_QUANTILES);
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
    case "vector_search_success_rate":
      return {
        unit: "ratio",
        stepSeconds: step,
        queries: [query(range, step, { measurement: M.vectorSearch, field: "duration_ms", groupBy: ["success"], aggregates: [{ fn: "count" }] })],
        derive: ([rows = []]) => [{ id: "success_rate", labels: {}, points: ratioByBucket(rows, "success", ["true"], ["true", "false"]) }],
      };
    case "cache_invalidations": {
      const hourly = Math.max(step, HOUR);
      return {
        unit: "per_hour",
        stepSeconds: hourly,
        queries: [query(range, hourly, { measurement: M.cache, field: "duration_ms", groupBy: ["operation"], aggregates: [{ fn: "count" }] })],
        derive: ([rows = []]) =>
          eventsPerHourLines(rows, "operation", "invalidation", targets.cacheInvalidations.maxShareOfOperations, hourly, {
            events: "invalidations",
            limit: "10 % of cache operations",
          }),
      };
    }
    case "saga_compensations": {
      const hourly = Math.max(step, HOUR);
      return {
        unit: "per_hour",
        stepSeconds: hourly,
        queries: [query(range, hourly, { measurement: M.saga, field: "duration_ms", groupBy: ["status"], aggregates: [{ fn: "count" }] })],
        derive: ([rows = []]) =>
          eventsPerHourLines(rows, "status", "compensation", targets.sagaCompensationRate.max, hourly, {
            events: "compensations",
            limit: "1 % of transactions",
          }),
      };
    }
    case "locked_users":
      return {
        unit: "count",
        stepSeconds: step,
        queries: [
          {
            ...query(range, 60, { measurement: M.lockout, field: "lock_minutes", groupBy: [], aggregates: [{ fn: "count" }, { fn: "max" }] }),
            fromUs: (range.fromMs - LOCKED_USERS_LOOKBACK_MS) * 1000,
          },
        ],
        derive: ([rows = []]) => [{ id: "locked_users", labels: {}, points: lockedUsersPoints(rows, range) }],
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
