import { ApiError } from "@/lib/api/errors";
import { streamBodyText } from "@/lib/api/body";
import { INGEST_BODY_LIMIT_BYTES } from "@/lib/metrics/endpoints";
import { LineProtocolParser, parsePrecision } from "@/lib/metrics/line-protocol";
import { M } from "@/lib/metrics/measurements";
import { nowUs } from "@/lib/metrics/point";
import { PointChecks } from "@/lib/metrics/point-checks";
import type { ErrorSummary, IngestResult, ResolvedRange, SeriesName, SeriesResolution, SeriesResponse } from "@/lib/metrics/schemas";
import { queryResolution } from "@/lib/metrics/rollup/plan";
import { seriesPlan } from "@/lib/metrics/series";
import { canonicalLinesFold, METRICS_WRITE_BATCH, metricsStore, metricsWriter } from "@/lib/metrics/store";
import type { AggregateQuery, AggregateRow } from "@/lib/metrics/store/types";

/** One series over a range, computed from the configured store. */
export async function readSeries(name: SeriesName, range: ResolvedRange): Promise<SeriesResponse> {
  const plan = seriesPlan(name, range);
  const store = metricsStore();
  const results = await Promise.all(plan.queries.map((query) => store.aggregate(query)));
  return {
    series: name,
    unit: plan.unit,
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    stepSeconds: plan.stepSeconds,
    resolution: seriesResolution(plan.queries),
    lines: plan.derive(results),
  };
}

/** The coarsest rollup a series' queries read (all read the same range and step). */
function seriesResolution(queries: AggregateQuery[]): SeriesResolution {
  const resolutions = queries.map(queryResolution);
  return resolutions.includes(3600) ? "1h" : resolutions.includes(60) ? "1m" : "raw";
}

const TOP_ERRORS = 5;

/** Seed 001's error report from counts per endpoint and error type. Pure; exported for tests. */
export function summariseErrors(counts: AggregateRow[], messages: AggregateRow[], requests: AggregateRow[]): ErrorSummary {
  const messageOf = new Map(messages.map((row) => [`${row.tags.endpoint}\u0000${row.tags.errorType}`, row.values[0]]));
  const requestsOf = new Map(requests.map((row) => [row.tags.endpoint, Number(row.values[0] ?? 0)]));
  const byEndpoint = new Map<string, ErrorSummary["errors"][number]>();
  for (const row of counts) {
    const endpoint = row.tags.endpoint ?? "";
    const count = Number(row.values[0] ?? 0);
    const entry = byEndpoint.get(endpoint) ?? { endpoint, errorCount: 0, errorRate: null, requests: requestsOf.get(endpoint) ?? 0, topErrors: [] };
    entry.errorCount += count;
    const message = messageOf.get(`${endpoint}\u0000${row.tags.errorType}`);
    entry.topErrors.push({ type: row.tags.errorType || "(none)", count, message: typeof message === "string" ? message : "" });
    byEndpoint.set(endpoint, entry);
  }
  const errors = [...byEndpoint.values()].map((entry) => ({
    ...entry,
    // A service that reports errors but fewer requests than errors does not report requests at all.
    errorRate: entry.requests >= entry.errorCount && entry.requests > 0 ? Math.round((entry.errorCount / entry.requests) * 10_000) / 10_000 : null,
    topErrors: entry.topErrors.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)).slice(0, TOP_ERRORS),
  }));
  return { errors: errors.sort((a, b) => b.errorCount - a.errorCount || a.endpoint.localeCompare(b.endpoint)) };
}

/** `GET /api/admin/metrics/errors?window=1h`: errors per endpoint over the `windowMs` before `toMs`. */
export async function errorSummary(windowMs: number, toMs = Date.now()): Promise<ErrorSummary> {
  const store = metricsStore();
  const range = { fromUs: (toMs - windowMs) * 1000, toUs: toMs * 1000, stepSeconds: null };
  const [counts, messages, requests] = await Promise.all([
    store.aggregate({ ...range, measurement: M.error, field: "duration_ms", groupBy: ["endpoint", "errorType"], aggregates: [{ fn: "count" }] }),
    store.aggregate({ ...range, measurement: M.error, field: "message", groupBy: ["endpoint", "errorType"], aggregates: [{ fn: "last" }] }),
    store.aggregate({ ...range, measurement: M.request, field: "duration_ms", groupBy: ["endpoint"], aggregates: [{ fn: "count" }] }),
  ]);
  return summariseErrors(counts, messages, requests);
}

const pointChecks = new PointChecks();

/** Points queued beyond which an ingest request waits for the store: the writer's two batches in flight and two more. */
const INGEST_QUEUED_POINTS = 4 * METRICS_WRITE_BATCH;

/**
 * The ingest endpoint: parses line protocol while the body streams in (within the endpoint's
 * limit, counted as it arrives), queues the good lines for the store (batched, buffered through
 * outages) and reports the bad ones by line number. A body over the limit is refused whole (413)
 * and nothing of it is kept: a client that splits and resends it must not have its first part
 * counted twice in the rollups. When every line is bad the answer is a 400; when some are, the
 * good ones are kept and the answer is still a 400 naming the bad lines, as InfluxDB's own
 * "partial write" does — so clients never retry the good lines.
 */
export async function ingestLines(req: Request, precisionParam: string): Promise<IngestResult> {
  const precision = parsePrecision(precisionParam);
  if (!precision) throw new ApiError(400, "validation_failed", `Unknown precision ${JSON.stringify(precisionParam)}`);
  const now = nowUs();
  const checks = pointChecks.forBody(now);
  const parser = new LineProtocolParser(precision, now, { checks, fold: canonicalLinesFold() });
  await streamBodyText(req, INGEST_BODY_LIMIT_BYTES, (text) => parser.push(text));
  const { points, errors, canonical } = parser.end();
  checks.commit();
  const writer = metricsWriter();
  // The store is written behind the answer (the buffer holds points through outages either way),
  // in full batches or once the points lingered (lib/metrics/store/index.ts), so the next body is
  // parsed while this one is written; callers wait only while more than four batches are queued
  // (two in flight), and only until they are not (not for the whole queue to drain), which keeps
  // a fast sender from filling the buffer without stalling its pipeline.
  writer.add(canonical ? [...points, canonical] : points);
  await writer.drainedTo(INGEST_QUEUED_POINTS);
  const accepted = points.length + (canonical?.count ?? 0);
  const result = { accepted, rejected: errors.length, errors: errors.slice(0, 100) };
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new ApiError(
      400,
      accepted > 0 ? "partial_write" : "invalid_line_protocol",
      `${errors.length} line(s) rejected, ${accepted} accepted; line ${first.line}: ${first.message}`,
      result,
    );
  }
  return result;
}
