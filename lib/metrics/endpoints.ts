import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import {
  errorSummarySchema,
  errorsQuerySchema,
  ingestQuerySchema,
  ingestResponseSchema,
  MAX_POINTS,
  rangeQuerySchema,
  seriesNameSchema,
  seriesResponseSchema,
} from "@/lib/metrics/schemas";

export const INGEST_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

const storeNote =
  "Metrics live in InfluxDB when INFLUXDB_URL is set, otherwise in Opsdeck's PostgreSQL; both answer alike. " +
  "Percentiles are nearest-rank, rounded half up, as InfluxQL's PERCENTILE(): the value at 1-based rank floor(n·p/100 + 0.5) " +
  "of the bucket's sorted values, none when that rank is below 1 (p1 of fewer than 50 values). Buckets align to the epoch. " +
  "Steps of whole minutes are read from 1-minute rollups, of whole hours from 1-hour rollups (`resolution` says which), with raw " +
  "points at unaligned range edges: counts, sums, minima, maxima and rates stay exact, percentiles come from a DDSketch and are " +
  "within 1 % (relative) of that nearest-rank value. Steps under a minute, and tags rollups leave out (userId, transactionId), read raw points exactly.";

export const metricsEndpoints = {
  series: defineEndpoint({
    method: "GET",
    path: "/api/admin/metrics/series/{name}",
    access: "viewer",
    summary: "One metric series over a time range, in buckets of `step` seconds",
    description: [
      "Series: `auth_latency` (p1/p50/p95/p99 of auth_duration, ms), `cache_hit_rate` (hits / (hits + misses)), " +
        "`error_rate` (api_error / api_request per endpoint), `saga_compensation_rate` (compensation / all saga transactions), " +
        "`pool_utilisation` (mean utilization_percent per service and pool), `pool_queued` (max queued), " +
        "`pool_connections` (mean active and max connections), `lockouts` (count per clock hour, whatever the step), " +
        "`request_latency` (p50/p95/p99 of api_request, ms), `vector_search_success_rate` (successful / all vector_search points), " +
        "`cache_invalidations` and `saga_compensations` (events per clock hour, beside a limit line: 10 % of all cache operations, " +
        "1 % of all saga transactions, per hour), `locked_users` (users locked at once, the most in each bucket, from ratelimit_lockout " +
        "points and their lock_minutes, counting locks begun up to a day before `from`; a lock lifted early still counts until it would end).",
      `Unknown series, inverted ranges, ranges over 31 days or more than ${MAX_POINTS} points per line answer 400.`,
      storeNote,
    ].join("\n\n"),
    tags: ["Metrics"],
    params: z.object({ name: seriesNameSchema }),
    query: rangeQuerySchema,
    response: seriesResponseSchema,
  }),
  errors: defineEndpoint({
    method: "GET",
    path: "/api/admin/metrics/errors",
    access: "viewer",
    summary: "Errors per endpoint over a window, as the error-spike runbook reads them",
    description:
      "Counts api_error points per endpoint and error type over the last `window`; `topErrors` holds the five most frequent types " +
      "with the latest message of each. `errorRate` divides by the api_request points of the same endpoint. Endpoints are sorted by errorCount.",
    tags: ["Metrics"],
    query: errorsQuerySchema,
    response: errorSummarySchema,
  }),
  write: defineEndpoint({
    method: "POST",
    path: "/api/admin/metrics/write",
    access: "operator",
    summary: "Ingest InfluxDB line protocol (InfluxDB 1.x `/write` compatible)",
    description: [
      "Any InfluxDB 1.x client or Telegraf can write through Opsdeck: give it `…/api/admin/metrics` as the InfluxDB URL " +
        "(clients append `/write`) and an operator token as `Authorization: Token …` or `Bearer …`. " +
        "`db` and `rp` are accepted and ignored: Opsdeck writes to its configured store. Points are batched and, while the store " +
        "is unreachable, kept in a bounded buffer (METRICS_BUFFER_MAX_POINTS) and retried; see `/api/health/deps`.",
      "Each line is parsed on its own: bad lines are rejected with their line numbers while the good lines of the same body are kept. " +
        "Besides syntax, a line is refused for a non-finite number (NaN, Infinity), a timestamp over an hour ahead of the server's clock, " +
        "or a field whose type differs from earlier points of its measurement. " +
        "All good → 200 with the counts; any bad line → 400 (`partial_write` when some were kept, `invalid_line_protocol` when none), " +
        "with `{ accepted, rejected, errors: [{ line, message }] }` in `error.details`. Metric writes are telemetry, not configuration: they are not audited.",
    ].join("\n\n"),
    tags: ["Metrics"],
    query: ingestQuerySchema,
    rawBody: { contentTypes: ["text/plain"] },
    bodyLimitBytes: INGEST_BODY_LIMIT_BYTES,
    response: ingestResponseSchema,
    otherResponses: { 400: "Bad lines (the good ones are kept) or a bad query parameter" },
    // As the trace receiver's: every service's SDK flushes each second, and a full batch at once; many processes share one token.
    rateLimit: { capacity: 2_000, refillPerSecond: 200 },
  }),
};
