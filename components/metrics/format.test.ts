import { expect, it } from "vitest";
import { bucketLabel } from "@/components/metrics/format";

it("says what a chart's buckets are and which rollup they came from", () => {
  expect(bucketLabel(60, "1m")).toBe("1-minute buckets");
  expect(bucketLabel(3600, "1h")).toBe("1-hour buckets");
  expect(bucketLabel(300, "1m")).toBe("5-minute buckets from 1-minute rollups");
  expect(bucketLabel(86_400, "1h")).toBe("1-day buckets from 1-hour rollups");
  expect(bucketLabel(10, "raw")).toBe("10-second buckets from raw points");
});
