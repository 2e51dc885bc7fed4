import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbPool } from "@/lib/db";
import type { MetricPoint } from "@/lib/metrics/point";
import { SKETCH_RELATIVE_ACCURACY } from "@/lib/metrics/rollup/sketch";
import { RollupTable } from "@/lib/metrics/rollup/table";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { RolledUpMetricsStore } from "@/lib/metrics/store/rolled-up";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { AggregateQuery, AggregateRow } from "@/lib/metrics/store/types";

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

/**
 * The same stores with rollups: answers of both alike to the last bit, and against the raw
 * points' exact answer counts, minima, maxima and last values equal, sums and means to float
 * rounding, percentiles within the sketch's relative error — on Pareto-tailed latencies.
 */
describe("both metric stores with rollups", () => {
  const rollups = new RollupTable(dbPool);
  const rolledUp = stores.map((raw) => new RolledUpMetricsStore(raw, rollups));
  // Three hours, a day after the fixture above.
  const T1 = Date.UTC(2026, 0, 6, 10, 0, 0) * 1000;
  const HOUR = 60 * MINUTE;

  /** Deterministic Pareto(α = 1.2) latencies from 5 ms: a p99 hundreds of times the median. */
  function heavyTailed(): MetricPoint[] {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const points: MetricPoint[] = [];
    for (let i = 0; i < 6_000; i++) {
      const timeUs = T1 + Math.floor(i * ((3 * HOUR) / 6_000)) + 7;
      const durationMs = Math.round(5 * (1 - random()) ** (-1 / 1.2) * 1000) / 1000;
      points.push({ measurement: "auth_duration", tags: { success: i % 7 === 0 ? "false" : "true", userId: `u${i % 50}` }, fields: { duration_ms: durationMs }, timeUs });
      if (i % 100 === 0) points.push({ measurement: "rollup_error", tags: { endpoint: `/e${i % 3}` }, fields: { duration_ms: 1, message: `error ${i}` }, timeUs });
    }
    return points;
  }

  const range = { fromUs: T1, toUs: T1 + 3 * HOUR };
  const latency = { measurement: "auth_duration", field: "duration_ms" };
  const percentiles = [1, 50, 90, 95, 99, 99.9].map((p) => ({ fn: "percentile" as const, p }));
  const rolledQueries: Array<[string, AggregateQuery]> = [
    ["percentiles per minute (minute rollups)", { ...range, ...latency, stepSeconds: 60, groupBy: [], aggregates: [{ fn: "count" }, ...percentiles] }],
    ["percentiles per hour (hour rollups)", { ...range, ...latency, stepSeconds: 3600, groupBy: [], aggregates: [{ fn: "count" }, ...percentiles] }],
    [
      "an unaligned range: raw edges merged with minute buckets",
      { fromUs: T1 + 30_000_000, toUs: T1 + 2 * HOUR + 10_000_000, ...latency, stepSeconds: 300, groupBy: ["success"], aggregates: [{ fn: "count" }, { fn: "sum" }, { fn: "mean" }, { fn: "min" }, { fn: "max" }, ...percentiles] },
    ],
    ["the whole range as one bucket, by tag", { ...range, ...latency, stepSeconds: null, groupBy: ["success"], aggregates: [{ fn: "count" }, { fn: "sum" }, { fn: "max" }, { fn: "percentile", p: 99 }] }],
    ["a tag filter", { ...range, ...latency, stepSeconds: 600, groupBy: [], where: { success: "false" }, aggregates: [{ fn: "count" }, { fn: "percentile", p: 95 }] }],
    ["a tag rollups leave out (raw points)", { ...range, ...latency, stepSeconds: 600, groupBy: ["userId"], aggregates: [{ fn: "count" }] }],
    ["last message per endpoint", { ...range, measurement: "rollup_error", field: "message", stepSeconds: null, groupBy: ["endpoint"], aggregates: [{ fn: "count" }, { fn: "last" }] }],
  ];

  beforeAll(async () => {
    for (const store of rolledUp) await store.write(heavyTailed());
  });

  for (const [name, query] of rolledQueries) {
    it(`answer alike: ${name}`, async () => {
      const [fromInflux, fromSql] = await Promise.all(rolledUp.map((store) => store.aggregate(query)));
      expect(fromSql).toEqual(fromInflux);
      expect(fromSql!.length).toBeGreaterThan(0);
    });
  }

  it("answer counts, extremes and last values exactly, sums to rounding and percentiles within 1 % of the raw points' nearest rank", async () => {
    let worst = 0;
    for (const store of rolledUp) {
      for (const [, query] of rolledQueries) {
        const [approx, exact] = await Promise.all([store.aggregate(query), store.raw.aggregate(query)]);
        expect(approx.map((row) => [row.time, row.tags])).toEqual(exact.map((row) => [row.time, row.tags]));
        approx.forEach((row: AggregateRow, r) => {
          query.aggregates.forEach((aggregate, a) => {
            const [got, want] = [row.values[a], exact[r]!.values[a]];
            if (aggregate.fn === "percentile" && typeof want === "number") {
              const error = Math.abs((got as number) - want) / Math.abs(want);
              worst = Math.max(worst, error);
              expect(error).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY);
            } else if ((aggregate.fn === "sum" || aggregate.fn === "mean") && typeof want === "number") {
              expect(got as number).toBeCloseTo(want, 6);
            } else {
              expect(got).toEqual(want);
            }
          });
        });
      }
    }
    expect(worst).toBeGreaterThan(0);
  });

  it("put a point written a minute late into its bucket: the chart changes", async () => {
    const minute = T1 + 10 * MINUTE;
    const query: AggregateQuery = { fromUs: minute, toUs: minute + 2 * MINUTE, ...latency, measurement: "rollup_late", stepSeconds: 60, groupBy: [], aggregates: [{ fn: "count" }, { fn: "max" }, { fn: "percentile", p: 99 }] };
    const point = (timeUs: number, durationMs: number): MetricPoint => ({ measurement: "rollup_late", tags: {}, fields: { duration_ms: durationMs }, timeUs });
    for (const store of rolledUp) {
      await store.write([point(minute + 1_000, 10), point(minute + 2_000, 12), point(minute + MINUTE + 1_000, 11)]);
      expect((await store.aggregate(query)).map((row) => row.values)).toEqual([[2, 12, 12], [1, 11, 11]]);
      // The service flushes its buffer after an outage: a point for the first minute, a minute late.
      await store.write([point(minute + 30_000, 900)]);
      const late = (await store.aggregate(query)).map((row) => row.values);
      expect(late).toEqual([[3, 900, 900], [1, 11, 11]]);
      await rollups.compact();
      expect((await store.aggregate(query)).map((row) => row.values)).toEqual(late);
    }
  });

  it("keep no rollups of a batch the raw store refused, so its retry is not counted twice", async () => {
    const unreachable = new RolledUpMetricsStore(new InfluxMetricsStore({ url: "http://127.0.0.1:9", database: "opsdeck_unreachable", timeoutMs: 2_000 }), rollups);
    await expect(unreachable.write([{ measurement: "rollup_refused", tags: {}, fields: { v: 1 }, timeUs: T1 }])).rejects.toThrow();
    const { rows } = await dbPool().query("SELECT count(*)::int AS n FROM metric_rollups WHERE measurement = 'rollup_refused'");
    expect(rows[0].n).toBe(0);
  });
});
