/**
 * Evaluation cost of every default rule plus N SLOs over `--days` of data, on both metrics stores
 * (the local PostgreSQL in a throwaway database, and a private InfluxDB 1.x): one evaluation
 * (queries, state machine, state writes; deliveries off) with 10 and with 100 SLOs, median of
 * three. Beside it, the same series asked one store query each (no batching), as the peer.
 * Half the SLOs are availability SLOs per endpoint (they batch into one query per window), half
 * latency SLOs with distinct thresholds (each its own query): the growth 10 → 100 shows both.
 *
 *   npx tsx bench/alerts/evaluate.ts [--days 30] [--endpoints 10] [--step 300]
 */
import { parseArgs } from "node:util";
import { createTestDatabase } from "@/scripts/test/database";
import { startPrivateInfluxd } from "@/scripts/test/influxd";

const { values } = parseArgs({ options: { days: { type: "string", default: "30" }, endpoints: { type: "string", default: "10" }, step: { type: "string", default: "300" } } });
const DAYS = Number(values.days);
const ENDPOINTS = Number(values.endpoints);
const STEP_MS = Number(values.step) * 1000;

const database = await createTestDatabase("bench_alerts");
process.env.DATABASE_URL = database.url;
process.env.LOG_LEVEL = "silent";
const { db, dbPool, closeDatabase } = await import("@/lib/db");
const { evaluateOnce, LEASE_NAME } = await import("@/lib/alerts/evaluator");
const { ensureDefaults, createSlo } = await import("@/lib/alerts/service");
const { EVALUATOR_ACTOR } = await import("@/lib/alerts/delivery");
const { sloRequests, sloClock, ruleRequests } = await import("@/lib/alerts/plan");
const { SqlMetricsStore } = await import("@/lib/metrics/store/sql");
const { InfluxMetricsStore } = await import("@/lib/metrics/store/influx");
const { M } = await import("@/lib/metrics/measurements");
type Store = import("@/lib/metrics/store/types").MetricsStore;
type Point = import("@/lib/metrics/point").MetricPoint;

const now = Date.now();
function* data(): Generator<Point[]> {
  for (let time = now - DAYS * 86_400_000; time < now; time += STEP_MS) {
    const batch: Point[] = [];
    for (let e = 0; e < ENDPOINTS; e++) {
      batch.push({ measurement: M.request, tags: { endpoint: `/e${e}`, status: "200" }, fields: { duration_ms: 100 + ((time / STEP_MS + e) % 900) }, timeUs: (time + e) * 1000 });
      if ((time / STEP_MS + e) % 50 === 0) batch.push({ measurement: M.error, tags: { endpoint: `/e${e}`, errorType: "E" }, fields: { duration_ms: 5, message: "x" }, timeUs: (time + e) * 1000 });
    }
    for (let i = 0; i < 4; i++) batch.push({ measurement: M.auth, tags: { success: "true" }, fields: { duration_ms: 420 + i * 40 }, timeUs: (time + i) * 1000 });
    batch.push({ measurement: M.pool, tags: { service: "api", pool: "primary" }, fields: { active: 3, available: 7, queued: 0, max: 10, utilization_percent: 30 }, timeUs: time * 1000 });
    batch.push({ measurement: M.cache, tags: { operation: "hit" }, fields: { duration_ms: 1 }, timeUs: time * 1000 });
    yield batch;
  }
}

async function load(store: Store): Promise<{ points: number; seconds: number }> {
  const started = performance.now();
  let points = 0;
  let chunk: Point[] = [];
  for (const batch of data()) {
    chunk.push(...batch);
    if (chunk.length >= 20_000) {
      await store.write(chunk);
      points += chunk.length;
      chunk = [];
    }
  }
  await store.write(chunk);
  points += chunk.length;
  return { points, seconds: (performance.now() - started) / 1000 };
}

async function setSlos(count: number) {
  await db().slo.deleteMany({ where: { defaultKey: null } });
  await db().alertInstance.deleteMany({});
  for (let i = 0; i < count; i++) {
    const availability = i % 2 === 0;
    await createSlo(
      {
        name: `bench-${i}`,
        description: "",
        service: "bench",
        sli: availability
          ? { bad: { measurement: M.error, where: { endpoint: `/e${i % ENDPOINTS}` } }, total: { measurement: M.request, where: { endpoint: `/e${i % ENDPOINTS}` } } }
          : { good: { measurement: M.request, below: 200 + i * 7 }, total: { measurement: M.request } },
        objective: 99,
        window: "30d",
        labels: {},
        enabled: true,
      },
      EVALUATOR_ACTOR,
    );
  }
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0;

async function measure(store: Store) {
  const times: number[] = [];
  let queries = 0;
  for (let run = 0; run < 3; run++) {
    await db().lease.deleteMany({ where: { name: LEASE_NAME } });
    // The default lease: the evaluator renews it however long the evaluation takes.
    const report = await evaluateOnce({ holder: "bench", store, deliver: false });
    times.push(report.durationMs);
    queries = report.queries;
  }
  // The peer: the same series, one store query each.
  const rules = await db().alertRule.findMany({ where: { enabled: true } });
  const slos = await db().slo.findMany({ where: { enabled: true } });
  const requests = [
    ...rules.flatMap((rule) => ruleRequests({ name: rule.name, query: rule.query as never, comparison: rule.comparison as never, threshold: rule.threshold, labels: {} }, Date.now())),
    ...slos.flatMap((slo) => sloRequests({ sli: slo.sli as never, window: slo.window as never }, sloClock(Date.now()))),
  ];
  const started = performance.now();
  for (let i = 0; i < requests.length; i += 8) {
    await Promise.all(
      requests.slice(i, i + 8).map((request) =>
        store.aggregate({ ...request, where: Object.fromEntries(Object.entries(request.where).filter(([, value]) => typeof value === "string")) as Record<string, string>, aggregates: [request.aggregate] }),
      ),
    );
  }
  return { ms: median(times), queries, unbatchedMs: performance.now() - started, unbatchedQueries: requests.length };
}

await ensureDefaults(EVALUATOR_ACTOR);
const influxd = await startPrivateInfluxd();
const stores: Array<[string, Store]> = [
  ["postgresql", new SqlMetricsStore(dbPool)],
  ["influxdb", new InfluxMetricsStore({ url: influxd.url, database: "bench_alerts", timeoutMs: 120_000 })],
];
try {
  console.log(`alerts bench: ${DAYS} days, ${ENDPOINTS} endpoints, one point per ${STEP_MS / 1000} s per series`);
  for (const [name, store] of stores) {
    const loaded = await load(store);
    console.log(`${name}: loaded ${loaded.points} points in ${loaded.seconds.toFixed(1)} s`);
    for (const count of [10, 100]) {
      await setSlos(count);
      const result = await measure(store);
      console.log(
        `${name}: ${await db().alertRule.count()} rules + ${count} SLOs: evaluation ${result.ms.toFixed(0)} ms (${result.queries} batched queries); unbatched peer ${result.unbatchedMs.toFixed(0)} ms (${result.unbatchedQueries} queries)`,
      );
    }
  }
} finally {
  await influxd.destroy();
  await closeDatabase();
  await database.drop();
}
