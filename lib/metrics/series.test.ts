import { describe, expect, it } from "vitest";
import { errorRateLines, eventsPerHourLines, LOCKED_USERS_LOOKBACK_MS, lockedUsersPoints, perHour, ratioByBucket, seriesPlan } from "@/lib/metrics/series";
import { summariseErrors } from "@/lib/metrics/service";
import type { AggregateRow } from "@/lib/metrics/store/types";

const row = (time: number, tags: Record<string, string>, ...values: Array<number | string | null>): AggregateRow => ({ time, tags, values });

describe("derived series", () => {
  it("computes the cache hit rate from hits and misses, ignoring invalidations", () => {
    const rows = [row(0, { operation: "hit" }, 6), row(0, { operation: "miss" }, 4), row(0, { operation: "invalidation" }, 50), row(60, { operation: "invalidation" }, 3)];
    // The second bucket has no reads at all: no rate rather than 0 %.
    expect(ratioByBucket(rows, "operation", ["hit"], ["hit", "miss"])).toEqual([{ time: 0, value: 0.6 }]);
  });

  it("computes error rates per endpoint, leaving out buckets without requests", () => {
    const errors = [row(0, { endpoint: "/a" }, 3), row(60, { endpoint: "/a" }, 1)];
    const requests = [row(0, { endpoint: "/a" }, 300), row(0, { endpoint: "/b" }, 10)];
    expect(errorRateLines(errors, requests)).toEqual([
      { id: "/a", labels: { endpoint: "/a" }, points: [{ time: 0, value: 0.01 }] },
      { id: "/b", labels: { endpoint: "/b" }, points: [{ time: 0, value: 0 }] },
    ]);
  });

  it("counts lockouts per clock hour whatever the chart's step", () => {
    const plan = seriesPlan("lockouts", { fromMs: 0, toMs: 900_000, stepSeconds: 60 });
    expect(plan.stepSeconds).toBe(3600);
    expect(plan.queries[0]?.stepSeconds).toBe(3600);
  });

  it("splits pool connections into active and max lines per service and pool", () => {
    const plan = seriesPlan("pool_connections", { fromMs: 0, toMs: 60_000, stepSeconds: 60 });
    const lines = plan.derive([[row(0, { service: "api", pool: "db" }, 7.5)], [row(0, { service: "api", pool: "db" }, 10)]]);
    expect(lines.map((line) => [line.id, line.points[0]?.value])).toEqual([
      ["api/db active", 7.5],
      ["api/db max", 10],
    ]);
  });
});

describe("the series the runbooks cite", () => {
  const HOUR_MS = 3_600_000;

  it("states a bucket's count per hour, whatever the bucket's length", () => {
    expect(perHour(30, 3 * 3600)).toBe(10);
    expect(perHour(4, 3600)).toBe(4);
  });

  it("answers vector search success as successes over all searches, per bucket", () => {
    const plan = seriesPlan("vector_search_success_rate", { fromMs: 0, toMs: 120_000, stepSeconds: 60 });
    const [line] = plan.derive([[row(0, { success: "true" }, 96), row(0, { success: "false" }, 4), row(60_000, { success: "false" }, 2)]]);
    expect(line?.points).toEqual([
      { time: 0, value: 0.96 },
      { time: 60_000, value: 0 },
    ]);
  });

  it("counts cache invalidations per clock hour against 10 % of all cache operations", () => {
    const plan = seriesPlan("cache_invalidations", { fromMs: 0, toMs: 6 * HOUR_MS, stepSeconds: 120 });
    expect(plan.stepSeconds).toBe(3600);
    const lines = plan.derive([[row(0, { operation: "hit" }, 150), row(0, { operation: "miss" }, 30), row(0, { operation: "invalidation" }, 20), row(HOUR_MS, { operation: "hit" }, 10)]]);
    expect(lines.map((line) => [line.id, line.points])).toEqual([
      ["invalidations", [{ time: 0, value: 20 }, { time: HOUR_MS, value: 0 }]],
      ["10 % of cache operations", [{ time: 0, value: 20 }, { time: HOUR_MS, value: 1 }]],
    ]);
  });

  it("scales saga compensations in multi-hour buckets to a rate per hour, against 1 % of transactions", () => {
    const lines = eventsPerHourLines([row(0, { status: "success" }, 594), row(0, { status: "compensation" }, 6)], "status", "compensation", 0.01, 2 * 3600, {
      events: "compensations",
      limit: "1 % of transactions",
    });
    expect(lines.map((line) => line.points[0]?.value)).toEqual([3, 3]);
  });

  it("counts users locked at once from lockouts and their lock length, including locks begun before the range", () => {
    const range = { fromMs: 60 * 60_000, toMs: 90 * 60_000, stepSeconds: 600 };
    const plan = seriesPlan("locked_users", range);
    expect(plan.queries[0]?.fromUs).toBe((range.fromMs - LOCKED_USERS_LOOKBACK_MS) * 1000);
    const minute = (m: number) => m * 60_000;
    // 2 locked for 15 minutes at 0:50 (still locked at 1:00), 3 for 15 at 1:12, 1 for 5 at 1:25.
    const rows = [row(minute(50), {}, 2, 15), row(minute(72), {}, 3, 15), row(minute(85), {}, 1, 5)];
    expect(lockedUsersPoints(rows, range)).toEqual([
      { time: minute(60), value: 2 }, // 1:00–1:10: the two until 1:05
      { time: minute(70), value: 3 }, // 1:10–1:20: three from 1:12
      { time: minute(80), value: 4 }, // 1:20–1:30: three until 1:27, one more from 1:25
    ]);
  });
});

describe("summariseErrors", () => {
  it("answers seed 001's shape, most errors first, with the latest message per type", () => {
    const counts = [row(0, { endpoint: "/api/documents/upload", errorType: "SagaCompensationError" }, 40), row(0, { endpoint: "/api/documents/upload", errorType: "Timeout" }, 5), row(0, { endpoint: "/api/search", errorType: "VectorError" }, 50)];
    const messages = [row(0, { endpoint: "/api/documents/upload", errorType: "SagaCompensationError" }, "Failed to delete from Drive")];
    const requests = [row(0, { endpoint: "/api/documents/upload" }, 375)];
    expect(summariseErrors(counts, messages, requests)).toEqual({
      errors: [
        { endpoint: "/api/search", errorCount: 50, errorRate: null, requests: 0, topErrors: [{ type: "VectorError", count: 50, message: "" }] },
        {
          endpoint: "/api/documents/upload",
          errorCount: 45,
          errorRate: 0.12,
          requests: 375,
          topErrors: [
            { type: "SagaCompensationError", count: 40, message: "Failed to delete from Drive" },
            { type: "Timeout", count: 5, message: "" },
          ],
        },
      ],
    });
  });
});
