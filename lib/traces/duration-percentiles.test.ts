import { describe, expect, it } from "vitest";
import { durationPercentiles } from "@/lib/traces/duration-percentiles";

describe("trace duration percentiles", () => {
  it("takes the nearest rank, rounded half up, whatever the order of the list", () => {
    // 1..100 shuffled: rank floor(100·0.5 + 0.5) = 50, floor(100·0.99 + 0.5) = 99.
    const durations = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    expect(durationPercentiles(durations)).toEqual({ p50: 50, p99: 99 });
  });

  it("answers the slowest trace as p99 of a short list, and nothing for an empty one", () => {
    expect(durationPercentiles([30, 1200, 80])).toEqual({ p50: 80, p99: 1200 });
    expect(durationPercentiles([])).toEqual({ p50: null, p99: null });
  });
});
