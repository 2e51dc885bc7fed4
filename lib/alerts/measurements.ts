import { M } from "@/lib/metrics/measurements";
import { SPAN_FIELDS, SPAN_MEASUREMENT, SPAN_TAGS } from "@/lib/traces/span-measurement";

/**
 * What a rule or SLI may query: the measurements Opsdeck's SDK and ingest write (lib/metrics
 * measurements), their fields and tags. Anything else is a 400 naming what exists, so a rule
 * cannot silently watch a series nobody writes. `trace_span` is the stored spans, read from
 * trace_spans (lib/alerts/sources.ts).
 */
export const QUERYABLE: Record<string, { fields: string[]; tags: string[] }> = {
  [M.auth]: { fields: ["duration_ms"], tags: ["userId", "success"] },
  [M.cache]: { fields: ["duration_ms"], tags: ["operation"] },
  [M.saga]: { fields: ["duration_ms"], tags: ["transactionId", "status"] },
  [M.error]: { fields: ["duration_ms"], tags: ["endpoint", "errorType"] },
  [M.request]: { fields: ["duration_ms"], tags: ["endpoint", "status"] },
  [M.pool]: { fields: ["active", "available", "queued", "max", "utilization_percent"], tags: ["service", "pool"] },
  [M.lockout]: { fields: ["lock_minutes"], tags: ["reason"] },
  [M.vectorSearch]: { fields: ["duration_ms"], tags: ["success"] },
  [SPAN_MEASUREMENT]: { fields: SPAN_FIELDS, tags: [...SPAN_TAGS] },
};

/** A measurement's fields and tags; own keys only, so "constructor" or "__proto__" is unknown, not Object's. */
export const queryableMeasurement = (name: string): { fields: string[]; tags: string[] } | undefined => (Object.hasOwn(QUERYABLE, name) ? QUERYABLE[name] : undefined);
