import { describe, expect, it } from "vitest";
import { errorRateLines, ratioByBucket, seriesPlan } from "@/lib/metrics/series";
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
