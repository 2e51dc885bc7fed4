/**
 * Stored spans as one metrics measurement for alert rules and SLIs (answered by
 * lib/traces/span-aggregates.ts from trace_spans): field `duration_ms`; tags `service`, `name`,
 * `status` (`ok`, `error` or `unset`, from the OTLP status code) and `root` (`true` for a
 * trace's root span, whose duration is the trace's). Names only, so the
 * browser's schemas can check a rule against them.
 */
export const SPAN_MEASUREMENT = "trace_span";
export const SPAN_FIELDS = ["duration_ms"];
export const SPAN_TAGS = ["service", "name", "status", "root"] as const;
