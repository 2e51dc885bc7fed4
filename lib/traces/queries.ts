import { INT64_MAX } from "@/lib/api/bounds";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SpanEvent, SpanLink } from "@/lib/traces/otlp";
import type { Span, SpanStatus, TraceCountQuery, TracePage, TraceSearch, TraceSummary } from "@/lib/traces/schemas";

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

function summaryFilter(search: TraceCountQuery): Prisma.TraceSummaryWhereInput {
  return {
    ...(search.service ? { services: { has: search.service } } : {}),
    ...(search.name ? { rootName: search.name } : {}),
    ...(search.minDurationMs !== undefined ? { durationNs: { gte: BigInt(Math.round(search.minDurationMs * 1e6)) } } : {}),
    ...(search.status === "error" ? { errorCount: { gt: 0 } } : search.status === "ok" ? { errorCount: 0 } : {}),
    ...(search.minConnections !== undefined ? { connectionsUsed: { gte: search.minConnections } } : {}),
    ...(search.from || search.to
      ? { startTime: { ...(search.from ? { gte: new Date(search.from) } : {}), ...(search.to ? { lte: new Date(search.to) } : {}) } }
      : {}),
  };
}

/**
 * Trace summaries, newest first (seed 001's runbook reads spanName, connectionsUsed and durationMs),
 * `offset` skipping the newest; the trace id breaks ties so pages neither repeat nor skip a trace.
 */
export async function searchTraces(search: TraceSearch): Promise<TraceSummary[]> {
  const rows = await db().traceSummary.findMany({
    where: summaryFilter(search),
    orderBy: [{ startTime: "desc" }, { traceId: "desc" }],
    skip: search.offset,
    take: search.limit,
  });
  return rows.map((row) => ({
    traceId: row.traceId,
    spanName: row.rootName,
    rootSpanId: row.rootSpanId,
    service: row.rootService,
    services: row.services,
    startTime: row.startTime.toISOString(),
    durationMs: Number(row.durationNs) / 1e6,
    spanCount: row.spanCount,
    errorCount: row.errorCount,
    status: row.errorCount > 0 ? "error" : "ok",
    connectionsUsed: row.connectionsUsed,
  }));
}

/** How many traces match the filters (the list says "200 of 391"). */
export async function countTraces(search: TraceCountQuery): Promise<{ total: number }> {
  return { total: await db().traceSummary.count({ where: summaryFilter(search) }) };
}

/**
 * When the trace started and ended, or null when no span of it is stored (the waterfall page answers
 * "not found" without a failing request, and links the metrics and incidents of that time).
 */
export async function traceTimes(traceId: string): Promise<{ start: Date; end: Date } | null> {
  const row = await db().traceSummary.findUnique({ where: { traceId }, select: { startTime: true, endNs: true } });
  return row ? { start: row.startTime, end: new Date(Number(row.endNs / 1_000_000n)) } : null;
}
