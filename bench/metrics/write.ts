/**
 * Write throughput, as a ratio to writing the same lines straight to InfluxDB's /write:
 *   1. direct   — line protocol POSTed to InfluxDB's /write in batches of 5 000
 *   2. ingest   — the same lines POSTed to Opsdeck's ingest endpoint (auth, parse, checks, rollups, write to InfluxDB)
 *   3. SDK direct — the same measurements recorded through the services' Metrics SDK, pointed at InfluxDB's /write
 *   4. SDK      — the same through the SDK pointed at Opsdeck's ingest endpoint
 * Ingest is compared with direct (both send bodies built before their time starts: the paths time
 * the writes, not the making of lines), the SDK into Opsdeck with the SDK into InfluxDB (both
 * times include the SDK making its lines, which is the same work either way).
 * and, for the SQL store, its write with rollups against a plain multi-row insert of the same rows.
 * Opsdeck runs in its own process, as deployed (scripts/test/route-server.ts: the route handlers
 * over plain node:http, without Next.js's own request handling, with the production start's heap
 * setting, lib/heap-growth.ts; the image's NODE_OPTIONS unless
 * OPSDECK_NODE_OPTIONS says otherwise), on a throwaway PostgreSQL database
 * (for the token and the rollups) and a throwaway InfluxDB database; this process is the service
 * sending the points. A path's time runs until InfluxDB has acknowledged every one of its points
 * (counted after, outside the time, to show that none was lost). Each line
 * also gives the CPU each process spent, per point: the sender's, Opsdeck's and InfluxDB's.
 * The three paths take turns for several rounds; the ratios are given per round and as medians.
 *   npx tsx bench/metrics/write.ts [points=200000] [rounds=3]
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { imageNodeOptions, processCpuSeconds } from "@/bench/measure";
import { createTestDatabase } from "@/scripts/test/database";
import { startInstance } from "@/scripts/test/instances";

const POINTS = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const BATCH = 5_000;
const databaseName = `opsdeck_bench_${randomBytes(4).toString("hex")}`;
const database = await createTestDatabase("benchwrite");
process.env.DATABASE_URL = database.url;
process.env.INFLUXDB_URL = "http://127.0.0.1:8086";
process.env.INFLUXDB_DATABASE = databaseName;
process.env.LOG_LEVEL = "silent";

const { Metrics } = await import("@/lib/metrics/sdk");
const { InfluxMetricsStore } = await import("@/lib/metrics/store/influx");
const { RolledUpMetricsStore } = await import("@/lib/metrics/store/rolled-up");
const { SqlMetricsStore } = await import("@/lib/metrics/store/sql");
const { RollupTable } = await import("@/lib/metrics/rollup/table");
const { parseLineProtocol } = await import("@/lib/metrics/line-protocol");
const { tokenFor } = await import("@/scripts/test/requests");
const { closeDatabase, dbPool } = await import("@/lib/db");

const influx = new InfluxMetricsStore({ url: "http://127.0.0.1:8086", database: databaseName });
await influx.ensureDatabase();
const token = await tokenFor("operator");
const instance = await startInstance({ DATABASE_URL: database.url, INFLUXDB_URL: "http://127.0.0.1:8086", INFLUXDB_DATABASE: databaseName, METRICS_BUFFER_MAX_POINTS: String(POINTS * 2), ALERTS_EVALUATOR: "false", LOG_LEVEL: "silent", NODE_OPTIONS: process.env.OPSDECK_NODE_OPTIONS ?? imageNodeOptions() });
const opsdeck = `${instance.url}/api/admin/metrics`;
const influxPid = Number(execFileSync("pgrep", ["-o", "influxd"], { encoding: "utf8" }));

const base = Date.now() * 1000;
const lines = (measurement: string, n = POINTS) => Array.from({ length: n }, (_, i) => `${measurement},endpoint=/api/e${i % 8},errorType=E${i % 3} duration_ms=${(i % 997) + 0.5} ${base + i}`);

async function count(measurement: string, run?: string): Promise<number> {
  const [series] = await influx.query(`SELECT count("duration_ms") FROM "${measurement}"${run ? ` WHERE "run" = '${run}'` : ""}`);
  return Number(series?.values[0]?.[1] ?? 0);
}

/**
 * Until Opsdeck's write buffer is empty, or 60 s: Opsdeck writes behind its answers, and its
 * buffer counts a batch until InfluxDB acknowledged it, so then InfluxDB holds every point it
 * took — the moment the direct path's last answer marks. Asked of its Prometheus gauge: cheap,
 * where a count over InfluxDB's points takes tens of milliseconds of the CPU the writes need.
 */
async function drained(): Promise<void> {
  const deadline = Date.now() + 60_000;
  const buffered = async () => {
    const exposition = await (await fetch(`${instance.url}/api/metrics`, { headers: { Authorization: `Token ${token}` } })).text();
    return Number(exposition.match(/^opsdeck_metrics_write_buffer_points (\S+)$/m)?.[1] ?? 0);
  };
  while ((await buffered()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The points of the measurement InfluxDB holds, once it holds `expected` or after 10 s: the check that a path lost none, outside its time. */
async function stored(measurement: string, expected: number, run?: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  let n = await count(measurement, run);
  while (n < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    n = await count(measurement, run);
  }
  return n;
}

async function timed(label: string, run: () => Promise<void>, opsdeckPid?: number): Promise<number> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const influxCpu = processCpuSeconds(influxPid);
  const opsdeckCpu = opsdeckPid ? processCpuSeconds(opsdeckPid) : 0;
  await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const perPoint = (cpuSeconds: number) => `${((cpuSeconds * 1e6) / POINTS).toFixed(2)} µs`;
  const opsdeckPart = opsdeckPid ? `, Opsdeck ${perPoint(processCpuSeconds(opsdeckPid) - opsdeckCpu)}` : "";
  const influxPart = label.startsWith("SQL") ? "" : `, InfluxDB ${perPoint(processCpuSeconds(influxPid) - influxCpu)}`;
  const rate = POINTS / seconds;
  // On a shared machine a path's wall time is mostly its CPU share, so each process's cost per point shows beside it.
  console.log(`${label.padEnd(34)} ${rate.toFixed(0).padStart(8)} points/s (${seconds.toFixed(2)} s; CPU per point: sender ${perPoint((used.user + used.system) / 1e6)}${opsdeckPart}${influxPart})`);
  return rate;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A measurement's lines as the bodies a service sends, built before a path's time starts: the paths time the writes, not the making of lines. */
const bodiesOf = (all: string[]) => Array.from({ length: Math.ceil(all.length / BATCH) }, (_, index) => all.slice(index * BATCH, (index + 1) * BATCH).join("\n"));

async function postAll(url: string, bodies: string[], headers: Record<string, string>) {
  for (const body of bodies) {
    const response = await fetch(url, { method: "POST", headers, body });
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  }
}

try {
  console.log(`${POINTS.toLocaleString("en")} points a path and round, batches of ${BATCH}`);
  // Untimed first: a few batches through each path, so connections, the stores' first use and the JIT are not what is measured.
  const warmUp = bodiesOf(lines("warm_up", 4 * BATCH));
  await postAll(`http://127.0.0.1:8086/write?db=${databaseName}&precision=u`, warmUp, {});
  await postAll(`${opsdeck}/write?precision=u`, warmUp, { Authorization: `Token ${token}` });
  /** `n` errors recorded through the SDK into Opsdeck or straight into InfluxDB, tagged run=`run`. */
  const sdkRecords = async (n: number, into: "opsdeck" | "influxdb", run: string) => {
    const target = into === "opsdeck" ? { url: opsdeck, token } : { url: "http://127.0.0.1:8086", database: databaseName };
    const metrics = new Metrics({ ...target, defaultTags: { run }, batchSize: BATCH, capacity: POINTS * 2, flushOnExit: false });
    for (let i = 0; i < n; i++) metrics.recordError(`/api/e${i % 8}`, `E${i % 3}`, (i % 997) + 0.5);
    await metrics.close();
    return metrics.stats();
  };
  await sdkRecords(4 * BATCH, "influxdb", "warm_up");
  await sdkRecords(4 * BATCH, "opsdeck", "warm_up");
  await drained();

  // The paths take turns, round after round: this machine's speed drifts by a third within a
  // minute, and a path measured only first or only last would carry that drift into its ratio.
  const ratios = { ingest: [] as number[], SDK: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round} of ${ROUNDS}`);
    const directBodies = bodiesOf(lines(`direct_${round}`));
    const direct = await timed("direct", () => postAll(`http://127.0.0.1:8086/write?db=${databaseName}&precision=u`, directBodies, {}));
    const counts = { direct: await count(`direct_${round}`), ingest: 0, "SDK direct": 0, SDK: 0 };
    const ingestBodies = bodiesOf(lines(`ingest_${round}`));
    const ingest = await timed(
      "ingest",
      async () => {
        await postAll(`${opsdeck}/write?precision=u`, ingestBodies, { Authorization: `Token ${token}` });
        await drained();
      },
      instance.pid,
    );
    counts.ingest = await stored(`ingest_${round}`, POINTS);
    const sdkDirect = await timed("SDK direct", async () => void (await sdkRecords(POINTS, "influxdb", `direct_${round}`)));
    counts["SDK direct"] = await stored("api_error", POINTS, `direct_${round}`);
    let sdkStats: Awaited<ReturnType<typeof sdkRecords>> | undefined;
    const sdk = await timed(
      "SDK",
      async () => {
        sdkStats = await sdkRecords(POINTS, "opsdeck", `opsdeck_${round}`);
        await drained();
      },
      instance.pid,
    );
    counts.SDK = await stored("api_error", POINTS, `opsdeck_${round}`);
    ratios.ingest.push(ingest / direct);
    ratios.SDK.push(sdk / sdkDirect);
    console.log(`ratio: ingest to direct ${(ingest / direct).toFixed(2)}, SDK to SDK direct ${(sdk / sdkDirect).toFixed(2)}`);
    console.log(`SDK: written ${sdkStats?.written}, dropped ${sdkStats?.dropped}, rejected ${sdkStats?.rejected}; stored: ${Object.entries(counts).map(([path, n]) => `${path} ${n}`).join(", ")}`);
    // A path that lost points (e.g. client timeouts on an overloaded machine) has no meaningful rate.
    for (const [path, n] of Object.entries(counts)) if (n !== POINTS) console.log(`WARNING: ${path} stored ${n} of ${POINTS} points: its rate above is not valid`);
  }
  const range = (values: number[]) => `median ${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  console.log(`ratios over ${ROUNDS} rounds: ingest to direct ${range(ratios.ingest)}, SDK to SDK direct ${range(ratios.SDK)}`);

  // The SQL store: rows as its write sends them (one unnest insert per 5,000), with and without rollups.
  const points = parseLineProtocol(lines("sql_bench").join("\n"), "us", Date.now() * 1000).points;
  const sqlRaw = new SqlMetricsStore(dbPool);
  const sqlRolledUp = new RolledUpMetricsStore(sqlRaw, new RollupTable(dbPool));
  const writeAll = async (write: (batch: typeof points) => Promise<void>) => {
    for (let start = 0; start < points.length; start += BATCH) await write(points.slice(start, start + BATCH));
  };
  const multiRow = await timed("SQL multi-row insert (no rollups)", () => writeAll((batch) => sqlRaw.write(batch)));
  const rolledUp = await timed("SQL store with rollups", () => writeAll((batch) => sqlRolledUp.write(batch)));
  console.log(`SQL store with rollups / plain multi-row insert: ${(rolledUp / multiRow).toFixed(2)}`);
} finally {
  await instance.stop();
  await influx.query(`DROP DATABASE "${databaseName}"`).catch(() => undefined);
  await closeDatabase();
  await database.drop();
}
