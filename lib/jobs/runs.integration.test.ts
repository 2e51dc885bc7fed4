import { describe, expect, it } from "vitest";
import { GET as jobRunsRoute } from "@/app/api/admin/jobs/runs/route";
import { GET as prometheusRoute } from "@/app/api/metrics/route";
import { dbPool } from "@/lib/db";
import { runOncePerPeriod } from "@/lib/db/periodic-lease";
import { recordJobRun } from "@/lib/jobs/runs";
import { applyTraceRetention, ensureSpanPartitions } from "@/lib/traces/retention";
import { storeSpans } from "@/lib/traces/store";
import { randomSpanId, randomTraceId } from "@/lib/traces/synthetic";
import { call, tokenFor } from "@/scripts/test/requests";

describe("Opsdeck's own job history (seed 002: inspect recent job history)", () => {
  it("records the trace retention sweep's run with what it dropped, and shows it in the endpoint and on /api/metrics", async () => {
    const viewer = await tokenFor("viewer");
    // Other test files may have swept this hour already (one claim an hour across the database): start from none.
    await dbPool().query(`DELETE FROM "periodic_job_runs" WHERE "name" = 'traces.retention'`);
    await dbPool().query(`DELETE FROM "job_runs" WHERE "job" = 'traces.retention'`);
    const old = Date.now() - 40 * 86_400_000;
    await ensureSpanPartitions([old]);
    await storeSpans([
      {
        traceId: randomTraceId(), spanId: randomSpanId(), parentSpanId: null, name: "old", service: "s", kind: 0, startNs: BigInt(old) * 1_000_000n,
        durationNs: 1n, statusCode: 0, statusMessage: null, attributes: {}, events: [], links: [], resource: {}, scope: {},
      },
    ]);
    // Storing spans schedules the hourly sweep (30 days by default) in the background, unless this
    // process swept this hour already; either that sweep or this call claims this hour's run.
    await runOncePerPeriod("traces.retention", 60 * 60_000, () => applyTraceRetention());
    const read = () => call(jobRunsRoute, { token: viewer, path: "/api/admin/jobs/runs?job=traces.retention" });
    const deadline = Date.now() + 10_000;
    while ((await read()).json.runs.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Another instance in the same hour does not claim it: no second run is recorded.
    expect(await runOncePerPeriod("traces.retention", 60 * 60_000, () => applyTraceRetention())).toBe(false);

    const answer = await read();
    expect(answer.status).toBe(200);
    expect(answer.json.runs).toHaveLength(1);
    const [run] = answer.json.runs;
    expect(run).toMatchObject({ job: "traces.retention", outcome: "ok", error: null, counts: { droppedPartitions: 1, deletedSummaries: 1 } });
    expect(Date.now() - Date.parse(run.startedAt)).toBeLessThan(60_000);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(answer.json.jobs.find((job: { job: string }) => job.job === "traces.retention")).toMatchObject({ runs24h: 1, failures24h: 0, lastRun: { id: run.id } });

    const metrics = await call(prometheusRoute, { token: viewer });
    expect(metrics.text).toContain('opsdeck_job_runs_total{job="traces.retention",outcome="ok"} 1');
    expect(metrics.text).toContain('opsdeck_job_run_duration_seconds_count{job="traces.retention"} 1');
  });

  it("records a failed run with its error and still fails the job; leaves out runs that did no work", async () => {
    const viewer = await tokenFor("viewer");
    await expect(recordJobRun("test.broken", async () => Promise.reject(new Error("disk full")))).rejects.toThrow("disk full");
    await recordJobRun("test.idle", async () => ({ evaluated: false }), { didWork: (result) => result.evaluated });
    const failed = await call(jobRunsRoute, { token: viewer, path: "/api/admin/jobs/runs?outcome=failed" });
    expect(failed.json.runs).toEqual([expect.objectContaining({ job: "test.broken", outcome: "failed", error: "disk full" })]);
    const all = await call(jobRunsRoute, { token: viewer });
    expect(all.json.jobs.map((job: { job: string }) => job.job)).not.toContain("test.idle");
    expect(all.json.jobs.find((job: { job: string }) => job.job === "test.broken")).toMatchObject({ failures24h: 1 });
    expect((await call(jobRunsRoute, { token: viewer, path: "/api/admin/jobs/runs?limit=0" })).status).toBe(400);
  });
});
