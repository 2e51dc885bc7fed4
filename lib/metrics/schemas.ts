import { z } from "zod";

/** Every series the metrics API answers; anything else is a 400. */
export const SERIES_NAMES = [
  "auth_latency",
  "cache_hit_rate",
  "error_rate",
  "saga_compensation_rate",
  "pool_utilisation",
  "pool_queued",
  "pool_connections",
  "lockouts",
  "request_latency",
  "vector_search_success_rate",
  "cache_invalidations",
  "locked_users",
  "saga_compensations",
] as const;
export const seriesNameSchema = z.enum(SERIES_NAMES);
export type SeriesName = z.infer<typeof seriesNameSchema>;

export const MAX_RANGE_MS = 31 * 86_400_000;
export const MAX_POINTS = 2_000;
/** Steps the automatic choice picks from, in seconds: round numbers on a clock. */
export const NICE_STEPS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
/** About this many points per line when the caller names no step. */
const AUTO_POINTS = 240;

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
}

export function autoStep(rangeMs: number): number {
  return NICE_STEPS.find((step) => rangeMs / (step * 1000) <= AUTO_POINTS) ?? 86400;
}

/**
 * Time range and step of a query. `to` defaults to now and `from` to one hour before it; the
 * step to a round value giving about 240 points. Inverted or over-long ranges and requests for
 * more than 2 000 points per line are rejected with a message saying which.
 */
export const rangeQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional().describe("Start (inclusive), ISO 8601; default: one hour before `to`"),
    to: z.iso.datetime({ offset: true }).optional().describe("End (exclusive), ISO 8601; default: now"),
    step: z.coerce.number().int().min(1).max(86_400).optional().describe("Bucket width in seconds; default: a round value giving about 240 points"),
  })
  .transform((query, context): ResolvedRange => {
    const toMs = query.to ? Date.parse(query.to) : Date.now();
    const fromMs = query.from ? Date.parse(query.from) : toMs - 3_600_000;
    if (fromMs >= toMs) {
      context.addIssue({ code: "custom", path: ["from"], message: "`from` must be before `to` (the range is inverted or empty)" });
      return z.NEVER;
    }
    if (toMs - fromMs > MAX_RANGE_MS) {
      context.addIssue({ code: "custom", path: ["from"], message: "the range is longer than 31 days" });
      return z.NEVER;
    }
    const stepSeconds = query.step ?? autoStep(toMs - fromMs);
    const points = Math.ceil((toMs - fromMs) / (stepSeconds * 1000));
    if (points > MAX_POINTS) {
      context.addIssue({ code: "custom", path: ["step"], message: `${points} points requested; at most ${MAX_POINTS} per line — choose a larger step` });
      return z.NEVER;
    }
    return { fromMs, toMs, stepSeconds };
  });

export const seriesPointSchema = z.object({
  time: z.number().int().describe("Bucket start, ms since the epoch"),
  value: z.number().nullable(),
});

export const seriesLineSchema = z.object({
  id: z.string().describe("Stable key of the line, e.g. `p99` or `billing/primary`"),
  labels: z.record(z.string(), z.string()),
  points: z.array(seriesPointSchema),
});

export const seriesResolutionSchema = z.enum(["raw", "1m", "1h"]);
export type SeriesResolution = z.infer<typeof seriesResolutionSchema>;

export const seriesUnitSchema = z.enum(["ms", "ratio", "percent", "count", "connections", "per_hour"]);

export const seriesResponseSchema = z
  .object({
    series: seriesNameSchema,
    unit: seriesUnitSchema.describe("ratio: 0.6 means 60 %; percent: 0–100 (pool utilisation, as the services report it)"),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    stepSeconds: z.number().int(),
    resolution: seriesResolutionSchema.describe(
      "What the buckets were computed from: 1-hour or 1-minute rollups (the coarsest the step allows), or raw points for steps under a minute",
    ),
    lines: z.array(seriesLineSchema),
  })
  .meta({ id: "MetricSeries" });

export type SeriesPoint = z.infer<typeof seriesPointSchema>;
export type SeriesLine = z.infer<typeof seriesLineSchema>;
export type SeriesResponse = z.infer<typeof seriesResponseSchema>;
export type SeriesUnit = z.infer<typeof seriesUnitSchema>;

const WINDOW = /^(\d{1,7})(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Seed 001's `?window=1h` (also 5m, 30s, 7d), at most 31 days. */
export const windowSchema = z
  .string()
  .regex(WINDOW, "expected a duration like 5m, 1h or 7d")
  .transform((value) => {
    const [, amount, unit] = WINDOW.exec(value) as unknown as [string, string, keyof typeof UNIT_MS];
    return Number(amount) * UNIT_MS[unit];
  })
  .refine((ms) => ms > 0 && ms <= MAX_RANGE_MS, "the window must be between 1 s and 31 days");

export const errorsQuerySchema = z.object({
  window: windowSchema.prefault("1h").describe("How far back from `to`, e.g. 5m, 1h, 7d; default 1h"),
  to: z.iso.datetime({ offset: true }).optional().describe("End of the window (exclusive), ISO 8601; default now"),
});

export const errorSummarySchema = z
  .object({
    errors: z.array(
      z.object({
        endpoint: z.string(),
        errorCount: z.number().int(),
        errorRate: z
          .number()
          .nullable()
          .describe("errorCount / requests in the window (0.12 = 12 %); null when the service reports no request counts for this endpoint"),
        requests: z.number().int().describe("Requests the service reported for this endpoint in the window (api_request points)"),
        topErrors: z.array(z.object({ type: z.string(), count: z.number().int(), message: z.string() })),
      }),
    ),
  })
  .meta({ id: "ErrorSummary" });
export type ErrorSummary = z.infer<typeof errorSummarySchema>;

export const ingestQuerySchema = z.object({
  db: z.string().optional().describe("Accepted for InfluxDB 1.x client compatibility; Opsdeck writes to its configured store"),
  rp: z.string().optional().describe("Accepted and ignored, as `db`"),
  precision: z.enum(["n", "ns", "u", "us", "ms", "s"]).default("ns").describe("Timestamp precision of the lines; default ns"),
});

export const ingestResponseSchema = z
  .object({
    accepted: z.number().int(),
    rejected: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })).describe("Rejected lines, numbered from 1"),
  })
  .meta({ id: "IngestResult" });
export type IngestResult = z.infer<typeof ingestResponseSchema>;
