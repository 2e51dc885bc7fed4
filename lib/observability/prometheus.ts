import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

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
  };
}

const globalForMetrics = globalThis as unknown as { opsdeckMetrics?: ReturnType<typeof createMetrics> };
export const prometheus = (globalForMetrics.opsdeckMetrics ??= createMetrics());

export function recordRequest(method: string, route: string, status: number, seconds: number): void {
  const labels = { method, route, status: String(status) };
  prometheus.requests.inc(labels);
  if (status >= 500) prometheus.errors.inc(labels);
  prometheus.duration.observe({ method, route }, seconds);
}
