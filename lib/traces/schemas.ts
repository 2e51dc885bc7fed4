import { z } from "zod";
import { INT32_MAX, INT64_MAX } from "@/lib/api/bounds";
import { MAX_ATTRIBUTE_CONDITIONS, parseAttributeCondition, type AttributeCondition } from "@/lib/traces/span-filter";

/** Hex trace id as in X-Trace-ID and traceparent; upper case is accepted and lowered. */
export const traceIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{32}$/, "a trace id is 32 hexadecimal digits");

export const spanStatusSchema = z.enum(["unset", "ok", "error"]);
export type SpanStatus = z.infer<typeof spanStatusSchema>;

const attributesSchema = z.record(z.string(), z.unknown());

export const spanSchema = z
  .object({
    spanId: z.string(),
    parentSpanId: z.string().nullable().describe("null for a root span"),
    name: z.string(),
    service: z.string().describe("The resource's service.name"),
    kind: z.number().int().describe("OTLP span kind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer"),
    startTime: z.string().describe("ISO 8601, millisecond precision"),
    startTimeUnixNano: z.string().describe("Exact start, nanoseconds since the epoch"),
    duration: z.number().describe("Milliseconds (fractional)"),
    durationNs: z.string(),
    status: spanStatusSchema,
    statusMessage: z.string().nullable(),
    attributes: attributesSchema,
    events: z.array(z.object({ name: z.string(), timeNs: z.string(), attributes: attributesSchema })),
    links: z.array(z.object({ traceId: z.string(), spanId: z.string(), attributes: attributesSchema })),
    resource: attributesSchema,
    scope: z.object({ name: z.string().optional(), version: z.string().optional() }),
  })
  .meta({ id: "Span" });
export type Span = z.infer<typeof spanSchema>;

export const tracePageSchema = z
  .object({
    traceId: z.string(),
    spanCount: z.number().int().describe("Spans in the whole trace, not only this page"),
    spans: z.array(spanSchema).describe("Ordered by start time, then span id"),
    nextCursor: z.string().nullable().describe("Pass as ?cursor= for the next page; null on the last page"),
  })
  .meta({ id: "TracePage" });
export type TracePage = z.infer<typeof tracePageSchema>;

export const traceParamsSchema = z.object({ traceId: traceIdSchema });

export const MAX_PAGE_SPANS = 10_000;
export const DEFAULT_PAGE_SPANS = 5_000;

export const tracePageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SPANS).default(DEFAULT_PAGE_SPANS),
});

/** A span that met the search's span-level conditions (the reason its trace is in the answer). */
export const matchedSpanSchema = z
  .object({
    spanId: z.string(),
    name: z.string(),
    service: z.string(),
    durationMs: z.number(),
    status: spanStatusSchema,
  })
  .meta({ id: "MatchedSpan" });
export type MatchedSpan = z.infer<typeof matchedSpanSchema>;

/** Matched spans listed per trace; the waterfall shows the rest. */
export const MAX_MATCHED_SPANS = 20;

export const traceSummarySchema = z
  .object({
    traceId: z.string(),
    spanName: z.string().nullable().describe("The root span's name (the endpoint); null while the root has not arrived"),
    rootSpanId: z.string().nullable(),
    service: z.string().nullable().describe("The root span's service"),
    services: z.array(z.string()),
    startTime: z.string(),
    durationMs: z.number(),
    spanCount: z.number().int(),
    errorCount: z.number().int(),
    status: z.enum(["ok", "error"]).describe("error when any span has status error"),
    connectionsUsed: z
      .number()
      .int()
      .nullable()
      .describe("The largest db.connections_used (or connectionsUsed) attribute on any of the trace's spans"),
    matchedSpans: z
      .array(matchedSpanSchema)
      .describe(`The trace's spans that met the span-level filters (name, minDurationMs, spanStatus, attr, requestId), in start order, at most ${MAX_MATCHED_SPANS}; empty when the search has none`),
  })
  .meta({ id: "TraceSummary" });
export type TraceSummary = z.infer<typeof traceSummarySchema>;

// Durations are stored in int64 nanoseconds.
const MAX_DURATION_MS = Number(INT64_MAX / 1_000_000n);

/** `?attr=` once or repeated: each a condition of lib/traces/span-filter.ts, refused with its position named. */
const attributeConditionsSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value, context): AttributeCondition[] => {
    const texts = Array.isArray(value) ? value : [value];
    if (texts.length > MAX_ATTRIBUTE_CONDITIONS) {
      context.addIssue({ code: "custom", message: `at most ${MAX_ATTRIBUTE_CONDITIONS} attribute conditions` });
      return z.NEVER;
    }
    return texts.map((text, index) => {
      const parsed = parseAttributeCondition(text);
      if ("problem" in parsed) {
        context.addIssue({ code: "custom", message: parsed.problem, path: Array.isArray(value) ? [index] : [] });
        return z.NEVER;
      }
      return parsed.condition;
    });
  })
  .optional()
  .describe("Span attribute conditions, repeatable: `key=value` (string, number or boolean equal) or `key>=number` (also >, <, <=)");

/** Which traces: the filters the list and its count share. */
const traceFilterFields = {
  service: z.string().trim().min(1).max(256).optional().describe("A span of the trace is from this service (the same span as the other span-level filters)"),
  name: z.string().trim().min(1).max(256).optional().describe("A span of the trace has this name, exactly (any span, not only the root)"),
  minDurationMs: z.coerce.number().min(0).max(MAX_DURATION_MS).optional().describe("A span of the trace lasted at least this long (ms)"),
  spanStatus: spanStatusSchema.optional().describe("A span of the trace has this status"),
  attr: attributeConditionsSchema,
  requestId: z.string().trim().min(1).max(256).optional().describe("A span of the trace has the attribute request_id equal to this (seed 002's correlation)"),
  status: z.enum(["ok", "error"]).optional().describe("The whole trace: error when any span failed, ok when none did"),
  minConnections: z.coerce.number().int().min(0).max(INT32_MAX).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};
const rangeInOrder = (query: { from?: string; to?: string }) => !query.from || !query.to || new Date(query.from) <= new Date(query.to);
const rangeProblem = { message: "from must not be after to", path: ["from"] };

/** Deepest page of a search: offset + limit stay under this (narrow from/to beyond it). */
export const MAX_TRACE_OFFSET = 100_000;

export const traceSearchSchema = z
  .object({
    ...traceFilterFields,
    limit: z.coerce.number().int().min(1).max(1000).default(20),
    offset: z.coerce.number().int().min(0).max(MAX_TRACE_OFFSET).default(0).describe("Skip this many of the newest matches (the next page)"),
  })
  .refine(rangeInOrder, rangeProblem);
export const traceCountQuerySchema = z.object(traceFilterFields).refine(rangeInOrder, rangeProblem);
export type TraceCountQuery = z.infer<typeof traceCountQuerySchema>;
export const traceCountSchema = z.object({ total: z.number().int().describe("Traces matching the filters") }).meta({ id: "TraceCount" });
export type TraceSearch = z.infer<typeof traceSearchSchema>;

/** OTLP/HTTP's error body (google.rpc.Status), as JSON or protobuf in the request's encoding. */
export const otlpStatusSchema = z
  .object({
    code: z.number().int().describe("gRPC status code: 3 INVALID_ARGUMENT (400, 413, 415), 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE (503)"),
    message: z.string(),
  })
  .meta({ id: "GoogleRpcStatus" });

export const otlpResponseSchema = z
  .object({
    partialSuccess: z
      .object({ rejectedSpans: z.string(), errorMessage: z.string() })
      .optional()
      .describe("Present when some spans were rejected; the rest were stored"),
  })
  .meta({ id: "ExportTraceServiceResponse" });
