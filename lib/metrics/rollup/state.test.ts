import { expect, it } from "vitest";
import { RollupFold } from "@/lib/metrics/rollup/state";

const MINUTE = 60_000_000;
const HOUR = 60 * MINUTE;

it("folds values into minute and hour deltas: an hour of several minutes merges them, and leaves each minute as it was", () => {
  const fold = new RollupFold([3600, 60], (_, tags) => tags);
  const tags = { host: "a" };
  const values: Array<[number, number]> = [
    [0, 10],
    [1_000, 30],
    [MINUTE + 5, 20],
    [HOUR + 7, 99],
  ];
  for (const [timeUs, value] of values) fold.accept("m", tags, "v", value, timeUs);
  const summary = fold.deltas().map(({ resolutionSeconds, bucketUs, state }) => ({ resolutionSeconds, bucketUs, count: state.count, sum: state.sum, max: state.max, p50: state.sketch?.percentile(50, state.min, state.max) }));
  expect(summary).toEqual([
    { resolutionSeconds: 60, bucketUs: 0, count: 2, sum: 40, max: 30, p50: expect.closeTo(10, 0.1) },
    { resolutionSeconds: 60, bucketUs: MINUTE, count: 1, sum: 20, max: 20, p50: 20 },
    { resolutionSeconds: 60, bucketUs: HOUR, count: 1, sum: 99, max: 99, p50: 99 },
    { resolutionSeconds: 3600, bucketUs: 0, count: 3, sum: 60, max: 30, p50: expect.closeTo(20, 0.2) },
    { resolutionSeconds: 3600, bucketUs: HOUR, count: 1, sum: 99, max: 99, p50: 99 },
  ]);
});
