import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { dbPool } from "@/lib/db";
import { parseLineProtocol } from "@/lib/metrics/line-protocol";
import type { MetricPoint } from "@/lib/metrics/point";
import { PointChecks } from "@/lib/metrics/point-checks";
import { RollupTable } from "@/lib/metrics/rollup/table";
import { metricsWriterFor } from "@/lib/metrics/store";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { RolledUpMetricsStore } from "@/lib/metrics/store/rolled-up";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { MetricsStore } from "@/lib/metrics/store/types";

/**
 * One point a store refuses for its content, in a batch of good ones: every good point is stored,
 * the bad one is dropped and reported, the circuit stays closed and later points still flow.
 * Each store is poisoned by what it really refuses: PostgreSQL a NUL (jsonb cannot hold \u0000),
 * InfluxDB a field type conflict (it accepts NUL).
 */
const influxDatabase = `opsdeck_poison_${randomBytes(4).toString("hex")}`;
const influx = new InfluxMetricsStore({ url: "http://127.0.0.1:8086", database: influxDatabase });
const sql = new SqlMetricsStore(dbPool);
const T0 = Date.UTC(2026, 0, 7, 10, 0, 0) * 1000;
const measurement = `poison_${randomBytes(3).toString("hex")}`;

const good = (index: number): MetricPoint => ({ measurement, tags: { service: "checkout" }, fields: { duration_ms: index }, timeUs: T0 + index * 1000 });
const poison: Record<MetricsStore["kind"], MetricPoint> = {
  sql: { measurement, tags: { service: "bad\u0000tag" }, fields: { duration_ms: 1 }, timeUs: T0 + 500_500 },
  influxdb: { measurement, tags: { service: "checkout" }, fields: { duration_ms: "not a number" }, timeUs: T0 + 500_500 },
};

async function storedCount(store: MetricsStore): Promise<number> {
  const rows = await store.aggregate({ measurement, field: "duration_ms", fromUs: T0, toUs: T0 + 3_600_000_000, stepSeconds: null, groupBy: [], aggregates: [{ fn: "count" }] });
  return Number(rows[0]?.values[0] ?? 0);
}

afterAll(async () => {
  await dbPool().query("DELETE FROM metric_points WHERE measurement = $1", [measurement]);
  await dbPool().query("DELETE FROM metric_rollups WHERE source = $1", [influx.source]);
  await influx.query(`DROP DATABASE "${influxDatabase}"`).catch(() => undefined);
});

describe.each([sql, influx])("a poisoned point in a batch for the $kind store", (store) => {
  it("is dropped and reported while every good point around it is stored and the circuit stays closed", async () => {
    const writer = metricsWriterFor(store, { batchSize: 1000, onReject: () => undefined });
    await store.write([good(0)]); // InfluxDB: fixes duration_ms as a float, so the string is a conflict
    const points = Array.from({ length: 999 }, (_, index) => good(index + 1));
    points.splice(500, 0, poison[store.kind]);
    writer.add(points);
    await writer.flush();
    expect(await storedCount(store)).toBe(1000);
    const stats = writer.stats();
    expect(stats).toMatchObject({ buffered: 0, written: 999, rejected: 1 });
    expect(stats.lastRejection?.sample).toContain(store.kind === "sql" ? "bad\\u0000tag" : "not a number");
    expect(stats.breaker.state).toBe("closed");
    writer.add([good(1000)]);
    await writer.flush();
    expect(await storedCount(store)).toBe(1001);
  });
});

describe("a body's canonical lines holding a point InfluxDB refuses", () => {
  it("are split into points, so that only that point is dropped, from InfluxDB and from the rollups alike", async () => {
    const store = new RolledUpMetricsStore(influx, new RollupTable(dbPool));
    const writer = metricsWriterFor(store, { batchSize: 10_000, onReject: () => undefined });
    const lines = `${measurement}_lines`;
    // InfluxDB has `flag` as a float; this process has never seen it, so its checks let a boolean through.
    await influx.write([{ measurement: lines, tags: {}, fields: { flag: 1 }, timeUs: T0 - 1_000 }]);
    const body = Array.from({ length: 999 }, (_, index) => `${lines},service=checkout duration_ms=${index} ${T0 + index * 1000}`);
    body.splice(500, 0, `${lines},service=checkout flag=T ${T0 + 500_500}`);
    const now = T0 + 3_600_000_000;
    const parsed = parseLineProtocol(body.join("\n"), "us", now, { checks: new PointChecks().forBody(now), fold: store.lineFold() });
    expect(parsed.points).toEqual([]);
    expect(parsed.canonical?.count).toBe(1000);
    writer.add([parsed.canonical!]);
    await writer.flush();
    expect(writer.stats()).toMatchObject({ buffered: 0, written: 999, rejected: 1 });
    // The hour from T0 is read from the rollups alone; InfluxDB's own count is the raw points'.
    const hour = { measurement: lines, fromUs: T0, toUs: T0 + 3_600_000_000, stepSeconds: 3600, groupBy: [], aggregates: [{ fn: "count" as const }] };
    expect((await store.aggregate({ ...hour, field: "duration_ms" }))[0]?.values).toEqual([999]);
    expect(await store.aggregate({ ...hour, field: "flag" })).toEqual([]);
    expect((await influx.aggregate({ ...hour, field: "duration_ms", stepSeconds: null }))[0]?.values).toEqual([999]);
  });
});
