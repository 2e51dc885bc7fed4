import type pg from "pg";
import { pgTransaction } from "@/lib/db/transaction";
import type { Aggregate } from "@/lib/metrics/aggregate";
import { pointsOf } from "@/lib/metrics/line-protocol";
import type { MetricPoint } from "@/lib/metrics/point";
import { type AggregateQuery, type AggregateRow, type RawMetricsStore, type RawValue, sortRows, type ValueSelection } from "@/lib/metrics/store/types";
import type { MetricsWrite } from "@/lib/metrics/write-batch";

const INSERT_CHUNK = 5_000;

/**
 * Metrics in Opsdeck's own PostgreSQL (table metric_points): the embedded default when
 * INFLUXDB_URL is unset. Buckets come from `date_bin` aligned to the epoch, as InfluxQL's
 * GROUP BY time() aligns them, so both stores put a point in the same bucket.
 */
export class SqlMetricsStore implements RawMetricsStore {
  readonly kind = "sql" as const;
  readonly source = "sql";
  readonly takesCanonicalLines = false;

  constructor(private readonly pool: () => pg.Pool) {}

  /** PostgreSQL's data exceptions (22…: NUL, out of range), integrity (23…) and program limits (54…). */
  rejectsContent(error: unknown): boolean {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && /^(22|23|54)/.test(code);
  }

  async write(batch: MetricsWrite[], transaction?: pg.ClientBase): Promise<void> {
    const points = pointsOf(batch);
    if (transaction) {
      for (let start = 0; start < points.length; start += INSERT_CHUNK) await this.insert(transaction, points.slice(start, start + INSERT_CHUNK));
      return;
    }
    if (points.length <= INSERT_CHUNK) return this.insert(this.pool(), points);
    // Several statements: one transaction, so a refused batch leaves nothing behind to duplicate on a retry.
    await pgTransaction(this.pool(), async (client) => {
      for (let start = 0; start < points.length; start += INSERT_CHUNK) await this.insert(client, points.slice(start, start + INSERT_CHUNK));
    });
  }

  private async insert(target: pg.Pool | pg.ClientBase, chunk: MetricPoint[]): Promise<void> {
    await target.query(
      `INSERT INTO metric_points (measurement, time, tags, fields)
       SELECT m, 'epoch'::timestamptz + t * interval '1 microsecond', tg, f
       FROM unnest($1::text[], $2::bigint[], $3::jsonb[], $4::jsonb[]) AS x(m, t, tg, f)`,
      [
        chunk.map((p) => p.measurement),
        chunk.map((p) => String(p.timeUs)),
        chunk.map((p) => JSON.stringify(p.tags)),
        chunk.map((p) => JSON.stringify(p.fields)),
      ],
    );
  }

  async aggregate(query: AggregateQuery): Promise<AggregateRow[]> {
    const params: unknown[] = [query.measurement, String(query.fromUs), String(query.toUs), query.field];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const numeric = `CASE WHEN jsonb_typeof(fields->$4) = 'number' THEN (fields->>$4)::float8 END`;
    const bucket =
      query.stepSeconds === null ? null : `date_bin(${param(`${query.stepSeconds} seconds`)}::interval, time, 'epoch'::timestamptz)`;
    const groupColumns = query.groupBy.map((tag) => `coalesce(tags->>${param(tag)}, '')`);
    const selects = query.aggregates.map((aggregate) => aggregateSql(aggregate, numeric, param));
    const where = [
      "measurement = $1",
      "time >= 'epoch'::timestamptz + $2::bigint * interval '1 microsecond'",
      "time < 'epoch'::timestamptz + $3::bigint * interval '1 microsecond'",
      "fields ? $4",
    ];
    if (query.where && Object.keys(query.where).length > 0) where.push(`tags @> ${param(JSON.stringify(query.where))}::jsonb`);
    if (query.fieldBelow !== undefined) where.push(`${numeric} < ${param(query.fieldBelow)}::float8`);
    // Output column 1 is the bucket, 2… the group tags: GROUP BY their ordinals.
    const keys = [...(bucket ? [1] : []), ...groupColumns.map((_, index) => index + 2)];
    const sql = `SELECT ${[
      bucket ? `(extract(epoch from ${bucket}) * 1000)::float8 AS bucket` : "NULL AS bucket",
      ...groupColumns.map((column, index) => `${column} AS g${index}`),
      ...selects.map((select, index) => `${select} AS a${index}`),
    ].join(", ")}
      FROM metric_points WHERE ${where.join(" AND ")}
      ${keys.length ? `GROUP BY ${keys.join(", ")}` : ""}`;
    const { rows } = await this.pool().query(sql, params);
    return sortRows(
      rows.map((row) => ({
        time: row.bucket === null ? Math.floor(query.fromUs / 1000) : Number(row.bucket),
        tags: Object.fromEntries(query.groupBy.map((tag, index) => [tag, row[`g${index}`] as string])),
        values: query.aggregates.map((_, index) => normaliseValue(row[`a${index}`])),
      })),
      query.groupBy,
    );
  }

  async values(selection: ValueSelection): Promise<RawValue[]> {
    const params: unknown[] = [selection.measurement, String(selection.fromUs), String(selection.toUs), selection.field];
    const tagColumns = selection.groupBy.map((tag, index) => {
      params.push(tag);
      return `coalesce(tags->>$${params.length}, '') AS g${index}`;
    });
    let filter = "";
    if (selection.where && Object.keys(selection.where).length > 0) {
      params.push(JSON.stringify(selection.where));
      filter = ` AND tags @> $${params.length}::jsonb`;
    }
    const { rows } = await this.pool().query(
      `SELECT (extract(epoch from time) * 1000000)::float8 AS t, fields->$4 AS v${tagColumns.map((column) => `, ${column}`).join("")}
       FROM metric_points
       WHERE measurement = $1 AND fields ? $4${filter}
         AND time >= 'epoch'::timestamptz + $2::bigint * interval '1 microsecond'
         AND time < 'epoch'::timestamptz + $3::bigint * interval '1 microsecond'`,
      params,
    );
    return rows.map((row) => ({ timeUs: row.t, value: row.v, tags: Object.fromEntries(selection.groupBy.map((tag, index) => [tag, row[`g${index}`]])) }));
  }

  /** The retention job: deletes points older than `olderThanUs`; returns how many went. */
  async deleteBefore(olderThanUs: number): Promise<number> {
    const result = await this.pool().query(
      `DELETE FROM metric_points WHERE time < 'epoch'::timestamptz + $1::bigint * interval '1 microsecond'`,
      [String(olderThanUs)],
    );
    return result.rowCount ?? 0;
  }
}

/** One aggregate in SQL over the expression `numeric`; also used over spans (lib/traces/span-aggregates.ts). */
export function aggregateSql(aggregate: Aggregate, numeric: string, param: (value: unknown) => string): string {
  switch (aggregate.fn) {
    case "count":
      return "count(*)::float8";
    case "sum":
    case "min":
    case "max":
      return `${aggregate.fn}(${numeric})`;
    case "mean":
      return `avg(${numeric})`;
    case "last":
      return "(array_agg(fields->$4 ORDER BY time DESC))[1]";
    case "percentile":
      // InfluxQL's nearest rank: 1-based rank floor(n·p/100 + 0.5), in float8 as Go computes it.
      return `(array_agg(${numeric} ORDER BY ${numeric}) FILTER (WHERE ${numeric} IS NOT NULL))[
        floor(count(${numeric})::float8 * ${param(aggregate.p)}::float8 / 100 + 0.5)::int]`;
  }
}

function normaliseValue(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return String(value);
}
