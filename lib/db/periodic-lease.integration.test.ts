import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { claimPeriodicRun, runOncePerPeriod } from "@/lib/db/periodic-lease";

describe("periodic job leases", () => {
  it("lets exactly one of many simultaneous claimants run a period's job, and the next period again", async () => {
    const job = `test.job.${Date.now()}`;
    const claims = await Promise.all(Array.from({ length: 12 }, () => claimPeriodicRun(job, 400)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimPeriodicRun(job, 400)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await claimPeriodicRun(job, 400)).toBe(true);
  });

  it("runs the work only for the claimant", async () => {
    const job = `test.work.${Date.now()}`;
    let runs = 0;
    const ran = await Promise.all([1, 2, 3].map(() => runOncePerPeriod(job, 60_000, async () => void runs++)));
    expect(runs).toBe(1);
    expect(ran.filter(Boolean)).toHaveLength(1);
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    const { rows } = await client.query(`SELECT "ran_by" FROM "periodic_job_runs" WHERE "name" = $1`, [job]);
    await client.end();
    expect(rows[0]?.ran_by).toMatch(/:\d+:/);
  });
});
