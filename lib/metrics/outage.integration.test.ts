import { afterAll, beforeAll, expect, it } from "vitest";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import type { MetricPoint } from "@/lib/metrics/point";
import { BufferedWriter } from "@/lib/metrics/writer";
import { CircuitBreaker } from "@/lib/resilience/circuit-breaker";
import { startPrivateInfluxd } from "@/scripts/test/influxd";

let influxd: Awaited<ReturnType<typeof startPrivateInfluxd>>;

beforeAll(async () => {
  influxd = await startPrivateInfluxd();
});

afterAll(async () => {
  await influxd?.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("loses nothing within the buffer bound when InfluxDB stops under a steady write load and comes back", async () => {
  const store = new InfluxMetricsStore({ url: influxd.url, database: "outage", timeoutMs: 1_000 });
  await store.ensureDatabase();
  // Seed 004's breaker with a 1 s recovery instead of 30 s, so the test takes seconds.
  const breaker = new CircuitBreaker("influx_outage", { recoveryMs: 1_000 });
  const writer = new BufferedWriter<MetricPoint>("influx_outage", (batch) => store.write(batch), {
    capacity: 10_000,
    batchSize: 500,
    flushIntervalMs: 100,
    retryInitialMs: 100,
    retryMaxMs: 500,
    breaker,
  }).start();

  const base = Date.UTC(2026, 0, 1) * 1000;
  let sent = 0;
  const load = setInterval(() => {
    // 20 points every 20 ms: about 1 000 points a second, each with its own timestamp.
    writer.add(Array.from({ length: 20 }, () => ({ measurement: "load", tags: {}, fields: { v: 1 }, timeUs: base + sent++ })));
  }, 20);

  await sleep(1_500);
  await influxd.stop();
  await sleep(2_500);
  const during = writer.stats();
  expect(during.buffered).toBeGreaterThan(1_000);
  expect(breaker.snapshot().state).not.toBe("closed");
  await influxd.start();
  await sleep(1_000);
  clearInterval(load);
  for (let attempt = 0; attempt < 50 && writer.stats().buffered > 0; attempt++) await sleep(200);
  await writer.stop();

  expect(writer.stats()).toMatchObject({ buffered: 0, dropped: 0, written: sent });
  const [series] = await store.query(`SELECT count("v") FROM "load"`);
  expect(series?.values[0]?.[1]).toBe(sent);
});
