import { inject, describe, expect, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/db";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { Prisma } from "@/lib/generated/prisma/client";
import { ensureSpanPartitions } from "@/lib/traces/retention";

/**
 * Proves prisma/schema and prisma/migrations agree: every model is written, read, updated and
 * deleted through the generated client against a database built only from the SQL migrations.
 * A model without an entry here fails the first test.
 */
const exercises: Record<Prisma.ModelName, () => Promise<void>> = {
  PeriodicJobRun: async () => {
    await db().periodicJobRun.create({ data: { name: "schema_job", ranAt: new Date(), ranBy: "test" } });
    await db().periodicJobRun.update({ where: { name: "schema_job" }, data: { ranBy: "other" } });
    expect((await db().periodicJobRun.findUniqueOrThrow({ where: { name: "schema_job" } })).ranBy).toBe("other");
    await db().periodicJobRun.delete({ where: { name: "schema_job" } });
  },
  JobRun: async () => {
    const row = await db().jobRun.create({ data: { job: "schema_job", instance: "test", startedAt: new Date(), durationMs: 5, outcome: "ok", counts: { deleted: 2 } } });
    await db().jobRun.update({ where: { id: row.id }, data: { outcome: "failed", error: "boom" } });
    expect(await db().jobRun.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ outcome: "failed", counts: { deleted: 2 }, error: "boom" });
    await db().jobRun.delete({ where: { id: row.id } });
  },
  ApiToken: async () => {
    const row = await db().apiToken.create({
      data: { name: "schema", role: "viewer", prefix: "odk_abc", tokenHash: "h".repeat(64), createdBy: "test" },
    });
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(), revokedAt: new Date() } });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeInstanceOf(Date);
    await db().apiToken.delete({ where: { id: row.id } });
  },
  FeatureFlag: async () => {
    await db().featureFlag.create({
      data: { name: "schema_flag", enabled: true, rolloutPercentage: 10, targetEnvironments: ["staging"], metadata: { owner: "t" }, updatedBy: "test" },
    });
    await db().featureFlag.update({ where: { name: "schema_flag" }, data: { targetUsers: ["admin1"], version: { increment: 1 }, archivedAt: new Date() } });
    const read = await db().featureFlag.findUniqueOrThrow({ where: { name: "schema_flag" } });
    expect([read.version, read.targetUsers, read.targetEnvironments, read.metadata]).toEqual([2, ["admin1"], ["staging"], { owner: "t" }]);
    await db().featureFlag.delete({ where: { name: "schema_flag" } });
  },
  PersonSession: async () => {
    const person = await db().user.create({ data: { provider: "dev", subject: "schema-session", name: "s", role: "viewer" } });
    const row = await db().personSession.create({ data: { userId: person.id, expiresAt: new Date(Date.now() + 60_000) } });
    await db().personSession.update({ where: { id: row.id }, data: { endedAt: new Date(), endedBy: "sign_out" } });
    expect((await db().personSession.findUniqueOrThrow({ where: { id: row.id } })).endedBy).toBe("sign_out");
    await db().user.delete({ where: { id: person.id } });
    expect(await db().personSession.findUnique({ where: { id: row.id } })).toBeNull();
  },
  AuditEntry: async () => {
    const row = await db().auditEntry.create({
      data: { actorType: "system", actorId: "s", actorName: "s", action: "a", targetType: "t", targetId: "1", before: { a: 1 }, after: [1, 2] },
    });
    const read = await db().auditEntry.findFirstOrThrow({ where: { targetType: "t", targetId: "1" }, orderBy: { at: "desc" } });
    expect(read.after).toEqual([1, 2]);
    await db().auditEntry.delete({ where: { id: row.id } });
  },
  TraceSpan: async () => {
    // trace_spans is partitioned by day: a span needs its day's partition first.
    const startTime = new Date("2026-01-02T03:04:05.678Z");
    await ensureSpanPartitions([startTime.getTime()]);
    const key = { traceId: "a".repeat(32), spanId: "b".repeat(16), startTime };
    await db().traceSpan.create({
      data: { ...key, name: "GET /x", service: "api", startNs: 1_767_323_045_678_000_000n, durationNs: 5n, attributes: { a: 1 } },
    });
    await db().traceSpan.update({ where: { traceId_spanId_startTime: key }, data: { statusCode: 2 } });
    expect((await db().traceSpan.findUniqueOrThrow({ where: { traceId_spanId_startTime: key } })).statusCode).toBe(2);
    await db().traceSpan.delete({ where: { traceId_spanId_startTime: key } });
  },
  FlagExposure: async () => {
    const key = { flag: "new_checkout", traceId: "d".repeat(32) };
    await db().flagExposure.create({
      data: { ...key, startTime: new Date(), spanId: "e".repeat(16), userId: "u-1", bucket: 4_217, isRoot: true, statusCode: 0, durationNs: 42_000_000n },
    });
    await db().flagExposure.update({ where: { flag_traceId: key }, data: { statusCode: 2 } });
    expect(await db().flagExposure.findUniqueOrThrow({ where: { flag_traceId: key } })).toMatchObject({ bucket: 4_217, statusCode: 2 });
  },
  TraceSummary: async () => {
    const row = await db().traceSummary.create({
      data: {
        traceId: "c".repeat(32), services: ["api", "db"], startTime: new Date(), startNs: 1n, endNs: 3n, durationNs: 2n,
        spanCount: 2, errorCount: 0,
      },
    });
    await db().traceSummary.update({ where: { traceId: row.traceId }, data: { connectionsUsed: 4 } });
    expect((await db().traceSummary.findUniqueOrThrow({ where: { traceId: row.traceId } })).services).toEqual(["api", "db"]);
    await db().traceSummary.delete({ where: { traceId: row.traceId } });
  },
  User: async () => {
    const row = await db().user.create({ data: { provider: "oidc", subject: "schema-sub", name: "Schema", role: "operator" } });
    expect(row.groups).toEqual([]);
    await db().user.update({ where: { id: row.id }, data: { groups: ["ops", "staff"], lastSeenAt: new Date() } });
    const read = await db().user.findUniqueOrThrow({ where: { provider_subject: { provider: "oidc", subject: "schema-sub" } } });
    expect(read.groups).toEqual(["ops", "staff"]);
    await expect(db().user.create({ data: { provider: "oidc", subject: "schema-sub", name: "Twin", role: "viewer" } })).rejects.toThrow();
    await db().user.delete({ where: { id: row.id } });
  },
  RateLimitConfig: async () => {
    await db().rateLimitConfig.upsert({ where: { id: 1 }, create: { version: 1, settings: { maxAttempts: 5 }, updatedBy: "schema" }, update: {} });
    await db().rateLimitConfig.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
    expect((await db().rateLimitConfig.findUniqueOrThrow({ where: { id: 1 } })).settings).toMatchObject({ maxAttempts: 5 });
    await db().rateLimitConfig.delete({ where: { id: 1 } });
  },
  LoginAttempt: async () => {
    const row = await db().loginAttempt.create({
      data: { email: "schema@example.com", ip: "192.0.2.1", department: "Ops", success: false, lockedOut: true, whileLocked: false },
    });
    await db().loginAttempt.update({ where: { id: row.id }, data: { service: "auth" } });
    expect((await db().loginAttempt.findUniqueOrThrow({ where: { id: row.id } })).service).toBe("auth");
    await db().loginAttempt.delete({ where: { id: row.id } });
  },
  MetricPoint: async () => {
    const time = new Date("2026-01-01T00:00:00.000Z");
    const row = await db().metricPoint.create({ data: { measurement: "schema", time, tags: { a: "b" }, fields: { v: 1.5, s: "x" } } });
    await db().metricPoint.update({ where: { id: row.id }, data: { fields: { v: 2 } } });
    const read = await db().metricPoint.findUniqueOrThrow({ where: { id: row.id } });
    expect([read.time, read.tags, read.fields]).toEqual([time, { a: "b" }, { v: 2 }]);
    await db().metricPoint.delete({ where: { id: row.id } });
  },
  MetricRollup: async () => {
    const bucket = new Date("2026-01-01T00:00:00.000Z");
    const data = { source: "schema", resolution: 60, measurement: "schema", field: "v", tags: { a: "b" }, bucket, count: 2n, sum: 3, min: 1, max: 2, last: 2, lastTime: 1n };
    const row = await db().metricRollup.create({ data: { ...data, sketch: Buffer.from([0, 1, 2, 2]) } });
    await db().metricRollup.update({ where: { id: row.id }, data: { count: 3n } });
    const read = await db().metricRollup.findUniqueOrThrow({ where: { id: row.id } });
    expect([read.count, read.tags, Buffer.from(read.sketch!)]).toEqual([3n, { a: "b" }, Buffer.from([0, 1, 2, 2])]);
    await db().metricRollup.delete({ where: { id: row.id } });
  },
  Incident: async () => {
    const row = await db().incident.create({ data: { title: "schema", severity: "warning", source: "alertmanager", groupKey: "schema-group", createdBy: "test" } });
    await db().incident.update({ where: { id: row.id }, data: { status: "mitigated", mitigatedAt: new Date(), version: { increment: 1 } } });
    // The partial unique index: one live incident per alert group, any number of resolved ones.
    await expect(db().incident.create({ data: { title: "twin", severity: "warning", source: "alertmanager", groupKey: "schema-group", createdBy: "test" } })).rejects.toThrow();
    await db().incident.update({ where: { id: row.id }, data: { status: "resolved" } });
    const next = await db().incident.create({ data: { title: "next", severity: "warning", source: "alertmanager", groupKey: "schema-group", createdBy: "test" } });
    expect((await db().incident.findUniqueOrThrow({ where: { id: row.id } })).version).toBe(2);
    await db().incident.deleteMany({ where: { id: { in: [row.id, next.id] } } });
  },
  IncidentAlert: async () => {
    const incident = await db().incident.create({ data: { title: "schema", severity: "info", source: "grafana", createdBy: "test" } });
    const data = { incidentId: incident.id, fingerprint: "fp", alertName: "A", status: "firing", labels: { a: "1" }, annotations: {}, startsAt: new Date() };
    const row = await db().incidentAlert.create({ data: { ...data, values: { B: 1.5 } } });
    await expect(db().incidentAlert.create({ data })).rejects.toThrow();
    await db().incidentAlert.update({ where: { id: row.id }, data: { status: "resolved", endsAt: new Date(), notifications: { increment: 1 } } });
    expect((await db().incidentAlert.findUniqueOrThrow({ where: { incidentId_fingerprint: { incidentId: incident.id, fingerprint: "fp" } } })).values).toEqual({ B: 1.5 });
    await db().incident.delete({ where: { id: incident.id } });
    expect(await db().incidentAlert.count({ where: { id: row.id } })).toBe(0);
  },
  IncidentRunbookRun: async () => {
    const incident = await db().incident.create({ data: { title: "schema", severity: "info", source: "manual", createdBy: "test" } });
    const row = await db().incidentRunbookRun.create({ data: { incidentId: incident.id, runbookSlug: "stale-cache", attachedBy: "test" } });
    expect((await db().incidentRunbookRun.createMany({ data: [{ incidentId: incident.id, runbookSlug: "stale-cache", attachedBy: "x" }], skipDuplicates: true })).count).toBe(0);
    await db().incidentRunbookRun.update({ where: { id: row.id }, data: { attachedBy: "other" } });
    await db().incident.delete({ where: { id: incident.id } });
  },
  IncidentRunbookCheck: async () => {
    const incident = await db().incident.create({ data: { title: "schema", severity: "info", source: "manual", createdBy: "test" } });
    const run = await db().incidentRunbookRun.create({ data: { incidentId: incident.id, runbookSlug: "stale-cache", attachedBy: "test" } });
    const key = { runId_stepId: { runId: run.id, stepId: "s1" } };
    await db().incidentRunbookCheck.upsert({ where: key, create: { runId: run.id, stepId: "s1", checked: true, by: "a", at: new Date() }, update: {} });
    await db().incidentRunbookCheck.upsert({ where: key, create: { runId: run.id, stepId: "s1", checked: true, by: "a", at: new Date() }, update: { checked: false, note: "n" } });
    expect(await db().incidentRunbookCheck.findUniqueOrThrow({ where: key })).toMatchObject({ checked: false, note: "n" });
    await db().incidentRunbookCheck.delete({ where: key });
    await db().incident.delete({ where: { id: incident.id } });
  },
  IncidentNote: async () => {
    const incident = await db().incident.create({ data: { title: "schema", severity: "info", source: "manual", createdBy: "test" } });
    const row = await db().incidentNote.create({ data: { incidentId: incident.id, author: "a", body: "b" } });
    await db().incidentNote.update({ where: { id: row.id }, data: { body: "c" } });
    expect((await db().incidentNote.findUniqueOrThrow({ where: { id: row.id } })).body).toBe("c");
    await db().incident.delete({ where: { id: incident.id } });
  },
  IncidentRequestId: async () => {
    const incident = await db().incident.create({ data: { title: "schema", severity: "info", source: "manual", createdBy: "test" } });
    const key = { incidentId_requestId: { incidentId: incident.id, requestId: "req-1" } };
    await db().incidentRequestId.create({ data: { incidentId: incident.id, requestId: "req-1", source: "manual", addedBy: "a" } });
    await expect(db().incidentRequestId.create({ data: { incidentId: incident.id, requestId: "req-1", source: "alert", addedBy: "b" } })).rejects.toThrow();
    await db().incidentRequestId.update({ where: key, data: { source: "alert" } });
    expect((await db().incidentRequestId.findUniqueOrThrow({ where: key })).source).toBe("alert");
    // Deleting the incident takes its request ids with it.
    await db().incident.delete({ where: { id: incident.id } });
    expect(await db().incidentRequestId.count({ where: { incidentId: incident.id } })).toBe(0);
  },
  RolloutPlan: async () => {
    await db().featureFlag.create({ data: { name: "schema_plan_flag", enabled: true, rolloutPercentage: 0, updatedBy: "test" } });
    const plan = { flagName: "schema_plan_flag", service: "s", status: "running", stages: [], guards: [], alpha: 0.05, rollbackTo: "zero", noDataGraceMinutes: 1, startAt: new Date(), createdBy: "t" };
    const row = await db().rolloutPlan.create({ data: plan });
    await db().rolloutPlan.update({ where: { id: row.id }, data: { currentStage: 0, lastVerdict: { action: "wait" } } });
    // The partial unique index: a second active plan on the flag is refused.
    await expect(db().rolloutPlan.create({ data: plan })).rejects.toThrow();
    expect((await db().rolloutPlan.findUniqueOrThrow({ where: { id: row.id } })).currentStage).toBe(0);
    await db().featureFlag.delete({ where: { name: "schema_plan_flag" } });
    expect(await db().rolloutPlan.count({ where: { id: row.id } })).toBe(0);
  },
  RolloutEvaluation: async () => {
    await db().featureFlag.create({ data: { name: "schema_eval_flag", enabled: true, rolloutPercentage: 0, updatedBy: "test" } });
    const plan = await db().rolloutPlan.create({
      data: { flagName: "schema_eval_flag", service: "s", status: "completed", stages: [], guards: [], alpha: 0.05, rollbackTo: "zero", noDataGraceMinutes: 1, startAt: new Date(), createdBy: "t" },
    });
    const row = await db().rolloutEvaluation.create({ data: { planId: plan.id, stage: 0, percentage: 10, action: "wait", summary: "w", verdict: {} } });
    await db().rolloutEvaluation.update({ where: { id: row.id }, data: { summary: "x" } });
    expect((await db().rolloutEvaluation.findUniqueOrThrow({ where: { id: row.id } })).summary).toBe("x");
    await db().featureFlag.delete({ where: { name: "schema_eval_flag" } });
  },
  RolloutTemplate: async () => {
    // The migration ships two templates.
    expect((await db().rolloutTemplate.findMany({ orderBy: { name: "asc" } })).map((row) => row.name)).toEqual(expect.arrayContaining(["demo-fast", "seed-000"]));
    const row = await db().rolloutTemplate.create({ data: { name: "schema-t", stages: [], guards: [], alpha: 0.05, rollbackTo: "zero", noDataGraceMinutes: 1, updatedBy: "t" } });
    await db().rolloutTemplate.update({ where: { name: row.name }, data: { alpha: 0.01 } });
    expect((await db().rolloutTemplate.findUniqueOrThrow({ where: { name: row.name } })).alpha).toBe(0.01);
    await db().rolloutTemplate.delete({ where: { name: row.name } });
  },
  Lease: async () => {
    await db().lease.create({ data: { name: "schema-lease", holder: "a", expiresAt: new Date() } });
    await db().lease.update({ where: { name: "schema-lease" }, data: { holder: "b" } });
    expect((await db().lease.findUniqueOrThrow({ where: { name: "schema-lease" } })).holder).toBe("b");
    await db().lease.delete({ where: { name: "schema-lease" } });
  },
  AlertRule: async () => {
    const row = await db().alertRule.create({
      data: { name: "SchemaRule", query: { kind: "aggregate" }, comparison: ">", threshold: 1.5, forDuration: "5m", keepFiringFor: "0s", labels: { severity: "info" }, annotations: {} },
    });
    await db().alertRule.update({ where: { id: row.id }, data: { health: "unknown", lastEvaluatedAt: new Date(), version: { increment: 1 } } });
    expect((await db().alertRule.findUniqueOrThrow({ where: { id: row.id } })).threshold).toBe(1.5);
    await db().alertRule.delete({ where: { id: row.id } });
  },
  Slo: async () => {
    const row = await db().slo.create({ data: { name: "schema-slo", service: "s", sli: { total: {} }, objective: 99.5, window: "30d", labels: {} } });
    await db().slo.update({ where: { id: row.id }, data: { figures: { budgetRemaining: 0.5 } } });
    expect((await db().slo.findUniqueOrThrow({ where: { id: row.id } })).figures).toEqual({ budgetRemaining: 0.5 });
    await db().slo.delete({ where: { id: row.id } });
  },
  SloCorrection: async () => {
    const slo = await db().slo.create({ data: { name: "schema-slo-c", service: "s", sli: {}, objective: 99, window: "28d", labels: {} } });
    const row = await db().sloCorrection.create({ data: { sloId: slo.id, startsAt: new Date(0), endsAt: new Date(1000), reason: "r", createdBy: "t" } });
    await db().sloCorrection.update({ where: { id: row.id }, data: { reason: "s" } });
    await db().slo.delete({ where: { id: slo.id } });
    expect(await db().sloCorrection.count({ where: { id: row.id } })).toBe(0);
  },
  AlertSilence: async () => {
    const row = await db().alertSilence.create({ data: { matchers: [{ name: "a", value: "b" }], startsAt: new Date(), endsAt: new Date(), createdBy: "t", comment: "c" } });
    await db().alertSilence.update({ where: { id: row.id }, data: { alertmanagerId: "x" } });
    expect((await db().alertSilence.findUniqueOrThrow({ where: { id: row.id } })).alertmanagerId).toBe("x");
    await db().alertSilence.delete({ where: { id: row.id } });
  },
  AlertInstance: async () => {
    const key = { ruleKey: "rule:0", fingerprint: "f" };
    await db().alertInstance.create({ data: { ...key, labels: {}, annotations: {}, state: "pending", activeAt: new Date(), lastTrueAt: new Date(), generatorUrl: "/" } });
    await db().alertInstance.update({ where: { ruleKey_fingerprint: key }, data: { state: "firing", value: 2 } });
    expect((await db().alertInstance.findUniqueOrThrow({ where: { ruleKey_fingerprint: key } })).state).toBe("firing");
    await db().alertInstance.delete({ where: { ruleKey_fingerprint: key } });
  },
  AlertTransition: async () => {
    const row = await db().alertTransition.create({ data: { ruleKey: "rule:0", fingerprint: "f", labels: {}, fromState: "inactive", toState: "pending", at: new Date() } });
    await db().alertTransition.update({ where: { id: row.id }, data: { value: 1 } });
    await db().alertTransition.delete({ where: { id: row.id } });
  },
};

describe("schema and migrations", () => {
  it("exercise every model through the client", async () => {
    expect(Object.keys(exercises).sort()).toEqual(Object.values(Prisma.ModelName).sort());
    for (const exercise of Object.values(exercises)) await exercise();
  });

  it("record every migration in _prisma_migrations as Prisma does, and re-running applies nothing", async () => {
    const url = inject("databaseUrl");
    expect(await migrate(url)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    await client.end();
    const files = await readMigrations();
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(
      files.map((m) => [m.name, m.checksum, 1]),
    );
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });
});
