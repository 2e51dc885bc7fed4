/**
 * Query latency with rollups, both stores side by side in one run (InfluxDB: the local 1.x on
 * 8086 in a throwaway database; SQL: a throwaway database on the local PostgreSQL; rollups of
 * both in that PostgreSQL):
 *   1. the auth latency series (p1/p50/p95/p99) over 24 h at 1-minute steps on 1,000,000 points
 *      written through the rolled-up store — from minute rollups, and exactly from raw points as
 *      before rollups, with the largest relative error of the rolled-up percentiles;
 *   2. 30 days at 1-hour steps over 30,000,000 points whose rollups are generated directly
 *      (writing 30 M raw points would take hours on this machine; the query reads only rollups);
 *   3. storage per million points, raw and rolled up.
 * With the 24-hour chart it prints where a query's time goes: the pieces it reads (rollup tiers,
 * raw edges), the SQL statements one chart sends and EXPLAIN ANALYZE of each, and the same chart
 * ending at an unaligned "now" (two partial minutes read from raw points, as the page does).
 *   npx tsx bench/metrics/query.ts [points=1000000] [monthPoints=30000000]
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { MetricPoint } from "@/lib/metrics/point";
import { planQuery } from "@/lib/metrics/rollup/plan";
import { RollupTable } from "@/lib/metrics/rollup/table";
import { acceptValue, emptyState, mergeState, type RollupDelta } from "@/lib/metrics/rollup/state";
import { seriesPlan } from "@/lib/metrics/series";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { RolledUpMetricsStore } from "@/lib/metrics/store/rolled-up";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { MetricsStore } from "@/lib/metrics/store/types";
import { createTestDatabase } from "@/scripts/test/database";

const POINTS = Number(process.argv[2] ?? 1_000_000);
const MONTH_POINTS = Number(process.argv[3] ?? 30_000_000);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const toMs = Math.floor(Date.now() / 60_000) * 60_000;
const fromMs = toMs - DAY_MS;
const RUNS = 5;
const EXACT_RUNS = Number(process.env.EXACT_RUNS ?? 3);

/** Pareto(α = 1.5) latencies from 400 ms, deterministic: a long tail for the percentile error. */
const latency = (i: number) => Math.round(400 * (1 - ((i * 7919) % 10007) / 10007) ** (-1 / 1.5) * 10) / 10;

function* batches(size: number): Generator<MetricPoint[]> {
  const spacingUs = (DAY_MS * 1000) / POINTS;
  let batch: MetricPoint[] = [];
  for (let i = 0; i < POINTS; i++) {
    batch.push({ measurement: "auth_duration", tags: { success: i % 20 === 0 ? "false" : "true", userId: `u${i % 500}` }, fields: { duration_ms: latency(i) }, timeUs: Math.floor(fromMs * 1000 + i * spacingUs) });
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function timeQuery(store: MetricsStore, range: { fromMs: number; toMs: number; stepSeconds: number }, runs: number) {
  const plan = seriesPlan("auth_latency", range);
  const timings: number[] = [];
  const cpuTimes: number[] = [];
  let lines: ReturnType<typeof plan.derive> = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    lines = plan.derive(await Promise.all(plan.queries.map((query) => store.aggregate(query))));
    const used = process.cpuUsage(cpu);
    timings.push(performance.now() - started);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  // Node's own CPU time beside the wall time: on a machine shared with other work it shows what the query costs here.
  return { medianMs: median(timings), minMs: Math.min(...timings), cpuMs: median(cpuTimes), lines };
}

function maxRelativeError(approx: Awaited<ReturnType<typeof timeQuery>>["lines"], exact: typeof approx): number {
  let worst = 0;
  approx.forEach((line, l) =>
    line.points.forEach((point, p) => {
      const want = exact[l]?.points[p]?.value;
      if (typeof want === "number" && typeof point.value === "number") worst = Math.max(worst, Math.abs(point.value - want) / Math.abs(want));
    }),
  );
  return worst;
}

/** 30 days of minute and hour rollups for two series, as if MONTH_POINTS points had been written. */
function monthOfRollups(endMs: number): RollupDelta[] {
  const minutes = 30 * 24 * 60;
  const perMinute = Math.round(MONTH_POINTS / minutes);
  const deltas: RollupDelta[] = [];
  let hour: Record<string, RollupDelta> = {};
  let i = 0;
  for (let minute = 0; minute < minutes; minute++) {
    const bucketUs = (endMs - 30 * DAY_MS + minute * 60_000) * 1000;
    if (minute % 60 === 0) hour = {};
    for (const success of ["true", "false"]) {
      const state = emptyState();
      const count = success === "true" ? Math.round(perMinute * 0.95) : perMinute - Math.round(perMinute * 0.95);
      for (let k = 0; k < count; k++) acceptValue(state, latency(i++), bucketUs + k);
      const hourly = (hour[success] ??= { resolutionSeconds: 3600, measurement: "auth_duration", field: "duration_ms", tags: { success }, bucketUs, state: emptyState() });
      // A minute without points has no row (with a small MONTH_POINTS, most minutes of the rarer series).
      if (count > 0) {
        deltas.push({ resolutionSeconds: 60, measurement: "auth_duration", field: "duration_ms", tags: { success }, bucketUs, state });
        mergeState(hourly.state, state);
      }
      if (minute % 60 === 59 && hourly.state.count > 0) deltas.push(hourly);
    }
  }
  return deltas;
}

const influxDatabase = `opsdeck_bench_${randomBytes(4).toString("hex")}`;
const influx = new InfluxMetricsStore({ url: "http://127.0.0.1:8086", database: influxDatabase, timeoutMs: 120_000 });
await influx.ensureDatabase();
const database = await createTestDatabase("bench");
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
/** SQL statements sent while `recording` is set (both stores' reads go through this pool). */
const recorded: Array<{ text: string; values: unknown[] }> = [];
let recording = false;
const recordingPool = new Proxy(pool, {
  get(target, property) {
    if (property === "query")
      return (text: string, values?: unknown[]) => {
        if (recording && typeof text === "string") recorded.push({ text, values: values ?? [] });
        return target.query(text, values);
      };
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
const rollups = new RollupTable(() => recordingPool);
const stores = { influxdb: new RolledUpMetricsStore(influx, rollups), sql: new RolledUpMetricsStore(new SqlMetricsStore(() => recordingPool), rollups) };
const size = async (sql: string, params: unknown[] = []) => Number((await pool.query(sql, params)).rows[0].bytes);
try {
  console.log(`machine shared with other work: figures are side by side in one run (load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)})`);
  for (const [name, store] of Object.entries(stores)) {
    const started = performance.now();
    for (const batch of batches(5_000)) await store.write(batch);
    await rollups.compact();
    console.log(`${name.padEnd(9)} loaded ${POINTS.toLocaleString("en")} points with rollups in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await pool.query("VACUUM ANALYZE metric_points");
  await pool.query("VACUUM ANALYZE metric_rollups");

  console.log(`\n1. auth latency p1/p50/p95/p99, 24 h at 1-minute steps, ${POINTS.toLocaleString("en")} points (median of ${RUNS}; exact: of ${EXACT_RUNS})`);
  const day = { fromMs, toMs, stepSeconds: 60 };
  for (const [name, store] of Object.entries(stores)) {
    const rolled = await timeQuery(store, day, RUNS);
    const exact = await timeQuery(store.raw, day, EXACT_RUNS);
    console.log(
      `${name.padEnd(9)} rollups ${rolled.medianMs.toFixed(0)} ms (best ${rolled.minMs.toFixed(0)}, Node CPU ${rolled.cpuMs.toFixed(0)}), raw points ${exact.medianMs.toFixed(0)} ms (best ${exact.minMs.toFixed(0)}); ` +
        `${rolled.lines[0]?.points.length} buckets; max percentile error vs exact nearest rank ${(maxRelativeError(rolled.lines, exact.lines) * 100).toFixed(3)} %`,
    );
  }

  console.log(`\n1b. where the 24-hour chart's time goes`);
  const dayQuery = seriesPlan("auth_latency", day).queries[0]!;
  console.log(`pieces: ${planQuery(dayQuery).map((piece) => `${piece.resolutionSeconds === null ? "raw" : `${piece.resolutionSeconds} s rollups`} ${((piece.toUs - piece.fromUs) / 60e6).toFixed(1)} min`).join(", ")}`);
  for (const [name, store] of Object.entries(stores)) {
    recorded.length = 0;
    recording = true;
    await timeQuery(store, day, 1);
    recording = false;
    console.log(`${name.padEnd(9)} ${recorded.length} SQL statement(s) per chart${name === "influxdb" ? " (plus InfluxQL for raw pieces, none here)" : ""}`);
    for (const statement of recorded) {
      const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
      const plan = rows.map((row) => row["QUERY PLAN"] as string);
      console.log(plan.filter((line) => /Execution Time|Planning Time|^\S|->/.test(line)).slice(0, 12).map((line) => `    ${line}`).join("\n"));
    }
  }
  // As the page asks: ending now, so the first and last partial minutes are read from raw points.
  const unaligned = { fromMs: fromMs + 17_000, toMs: toMs - 23_000, stepSeconds: 60 };
  console.log(`pieces ending at an unaligned now: ${planQuery(seriesPlan("auth_latency", unaligned).queries[0]!).map((piece) => (piece.resolutionSeconds === null ? "raw" : `${piece.resolutionSeconds} s`)).join(" + ")}`);
  for (const [name, store] of Object.entries(stores)) {
    const rolled = await timeQuery(store, unaligned, RUNS);
    console.log(`${name.padEnd(9)} unaligned 24 h ${rolled.medianMs.toFixed(0)} ms (best ${rolled.minMs.toFixed(0)}, Node CPU ${rolled.cpuMs.toFixed(0)})`);
  }

  const monthEnd = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 40 * DAY_MS;
  const generated = performance.now();
  const month = monthOfRollups(monthEnd);
  for (const store of Object.values(stores)) {
    for (let start = 0; start < month.length; start += 5_000) await rollups.transaction((client) => rollups.insert(client, store.raw.source, month.slice(start, start + 5_000)));
  }
  await pool.query("VACUUM ANALYZE metric_rollups");
  console.log(`\n2. 30 days at 1-hour steps over ${MONTH_POINTS.toLocaleString("en")} points (rollups generated directly in ${((performance.now() - generated) / 1000).toFixed(1)} s; median of ${RUNS})`);
  for (const [name, store] of Object.entries(stores)) {
    const rolled = await timeQuery(store, { fromMs: monthEnd - 30 * DAY_MS, toMs: monthEnd, stepSeconds: 3600 }, RUNS);
    console.log(`${name.padEnd(9)} rollups ${rolled.medianMs.toFixed(0)} ms (best ${rolled.minMs.toFixed(0)}, Node CPU ${rolled.cpuMs.toFixed(0)}), ${rolled.lines[0]?.points.length} buckets`);
  }

  console.log(`\n3. storage per million points (the 24 h set: 2 rolled-up series, userId left out of rollups)`);
  const perMillion = (bytes: number) => `${((bytes / POINTS) * 1_000_000 / 1024 / 1024).toFixed(1)} MiB`;
  const rawSql = await size("SELECT pg_total_relation_size('metric_points') AS bytes");
  const rolledBytes = async (source: string) =>
    size(
      `SELECT sum(pg_column_size(r.*)) * pg_total_relation_size('metric_rollups') / nullif((SELECT sum(pg_column_size(a.*)) FROM metric_rollups a), 0) AS bytes
       FROM metric_rollups r WHERE source = $1 AND bucket >= to_timestamp($2 / 1000.0)`,
      [source, fromMs - HOUR_MS],
    );
  let rawInflux = Number.NaN;
  try {
    rawInflux = Number(execFileSync("du", ["-sb", `/var/lib/influxdb/data/${influxDatabase}`, `/var/lib/influxdb/wal/${influxDatabase}`]).toString().split("\n").reduce((sum, line) => sum + (Number(line.split("\t")[0]) || 0), 0));
  } catch {
    // InfluxDB's data directory is elsewhere or unreadable: reported as unknown.
  }
  console.log(`influxdb  raw ${Number.isNaN(rawInflux) ? "unknown" : perMillion(rawInflux)} (TSM + WAL on disk), rollups ${perMillion(await rolledBytes(influx.source))} (PostgreSQL, with indexes)`);
  console.log(`sql       raw ${perMillion(rawSql)} (metric_points with indexes), rollups ${perMillion(await rolledBytes("sql"))}`);
} finally {
  await influx.query(`DROP DATABASE "${influxDatabase}"`).catch(() => undefined);
  await pool.end();
  await database.drop();
}
