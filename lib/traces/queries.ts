import { INT64_MAX } from "@/lib/api/bounds";
import { ApiError } from "@/lib/api/errors";
import { db, dbPool } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SpanEvent, SpanLink } from "@/lib/traces/otlp";
import { MAX_MATCHED_SPANS, type MatchedSpan, type Span, type SpanStatus, type TraceCountQuery, type TracePage, type TraceSearch, type TraceSummary } from "@/lib/traces/schemas";
import { equalityDocuments } from "@/lib/traces/span-filter";

/** No page of a trace is larger than this, whatever `limit` says (Next.js and proxies cap responses). */
export const PAGE_BYTE_BUDGET = 4 * 1024 * 1024;

const STATUS: Record<number, SpanStatus> = { 0: "unset", 1: "ok", 2: "error" };
const nsToIso = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString();

type SpanRow = Prisma.TraceSpanGetPayload<object>;

function toSpan(row: SpanRow): Span {
  return {
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    name: row.name,
    service: row.service,
    kind: row.kind,
    startTime: nsToIso(row.startNs),
    startTimeUnixNano: row.startNs.toString(),
    duration: Number(row.durationNs) / 1e6,
    durationNs: row.durationNs.toString(),
    status: STATUS[row.statusCode] ?? "unset",
    statusMessage: row.statusMessage,
    attributes: row.attributes as Span["attributes"],
    events: row.events as unknown as SpanEvent[],
    links: row.links as unknown as SpanLink[],
    resource: row.resource as Span["resource"],
    scope: row.scope as Span["scope"],
  };
}

const encodeCursor = (startNs: bigint, spanId: string) => Buffer.from(`${startNs}:${spanId}`).toString("base64url");

function decodeCursor(cursor: string): { startNs: bigint; spanId: string } {
  const match = /^(\d{1,20}):([0-9a-f]{16})$/.exec(Buffer.from(cursor, "base64url").toString());
  const startNs = match ? BigInt(match[1] as string) : INT64_MAX + 1n;
  if (!match || startNs > INT64_MAX) throw new ApiError(400, "validation_failed", "Invalid query at query.cursor: not a cursor this API issued");
  return { startNs, spanId: match[2] as string };
}

/**
 * One page of a trace's spans in start order. A page ends at `limit` spans or when its JSON would
 * pass PAGE_BYTE_BUDGET, whichever comes first, so a 100,000-span trace comes in bounded pieces.
 */
export async function getTracePage(traceId: string, { cursor, limit }: { cursor?: string; limit: number }): Promise<TracePage> {
  const summary = await db().traceSummary.findUnique({ where: { traceId } });
  if (!summary) throw new ApiError(404, "not_found", `No trace ${traceId} (it may not have arrived yet, or be past retention)`);
  const after = cursor ? decodeCursor(cursor) : undefined;
  const rows = await db().traceSpan.findMany({
    where: {
      traceId,
      // The trace's time range lets PostgreSQL skip every other day's partition.
      startTime: { gte: summary.startTime, lte: new Date(Number(summary.endNs / 1_000_000n) + 1) },
      ...(after
        ? { OR: [{ startNs: { gt: after.startNs } }, { startNs: after.startNs, spanId: { gt: after.spanId } }] }
        : {}),
    },
    orderBy: [{ startNs: "asc" }, { spanId: "asc" }],
    take: limit + 1,
  });
  const spans: Span[] = [];
  let bytes = 0;
  for (const row of rows.slice(0, limit)) {
    const span = toSpan(row);
    bytes += JSON.stringify(span).length + 1;
    if (bytes > PAGE_BYTE_BUDGET && spans.length > 0) break;
    spans.push(span);
  }
  const more = spans.length < rows.length;
  const last = rows[spans.length - 1];
  return {
    traceId,
    spanCount: summary.spanCount,
    spans,
    nextCursor: more && last ? encodeCursor(last.startNs, last.spanId) : null,
  };
}

/** Builds a parameterised statement: each value becomes the next $n. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const STATUS_CODE: Record<SpanStatus, number> = { unset: 0, ok: 1, error: 2 };
const msToNs = (ms: number) => BigInt(Math.round(ms * 1e6)).toString();

/** The attribute's value as a number, when it is one or is a string spelling one (else NULL, so the comparison fails). */
const numericAttribute = (key: string) =>
  `CASE jsonb_typeof(s.attributes -> ${key}) WHEN 'number' THEN (s.attributes ->> ${key})::numeric
    WHEN 'string' THEN CASE WHEN (s.attributes ->> ${key}) ~ '^\\s*-?[0-9]{1,18}(\\.[0-9]{1,18})?\\s*$' THEN (s.attributes ->> ${key})::numeric END END`;

/** The span-level conditions, all on one span `s`; empty when the search has none. */
function spanConditions(search: TraceCountQuery, params: Params): string[] {
  const conditions: string[] = [];
  if (search.name) conditions.push(`s.name = ${params.add(search.name)}`);
  if (search.minDurationMs !== undefined) conditions.push(`s.duration_ns >= ${params.add(msToNs(search.minDurationMs))}::bigint`);
  if (search.spanStatus) conditions.push(`s.status_code = ${params.add(STATUS_CODE[search.spanStatus])}::int`);
  const attributes = [...(search.attr ?? []), ...(search.requestId ? [{ key: "request_id", op: "=" as const, value: search.requestId }] : [])];
  for (const condition of attributes) {
    if (condition.op === "=") {
      // Containment, so the GIN index (jsonb_path_ops) answers it.
      conditions.push(`(${equalityDocuments(condition).map((document) => `s.attributes @> ${params.add(document)}::jsonb`).join(" OR ")})`);
    } else {
      conditions.push(`${numericAttribute(params.add(condition.key))} ${condition.op} ${params.add(condition.value)}::numeric`);
    }
  }
  // The service joins the others on the same span only when there are others; alone it is the summary's.
  if (conditions.length > 0 && search.service) conditions.push(`s.service = ${params.add(search.service)}`);
  return conditions;
}

/**
 * The WHERE clause over trace_summaries `t`. Span-level filters become one EXISTS over the trace's
 * spans; what they imply of the whole trace (a span of ≥ 500 ms means a trace of ≥ 500 ms, an error
 * span means an error count) is repeated on the summary, so its indexes narrow the search too.
 */
function traceWhere(search: TraceCountQuery, params: Params): string {
  const spans = spanConditions(search, params);
  const conditions: string[] = [];
  if (search.service) conditions.push(`t.services @> ARRAY[${params.add(search.service)}]::text[]`);
  if (search.minDurationMs !== undefined) conditions.push(`t.duration_ns >= ${params.add(msToNs(search.minDurationMs))}::bigint`);
  if (search.status === "error" || search.spanStatus === "error") conditions.push("t.error_count > 0");
  if (search.status === "ok") conditions.push("t.error_count = 0");
  if (search.minConnections !== undefined) conditions.push(`t.connections_used >= ${params.add(search.minConnections)}::int`);
  if (search.from) conditions.push(`t.start_time >= ${params.add(new Date(search.from))}`);
  if (search.to) conditions.push(`t.start_time <= ${params.add(new Date(search.to))}`);
  if (spans.length > 0) {
    // A trace's spans start within the trace: the bounds let PostgreSQL skip every other day's
    // partition (measured: the runbook's search over 30 days went from 200 ms to 10 ms with them).
    const from = search.from ? ` AND s.start_time >= ${params.add(new Date(search.from))}` : "";
    conditions.push(
      `EXISTS (SELECT 1 FROM "trace_spans" s WHERE s.trace_id = t.trace_id AND s.start_time >= t.start_time${from}
        AND s.start_time <= to_timestamp(t.end_ns::numeric / 1000000000) + interval '1 millisecond' AND ${spans.join(" AND ")})`,
    );
  }
  return conditions.length > 0 ? conditions.join(" AND ") : "true";
}

interface SummaryRow {
  trace_id: string;
  root_span_id: string | null;
  root_name: string | null;
  root_service: string | null;
  services: string[];
  start_time: Date;
  duration_ms: number;
  span_count: number;
  error_count: number;
  connections_used: number | null;
}

/** The spans of these traces that met the span-level conditions, at most MAX_MATCHED_SPANS per trace. */
async function matchedSpans(search: TraceCountQuery, rows: SummaryRow[]): Promise<Map<string, MatchedSpan[]>> {
  const byTrace = new Map<string, MatchedSpan[]>();
  const params = new Params();
  const conditions = spanConditions(search, params);
  if (conditions.length === 0 || rows.length === 0) return byTrace;
  const earliest = new Date(Math.min(...rows.map((row) => row.start_time.getTime())));
  const { rows: spans } = await dbPool().query<{ trace_id: string; span_id: string; name: string; service: string; duration_ms: number; status_code: number }>(
    `SELECT trace_id, span_id, name, service, duration_ms, status_code FROM (
       SELECT s.trace_id, s.span_id, s.name, s.service, s.duration_ns::float8 / 1e6 AS duration_ms, s.status_code,
         row_number() OVER (PARTITION BY s.trace_id ORDER BY s.start_ns, s.span_id) AS position
       FROM "trace_spans" s
       WHERE s.trace_id = ANY(${params.add(rows.map((row) => row.trace_id))}::text[]) AND s.start_time >= ${params.add(earliest)}
         AND ${conditions.join(" AND ")}
     ) matched WHERE position <= ${MAX_MATCHED_SPANS} ORDER BY trace_id, position`,
    params.values,
  );
  for (const span of spans) {
    const list = byTrace.get(span.trace_id) ?? [];
    byTrace.set(span.trace_id, list);
    list.push({ spanId: span.span_id, name: span.name, service: span.service, durationMs: span.duration_ms, status: STATUS[span.status_code] ?? "unset" });
  }
  return byTrace;
}

/**
 * Trace summaries, newest first (seed 001's runbook reads spanName, connectionsUsed and durationMs),
 * `offset` skipping the newest; the trace id breaks ties so pages neither repeat nor skip a trace.
 * With span-level filters, each trace names the spans that matched (`matchedSpans`).
 */
export async function searchTraces(search: TraceSearch): Promise<TraceSummary[]> {
  const params = new Params();
  const where = traceWhere(search, params);
  const { rows } = await dbPool().query<SummaryRow>(
    `SELECT t.trace_id, t.root_span_id, t.root_name, t.root_service, t.services, t.start_time, t.duration_ns::float8 / 1e6 AS duration_ms,
       t.span_count, t.error_count, t.connections_used
     FROM "trace_summaries" t WHERE ${where}
     ORDER BY t.start_time DESC, t.trace_id DESC OFFSET ${params.add(search.offset)}::int LIMIT ${params.add(search.limit)}::int`,
    params.values,
  );
  const matched = await matchedSpans(search, rows);
  return rows.map((row) => ({
    traceId: row.trace_id,
    spanName: row.root_name,
    rootSpanId: row.root_span_id,
    service: row.root_service,
    services: row.services,
    startTime: row.start_time.toISOString(),
    durationMs: row.duration_ms,
    spanCount: row.span_count,
    errorCount: row.error_count,
    status: row.error_count > 0 ? "error" : "ok",
    connectionsUsed: row.connections_used,
    matchedSpans: matched.get(row.trace_id) ?? [],
  }));
}

/** How many traces match the filters (the list says "200 of 391"). */
export async function countTraces(search: TraceCountQuery): Promise<{ total: number }> {
  const params = new Params();
  const where = traceWhere(search, params);
  const { rows } = await dbPool().query<{ total: number }>(`SELECT count(*)::int AS total FROM "trace_summaries" t WHERE ${where}`, params.values);
  return { total: rows[0]?.total ?? 0 };
}

/**
 * When the trace started and ended, or null when no span of it is stored (the waterfall page answers
 * "not found" without a failing request, and links the metrics and incidents of that time).
 */
export async function traceTimes(traceId: string): Promise<{ start: Date; end: Date } | null> {
  const row = await db().traceSummary.findUnique({ where: { traceId }, select: { startTime: true, endNs: true } });
  return row ? { start: row.startTime, end: new Date(Number(row.endNs / 1_000_000n)) } : null;
}
