import { dbPool } from "@/lib/db";
import { aggregateSql } from "@/lib/metrics/store/sql";
import { type AggregateQuery, type AggregateRow, sortRows } from "@/lib/metrics/store/types";
import { SPAN_FIELDS, SPAN_MEASUREMENT, type SPAN_TAGS } from "@/lib/traces/span-measurement";

/**
 * Stored spans read as if they were one metrics measurement (lib/traces/span-measurement.ts), so
 * alert rules and SLIs ask for them in the metrics store's own terms: "95 % of the checkout spans
 * under 500 ms" is then an SLI like any other, read from PostgreSQL's trace_spans.
 */
const TAG_COLUMNS: Record<(typeof SPAN_TAGS)[number], string> = {
  service: "service",
  name: "name",
  status: "CASE status_code WHEN 2 THEN 'error' WHEN 1 THEN 'ok' ELSE 'unset' END",
  root: "CASE WHEN parent_span_id IS NULL THEN 'true' ELSE 'false' END",
};
const isSpanTag = (tag: string): tag is keyof typeof TAG_COLUMNS => tag in TAG_COLUMNS;

/** Answers one aggregate query over stored spans; an unknown field, tag or `last` is an error, as a store's would be. */
export async function aggregateSpans(query: AggregateQuery): Promise<AggregateRow[]> {
  if (!SPAN_FIELDS.includes(query.field)) throw new Error(`${SPAN_MEASUREMENT} has no field ${JSON.stringify(query.field)}`);
  const unknown = [...query.groupBy, ...Object.keys(query.where ?? {})].find((tag) => !isSpanTag(tag));
  if (unknown !== undefined) throw new Error(`${SPAN_MEASUREMENT} has no tag ${JSON.stringify(unknown)}`);
  if (query.aggregates.some((aggregate) => aggregate.fn === "last")) throw new Error(`${SPAN_MEASUREMENT} has no last value`);

  const params: unknown[] = [String(query.fromUs), String(query.toUs)];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const duration = "(duration_ns::float8 / 1000000)";
  // Buckets aligned to the epoch, from the span's start in nanoseconds (exact, unlike start_time's µs).
  const bucket = query.stepSeconds === null ? null : `(floor(start_ns::float8 / ${param(query.stepSeconds * 1e9)}::float8) * ${param(query.stepSeconds * 1000)}::float8)`;
  const column = (tag: string) => TAG_COLUMNS[tag as keyof typeof TAG_COLUMNS];
  const groupColumns = query.groupBy.map(column);
  const where = [
    "start_time >= 'epoch'::timestamptz + $1::bigint * interval '1 microsecond'",
    "start_time < 'epoch'::timestamptz + $2::bigint * interval '1 microsecond'",
    ...Object.entries(query.where ?? {}).map(([tag, value]) => `${column(tag)} = ${param(value)}`),
    ...(query.fieldBelow === undefined ? [] : [`${duration} < ${param(query.fieldBelow)}::float8`]),
  ];
  const keys = [...(bucket ? [1] : []), ...groupColumns.map((_, index) => index + 2)];
  const selects = query.aggregates.map((aggregate) => aggregateSql(aggregate, duration, param));
  const sql = `SELECT ${[
    bucket ? `${bucket} AS bucket` : "NULL AS bucket",
    ...groupColumns.map((column, index) => `${column} AS g${index}`),
    ...selects.map((select, index) => `${select} AS a${index}`),
  ].join(", ")}
    FROM trace_spans WHERE ${where.join(" AND ")}
    ${keys.length ? `GROUP BY ${keys.join(", ")}` : ""}`;
  const { rows } = await dbPool().query(sql, params);
  return sortRows(
    rows.map((row) => ({
      time: row.bucket === null ? Math.floor(query.fromUs / 1000) : Number(row.bucket),
      tags: Object.fromEntries(query.groupBy.map((tag, index) => [tag, row[`g${index}`] as string])),
      values: query.aggregates.map((_, index) => (row[`a${index}`] === null || row[`a${index}`] === undefined ? null : Number(row[`a${index}`]))),
    })),
    query.groupBy,
  );
}
