import { z } from "zod";

export const JOB_OUTCOMES = ["ok", "failed"] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/** What a job counted in one run: rows deleted, partitions dropped, rules evaluated… */
export type JobCounts = Record<string, number>;

export const jobRunSchema = z
  .object({
    id: z.string(),
    job: z.string().describe("e.g. traces.retention, metrics.rollup.compact, alerts.evaluate"),
    instance: z.string().describe("The instance that ran it (host:pid:id)"),
    startedAt: z.iso.datetime(),
    durationMs: z.number().int(),
    outcome: z.enum(JOB_OUTCOMES),
    counts: z.record(z.string(), z.number()),
    error: z.string().nullable(),
  })
  .meta({ id: "JobRun" });
export type JobRunView = z.infer<typeof jobRunSchema>;

export const jobSummarySchema = z
  .object({
    job: z.string(),
    lastRun: jobRunSchema,
    runs24h: z.number().int(),
    failures24h: z.number().int(),
    p95DurationMs24h: z.number().nullable().describe("95th percentile of the last 24 hours' run durations"),
  })
  .meta({ id: "JobSummary" });
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobRunsQuerySchema = z.strictObject({
  job: z.string().trim().min(1).max(100).optional().describe("Only this job's runs"),
  outcome: z.enum(JOB_OUTCOMES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const jobRunsResponseSchema = z
  .object({
    jobs: z.array(jobSummarySchema).describe("Every job that ran in the retention window, by name"),
    runs: z.array(jobRunSchema).describe("The latest runs, newest first"),
  })
  .meta({ id: "JobRuns" });
export type JobRunsResponse = z.infer<typeof jobRunsResponseSchema>;
