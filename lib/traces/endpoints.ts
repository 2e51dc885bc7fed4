import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import {
  otlpResponseSchema,
  otlpStatusSchema,
  traceCountQuerySchema,
  traceCountSchema,
  tracePageQuerySchema,
  tracePageSchema,
  traceParamsSchema,
  traceSearchSchema,
  traceSummarySchema,
} from "@/lib/traces/schemas";

const OTLP_TYPES = ["application/json", "application/x-protobuf"];
const otlpStatus = (description: string) => ({ description, schema: otlpStatusSchema, contentTypes: OTLP_TYPES });

export const traceEndpoints = {
  receive: defineEndpoint({
    method: "POST",
    path: "/v1/traces",
    access: "operator",
    summary: "OTLP/HTTP trace receiver",
    description: [
      "The standard OTLP/HTTP traces endpoint: point any OpenTelemetry SDK or Collector's OTLP/HTTP exporter at Opsdeck's base URL",
      "with the header `Authorization: Bearer <operator token>`. Bodies are ExportTraceServiceRequest as protobuf",
      "(`application/x-protobuf`) or OTLP JSON (`application/json`: hex ids, 64-bit integers as strings or numbers, integer enums,",
      "unknown fields ignored), optionally gzip-compressed (`Content-Encoding: gzip`), at most TRACES_BODY_LIMIT_BYTES after",
      "decompression (413 beyond). Answers in the request's encoding: 200 with an ExportTraceServiceResponse whose",
      "`partialSuccess` counts spans rejected by the rules in lib/traces/otlp.ts (bad ids, no start time, outside retention,",
      "duplicates) while the rest are stored; 400 with a google.rpc.Status for a body that is not an export request;",
      "429 (rate limit) or 503 (receiver busy, database away) with Retry-After, which exporters retry.",
    ].join(" "),
    tags: ["Traces"],
    rawBody: { contentTypes: ["application/json", "application/x-protobuf"] },
    response: otlpResponseSchema,
    responseContentTypes: OTLP_TYPES,
    otherResponses: {
      400: otlpStatus("Not an export request: bad JSON or protobuf, or nesting deeper than JSON_MAX_DEPTH"),
      413: otlpStatus("Body over TRACES_BODY_LIMIT_BYTES after gzip, or a JSON array over TRACES_JSON_MAX_ARRAY_ITEMS"),
      415: otlpStatus("Unsupported content type or encoding"),
      503: otlpStatus("Receiver busy or database unavailable; retry after Retry-After"),
    },
    // Exporters send a batch every few seconds per process; many processes share one token.
    rateLimit: { capacity: 2_000, refillPerSecond: 200 },
  }),
  search: defineEndpoint({
    method: "GET",
    path: "/api/admin/traces",
    access: "viewer",
    summary: "Search traces",
    description: [
      "Trace summaries, newest first. The answer is a top-level JSON array (not an object) because the pool-exhaustion runbook pipes it",
      "through `jq '.[] | {endpoint: .spanName, connectionsUsed, duration: .durationMs}'`: each summary carries the root span's",
      "name as `spanName`, `connectionsUsed` (the largest `db.connections_used` or `connectionsUsed` attribute on any span) and",
      "`durationMs`, besides services, span count and error count.",
      "Span-level search: `name` (exact span name), `minDurationMs` (that span's duration), `spanStatus` (unset, ok, error), `attr` and",
      "`requestId` reach every span of every trace, and all of them (with `service`, when any is given) must hold on one and the same span:",
      "`?name=vector.similaritySearch&minDurationMs=500` answers the traces with a vector.similaritySearch span of 500 ms or more.",
      "`attr` is repeatable, each `key=value` or `key>number` (also `>=`, `<`, `<=`), the key being the attribute's name as sent",
      "(`attr=http.status_code>=500`, `attr=request_id=req-42`); equality matches the text and the number or boolean it spells, a comparison",
      "numbers and numeric strings. `requestId=x` is `attr=request_id=x` (seed 002's correlation). Each trace lists the spans that matched in",
      "`matchedSpans` (start order, at most 20; empty without span-level filters). Attribute equality, request id, and name with",
      "minDurationMs ≥ 100 are indexed; a numeric comparison alone reads every span of the range (narrow it with from/to or another filter). Trace-level: `status=error`",
      "(any span failed) or `ok` (none did), `minConnections`, `from`/`to` (the trace's start), `service` alone (any span's service).",
      "A condition it cannot read answers 400 naming the field (`query.attr.1`). At most `limit` (≤ 1000) summaries, after skipping `offset`",
      "of the newest (the next page); `GET /api/admin/traces/count` says how many match.",
    ].join(" "),
    tags: ["Traces"],
    query: traceSearchSchema,
    response: z.array(traceSummarySchema),
  }),
  count: defineEndpoint({
    method: "GET",
    path: "/api/admin/traces/count",
    access: "viewer",
    summary: "Count traces",
    description: "How many traces match the same filters as `GET /api/admin/traces` (without `limit` and `offset`): the list pages through them.",
    tags: ["Traces"],
    query: traceCountQuerySchema,
    response: traceCountSchema,
  }),
  get: defineEndpoint({
    method: "GET",
    path: "/api/admin/traces/{traceId}",
    access: "viewer",
    summary: "One trace's spans, in pages",
    description: [
      "The shape `{ traceId, spans: [{ spanId, name, duration, status, attributes }] }`, extended with parentSpanId,",
      "service, start times, events, links, resource and scope. `duration` is in milliseconds. Spans come in start order in pages",
      "of at most `limit` spans and about 4 MB; follow `nextCursor` until it is null. `spanCount` is the whole trace's.",
    ].join(" "),
    tags: ["Traces"],
    params: traceParamsSchema,
    query: tracePageQuerySchema,
    response: tracePageSchema,
    otherResponses: { 404: "No trace with this id" },
  }),
};
