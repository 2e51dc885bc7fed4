import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { depsResponseSchema, healthResponseSchema, poolStatsSchema, probeResponseSchema } from "@/lib/health/schemas";

export const healthEndpoints = {
  summary: defineEndpoint({
    method: "GET",
    path: "/api/health",
    access: "viewer",
    summary: "Overall health: 200 when every configured dependency is healthy, 503 otherwise",
    tags: ["Health"],
    response: healthResponseSchema,
    otherResponses: { 503: "At least one dependency is degraded or down (same body)" },
  }),
  live: defineEndpoint({
    method: "GET",
    path: "/api/health/live",
    access: "public",
    summary: "Liveness: the process answers; no I/O",
    tags: ["Health"],
    response: probeResponseSchema,
  }),
  ready: defineEndpoint({
    method: "GET",
    path: "/api/health/ready",
    access: "viewer",
    summary: "Readiness: 200 when the database answers, 503 otherwise",
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
    summary: "Opsdeck's own database pool: connections in use, idle and waiting",
    tags: ["Health"],
    response: poolStatsSchema,
  }),
  prometheus: defineEndpoint({
    method: "GET",
    path: "/api/metrics",
    access: "viewer",
    summary: "Prometheus exposition of Opsdeck's own request metrics",
    description: "http_requests_total, http_errors_total and http_request_duration_seconds (buckets 0.01 … 10 s).",
    tags: ["Health"],
    response: z.string(),
    responseContentType: "text/plain; version=0.0.4; charset=utf-8",
  }),
};
