import { bucketOf } from "@/lib/flags/evaluate";
import type { StoredSpan } from "@/lib/traces/otlp";

/**
 * Flag exposures in spans, as the OpenFeature OpenTelemetry hooks write them: a span event
 * `feature_flag.evaluation` (SpanEventHook) or a span carrying `feature_flag.key` (SpanHook), with
 * the user in `feature_flag.context.id` (the evaluation's targeting key). They are picked out once,
 * as spans arrive, into the narrow `flag_exposures` table with the user's bucket for the flag (the
 * hash that decides who gets it), so the rollout evaluator can count each plan's arms in SQL every
 * tick; re-reading the spans' JSON and hashing user by user for that cost seconds per tick.
 */

export const EXPOSURE_EVENT = "feature_flag.evaluation";
export const FLAG_KEY = "feature_flag.key";
export const CONTEXT_ID = "feature_flag.context.id";

export interface FlagExposure {
  flag: string;
  userId: string;
  traceId: string;
  spanId: string;
  /** bucketOf(flag, user) in hundredths of a percent (0–9999): treatment when below percentage × 100. */
  bucket: number;
  startNs: bigint;
  isRoot: boolean;
  statusCode: number;
  durationNs: bigint;
}

const text = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);

/** The exposures one span carries: one per flag evaluated for a known user. */
export function exposuresOf(span: StoredSpan): FlagExposure[] {
  const sources = [...span.events.filter((event) => event.name === EXPOSURE_EVENT).map((event) => event.attributes), span.attributes];
  const seen = new Map<string, FlagExposure>();
  for (const attributes of sources) {
    const flag = text(attributes[FLAG_KEY]);
    const userId = text(attributes[CONTEXT_ID]);
    if (!flag || !userId || seen.has(flag)) continue;
    seen.set(flag, {
      flag,
      userId,
      traceId: span.traceId,
      spanId: span.spanId,
      bucket: Math.round(bucketOf(flag, userId) * 100),
      startNs: span.startNs,
      isRoot: span.parentSpanId === null,
      statusCode: span.statusCode,
      durationNs: span.durationNs,
    });
  }
  return [...seen.values()];
}

/**
 * Inserts a batch's exposures: one per (flag, trace), since a trace is one request whichever of its
 * spans evaluated the flag; a span stored twice adds nothing.
 */
export const INSERT_EXPOSURES = `INSERT INTO "flag_exposures" ("flag", "trace_id", "start_time", "span_id", "user_id", "bucket", "is_root", "status_code", "duration_ns")
  SELECT t.flag, t.trace_id, to_timestamp(t.start_ns::numeric / 1000000000), t.span_id, t.user_id, t.bucket, t.is_root, t.status_code, t.duration_ns
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::smallint[], $7::boolean[], $8::int[], $9::bigint[])
    AS t(flag, trace_id, start_ns, span_id, user_id, bucket, is_root, status_code, duration_ns)
  ON CONFLICT DO NOTHING`;

/** One array per column of INSERT_EXPOSURES. */
export function exposureColumns(exposures: FlagExposure[]): unknown[] {
  return [
    exposures.map((e) => e.flag),
    exposures.map((e) => e.traceId),
    exposures.map((e) => e.startNs.toString()),
    exposures.map((e) => e.spanId),
    exposures.map((e) => e.userId),
    exposures.map((e) => e.bucket),
    exposures.map((e) => e.isRoot),
    exposures.map((e) => e.statusCode),
    exposures.map((e) => e.durationNs.toString()),
  ];
}
