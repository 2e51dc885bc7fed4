import { defineEndpoint } from "@/lib/api/endpoint";
import { jobRunsQuerySchema, jobRunsResponseSchema } from "@/lib/jobs/schemas";

export const jobEndpoints = {
  runs: defineEndpoint({
    method: "GET",
    path: "/api/admin/jobs/runs",
    access: "viewer",
    summary: "Recent runs of Opsdeck's own periodic jobs: start, duration, outcome and counts (seed 002's job history)",
    description:
      "Jobs: traces.retention, metrics.retention, metrics.rollup.compact, ratelimit.attempts.prune, alerts.evaluate, rollouts.evaluate. `jobs` has each job's latest run and its last 24 hours (runs, failures, p95 duration); `runs` the latest runs, newest first, filtered by `job` and `outcome`. Kept 7 days. Evaluator ticks on an instance that does not hold the lease did no work and are not recorded. The same figures are on /api/metrics as opsdeck_job_runs_total{job,outcome} and opsdeck_job_run_duration_seconds{job}.",
    tags: ["Health"],
    query: jobRunsQuerySchema,
    response: jobRunsResponseSchema,
  }),
};
