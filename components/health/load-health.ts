import "server-only";
import { checkDependencies } from "@/lib/health/checks";
import type { DepsResponse, PoolStats } from "@/lib/health/schemas";
import { jobRuns } from "@/lib/jobs/runs";
import type { JobSummary } from "@/lib/jobs/schemas";
import { logger } from "@/lib/log";
import { ownPoolStats } from "@/lib/pool/stats";

/** A section's data, or why it could not be read; each section of the page fails on its own. */
export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

export interface HealthSnapshot {
  dependencies: Loaded<DepsResponse>;
  pool: Loaded<PoolStats>;
  jobs: Loaded<JobSummary[]>;
  /** When the checks ran (the dependency report's timestamp when there is one). */
  checkedAt: string;
}

async function load<T>(what: string, read: () => T | Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    // The page shows the message instead of crashing, so the failure has to reach the logs from here.
    logger.warn({ err: error }, `Health page: could not read ${what}`);
    return { ok: false, message: error instanceof Error && error.message ? error.message : String(error) };
  }
}

/**
 * Reads Opsdeck's own health directly from lib/ (no HTTP round trip). The checks catch their own
 * failures; what can still throw is setup, e.g. a missing DATABASE_URL or an invalid configuration.
 */
export async function loadHealthSnapshot(): Promise<HealthSnapshot> {
  const [dependencies, pool, jobs] = await Promise.all([
    load("dependencies", checkDependencies),
    load("the database pool", ownPoolStats),
    load("the job history", async () => (await jobRuns({ limit: 1 })).jobs),
  ]);
  return {
    dependencies,
    pool,
    jobs,
    checkedAt: dependencies.ok ? dependencies.value.timestamp : new Date().toISOString(),
  };
}
