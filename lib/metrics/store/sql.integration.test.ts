import { expect, it } from "vitest";
import { dbPool } from "@/lib/db";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";

it("the retention job deletes points older than the cutoff and keeps the rest", async () => {
  const store = new SqlMetricsStore(dbPool);
  const day = 86_400_000_000;
  // Years before any other test's points: the job deletes by time alone.
  const now = Date.UTC(2001, 0, 1) * 1000;
  const point = (timeUs: number) => ({ measurement: "retention_test", tags: {}, fields: { v: 1 }, timeUs });
  await store.write([point(now - 40 * day), point(now - 31 * day), point(now - 29 * day), point(now)]);
  await store.deleteBefore(now - 30 * day);
  const rows = await store.aggregate({ measurement: "retention_test", field: "v", fromUs: now - 100 * day, toUs: now + 1, stepSeconds: null, groupBy: [], aggregates: [{ fn: "count" }] });
  expect(rows[0]?.values).toEqual([2]);
});
