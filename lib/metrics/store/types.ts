import type pg from "pg";
import type { Aggregate } from "@/lib/metrics/aggregate";
import type { FieldValue } from "@/lib/metrics/point";
import type { MetricsWrite } from "@/lib/metrics/write-batch";

/**
 * The one interface both metric stores implement. Queries are deliberately few and primitive —
 * aggregate one field per time bucket, grouped by tags (lib/metrics/aggregate.ts) — so that both
 * stores can answer them identically; the series operators see (rates, percentiles per target)
 * are derived from these answers by pure code in lib/metrics/series.ts.
 */
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
  write(batch: MetricsWrite[]): Promise<void>;
  /** True when the store refused a write for what the points hold (it is reachable); see BufferedWriter. */
  rejectsContent(error: unknown): boolean;
  aggregate(query: AggregateQuery): Promise<AggregateRow[]>;
}

/** The raw points of one field a query reads where no rollup serves it (the edges of its range). */
export interface ValueSelection {
  measurement: string;
  field: string;
  fromUs: number;
  toUs: number;
  where?: Record<string, string>;
  /** Tags each value carries (as in AggregateRow: "" when the point has none). */
  groupBy: string[];
}

export interface RawValue {
  timeUs: number;
  tags: Record<string, string>;
  value: FieldValue;
}

/** A store of raw points (InfluxDB or PostgreSQL), which lib/metrics/store/rolled-up.ts rolls up. */
export interface RawMetricsStore extends MetricsStore {
  /** Names the raw data in the rollup table, e.g. "sql" or "influxdb:opsdeck". */
  readonly source: string;
  /** True when it writes a body's canonical lines as they are (InfluxDB); the SQL store parses them back into points. */
  readonly takesCanonicalLines: boolean;
  /** Writes a batch; the SQL store writes inside `transaction` when given, with the batch's rollups. */
  write(batch: MetricsWrite[], transaction?: pg.ClientBase): Promise<void>;
  values(selection: ValueSelection): Promise<RawValue[]>;
}

/** A query as the stores answer it: rows sorted by time then by tag values, for comparisons and charts. */
export function sortRows(rows: AggregateRow[], groupBy: string[]): AggregateRow[] {
  const key = (row: AggregateRow) => groupBy.map((tag) => row.tags[tag] ?? "").join("\u0000");
  return rows.sort((a, b) => a.time - b.time || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
