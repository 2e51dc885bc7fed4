/**
 * Query latency: the auth latency series (p1/p50/p95/p99) over 24 h at 1-minute steps, on top of
 * 1 000 000+ stored points, on InfluxDB (the local 1.x on 8086, in a throwaway database) and on the
 * SQL store (a throwaway database on the local PostgreSQL). Prints the figures.
 *   npx tsx bench/metrics/query.ts [points=1000000]
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { MetricPoint } from "@/lib/metrics/point";
import { seriesPlan } from "@/lib/metrics/series";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { MetricsStore } from "@/lib/metrics/store/types";
import { createTestDatabase } from "@/scripts/test/database";

const POINTS = Number(process.argv[2] ?? 1_000_000);
const DAY_MS = 86_400_000;
const toMs = Math.floor(Date.now() / 60_000) * 60_000;
const fromMs = toMs - DAY_MS;
const RUNS = 5;

function* batches(size: number): Generator<MetricPoint[]> {
  const spacingUs = (DAY_MS * 1000) / POINTS;
  let batch: MetricPoint[] = [];
  for (let i = 0; i < POINTS; i++) {
    batch.push({ measurement: "auth_duration", tags: { success: i % 20 === 0 ? "false" : "true" }, fields: { duration_ms: 450 + ((i * 7919) % 1000) / 10 }, timeUs: Math.floor(fromMs * 1000 + i * spacingUs) });
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function measure(store: MetricsStore): Promise<{ loadSeconds: number; medianMs: number; minMs: number; buckets: number }> {
  const loadStarted = performance.now();
  for (const batch of batches(10_000)) await store.write(batch);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const plan = seriesPlan("auth_latency", { fromMs, toMs, stepSeconds: 60 });
  const timings: number[] = [];
  let buckets = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const lines = plan.derive(await Promise.all(plan.queries.map((query) => store.aggregate(query))));
    timings.push(performance.now() - started);
    buckets = lines[0]?.points.length ?? 0;
  }
  timings.sort((a, b) => a - b);
  return { loadSeconds, medianMs: timings[Math.floor(RUNS / 2)] as number, minMs: timings[0] as number, buckets };
}

const influx = new InfluxMetricsStore({ url: "http://127.0.0.1:8086", database: `opsdeck_bench_${randomBytes(4).toString("hex")}`, timeoutMs: 120_000 });
await influx.ensureDatabase();
const database = await createTestDatabase("bench");
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
try {
  const results = { influxdb: await measure(influx), sql: await measure(new SqlMetricsStore(() => pool)) };
  console.log(`auth latency p1/p50/p95/p99, 24 h at 1-minute steps, over ${POINTS.toLocaleString("en")} stored points (${RUNS} runs)`);
  for (const [store, r] of Object.entries(results)) {
    console.log(`${store.padEnd(9)} query median ${r.medianMs.toFixed(0)} ms (best ${r.minMs.toFixed(0)} ms), ${r.buckets} buckets; load took ${r.loadSeconds.toFixed(1)} s`);
  }
} finally {
  await influx.query(`DROP DATABASE "${influx["options"].database}"`).catch(() => undefined);
  await pool.end();
  await database.drop();
}
