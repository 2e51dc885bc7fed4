import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { BreakerState, BreakerSnapshot } from "@/lib/resilience/circuit-breaker";
import { processSingleton } from "@/lib/process-singleton";

/** The metrics write buffer's figures, supplied by lib/metrics once it runs (no import cycle). */
type BufferCounts = { buffered: number; dropped: number; rejected: number; breaker: Pick<BreakerSnapshot, "name" | "state"> };
let metricsBufferSource: (() => BufferCounts) | undefined;
export function setMetricsBufferSource(source: () => BufferCounts): void {
  metricsBufferSource = source;
}

/** Seed 004's encoding of a breaker's state. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, "half-open": 0.5, open: 1 };

/**
 * Opsdeck's own metrics in seed 004's shape, scraped from GET /api/metrics: requests by method,
 * endpoint (the OpenAPI path, never the raw URL, so ids do not explode the series) and status
 * code; latency with seed 004's buckets; dependencies and their circuit breakers; Opsdeck's
 * buffers and queues.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: "http_requests_total",
      help: "Total HTTP requests",
      labelNames: ["method", "endpoint", "status_code"] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration in seconds",
      labelNames: ["method", "endpoint"] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    dependencyHealth: new Gauge({
      name: "dependency_health",
      help: "Dependency health status (1=healthy, 0=unhealthy) at the latest check",
      labelNames: ["dependency"] as const,
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: "circuit_breaker_state",
      help: "Circuit breaker state (0=closed, 1=open, 0.5=half-open)",
      labelNames: ["dependency"] as const,
      registers: [registry],
      collect() {
        const breaker = metricsBufferSource?.().breaker;
        if (breaker) this.set({ dependency: breaker.name }, BREAKER_STATE_VALUE[breaker.state]);
      },
    }),
    metricsBuffered: new Gauge({
      name: "opsdeck_metrics_write_buffer_points",
      help: "Metric points waiting in the write buffer for the metrics store",
      registers: [registry],
      collect() {
        this.set(metricsBufferSource?.().buffered ?? 0);
      },
    }),
    metricsDropped: new Gauge({
      name: "opsdeck_metrics_write_dropped_points",
      help: "Metric points dropped since start because the write buffer was full",
      registers: [registry],
      collect() {
        this.set(metricsBufferSource?.().dropped ?? 0);
      },
    }),
    metricsRejected: new Gauge({
      name: "opsdeck_metrics_write_rejected_points",
      help: "Metric points dropped since start because the metrics store refused them for their content (the rest of their batch was written)",
      registers: [registry],
      collect() {
        this.set(metricsBufferSource?.().rejected ?? 0);
      },
    }),
    jobRuns: new Counter({
      name: "opsdeck_job_runs_total",
      help: "Runs of Opsdeck's own periodic jobs (retention, sweeps, rollup compaction, evaluators) by outcome",
      labelNames: ["job", "outcome"] as const,
      registers: [registry],
    }),
    jobRunDuration: new Histogram({
      name: "opsdeck_job_run_duration_seconds",
      help: "How long each run of Opsdeck's own periodic jobs took",
      labelNames: ["job"] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    traceIngestInFlight: new Gauge({
      name: "opsdeck_traces_ingest_in_flight",
      help: "OTLP exports being stored now (beyond TRACES_INGEST_CONCURRENCY they answer 503)",
      registers: [registry],
    }),
  };
}

export const prometheus = processSingleton("prometheus", createMetrics);

export function recordRequest(method: string, endpoint: string, statusCode: number, seconds: number): void {
  prometheus.requests.inc({ method, endpoint, status_code: String(statusCode) });
  prometheus.duration.observe({ method, endpoint }, seconds);
}

export function recordJobRunMetric(job: string, outcome: string, seconds: number): void {
  prometheus.jobRuns.inc({ job, outcome });
  prometheus.jobRunDuration.observe({ job }, seconds);
}

/** A dependency check's outcome and its breaker, as seed 004's gauges. */
export function recordDependency(dependency: string, healthy: boolean, breaker: BreakerState): void {
  prometheus.dependencyHealth.set({ dependency }, healthy ? 1 : 0);
  prometheus.breakerState.set({ dependency }, BREAKER_STATE_VALUE[breaker]);
}
