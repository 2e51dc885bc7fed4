import { db } from "@/lib/db";
import type { JobCounts, JobOutcome, JobRunsResponse, JobRunView, JobSummary } from "@/lib/jobs/schemas";
import { INSTANCE_ID } from "@/lib/db/instance";
import { logger } from "@/lib/log";
import { recordJobRunMetric } from "@/lib/observability/prometheus";
import type { JobRun } from "@/lib/generated/prisma/client";

/** How long run history is kept. */
export const JOB_RUNS_RETENTION_DAYS = 7;
const PRUNE_EVERY_MS = 60 * 60_000;
let lastPrunedAt = 0;

/** The numbers in a job's result (arrays count their items): what its run row shows. */
export function countsOf(result: unknown): JobCounts {
  if (!result || typeof result !== "object" || Array.isArray(result)) return {};
  const counts: JobCounts = {};
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === "number" && Number.isFinite(value)) counts[key] = value;
    else if (typeof value === "boolean") counts[key] = value ? 1 : 0;
    else if (Array.isArray(value)) counts[key] = value.length;
  }
  return counts;
}

/**
 * Runs one of Opsdeck's periodic jobs and records the run — start, duration, outcome and what the
 * result counted — in `job_runs` and as Prometheus counters and durations. The job's own outcome
 * is returned (or thrown) unchanged: a run that cannot be recorded is logged, never failed.
 * `didWork` leaves out runs that found nothing to do (an evaluator tick on an instance that does
 * not hold the lease); failures are always recorded.
 */
export async function recordJobRun<T>(job: string, work: () => Promise<T>, options: { didWork?: (result: T) => boolean } = {}): Promise<T> {
  const startedAt = new Date();
  const started = performance.now();
  let outcome: JobOutcome = "ok";
  let counts: JobCounts = {};
  let error: string | null = null;
  let record = true;
  try {
    const result = await work();
    counts = countsOf(result);
    record = options.didWork?.(result) ?? true;
    return result;
  } catch (failure) {
    outcome = "failed";
    error = ((failure as Error).message || String(failure)).slice(0, 2_000);
    throw failure;
  } finally {
    if (record) await saveRun();
  }

  async function saveRun(): Promise<void> {
    const durationMs = Math.round(performance.now() - started);
    recordJobRunMetric(job, outcome, durationMs / 1000);
    await db()
      .jobRun.create({ data: { job, instance: INSTANCE_ID, startedAt, durationMs, outcome, counts, error } })
      .catch((failure: unknown) => logger.warn({ err: failure, job }, "could not record the job run"));
    await pruneRuns().catch((failure: unknown) => logger.warn({ err: failure }, "could not prune job runs"));
  }
}

/** Keeps run history bounded: at most hourly per instance (a delete of nothing is cheap when instances race). */
async function pruneRuns(): Promise<void> {
  if (Date.now() - lastPrunedAt < PRUNE_EVERY_MS) return;
  lastPrunedAt = Date.now();
  await db().jobRun.deleteMany({ where: { startedAt: { lt: new Date(Date.now() - JOB_RUNS_RETENTION_DAYS * 86_400_000) } } });
}

const toView = (row: JobRun): JobRunView => ({
  id: row.id.toString(),
  job: row.job,
  instance: row.instance,
  startedAt: row.startedAt.toISOString(),
  durationMs: row.durationMs,
  outcome: row.outcome as JobOutcome,
  counts: (row.counts ?? {}) as JobCounts,
  error: row.error,
});

interface SummaryRow {
  job: string;
  last_id: bigint;
  runs: number;
  failures: number;
  p95: number | null;
}

/** `GET /api/admin/jobs/runs`: every job's latest run and its last 24 hours, and the latest runs. */
export async function jobRuns(query: { job?: string; outcome?: JobOutcome; limit: number }, nowMs = Date.now()): Promise<JobRunsResponse> {
  const since = new Date(nowMs - 86_400_000);
  const [rows, summaries] = await Promise.all([
    db().jobRun.findMany({ where: { job: query.job, outcome: query.outcome }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: query.limit }),
    db().$queryRaw<SummaryRow[]>`
      SELECT job,
             (array_agg(id ORDER BY started_at DESC, id DESC))[1] AS last_id,
             count(*) FILTER (WHERE started_at >= ${since})::int AS runs,
             count(*) FILTER (WHERE started_at >= ${since} AND outcome = 'failed')::int AS failures,
             percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE started_at >= ${since}) AS p95
      FROM job_runs GROUP BY job ORDER BY job`,
  ]);
  const lastRuns = new Map(
    (await db().jobRun.findMany({ where: { id: { in: summaries.map((summary) => summary.last_id) } } })).map((row) => [row.id, toView(row)]),
  );
  const jobs: JobSummary[] = summaries.flatMap((summary) => {
    const lastRun = lastRuns.get(summary.last_id);
    return lastRun ? [{ job: summary.job, lastRun, runs24h: summary.runs, failures24h: summary.failures, p95DurationMs24h: summary.p95 === null ? null : Number(summary.p95) }] : [];
  });
  return { jobs, runs: rows.map(toView) };
}
