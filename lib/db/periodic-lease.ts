import { dbPool } from "@/lib/db";
import { INSTANCE_ID } from "@/lib/db/instance";
import { recordJobRun } from "@/lib/jobs/runs";
import { logger } from "@/lib/log";

/**
 * Claims this period's run of a periodic job for this instance: true for exactly one caller
 * across all instances sharing the database, until `intervalMs` has passed since the last
 * claimed run. One atomic statement (the row's primary key serialises claimants), so it holds
 * under any number of instances starting together. Reusable by any periodic job: retention,
 * rule evaluators, rollups.
 */
export async function claimPeriodicRun(job: string, intervalMs: number): Promise<boolean> {
  const { rowCount } = await dbPool().query(
    `INSERT INTO "periodic_job_runs" ("name", "ran_at", "ran_by") VALUES ($1, now(), $2)
     ON CONFLICT ("name") DO UPDATE SET "ran_at" = now(), "ran_by" = EXCLUDED."ran_by"
     WHERE "periodic_job_runs"."ran_at" <= now() - make_interval(secs => $3::double precision / 1000)`,
    [job, INSTANCE_ID, intervalMs],
  );
  return rowCount === 1;
}

/** Runs `job` if this instance claims this period's run, recording the run (lib/jobs/runs.ts); resolves whether it ran. */
export async function runOncePerPeriod(job: string, intervalMs: number, work: () => Promise<unknown>): Promise<boolean> {
  if (!(await claimPeriodicRun(job, intervalMs))) return false;
  logger.info({ job, instance: INSTANCE_ID }, "periodic job claimed");
  await recordJobRun(job, work);
  return true;
}
