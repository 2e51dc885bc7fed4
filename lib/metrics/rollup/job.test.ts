import { expect, it } from "vitest";
import { RollupJob, rollupJobNote } from "@/lib/metrics/rollup/job";

it("retries a failing rollup job with backoff and says so until it succeeds", async () => {
  let attempts = 0;
  const job = new RollupJob(
    async () => {
      attempts++;
      if (attempts <= 2) throw new Error("database is starting up");
    },
    { intervalMs: 60_000, retryInitialMs: 10, retryMaxMs: 40 },
  );
  await job.runNow();
  const failing = job.status();
  expect(failing.failures).toBe(1);
  expect(rollupJobNote(failing)).toMatch(/^metrics rollup job failing \(1 attempt, no success yet\): database is starting up; retrying in \d+ s$/);
  job.start();
  await expect.poll(() => job.status().lastSuccessAt, { timeout: 2_000 }).not.toBeNull();
  expect(attempts).toBe(3);
  expect(job.status().failures).toBe(0);
  expect(rollupJobNote(job.status())).toBe("metrics rollups: compacted 0 s ago");
  await job.stop();
});
