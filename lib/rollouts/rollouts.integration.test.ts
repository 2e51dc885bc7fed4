import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import * as flagRoute from "@/app/api/admin/feature-flags/[name]/route";
import * as createPlanRoute from "@/app/api/admin/feature-flags/[name]/rollout-plans/route";
import * as flagsRoute from "@/app/api/admin/feature-flags/route";
import * as evaluationsRoute from "@/app/api/admin/rollout-plans/[id]/evaluations/route";
import * as pauseRoute from "@/app/api/admin/rollout-plans/[id]/pause/route";
import * as resumeRoute from "@/app/api/admin/rollout-plans/[id]/resume/route";
import * as snapshotRoute from "@/app/api/flags/route";
import { db, dbPool } from "@/lib/db";
import { bucketOf } from "@/lib/flags/evaluate";
import { M } from "@/lib/metrics/measurements";
import { evaluatePlans as evaluateNow, RolloutEvaluator, type TickOptions } from "@/lib/rollouts/evaluator";
import type { Plan, Stage } from "@/lib/rollouts/schemas";
import { startFlagService, type FlagService } from "@/scripts/demo/flag-service";
import { startInstance, type Instance } from "@/scripts/test/instances";
import { eventually } from "@/scripts/test/eventually";
import { call, tokenFor } from "@/scripts/test/requests";

/**
 * Guarded rollouts with real parts: a simulated service evaluates flags through the OpenFeature
 * server SDK + OFREP provider against an Opsdeck instance, the OpenFeature SpanEventHook marks its
 * request spans, and the OpenTelemetry SDK exports them to that instance's /v1/traces. The
 * evaluator reads them from PostgreSQL. Request spans carry a virtual clock (starting an hour ago)
 * so that one-minute dwells pass without waiting; the evaluator is told the same time.
 */

let operator: string;
let admin: string;
let instance: Instance;
let service: FlagService;
const MINUTE = 60_000;
// The machine running the tests is shared: give the exposure query time rather than hold on a slow answer.
const SLOW_MACHINE = { spanQueryTimeoutMs: 120_000 };
const evaluatePlans = (options: TickOptions) => evaluateNow({ ...SLOW_MACHINE, ...options });
const TEST_TIMEOUT = 300_000;

beforeAll(async () => {
  operator = await tokenFor("operator");
  admin = await tokenFor("admin");
  instance = await startInstance({ DATABASE_URL: inject("databaseUrl") });
  service = await startFlagService({ opsdeckUrl: instance.url, token: operator, service: "checkout" });
});

afterAll(async () => {
  await service?.close();
  await instance?.stop();
});

async function createFlag(name: string, extra: object = {}) {
  expect((await call(flagsRoute.POST, { token: admin, body: { name, enabled: false, rolloutPercentage: 0, ...extra } })).status).toBe(201);
}

async function startPlan(flag: string, stages: Stage[], startMs: number, serviceName = "checkout"): Promise<Plan> {
  const response = await call(createPlanRoute.POST, {
    token: operator,
    path: `/api/admin/feature-flags/${flag}/rollout-plans`,
    params: { name: flag },
    body: {
      template: "demo-fast",
      service: serviceName,
      startAt: new Date(startMs).toISOString(),
      stages,
      guards: [{ metric: "error_rate", relativeMargin: 1, absoluteThreshold: 5, action: "rollback" }],
      noDataGraceMinutes: 30,
    },
  });
  expect(response.status, response.text).toBe(201);
  return response.json as Plan;
}

/**
 * `count` requests by distinct users, spread over one virtual minute from `fromMs`. Each arm fails
 * at exactly its error rate, its failures spread evenly over its requests: with random failures,
 * equal arms at 2 % now and then looked different enough for the guard to hold, and a verdict
 * must not rest on luck.
 */
async function traffic(flag: string, fromMs: number, count: number, errorRate: (enabled: boolean) => number, keep: (userId: string) => boolean = () => true, prefix = flag) {
  const requestsSoFar = { on: 0, off: 0 };
  const fails = (enabled: boolean) => {
    const arm = enabled ? "on" : "off";
    const k = requestsSoFar[arm]++;
    return Math.floor((k + 1) * errorRate(enabled)) > Math.floor(k * errorRate(enabled));
  };
  const batch: Promise<boolean>[] = [];
  let sent = 0;
  for (let i = 0; i < count; i++) {
    const userId = `${prefix}-${fromMs}-${i}`;
    if (!keep(userId)) continue;
    sent++;
    batch.push(
      service.request({ flag, userId, atMs: fromMs + Math.floor((i * 55_000) / count), fails, durationMs: () => 20 + Math.random() * 30 }),
    );
    if (batch.length >= 50) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await service.flush();
  // An export can still be on its way after the flush (a busy receiver answers "retry later"): the
  // evaluator must see every request, or a skewed split looks like chance on a fraction of them.
  await eventually(async () => {
    const { rows } = await dbPool().query<{ n: number }>("SELECT count(DISTINCT user_id)::int AS n FROM flag_exposures WHERE flag = $1 AND user_id LIKE $2", [flag, `${prefix}-${fromMs}-%`]);
    return rows[0]!.n >= sent ? true : undefined;
  }, 60_000);
}

const planRow = (id: number) => db().rolloutPlan.findUniqueOrThrow({ where: { id } });
const flagRow = (name: string) => db().featureFlag.findUniqueOrThrow({ where: { name } });

describe("a guarded rollout driven by the services' own spans", { timeout: TEST_TIMEOUT }, () => {
  it("rolls back a treatment that fails more often, with the evidence in one audited change and on an incident", async () => {
    const flag = "ro_failing";
    await createFlag(flag);
    const t0 = Date.now() - 60 * MINUTE;
    const plan = await startPlan(flag, [
      { percentage: 20, minDwellMinutes: 1, minSamplePerArm: 100 },
      { percentage: 100, minDwellMinutes: 1, minSamplePerArm: 0 },
    ], t0);
    await evaluatePlans({ nowMs: t0 });
    expect((await flagRow(flag)).rolloutPercentage).toBe(20);

    await traffic(flag, t0, 1_500, (enabled) => (enabled ? 0.25 : 0.01));
    const tick = await evaluatePlans({ nowMs: t0 + 58_000 });
    expect(tick.applied).toContainEqual({ planId: plan.id, action: "rollback" });

    const row = await planRow(plan.id);
    expect(row.status).toBe("rolled_back");
    expect((await flagRow(flag)).rolloutPercentage).toBe(0);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { action: "flag.rollout_rollback", targetId: flag } });
    const evidence = (audit.after as { evidence: { guards: Array<{ treatment: { n: number; value: number }; control: { n: number }; relative: { effect: number; lower: number; limit: number; logLikelihoodRatio: number } }>; failingTreatmentTraces: string[] } }).evidence;
    const guard = evidence.guards[0];
    expect(guard?.treatment.n).toBeGreaterThan(100);
    expect(guard?.control.n).toBeGreaterThan(guard?.treatment.n ?? 0);
    expect(guard?.relative.lower).toBeGreaterThan(guard?.relative.limit ?? 1);
    expect(evidence.failingTreatmentTraces[0]).toMatch(/^\/traces\/[0-9a-f]{32}$/);
    // The incident for the service, with the evidence on its timeline and the links.
    expect(row.incidentId).not.toBeNull();
    const incident = await db().incident.findUniqueOrThrow({ where: { id: row.incidentId as number }, include: { notes: true } });
    expect(incident).toMatchObject({ source: "rollout", status: "open", groupKey: "rollout:checkout" });
    expect(incident.notes[0]?.body).toContain(`/flags/${flag}?plan=${plan.id}`);
    expect(incident.notes[0]?.body).toContain("/traces/");
    // The open incident on checkout now freezes the other plans of the service until resolved.
    await db().incident.update({ where: { id: incident.id }, data: { status: "resolved", resolvedAt: new Date() } });
  });

  it("takes equal arms to 100 %, stage by stage, and pauses and resumes on request", async () => {
    const flag = "ro_equal";
    await createFlag(flag);
    const t0 = Date.now() - 50 * MINUTE;
    const plan = await startPlan(flag, [
      { percentage: 10, minDwellMinutes: 1, minSamplePerArm: 100 },
      { percentage: 50, minDwellMinutes: 1, minSamplePerArm: 150 },
      { percentage: 100, minDwellMinutes: 1, minSamplePerArm: 0 },
    ], t0);
    await evaluatePlans({ nowMs: t0 });
    // SDKs learn from the flag snapshot which flags to tag metric points with.
    const guarded = async () => ((await call(snapshotRoute.GET, { token: operator })).json as { guarded: string[] }).guarded;
    expect(await guarded()).toContain(flag);
    // About 150 treatment users at 10 %: comfortably past the 100 each arm needs before the guard can judge.
    await traffic(flag, t0, 1_500, () => 0.02);
    // Before the dwell has passed it waits, and says until when.
    await evaluatePlans({ nowMs: t0 + 30_000 });
    expect((await planRow(plan.id)).lastVerdict).toMatchObject({ action: "wait", summary: expect.stringContaining("dwells until") });

    // A manual percentage change is refused while the plan owns the flag.
    const manual = await call(flagRoute.POST, { token: operator, params: { name: flag }, path: `/api/admin/feature-flags/${flag}`, body: { rolloutPercentage: 80 } });
    expect(manual.status).toBe(409);
    expect(manual.json.error.code).toBe("plan_active");

    await evaluatePlans({ nowMs: t0 + MINUTE + 1_000 });
    expect((await flagRow(flag)).rolloutPercentage, JSON.stringify((await planRow(plan.id)).lastVerdict)).toBe(50);

    const pause = await call(pauseRoute.POST, { token: operator, params: { id: String(plan.id) }, path: `/api/admin/rollout-plans/${plan.id}/pause`, body: { reason: "lunch" } });
    expect(pause.json).toMatchObject({ status: "paused", statusReason: expect.stringContaining("lunch") });
    const resume = await call(resumeRoute.POST, { token: operator, params: { id: String(plan.id) }, path: `/api/admin/rollout-plans/${plan.id}/resume`, body: {} });
    expect(resume.json.status).toBe("running");
    // Resuming restarts the stage's dwell from the moment of resuming (here, real time).
    const t1 = Date.parse(resume.json.stageStartedAt);
    await traffic(flag, t1, 500, () => 0.02);
    await evaluatePlans({ nowMs: t1 + MINUTE + 1_000 });
    const done = await planRow(plan.id);
    expect(done.status).toBe("completed");
    expect((await flagRow(flag)).rolloutPercentage).toBe(100);
    expect(await guarded()).not.toContain(flag);
    const history = await call(evaluationsRoute.GET, { token: operator, params: { id: String(plan.id) }, path: `/api/admin/rollout-plans/${plan.id}/evaluations` });
    expect(history.json.evaluations.map((row: { action: string }) => row.action)).toEqual(expect.arrayContaining(["wait", "advance", "complete"]));
    const advance = history.json.evaluations.find((row: { action: string }) => row.action === "advance");
    expect(advance.verdict.guards[0]).toMatchObject({ metric: "error_rate", status: "pass" });
  });

  it("holds with the ratio when the service's split is skewed", async () => {
    const flag = "ro_skewed";
    await createFlag(flag);
    const t0 = Date.now() - 40 * MINUTE;
    const plan = await startPlan(flag, [
      { percentage: 50, minDwellMinutes: 1, minSamplePerArm: 50 },
      { percentage: 100, minDwellMinutes: 1, minSamplePerArm: 0 },
    ], t0);
    await evaluatePlans({ nowMs: t0 });
    // The service loses the spans of a third of the control users: the arms no longer split 50/50.
    await traffic(flag, t0, 900, () => 0.01, (userId) => bucketOf(flag, userId) < 50 || Number(userId.split("-").at(-1)) % 3 !== 0);
    await evaluatePlans({ nowMs: t0 + MINUTE + 1_000 });
    const row = await planRow(plan.id);
    expect(row.status, JSON.stringify(row.lastVerdict)).toBe("running");
    expect((row.lastVerdict as { action: string; summary: string })).toMatchObject({ action: "hold", summary: expect.stringMatching(/the split is \d+\/\d+, expected 50\/50, p = /) });
    expect((await flagRow(flag)).rolloutPercentage).toBe(50);
  });
});

describe("the service's SLOs", { timeout: TEST_TIMEOUT }, () => {
  it("freeze a plan while one burns its error budget, and let it go on once the burn alert resolves", async () => {
    const flag = "ro_slo_burn";
    await createFlag(flag);
    const t0 = Date.now() - 20 * MINUTE;
    const plan = await startPlan(flag, [
      { percentage: 0, minDwellMinutes: 1, minSamplePerArm: 0 },
      { percentage: 100, minDwellMinutes: 1, minSamplePerArm: 0 },
    ], t0, "payments");
    await evaluatePlans({ nowMs: t0 });
    // What lib/alerts' evaluator leaves behind when the SLO burns: its burn alert, firing.
    const slo = await db().slo.create({
      data: { name: "payments-availability", service: "payments", sli: { bad: { measurement: M.error }, total: { measurement: M.request } }, objective: 99.9, window: "30d", labels: {} },
    });
    const alert = await db().alertInstance.create({
      data: {
        ruleKey: `slo:${slo.id}`, fingerprint: "payments-burn", labels: { alertname: "SloErrorBudgetBurn", service: "payments", burn_window: "1h/5m" }, annotations: {},
        state: "firing", value: 16.2, activeAt: new Date(t0), firedAt: new Date(t0), lastTrueAt: new Date(t0), generatorUrl: `/slos/${slo.id}`,
      },
    });
    await evaluatePlans({ nowMs: t0 + MINUTE + 1_000 });
    expect((await planRow(plan.id)).lastVerdict).toMatchObject({ action: "hold", summary: expect.stringContaining("SLO payments-availability of payments is burning its error budget (1h/5m, burn rate 16.2×)") });
    expect((await flagRow(flag)).rolloutPercentage).toBe(0);

    await db().alertInstance.update({ where: { ruleKey_fingerprint: { ruleKey: alert.ruleKey, fingerprint: alert.fingerprint } }, data: { state: "resolved", resolvedAt: new Date() } });
    await evaluatePlans({ nowMs: t0 + 2 * MINUTE });
    expect((await planRow(plan.id)).status).toBe("completed");
    expect((await flagRow(flag)).rolloutPercentage).toBe(100);
  });
});

describe("two evaluator instances on one PostgreSQL", { timeout: TEST_TIMEOUT }, () => {
  it("apply each stage exactly once", async () => {
    const flag = "ro_twice";
    await createFlag(flag);
    const t0 = Date.now() - 30 * MINUTE;
    const plan = await startPlan(flag, [
      { percentage: 0, minDwellMinutes: 1, minSamplePerArm: 0 },
      { percentage: 5, minDwellMinutes: 1, minSamplePerArm: 0 },
      { percentage: 10, minDwellMinutes: 1, minSamplePerArm: 0 },
      { percentage: 100, minDwellMinutes: 1, minSamplePerArm: 0 },
    ], t0);
    const first = new RolloutEvaluator(1_000);
    const second = new RolloutEvaluator(1_000);
    // The lease: only one of two instances ticks.
    const ticks = await Promise.all([first.tick({ ...SLOW_MACHINE, nowMs: t0 }), second.tick({ ...SLOW_MACHINE, nowMs: t0 })]);
    expect(ticks.filter((tick) => tick === null)).toHaveLength(1);
    // Even without the lease, racing evaluations apply each stage once (compare-and-set on the plan row).
    for (let step = 1; step <= 4; step++) {
      await Promise.all([evaluatePlans({ nowMs: t0 + step * (MINUTE + 1_000) }), evaluatePlans({ nowMs: t0 + step * (MINUTE + 1_000) })]);
    }
    await Promise.all([first.stop(), second.stop()]);
    expect((await planRow(plan.id)).status).toBe("completed");
    const stages = await db().auditEntry.findMany({ where: { action: "flag.rollout_stage", targetId: flag }, orderBy: { id: "asc" } });
    expect(stages.map((entry) => (entry.after as { rolloutPercentage: number }).rolloutPercentage)).toEqual([0, 5, 10, 100]);
    expect(await db().auditEntry.count({ where: { action: "rollout.advance", targetId: String(plan.id) } })).toBe(2);
    expect(await db().auditEntry.count({ where: { action: "rollout.complete", targetId: String(plan.id) } })).toBe(1);
  });
});
