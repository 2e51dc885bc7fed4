import { describe, expect, it } from "vitest";
import { summarisePools } from "@/lib/metrics/pools";
import type { SeriesResponse } from "@/lib/metrics/schemas";

const response = (lines: Array<[string, Array<number | null>]>): SeriesResponse => ({
  series: "pool_queued",
  unit: "count",
  from: "2026-01-01T00:00:00.000Z",
  to: "2026-01-01T01:00:00.000Z",
  stepSeconds: 60,
  resolution: "1m",
  lines: lines.map(([id, values]) => ({ id, labels: {}, points: values.map((value, index) => ({ time: index * 60_000, value })) })),
});

describe("summarisePools", () => {
  it("flags more than 5 queued requests and a steadily climbing active count per pool", () => {
    const pools = summarisePools(
      response([["api/db", [40, 55, 72]], ["worker/db", [10, 12, 11]]]),
      response([["api/db", [0, 2, 6]], ["worker/db", [0, 5, 5]]]),
      response([
        ["api/db active", [2, 3, 4, 5, 6, 7, 8, 9]],
        ["api/db max", [10, 10, 10, 10, 10, 10, 10, 10]],
        ["worker/db active", [3, 1, 4, 1, 5, 2, 3, 1]],
        ["worker/db max", [20, 20, 20, 20, 20, 20, 20, 20]],
      ]),
    );
    expect(pools).toEqual([
      { id: "api/db", service: "api", pool: "db", maxConnections: 10, peakQueued: 6, latestUtilisation: 72, queueWarning: true, leakSuspected: true },
      { id: "worker/db", service: "worker", pool: "db", maxConnections: 20, peakQueued: 5, latestUtilisation: 11, queueWarning: false, leakSuspected: false },
    ]);
  });
});
