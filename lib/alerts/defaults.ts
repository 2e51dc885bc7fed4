import type { RuleInput, SloInput } from "@/lib/alerts/schemas";
import { M } from "@/lib/metrics/measurements";
import { SPAN_MEASUREMENT } from "@/lib/traces/span-measurement";

/**
 * Every alert threshold the seeds name. Those over data Opsdeck receives ship as rules (created
 * on first start, then the admins' to edit or disable); the others are listed as unavailable,
 * with what is missing, rather than faked from some other series. The README table is this list.
 */
export interface DefaultRule extends RuleInput {
  defaultKey: string;
}

const errorRate = (window: string) => ({
  kind: "ratio" as const,
  numerator: { measurement: M.error },
  denominator: { measurement: M.request },
  groupBy: ["endpoint"],
  window,
});

const rule = (defaultKey: string, input: Omit<RuleInput, "enabled" | "keepFiringFor" | "description"> & { source: string; keepFiringFor?: string }): DefaultRule => {
  const { source, ...rest } = input;
  return { defaultKey, description: `From ${source}.`, enabled: true, keepFiringFor: "0s", ...rest };
};

export const DEFAULT_RULES: DefaultRule[] = [
  rule("error-rate-critical", {
    name: "ErrorRateCritical",
    source: "seed 003 §1.4, critical alerts: “Error rate > 5% for 5 minutes”",
    query: errorRate("5m"),
    comparison: ">",
    threshold: 0.05,
    for: "5m",
    keepFiringFor: "2m",
    labels: { severity: "critical", service: "api" },
    annotations: { summary: "Error rate above 5 % on {{endpoint}}", runbook: "deployment" },
    series: "error_rate",
  }),
  rule("error-rate-warning", {
    name: "ErrorRateWarning",
    source: "seed 003 §1.4, warning alerts: “Error rate > 2% for 10 minutes”",
    query: errorRate("10m"),
    comparison: ">",
    threshold: 0.02,
    for: "10m",
    labels: { severity: "warning", service: "api" },
    annotations: { summary: "Error rate above 2 % on {{endpoint}}", runbook: "deployment" },
    series: "error_rate",
  }),
  rule("error-rate-target", {
    name: "ErrorRateAboveTarget",
    source: "seed 001, monitoring targets: “Error Rate (target < 1%)”",
    query: errorRate("10m"),
    comparison: ">",
    threshold: 0.01,
    for: "10m",
    labels: { severity: "info", service: "api" },
    annotations: { summary: "Error rate above the 1 % target on {{endpoint}}" },
    series: "error_rate",
  }),
  rule("api-latency-p95", {
    name: "ApiLatencyP95Critical",
    source: "seed 003 §1.4, critical alerts: “API latency p95 > 5 seconds for 5 minutes”",
    query: { kind: "aggregate", measurement: M.request, field: "duration_ms", aggregate: { fn: "percentile", p: 95 }, groupBy: [], window: "5m" },
    comparison: ">",
    threshold: 5000,
    for: "5m",
    labels: { severity: "critical", service: "api" },
    annotations: { summary: "API p95 latency above 5 s" },
  }),
  rule("request-latency-p99", {
    name: "RequestLatencyP99High",
    source: "seed 001, monitoring targets: “Request Latency (target p99 < 1000ms)”",
    query: { kind: "aggregate", measurement: M.request, field: "duration_ms", aggregate: { fn: "percentile", p: 99 }, groupBy: [], window: "5m" },
    comparison: ">",
    threshold: 1000,
    for: "5m",
    labels: { severity: "warning", service: "api" },
    annotations: { summary: "API p99 latency above 1 s" },
  }),
  rule("pool-exhausted", {
    name: "DatabasePoolExhausted",
    source: "seed 003 §1.4, critical alerts: “Database connection pool exhausted”; seed 001: “If queuedRequests > 0, pool is exhausted”",
    query: { kind: "aggregate", measurement: M.pool, field: "queued", aggregate: { fn: "min" }, groupBy: ["service", "pool"], window: "2m" },
    comparison: ">",
    threshold: 0,
    for: "2m",
    labels: { severity: "critical" },
    annotations: { summary: "Pool {{service}}/{{pool}} has had requests queued for 2 minutes", runbook: "deployment" },
    series: "pool_queued",
  }),
  rule("pool-queue", {
    name: "PoolQueueHigh",
    source: "seed 000, troubleshooting: “If queuedRequests > 5, scale up connections”",
    query: { kind: "aggregate", measurement: M.pool, field: "queued", aggregate: { fn: "max" }, groupBy: ["service", "pool"], window: "1m" },
    comparison: ">",
    threshold: 5,
    for: "0s",
    labels: { severity: "warning" },
    annotations: { summary: "More than 5 requests queued on {{service}}/{{pool}}", runbook: "deployment" },
    series: "pool_queued",
  }),
  rule("pool-utilisation", {
    name: "PoolUtilisationHigh",
    source: "seed 001, monitoring targets: “Connection Pool Usage (target < 70%)”",
    query: { kind: "aggregate", measurement: M.pool, field: "utilization_percent", aggregate: { fn: "mean" }, groupBy: ["service", "pool"], window: "5m" },
    comparison: ">",
    threshold: 70,
    for: "10m",
    labels: { severity: "warning" },
    annotations: { summary: "Pool {{service}}/{{pool}} above 70 % utilisation" },
    series: "pool_utilisation",
  }),
  rule("auth-p99-high", {
    name: "AuthLatencyP99High",
    source: "seed 000, auth timing: “Alert if: p99 > 600ms or p1 < 400ms (indicates flag misconfiguration)”",
    query: { kind: "aggregate", measurement: M.auth, field: "duration_ms", aggregate: { fn: "percentile", p: 99 }, groupBy: [], window: "5m" },
    comparison: ">",
    threshold: 600,
    for: "5m",
    labels: { severity: "warning", service: "auth" },
    annotations: { summary: "Auth p99 above 600 ms: constant-time auth is off target", runbook: "auth-timing" },
    series: "auth_latency",
  }),
  rule("auth-p1-low", {
    name: "AuthLatencyP1Low",
    source: "seed 000, auth timing: “Alert if: p99 > 600ms or p1 < 400ms (indicates flag misconfiguration)”",
    query: { kind: "aggregate", measurement: M.auth, field: "duration_ms", aggregate: { fn: "percentile", p: 1 }, groupBy: [], window: "5m" },
    comparison: "<",
    threshold: 400,
    for: "5m",
    labels: { severity: "warning", service: "auth" },
    annotations: { summary: "Auth p1 below 400 ms: some answers skip the constant-time delay", runbook: "auth-timing" },
    series: "auth_latency",
  }),
  rule("cache-hit-rate", {
    name: "CacheHitRateLow",
    source: "seed 000 and seed 001: “Cache hit rate (target > 60%)”",
    query: {
      kind: "ratio",
      numerator: { measurement: M.cache, where: { operation: "hit" } },
      denominator: { measurement: M.cache, where: { operation: ["hit", "miss"] } },
      groupBy: [],
      window: "10m",
    },
    comparison: "<",
    threshold: 0.6,
    for: "10m",
    labels: { severity: "warning", service: "cache" },
    annotations: { summary: "Cache hit rate below 60 %", runbook: "stale-cache" },
    series: "cache_hit_rate",
  }),
  rule("cache-invalidations", {
    name: "CacheInvalidationSpike",
    source: "seed 000, stale cache: “cache_invalidation_events per hour (alert if spikes)” with its “if > 10% of requests” bound",
    query: {
      kind: "ratio",
      numerator: { measurement: M.cache, where: { operation: "invalidation" } },
      denominator: { measurement: M.cache },
      groupBy: [],
      window: "1h",
    },
    comparison: ">",
    threshold: 0.1,
    for: "0s",
    labels: { severity: "warning", service: "cache" },
    annotations: { summary: "Cache invalidations above 10 % of cache operations over the last hour", runbook: "stale-cache" },
    series: "cache_hit_rate",
  }),
  rule("lockouts-per-hour", {
    name: "LockoutsPerHourHigh",
    source: "seed 000, rate limiting: “lockout_events per hour (alert if > 10)”",
    query: { kind: "aggregate", measurement: M.lockout, field: "lock_minutes", aggregate: { fn: "count" }, groupBy: [], window: "1h" },
    comparison: ">",
    threshold: 10,
    for: "0s",
    labels: { severity: "warning", service: "auth" },
    annotations: { summary: "More than 10 lockouts in the last hour: an attack or false positives", runbook: "rate-limit-false-positives" },
    series: "lockouts",
  }),
  rule("saga-compensations", {
    name: "SagaCompensationRateHigh",
    source: "seed 000 and seed 001: saga compensations below 1 % of transactions",
    query: {
      kind: "ratio",
      numerator: { measurement: M.saga, where: { status: "compensation" } },
      denominator: { measurement: M.saga },
      groupBy: [],
      window: "15m",
    },
    comparison: ">",
    threshold: 0.01,
    for: "5m",
    labels: { severity: "warning", service: "saga" },
    annotations: { summary: "Saga compensations above 1 % of transactions", runbook: "saga-failures" },
    series: "saga_compensation_rate",
  }),
  rule("trace-latency-p99", {
    name: "TraceLatencyP99High",
    source: "seed 000, tracing: “Alert if: p99 latency > 1000ms (indicates bottleneck)”",
    // A trace lasts as long as its root span; child spans would pull the p99 down.
    query: {
      kind: "aggregate",
      measurement: SPAN_MEASUREMENT,
      field: "duration_ms",
      aggregate: { fn: "percentile", p: 99 },
      where: { root: "true" },
      groupBy: ["service"],
      window: "5m",
    },
    comparison: ">",
    threshold: 1000,
    for: "5m",
    labels: { severity: "warning" },
    annotations: { summary: "Trace p99 above 1000 ms on {{service}}", runbook: "tracing" },
  }),
];

/** Thresholds the seeds name over data Opsdeck does not receive (yet): listed, not evaluated. */
export const UNAVAILABLE_RULES = [
  { name: "External service down", threshold: "any external service down", source: "seed 003 §1.4 (critical)", reason: "Opsdeck probes only its own dependencies; services' external dependencies report no health metric to it" },
  { name: "Job queue depth", threshold: "> 100", source: "seed 003 §1.4 (warning)", reason: "no job-queue measurement is written to Opsdeck" },
  { name: "LLM API error rate", threshold: "> 10 % for 10 minutes", source: "seed 003 §1.4 (warning)", reason: "LLM calls report no request/error counts to Opsdeck" },
  { name: "LLM token quota", threshold: "80 % of quota", source: "seed 003 §1.4 (warning)", reason: "no quota measurement is written to Opsdeck" },
  { name: "Ask latency p95", threshold: "> 3 s for 5 minutes", source: "seed 002 (latency SLO)", reason: "ask_request_latency_seconds is a Prometheus histogram of that service; it is not sent to Opsdeck" },
  { name: "Ask error ratio", threshold: "> 2 %", source: "seed 002 (latency SLO)", reason: "ask_requests_total is not sent to Opsdeck (Opsdeck's own per-endpoint error-rate rules cover services that do write api_request/api_error)" },
  { name: "Workspace quota saturation", threshold: "workspace_quota_ratio > 0.9 for 10 minutes", source: "seed 002", reason: "no quota measurement is written to Opsdeck" },
  { name: "RBAC filter rejections", threshold: "spikes per hour", source: "seed 000 (vector search)", reason: "rbac_filter_rejections is not written to Opsdeck" },
  { name: "Users locked out", threshold: "> 5 users locked", source: "seed 000 (rate limiting)", reason: "lockout points carry a reason, not a user, so distinct users cannot be counted" },
  { name: "Vector search success", threshold: "> 95 %", source: "seed 001 (monitoring targets)", reason: "vector searches report no success/failure counts to Opsdeck" },
  { name: "Disk space", threshold: "—", source: "issue 14", reason: "no disk measurement is written to Opsdeck" },
  { name: "Certificate expiry", threshold: "—", source: "issue 14", reason: "no certificate measurement is written to Opsdeck" },
];

export interface DefaultSlo extends SloInput {
  defaultKey: string;
}

export const DEFAULT_SLOS: DefaultSlo[] = [
  {
    defaultKey: "auth-latency-500ms",
    name: "auth-latency-500ms",
    displayName: "Auth answers under 500 ms",
    description: "From seed 000, tracing: “Set up SLO: 95% of requests < 500ms”, over auth_duration.",
    service: "auth",
    sli: { good: { measurement: M.auth, below: 500 }, total: { measurement: M.auth } },
    objective: 95,
    window: "30d",
    labels: {},
    runbook: "auth-timing",
    enabled: true,
  },
  {
    defaultKey: "api-availability",
    name: "api-availability",
    displayName: "API requests without errors",
    description: "From seed 001, monitoring targets: “Error Rate (target < 1%)” — 99 % of requests answered without an error.",
    service: "api",
    sli: { bad: { measurement: M.error }, total: { measurement: M.request } },
    objective: 99,
    window: "30d",
    labels: {},
    runbook: "deployment",
    enabled: true,
  },
];
