import { describe, expect, it } from "vitest";
import { planQuery, queryResolution, rolledUpTags } from "@/lib/metrics/rollup/plan";
import type { AggregateQuery } from "@/lib/metrics/store/types";

const MINUTE = 60_000_000;
const HOUR = 60 * MINUTE;
const T = Date.UTC(2026, 0, 1) * 1000;
const query = (rest: Partial<AggregateQuery>): AggregateQuery => ({
  measurement: "auth_duration",
  field: "duration_ms",
  fromUs: T,
  toUs: T + 24 * HOUR,
  stepSeconds: 60,
  groupBy: [],
  aggregates: [{ fn: "count" }],
  ...rest,
});

describe("the rollup query plan", () => {
  it("reads minute rollups for 1-minute steps and raw points only at the unaligned edges", () => {
    expect(planQuery(query({ fromUs: T + 30_000_000, toUs: T + 24 * HOUR + 5_000_000 }))).toEqual([
      { resolutionSeconds: null, fromUs: T + 30_000_000, toUs: T + MINUTE },
      { resolutionSeconds: 60, fromUs: T + MINUTE, toUs: T + 24 * HOUR },
      { resolutionSeconds: null, fromUs: T + 24 * HOUR, toUs: T + 24 * HOUR + 5_000_000 },
    ]);
  });

  it("reads hour rollups for hourly steps, minutes then raw points at the edges", () => {
    expect(planQuery(query({ stepSeconds: 3600, fromUs: T + 90 * MINUTE + 1, toUs: T + 30 * 24 * HOUR }))).toEqual([
      { resolutionSeconds: null, fromUs: T + 90 * MINUTE + 1, toUs: T + 91 * MINUTE },
      { resolutionSeconds: 60, fromUs: T + 91 * MINUTE, toUs: T + 2 * HOUR },
      { resolutionSeconds: 3600, fromUs: T + 2 * HOUR, toUs: T + 30 * 24 * HOUR },
    ]);
    expect(queryResolution(query({ stepSeconds: 7200 }))).toBe(3600);
    expect(queryResolution(query({ stepSeconds: null }))).toBe(3600);
  });

  it("reads raw points for steps under a minute and for tags rollups leave out", () => {
    expect(queryResolution(query({ stepSeconds: 30 }))).toBeNull();
    expect(queryResolution(query({ stepSeconds: 90 }))).toBeNull();
    expect(queryResolution(query({ groupBy: ["userId"] }))).toBeNull();
    expect(queryResolution(query({ where: { userId: "u1" } }))).toBeNull();
    expect(queryResolution(query({ groupBy: ["success"] }))).toBe(60);
  });

  it("keeps every tag but per-user and per-transaction ones in rollups", () => {
    const tags = { success: "true", userId: "u1" };
    expect(rolledUpTags("auth_duration", tags)).toEqual({ success: "true" });
    expect(rolledUpTags("cpu", tags)).toBe(tags);
  });
});
