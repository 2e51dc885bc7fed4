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
