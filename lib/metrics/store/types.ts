import type { MetricPoint } from "@/lib/metrics/point";

/**
 * The one interface both metric stores implement. Queries are deliberately few and primitive —
 * aggregate one field per time bucket, grouped by tags — so that both stores can answer them
 * identically; the series operators see (rates, percentiles per target) are derived from these
 * answers by pure code in lib/metrics/series.ts.
 *
 * Percentiles are nearest-rank, rounded half up, exactly as InfluxQL's PERCENTILE(): sort the
 * bucket's n values and take the value at 1-based rank floor(n·p/100 + 0.5); no value when that
 * rank is below 1 (e.g. p1 of fewer than 50 values).
 */
export type Aggregate =
  | { fn: "count" }
  | { fn: "sum" }
  | { fn: "mean" }
  | { fn: "min" }
  | { fn: "max" }
  | { fn: "last" }
  | { fn: "percentile"; p: number };

export interface AggregateQuery {
  measurement: string;
  field: string;
  /** Inclusive start and exclusive end, in microseconds. */
  fromUs: number;
  toUs: number;
  /** Bucket width in seconds, aligned to the epoch; null aggregates the whole range as one bucket. */
  stepSeconds: number | null;
  groupBy: string[];
  /** Only points whose tags equal these values. */
  where?: Record<string, string>;
  /** Only points whose field is below this value (an SLI's "requests under 500 ms"). */
  fieldBelow?: number;
  aggregates: Aggregate[];
}

export interface AggregateRow {
  /** Bucket start in ms (the range's start when stepSeconds is null). */
  time: number;
  /** The group's tag values; a point without the tag groups under "". */
  tags: Record<string, string>;
  /** One value per aggregate, in the query's order. Buckets without points are not returned. */
  values: Array<number | string | null>;
}

export interface MetricsStore {
  readonly kind: "influxdb" | "sql";
  /** All or nothing: a refused batch has stored none of its points, so it can be split and sent again. */
  write(points: MetricPoint[]): Promise<void>;
  /** True when the store refused a write for what the points hold (it is reachable); see BufferedWriter. */
  rejectsContent(error: unknown): boolean;
  aggregate(query: AggregateQuery): Promise<AggregateRow[]>;
}

/** A query as the stores answer it: rows sorted by time then by tag values, for comparisons and charts. */
export function sortRows(rows: AggregateRow[], groupBy: string[]): AggregateRow[] {
  const key = (row: AggregateRow) => groupBy.map((tag) => row.tags[tag] ?? "").join("\u0000");
  return rows.sort((a, b) => a.time - b.time || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
