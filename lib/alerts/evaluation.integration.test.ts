import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "@/lib/alerts/defaults";
import { evaluateOnce, LEASE_NAME } from "@/lib/alerts/evaluator";
import { createRule, createSilence, ensureDefaults, ruleKey } from "@/lib/alerts/service";
import { EVALUATOR_ACTOR } from "@/lib/alerts/delivery";
import { systemActor } from "@/lib/audit";
import { db, dbPool } from "@/lib/db";
import { M } from "@/lib/metrics/measurements";
import type { MetricPoint } from "@/lib/metrics/point";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { MetricsStore } from "@/lib/metrics/store/types";
import { SPAN_MEASUREMENT } from "@/lib/traces/span-measurement";
import { startPrivateInfluxd } from "@/scripts/test/influxd";

const MIN = 60_000;
// The rules over the metrics store; TraceLatencyP99High reads stored spans (span-sli.integration.test.ts).
const METRIC_RULES = DEFAULT_RULES.filter((rule) => !(rule.query.kind === "aggregate" && rule.query.measurement === SPAN_MEASUREMENT));
const T = Date.UTC(2026, 10, 20, 12, 0, 0);
const admin = systemActor("alerts-test");

/**
 * Points every 30 s from T−15 min to T+12 min that cross every default rule's threshold:
 * 10 % errors on /checkout at 6 s, auth p1 300 ms and p99 700 ms, cache hit rate 33 % with 25 %
 * invalidations, 7 requests queued on a 90 % busy pool, 2 of 10 sagas compensated, 12 lockouts.
 */
function crossingData(): MetricPoint[] {
  const points: MetricPoint[] = [];
  const at = (timeMs: number, index: number) => (timeMs + index) * 1000;
  for (let time = T - 15 * MIN; time <= T + 12 * MIN; time += 30_000) {
    for (let i = 0; i < 10; i++) points.push({ measurement: M.request, tags: { endpoint: "/checkout", status: "200" }, fields: { duration_ms: 6000 }, timeUs: at(time, i) });
    points.push({ measurement: M.error, tags: { endpoint: "/checkout", errorType: "Timeout" }, fields: { duration_ms: 6000, message: "upstream timeout" }, timeUs: at(time, 0) });
    const auth = [300, 500, 500, 500, 500, 500, 500, 500, 500, 700];
    auth.forEach((duration_ms, i) => points.push({ measurement: M.auth, tags: { success: "true" }, fields: { duration_ms }, timeUs: at(time, i) }));
    ["hit", "miss", "miss", "invalidation"].forEach((operation, i) => points.push({ measurement: M.cache, tags: { operation }, fields: { duration_ms: 1 }, timeUs: at(time, i) }));
    points.push({ measurement: M.pool, tags: { service: "billing", pool: "primary" }, fields: { active: 9, available: 1, queued: 7, max: 10, utilization_percent: 90 }, timeUs: at(time, 0) });
    ["success", "success", "success", "success", "compensation"].forEach((status, i) => points.push({ measurement: M.saga, tags: { status, transactionId: `t${time}${i}` }, fields: { duration_ms: 5 }, timeUs: at(time, i) }));
  }
  for (let i = 0; i < 12; i++) points.push({ measurement: M.lockout, tags: { reason: "failed_attempts" }, fields: { lock_minutes: 15 }, timeUs: (T - 30 * MIN + i * MIN) * 1000 });
  return points;
}

async function freshState() {
  await db().alertInstance.deleteMany({});
  await db().alertTransition.deleteMany({});
  await db().lease.deleteMany({ where: { name: LEASE_NAME } });
  await db().incident.deleteMany({ where: { source: "opsdeck" } });
  await db().alertRule.updateMany({ where: { defaultKey: null }, data: { enabled: false } });
  await db().slo.updateMany({ data: { enabled: false } });
  await db().alertRule.updateMany({ where: { defaultKey: { not: null } }, data: { enabled: true } });
}

const firingNames = async () => {
  const rows = await db().alertInstance.findMany({ where: { state: "firing", ruleKey: { startsWith: "rule:" } } });
  return [...new Set(rows.map((row) => (row.labels as Record<string, string>).alertname))].sort();
};

let influx: Awaited<ReturnType<typeof startPrivateInfluxd>>;
const stores: Record<string, () => MetricsStore> = {};

beforeAll(async () => {
  await ensureDefaults(EVALUATOR_ACTOR);
  const data = crossingData();
  const sql = new SqlMetricsStore(dbPool);
  await dbPool().query("DELETE FROM metric_points WHERE time >= $1 AND time < $2", [new Date(T - 2 * 3600_000), new Date(T + 3600_000)]);
  await sql.write(data);
  influx = await startPrivateInfluxd();
  const influxStore = new InfluxMetricsStore({ url: influx.url, database: "alerts_test" });
  await influxStore.write(data);
  stores.postgresql = () => sql;
  stores.influxdb = () => influxStore;
});

afterAll(async () => {
  await influx?.destroy();
});

describe.each(["postgresql", "influxdb"])("the seeds' rules on %s", (name) => {
  it("go pending, then fire after their `for`, each opening one incident with its runbook", async () => {
    await freshState();
    const store = stores[name]!();
    const first = await evaluateOnce({ holder: `test-${name}`, store, nowMs: T });
    expect(first).toMatchObject({ evaluated: true, rules: DEFAULT_RULES.length });
    // Series over the same measurement, range and tags share one store query.
    const series = METRIC_RULES.reduce((sum, rule) => sum + (rule.query.kind === "ratio" ? 2 : 1), 0);
    expect(first.queries).toBeLessThan(series);
    const immediate = METRIC_RULES.filter((rule) => rule.for === "0s").map((rule) => rule.name).sort();
    expect(await firingNames()).toEqual(immediate);
    expect(await db().alertInstance.count({ where: { state: "pending" } })).toBe(METRIC_RULES.length - immediate.length);

    await evaluateOnce({ holder: `test-${name}`, store, nowMs: T + 10 * MIN + 1000 });
    expect(await firingNames()).toEqual(METRIC_RULES.map((rule) => rule.name).sort());
    const rules = await db().alertRule.findMany({ where: { defaultKey: { not: null } } });
    expect(rules.every((rule) => rule.health === "ok" && rule.lastEvaluatedAt?.getTime() === T + 10 * MIN + 1000)).toBe(true);
    const errorRule = rules.find((rule) => rule.defaultKey === "error-rate-critical")!;
    expect(errorRule.lastValue).toBeCloseTo(0.1);

    const incidents = await db().incident.findMany({ where: { source: "opsdeck" }, include: { alerts: true, runs: true } });
    expect(incidents).toHaveLength(METRIC_RULES.length);
    const errorIncident = incidents.find((incident) => incident.alerts[0]?.alertName === "ErrorRateCritical")!;
    expect(errorIncident).toMatchObject({ severity: "critical", status: "open" });
    expect(errorIncident.alerts[0]?.labels).toMatchObject({ endpoint: "/checkout" });
    expect(errorIncident.runs.map((run) => run.runbookSlug)).toEqual(["deployment"]);
    expect(errorIncident.alerts[0]?.annotations).toMatchObject({ summary: "Error rate above 5 % on /checkout" });
  });
});

describe("evaluation state", () => {
  it("makes rules unknown when the store is down, and neither resolves nor re-fires them", async () => {
    const down: MetricsStore = { kind: "sql", write: async () => undefined, rejectsContent: () => false, aggregate: async () => Promise.reject(new Error("connect ECONNREFUSED")) };
    const before = await firingNames();
    const report = await evaluateOnce({ holder: "test-influxdb", store: down, nowMs: T + 11 * MIN });
    expect(report.transitions).toBe(0);
    expect(await firingNames()).toEqual(before);
    const metricKeys = METRIC_RULES.map((rule) => rule.defaultKey);
    const rules = await db().alertRule.findMany({ where: { defaultKey: { in: metricKeys } } });
    expect(rules.every((rule) => rule.health === "unknown" && /ECONNREFUSED/.test(rule.lastError ?? ""))).toBe(true);
    expect(await db().incident.count({ where: { source: "opsdeck" } })).toBe(METRIC_RULES.length);
  });

  it("lets one instance evaluate at a time, and a restarted one keeps the pending timer and fires once", async () => {
    await freshState();
    const store = stores.postgresql!();
    await db().alertRule.updateMany({ where: { NOT: { defaultKey: "error-rate-warning" } }, data: { enabled: false } });
    const first = await evaluateOnce({ holder: "instance-a", store, nowMs: T, leaseTtlMs: 1500 });
    expect(first.evaluated).toBe(true);
    // A second instance while the lease is held: nothing.
    expect((await evaluateOnce({ holder: "instance-b", store, nowMs: T + 30_000 })).evaluated).toBe(false);
    const pending = await db().alertInstance.findFirstOrThrow({ where: { state: "pending" } });
    expect(pending.activeAt.getTime()).toBe(T);
    // Instance a dies; once its lease lapses b takes over and finds the timer where a left it.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await evaluateOnce({ holder: "instance-b", store, nowMs: T + 5 * MIN });
    expect((await db().alertInstance.findFirstOrThrow({ where: { fingerprint: pending.fingerprint } })).state).toBe("pending");
    await evaluateOnce({ holder: "instance-b", store, nowMs: T + 10 * MIN });
    await evaluateOnce({ holder: "instance-b", store, nowMs: T + 10 * MIN + 30_000 });
    const transitions = await db().alertTransition.findMany({ where: { fingerprint: pending.fingerprint }, orderBy: { id: "asc" } });
    expect(transitions.map((transition) => `${transition.fromState}>${transition.toState}`)).toEqual(["inactive>pending", "pending>firing"]);
    const incidents = await db().incidentAlert.findMany({ where: { fingerprint: pending.fingerprint } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.notifications).toBe(1);
  });

  /** The PostgreSQL store, answering each query only after `delayMs`: an evaluation longer than its lease. */
  const slowStore = (delayMs: number): MetricsStore => {
    const store = stores.postgresql!();
    return { ...store, aggregate: async (query) => new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => store.aggregate(query)) };
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("renews its lease through an evaluation longer than the lease, which no second holder overlaps", async () => {
    await freshState();
    await db().alertRule.updateMany({ where: { NOT: { defaultKey: "error-rate-warning" } }, data: { enabled: false } });
    // Queries take three and a half lease times.
    const slow = evaluateOnce({ holder: "slow-a", store: slowStore(2100), nowMs: T, leaseTtlMs: 600, deliver: false });
    const rivals: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      await sleep(250);
      rivals.push((await evaluateOnce({ holder: "rival-b", store: stores.postgresql!(), nowMs: T, leaseTtlMs: 600, deliver: false })).evaluated);
    }
    expect(rivals).toEqual(Array(8).fill(false));
    expect((await slow).evaluated).toBe(true);
    expect((await db().alertInstance.findFirstOrThrow({ where: { ruleKey: { startsWith: "rule:" } } })).state).toBe("pending");
  });

  it("discards an evaluation whose lease another holder took while it was paused", async () => {
    await freshState();
    await db().alertRule.updateMany({ where: { NOT: { defaultKey: "error-rate-warning" } }, data: { enabled: false } });
    const slow = evaluateOnce({ holder: "paused-a", store: slowStore(1500), nowMs: T + 10 * MIN, leaseTtlMs: 600, deliver: false });
    const outcome = slow.then(() => "committed", (error: Error) => error.message);
    await sleep(200);
    // a stalls past its lease (a GC pause, a frozen VM) and b takes over in that moment.
    await db().lease.update({ where: { name: LEASE_NAME }, data: { holder: "takeover-b", expiresAt: new Date(Date.now() + 10_000) } });
    expect((await evaluateOnce({ holder: "takeover-b", store: stores.postgresql!(), nowMs: T, leaseTtlMs: 10_000, deliver: false })).evaluated).toBe(true);
    expect(await outcome).toMatch(/lease passed to another instance/);
    // Only b's evaluation is written: its alert pending since T, not a's firing one from T + 10 min.
    const transitions = await db().alertTransition.findMany({});
    expect(transitions.map((transition) => `${transition.fromState}>${transition.toState}@${transition.at.getTime() - T}`)).toEqual(["inactive>pending@0"]);
  });

  it("opens no incident for an alert an Opsdeck silence covers", async () => {
    await freshState();
    const store = stores.postgresql!();
    await db().alertRule.updateMany({ where: {}, data: { enabled: false } });
    const rule = await createRule(
      {
        name: "SilencedPoolQueue",
        description: "test",
        query: { kind: "aggregate", measurement: M.pool, field: "queued", aggregate: { fn: "max" }, groupBy: ["service"], window: "5m" },
        comparison: ">",
        threshold: 5,
        for: "0s",
        keepFiringFor: "0s",
        labels: { severity: "warning" },
        annotations: { summary: "queue" },
        enabled: true,
      },
      admin,
    );
    await createSilence({ matchers: [{ name: "alertname", value: "SilencedPoolQueue", isRegex: false, isEqual: true }], startsAt: new Date(T - MIN).toISOString(), endsAt: new Date(T + MIN).toISOString(), comment: "maintenance" }, admin);
    await evaluateOnce({ holder: "silence", store, nowMs: T });
    const [alert] = await db().alertInstance.findMany({ where: { ruleKey: ruleKey(rule.id) } });
    expect(alert?.state).toBe("firing");
    expect(await db().incidentAlert.count({ where: { fingerprint: alert!.fingerprint } })).toBe(0);
    // The silence over, the next evaluation opens the incident.
    await evaluateOnce({ holder: "silence", store, nowMs: T + 2 * MIN });
    expect(await db().incidentAlert.count({ where: { fingerprint: alert!.fingerprint } })).toBe(1);
  });
});
