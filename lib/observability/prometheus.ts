import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processSingleton } from "@/lib/process-singleton";

/** The metrics write buffer's figures, supplied by lib/metrics once it runs (no import cycle). */
let metricsBufferSource: (() => { buffered: number; dropped: number }) | undefined;
export function setMetricsBufferSource(source: () => { buffered: number; dropped: number }): void {
  metricsBufferSource = source;
}

/** Opsdeck's own request metrics, scraped from GET /api/metrics. Buckets are seed 004's. */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: "http_requests_total",
      help: "API requests by method, route and status",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    errors: new Counter({
      name: "http_errors_total",
      help: "API requests that ended in a 5xx",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "http_request_duration_seconds",
      help: "API request duration in seconds",
      labelNames: ["method", "route"] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
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
  };
}

export const prometheus = processSingleton("prometheus", createMetrics);

export function recordRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  prometheus.requests.inc(labels);
  if (status >= 500) prometheus.errors.inc(labels);
  prometheus.duration.observe({ method, route }, seconds);
}
