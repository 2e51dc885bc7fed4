import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually } from "@/scripts/test/eventually";
import { startInstance, type Instance } from "@/scripts/test/instances";
import { startPrometheus, type TestPrometheus } from "@/scripts/test/prometheus";
import { tokenFor } from "@/scripts/test/requests";

/**
 * Opsdeck scraped by a real Prometheus (Debian's package) with a bearer token, and the values read
 * back through Prometheus's query API. Redis points at a closed port, so one dependency is down.
 */
describe("Opsdeck's metrics in Prometheus", () => {
  let instance: Instance;
  let prometheus: TestPrometheus;
  let viewer: string;
  beforeAll(async () => {
    viewer = await tokenFor("viewer");
    instance = await startInstance({ DATABASE_URL: inject("databaseUrl"), REDIS_URL: "redis://127.0.0.1:3449" }, () => undefined);
    for (let i = 0; i < 3; i++) await fetch(`${instance.url}/api/health/pool-stats`, { headers: { authorization: `Bearer ${viewer}` } });
    await fetch(`${instance.url}/api/admin/tokens`, { headers: { authorization: `Bearer ${viewer}` } });
    prometheus = await startPrometheus({ target: instance.url, token: viewer });
  });
  afterAll(async () => {
    await prometheus?.stop();
    await instance?.stop();
  });

  const valueOf = async (expression: string) => (await prometheus.query(expression))[0]?.value;

  it("scrapes with the bearer token and reads the request counter by method, endpoint and status code", async () => {
    expect(await eventually(() => valueOf('up{job="opsdeck"}'))).toBe(1);
    expect(await eventually(() => valueOf('http_requests_total{method="GET",endpoint="/api/health/pool-stats",status_code="200"}'))).toBe(3);
    expect(await valueOf('http_requests_total{method="GET",endpoint="/api/admin/tokens",status_code="403"}')).toBe(1);
  });

  it("has the latency histogram with seed 004's buckets", async () => {
    const buckets = await eventually(async () => {
      const samples = await prometheus.query('http_request_duration_seconds_bucket{endpoint="/api/health/pool-stats"}');
      return samples.length > 0 ? samples : undefined;
    });
    const bound = (le = "") => (le === "+Inf" ? Infinity : Number(le));
    expect(buckets.map((sample) => sample.labels.le).sort((a, b) => bound(a) - bound(b))).toEqual(["0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]);
    expect(buckets.find((sample) => sample.labels.le === "+Inf")?.value).toBe(3);
  });

  it("reports each dependency's health and circuit breaker: the database up and closed, Redis down and, after five failed checks, open", async () => {
    expect(await eventually(() => valueOf('dependency_health{dependency="database"}'))).toBe(1);
    expect(await valueOf('circuit_breaker_state{dependency="database"}')).toBe(0);
    expect(await eventually(() => valueOf('dependency_health{dependency="redis"}'))).toBe(0);
    expect(await eventually(async () => ((await valueOf('circuit_breaker_state{dependency="redis"}')) === 1 ? 1 : undefined))).toBe(1);
  });

  it("exposes Opsdeck's buffers and queues", async () => {
    for (const name of ["opsdeck_metrics_write_buffer_points", "opsdeck_metrics_write_dropped_points", "opsdeck_traces_ingest_in_flight"]) {
      expect(await eventually(() => valueOf(name)), name).toBe(0);
    }
  });
});
