/**
 * Write throughput, as a ratio to writing the same lines straight to InfluxDB's /write:
 *   1. direct   — line protocol POSTed to InfluxDB's /write in batches of 5 000
 *   2. ingest   — the same lines POSTed to Opsdeck's ingest endpoint (auth, parse, buffer, write to InfluxDB)
 *   3. SDK      — the same measurements recorded through the services' Metrics SDK into that endpoint
 * and, for the SQL store, its write with rollups against a plain multi-row insert of the same rows.
 * Opsdeck's route handler is served by a plain Node HTTP server in this process (no Next.js), on
 * a throwaway PostgreSQL database (for the token) and a throwaway InfluxDB database.
 *   npx tsx bench/metrics/write.ts [points=200000]
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import { createTestDatabase } from "@/scripts/test/database";

const POINTS = Number(process.argv[2] ?? 200_000);
const BATCH = 5_000;
const databaseName = `opsdeck_bench_${randomBytes(4).toString("hex")}`;
const database = await createTestDatabase("benchwrite");
process.env.DATABASE_URL = database.url;
process.env.INFLUXDB_URL = "http://127.0.0.1:8086";
process.env.INFLUXDB_DATABASE = databaseName;
process.env.LOG_LEVEL = "silent";
process.env.METRICS_BUFFER_MAX_POINTS = String(POINTS * 2);

const { POST } = await import("@/app/api/admin/metrics/write/route");
const { Metrics } = await import("@/lib/metrics/sdk");
const { metricsStore, metricsWriter } = await import("@/lib/metrics/store");
const { RolledUpMetricsStore } = await import("@/lib/metrics/store/rolled-up");
const { SqlMetricsStore } = await import("@/lib/metrics/store/sql");
const { RollupTable } = await import("@/lib/metrics/rollup/table");
const { parseLineProtocol } = await import("@/lib/metrics/line-protocol");
const { tokenFor } = await import("@/scripts/test/requests");
const { closeDatabase, dbPool } = await import("@/lib/db");

const influx = (metricsStore() as InstanceType<typeof RolledUpMetricsStore>).raw as import("@/lib/metrics/store/influx").InfluxMetricsStore;
await influx.ensureDatabase();
const token = await tokenFor("operator");

const server = createServer(async (req, res) => {
  // The body streams into the handler as Next.js hands it over, so parsing overlaps receiving.
  const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
  const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body, duplex: "half" } as RequestInit);
  const response = await POST(request, { params: Promise.resolve({}) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const opsdeck = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/metrics`;

const base = Date.now() * 1000;
const lines = (measurement: string) => Array.from({ length: POINTS }, (_, i) => `${measurement},endpoint=/api/e${i % 8},errorType=E${i % 3} duration_ms=${(i % 997) + 0.5} ${base + i}`);

async function timed(label: string, run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const rate = POINTS / seconds;
  // This process's CPU (generating lines, and for ingest and SDK Opsdeck's parse, serialisation and rollups): on a shared
  // machine a path's wall time is mostly its CPU share, so the cost beside the store's own shows here.
  console.log(`${label.padEnd(34)} ${rate.toFixed(0).padStart(8)} points/s (${seconds.toFixed(2)} s, Node CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)`);
  return rate;
}

async function postAll(url: string, all: string[], headers: Record<string, string>) {
  for (let start = 0; start < all.length; start += BATCH) {
    const response = await fetch(url, { method: "POST", headers, body: all.slice(start, start + BATCH).join("\n") });
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  }
}

async function count(measurement: string): Promise<number> {
  const [series] = await influx.query(`SELECT count("duration_ms") FROM "${measurement}"`);
  return Number(series?.values[0]?.[1] ?? 0);
}

try {
  console.log(`${POINTS.toLocaleString("en")} points, batches of ${BATCH}`);
  // One batch through each path first, untimed: connections, the store's first use and the JIT are not what is measured.
  const warmUp = lines("warm_up").slice(0, BATCH);
  await postAll(`http://127.0.0.1:8086/write?db=${databaseName}&precision=u`, warmUp, {});
  await postAll(`${opsdeck}/write?precision=u`, warmUp, { Authorization: `Token ${token}` });
  await metricsWriter().flush({ ignoreBackoff: true });
  const direct = await timed("direct", () => postAll(`http://127.0.0.1:8086/write?db=${databaseName}&precision=u`, lines("direct"), {}));
  // Until Opsdeck's buffer is empty (a failed batch is retried after its backoff), so every point counts.
  const opsdeckWritten = async () => {
    while (metricsWriter().stats().buffered > 0) {
      await metricsWriter().flush({ ignoreBackoff: true });
      if (metricsWriter().stats().buffered > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ingest = await timed("ingest", async () => {
    await postAll(`${opsdeck}/write?precision=u`, lines("ingest"), { Authorization: `Token ${token}` });
    await opsdeckWritten();
  });
  let sdkStats: ReturnType<InstanceType<typeof Metrics>["stats"]> | undefined;
  const sdk = await timed("SDK", async () => {
    const metrics = new Metrics({ url: opsdeck, token, batchSize: BATCH, capacity: POINTS * 2, flushOnExit: false });
    for (let i = 0; i < POINTS; i++) metrics.recordError(`/api/e${i % 8}`, `E${i % 3}`, (i % 997) + 0.5);
    await metrics.close();
    sdkStats = metrics.stats();
    await opsdeckWritten();
  });
  console.log(`ratio to direct: ingest ${(ingest / direct).toFixed(2)}, SDK ${(sdk / direct).toFixed(2)}`);
  const opsdeckStats = metricsWriter().stats();
  console.log(`SDK: written ${sdkStats?.written}, dropped ${sdkStats?.dropped}, rejected ${sdkStats?.rejected}; Opsdeck's buffer: written ${opsdeckStats.written - BATCH}, dropped ${opsdeckStats.dropped}, rejected ${opsdeckStats.rejected}`);
  const stored = { direct: await count("direct"), ingest: await count("ingest"), SDK: await count("api_error") };
  console.log(`stored: direct ${stored.direct}, ingest ${stored.ingest}, SDK ${stored.SDK}`);
  // A path that lost points (e.g. client timeouts on an overloaded machine) has no meaningful rate.
  for (const [path, n] of Object.entries(stored)) if (n !== POINTS) console.log(`WARNING: ${path} stored ${n} of ${POINTS} points: its rate above is not valid`);

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
  server.close();
  await influx.query(`DROP DATABASE "${databaseName}"`).catch(() => undefined);
  await closeDatabase();
  await database.drop();
}
