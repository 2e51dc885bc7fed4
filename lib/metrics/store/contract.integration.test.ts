import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbPool } from "@/lib/db";
import type { MetricPoint } from "@/lib/metrics/point";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { AggregateQuery } from "@/lib/metrics/store/types";

/**
 * The same writes and queries through both stores must give the same answers: exact for counts,
 * sums and rates, and percentiles by the one definition both implement (nearest rank, half up).
 */
const influx = new InfluxMetricsStore({ url: "http://127.0.0.1:8086", database: `opsdeck_contract_${randomBytes(4).toString("hex")}` });
const sql = new SqlMetricsStore(dbPool);
const stores = [influx, sql];

// A fixed hour, far from any other test's data.
const T0 = Date.UTC(2026, 0, 5, 10, 0, 0) * 1000;
const MINUTE = 60_000_000;

function fixture(): MetricPoint[] {
  const points: MetricPoint[] = [];
  // Minute 0: durations 1..10; minute 1: 100 values 400..499 (one per 10 ms); minute 3: a single value.
  for (let i = 1; i <= 10; i++) points.push({ measurement: "auth_duration", tags: { success: "true" }, fields: { duration_ms: i }, timeUs: T0 + i * 1000 });
  for (let i = 0; i < 100; i++) {
    points.push({
      measurement: "auth_duration",
      tags: { success: i % 10 === 0 ? "false" : "true" },
      fields: { duration_ms: 400 + ((i * 37) % 100) },
      timeUs: T0 + MINUTE + i * 10_000,
    });
  }
  points.push({ measurement: "auth_duration", tags: { success: "true" }, fields: { duration_ms: 512.5 }, timeUs: T0 + 3 * MINUTE });
  // Cache: 6 hits and 4 misses in minute 0, 1 invalidation.
  for (let i = 0; i < 11; i++) {
    const operation = i < 6 ? "hit" : i < 10 ? "miss" : "invalidation";
    points.push({ measurement: "cache_operation", tags: { operation }, fields: { duration_ms: i }, timeUs: T0 + i * 1000 });
  }
  // Errors with messages; the later message is the one reported.
  points.push({ measurement: "api_error", tags: { endpoint: "/api/documents/upload", errorType: "SagaCompensationError" }, fields: { duration_ms: 30, message: "first" }, timeUs: T0 + 5_000 });
  points.push({ measurement: "api_error", tags: { endpoint: "/api/documents/upload", errorType: "SagaCompensationError" }, fields: { duration_ms: 40, message: "Failed to delete from Drive" }, timeUs: T0 + 6_000 });
  points.push({ measurement: "api_error", tags: { endpoint: "/api/search", errorType: "VectorError" }, fields: { duration_ms: 12, message: 'quote " and, comma' }, timeUs: T0 + MINUTE });
  // A point without the grouping tag groups under "".
  points.push({ measurement: "api_error", tags: { errorType: "Unknown" }, fields: { duration_ms: 1, message: "no endpoint" }, timeUs: T0 + 7_000 });
  return points;
}

const base = { fromUs: T0, toUs: T0 + 10 * MINUTE };
const queries: Array<[string, AggregateQuery]> = [
  [
    "percentiles and count per minute",
    {
      ...base,
      measurement: "auth_duration",
      field: "duration_ms",
      stepSeconds: 60,
      groupBy: [],
      aggregates: [{ fn: "count" }, { fn: "percentile", p: 1 }, { fn: "percentile", p: 50 }, { fn: "percentile", p: 95 }, { fn: "percentile", p: 99 }],
    },
  ],
  [
    "mean, min, max, sum over the whole range by tag",
    { ...base, measurement: "auth_duration", field: "duration_ms", stepSeconds: null, groupBy: ["success"], aggregates: [{ fn: "mean" }, { fn: "min" }, { fn: "max" }, { fn: "sum" }] },
  ],
  ["counts by operation per 5 minutes", { ...base, measurement: "cache_operation", field: "duration_ms", stepSeconds: 300, groupBy: ["operation"], aggregates: [{ fn: "count" }] }],
  [
    "error counts and last message by endpoint and type",
    { ...base, measurement: "api_error", field: "message", stepSeconds: null, groupBy: ["endpoint", "errorType"], aggregates: [{ fn: "count" }, { fn: "last" }] },
  ],
  ["a tag filter", { ...base, measurement: "auth_duration", field: "duration_ms", stepSeconds: 60, groupBy: [], where: { success: "false" }, aggregates: [{ fn: "count" }] }],
  ["an empty range", { fromUs: T0 + 20 * MINUTE, toUs: T0 + 30 * MINUTE, measurement: "auth_duration", field: "duration_ms", stepSeconds: 60, groupBy: [], aggregates: [{ fn: "count" }] }],
];

beforeAll(async () => {
  await influx.ensureDatabase();
  for (const store of stores) await store.write(fixture());
});

afterAll(async () => {
  await influx.query(`DROP DATABASE "${(influx as unknown as { options: { database: string } }).options.database}"`);
});

describe("both metric stores", () => {
  for (const [name, query] of queries) {
    it(`answer alike: ${name}`, async () => {
      const [fromInflux, fromSql] = await Promise.all(stores.map((store) => store.aggregate(query)));
      expect(fromSql).toEqual(fromInflux);
    });
  }

  it("use nearest-rank percentiles: p50 of 1..10 is 5, p99 is 10, p1 of fewer than 50 values is none", async () => {
    const [firstQuery] = queries;
    for (const store of stores) {
      const rows = await store.aggregate(firstQuery![1]);
      expect(rows.map((row) => row.values)).toEqual([
        [10, null, 5, 10, 10],
        // 400..499 once each: rank floor(100·p + 0.5) → p1 = 400, p50 = 449, p95 = 494, p99 = 498.
        [100, 400, 449, 494, 498],
        [1, null, 512.5, 512.5, 512.5],
      ]);
      expect(rows.map((row) => row.time)).toEqual([T0 / 1000, T0 / 1000 + 60_000, T0 / 1000 + 180_000]);
    }
  });

  it("report the latest message per error type and group untagged points under an empty tag", async () => {
    for (const store of stores) {
      const rows = await store.aggregate(queries[3]![1]);
      expect(rows).toEqual([
        { time: T0 / 1000, tags: { endpoint: "", errorType: "Unknown" }, values: [1, "no endpoint"] },
        { time: T0 / 1000, tags: { endpoint: "/api/documents/upload", errorType: "SagaCompensationError" }, values: [2, "Failed to delete from Drive"] },
        { time: T0 / 1000, tags: { endpoint: "/api/search", errorType: "VectorError" }, values: [1, 'quote " and, comma'] },
      ]);
    }
  });
});
