import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { depsResponseSchema, healthAnswerSchema, poolStatsQuerySchema, probeResponseSchema, servicePoolStatsSchema, systemStatusSchema } from "@/lib/health/schemas";

export const healthEndpoints = {
  summary: defineEndpoint({
    method: "GET",
    path: "/api/health",
    access: "public",
    probe: "reads-caller",
    summary: "Overall health: 200 when every configured dependency is healthy, 503 otherwise",
    description:
      "Also served at /health (seed 003's probe path). Without a credential (or below viewer) the answer is the status alone, `{ \"status\": \"healthy\" }`; a viewer also gets the version, each dependency's state and the tracing check. Never rate limited.",
    tags: ["Health"],
    response: healthAnswerSchema,
    otherResponses: { 503: "At least one dependency is degraded or down (same body)" },
  }),
  live: defineEndpoint({
    method: "GET",
    path: "/api/health/live",
    access: "public",
    probe: "anonymous",
    summary: "Liveness: the process answers; no I/O, no credential, never rate limited",
    description: "Also served at /health/live. For kubelets' livenessProbe and load balancers.",
    tags: ["Health"],
    response: probeResponseSchema,
  }),
  ready: defineEndpoint({
    method: "GET",
    path: "/api/health/ready",
    access: "public",
    probe: "anonymous",
    summary: "Readiness: 200 when the database answers, 503 { status: degraded } otherwise",
    description: "Also served at /health/ready. No credential, never rate limited; the database check has a 2 s timeout and seed 004's circuit breaker.",
    tags: ["Health"],
    response: probeResponseSchema,
    otherResponses: { 503: "The database is unreachable" },
  }),
  deps: defineEndpoint({
    method: "GET",
    path: "/api/health/deps",
    access: "viewer",
    summary: "Every configured dependency, checked in parallel with a 2 s timeout each",
    tags: ["Health"],
    response: depsResponseSchema,
    otherResponses: { 503: "A critical dependency (the database) is unavailable" },
  }),
  poolStats: defineEndpoint({
    method: "GET",
    path: "/api/health/pool-stats",
    access: "viewer",
    summary: "A service's connection pools (seed 001's JSON): connections in use, available and queued",
    description:
      "`?service=api` answers the latest report of each pool the service wrote to the pool_stats measurement in the last 15 minutes, added up at the top level in seed 001's fields (`queuedRequests > 0`: the pool is exhausted) and one by one in `pools`. Without `service`, or with `service=opsdeck`, the answer is Opsdeck's own database pool, live.",
    tags: ["Health"],
    query: poolStatsQuerySchema,
    response: servicePoolStatsSchema,
    otherResponses: { 404: "The service reported no pool in the last 15 minutes" },
  }),
  systemStatus: defineEndpoint({
    method: "GET",
    path: "/api/admin/system/status",
    access: "viewer",
    summary: "Every component of this instance at once: sign-in, dependencies, rate limiter, flag cache, tracing",
    description:
      "Seed 001's `curl …/system/status | grep -A5 auth`. `components.auth.details` says how people sign in (`signIn`: oidc, issuer, devLogin, apiTokens) and the `priority_1_3_constant_time_auth` flag's state (`constantTimeAuth`); the dependencies are checked now, as `/api/health/deps` does. `status` is the dependencies' overall state. Always 200: the state is in the body.",
    tags: ["Health"],
    response: systemStatusSchema,
  }),
  prometheus: defineEndpoint({
    method: "GET",
    path: "/api/metrics",
    access: "viewer",
    summary: "Prometheus exposition of Opsdeck's own metrics",
    description:
      "Seed 004's shape: http_requests_total{method,endpoint,status_code}, http_request_duration_seconds{method,endpoint} (buckets 0.01 … 10 s), dependency_health{dependency} and circuit_breaker_state{dependency} (dependencies are checked on each scrape), and Opsdeck's buffers and queues: opsdeck_metrics_write_buffer_points, opsdeck_metrics_write_dropped_points, opsdeck_traces_ingest_in_flight.",
    tags: ["Health"],
    response: z.string(),
    responseContentType: "text/plain; version=0.0.4; charset=utf-8",
  }),
};
