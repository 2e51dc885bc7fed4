import { sloKey } from "@/lib/alerts/service";
import { type Actor, systemActor, writeAudit } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { Lease } from "@/lib/db/lease";
import { getConfig } from "@/lib/config";
import { logger } from "@/lib/log";
import { recordJobRun } from "@/lib/jobs/runs";
import { decide, type Observations, rollbackPercentage, type SloBurn, stageCompares } from "@/lib/rollouts/decide";
import { type ExposureQuery, type PlanObservations, readObservations } from "@/lib/rollouts/exposures";
import { commitPlanChange, lockPlan, PLAN_TARGET, setFlagRollout, toPlan } from "@/lib/rollouts/plans";
import type { GuardMetric, Plan, Verdict } from "@/lib/rollouts/schemas";
import { processSingleton } from "@/lib/process-singleton";

/**
 * The driver of release plans. Each tick (ROLLOUTS_TICK_SECONDS) the instance holding the
 * `rollout-evaluator` lease starts due plans, reads every running plan's observations in one
 * query, decides (lib/rollouts/decide.ts) and applies the decision. Applying is a compare-and-set
 * on the plan's row (status and current stage) in the same transaction as the flag change and
 * its audit entries, so each stage is applied exactly once even if two instances ever tick together.
 */

export const ROLLOUT_ACTOR: Actor = systemActor("rollouts");
const LEASE_NAME = "rollout-evaluator";

export interface TickOptions {
  nowMs?: number;
  /** Statement timeout of the exposure query: past it the span store counts as unreachable. */
  spanQueryTimeoutMs?: number;
}

export interface TickResult {
  started: number;
  evaluated: number;
  applied: Array<{ planId: number; action: Verdict["action"] }>;
}

export const planLink = (plan: { id: number; flagName: string }) => `/flags/${encodeURIComponent(plan.flagName)}?plan=${plan.id}`;
export const traceLink = (traceId: string) => `/traces/${traceId}`;
const incidentGroup = (service: string) => `rollout:${service}`;

/** The newest open incident on a service: one a plan opened, or an alert labelled with the service. */
async function openIncidents(services: string[]): Promise<Map<string, { id: number; title: string }>> {
  if (services.length === 0) return new Map();
  const rows = await db().$queryRaw<{ service: string; id: number; title: string }[]>`
    SELECT DISTINCT ON (s.service) s.service, i.id, i.title
    FROM unnest(${services}::text[]) AS s(service)
    JOIN incidents i ON i.status <> 'resolved' AND (
      i.group_key = 'rollout:' || s.service
      OR EXISTS (SELECT 1 FROM incident_alerts a WHERE a.incident_id = i.id AND a.status = 'firing' AND a.labels->>'service' = s.service))
    ORDER BY s.service, i.id DESC`;
  return new Map(rows.map((row) => [row.service, { id: row.id, title: row.title }]));
}

/**
 * The services' SLOs burning their error budget: a firing burn alert of an enabled SLO, as
 * lib/alerts evaluates them (read here, never written). The fastest burn per service.
 */
async function burningSlos(services: string[]): Promise<Map<string, SloBurn>> {
  if (services.length === 0) return new Map();
  const slos = await db().slo.findMany({ where: { service: { in: services }, enabled: true }, select: { id: true, name: true, service: true } });
  if (slos.length === 0) return new Map();
  const byKey = new Map(slos.map((slo) => [sloKey(slo.id), slo]));
  const firing = await db().alertInstance.findMany({
    where: { ruleKey: { in: [...byKey.keys()] }, state: "firing" },
    select: { ruleKey: true, labels: true, value: true },
    orderBy: { value: "desc" },
  });
  const result = new Map<string, SloBurn>();
  for (const alert of firing) {
    const slo = byKey.get(alert.ruleKey);
    if (!slo || result.has(slo.service)) continue;
    result.set(slo.service, { sloId: slo.id, name: slo.name, window: (alert.labels as Record<string, string>).burn_window ?? "", burnRate: alert.value });
  }
  return result;
}

/** Opens the service's incident, or joins the open one, and puts the evidence on its timeline (a note). */
async function recordOnIncident(tx: Tx, plan: Plan, title: string, note: string): Promise<number> {
  const group = incidentGroup(plan.service);
  // Same lock as alert deliveries of a group: two writers never open two incidents for it.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`incident-group:${group}`}, 0))`;
  const [joined] = await tx.$queryRaw<{ id: number }[]>`
    SELECT i.id FROM incidents i WHERE i.status <> 'resolved' AND (i.group_key = ${group}
      OR EXISTS (SELECT 1 FROM incident_alerts a WHERE a.incident_id = i.id AND a.status = 'firing' AND a.labels->>'service' = ${plan.service}))
    ORDER BY i.id DESC LIMIT 1`;
  let incidentId = joined?.id;
  if (!incidentId) {
    const created = await tx.incident.create({
      data: { title, severity: "high", summary: `Opened by the rollout plan of ${plan.flagName}: ${planLink(plan)}`, source: "rollout", groupKey: group, createdBy: ROLLOUT_ACTOR.name },
    });
    await writeAudit(tx, ROLLOUT_ACTOR, { action: "incident.create", target: { type: "incident", id: String(created.id) }, after: created });
    incidentId = created.id;
  }
  const saved = await tx.incidentNote.create({ data: { incidentId, author: ROLLOUT_ACTOR.name, body: note } });
  await writeAudit(tx, ROLLOUT_ACTOR, { action: "incident.note", target: { type: "incident", id: String(incidentId) }, after: { noteId: String(saved.id), body: note } });
  return incidentId;
}

/** The evidence an audit entry and an incident note carry: both arms, the effect and its bound, the statistic and the limit. */
function evidenceOf(plan: Plan, verdict: Verdict, observations: PlanObservations) {
  const stage = plan.stages[plan.currentStage];
  return {
    planId: plan.id,
    plan: planLink(plan),
    stage: plan.currentStage,
    percentage: stage?.percentage,
    verdict: verdict.summary,
    guards: verdict.guards,
    sampleRatio: verdict.sampleRatio,
    failingTreatmentTraces: observations.failingTreatmentTraces.map(traceLink),
  };
}

function evidenceNote(plan: Plan, verdict: Verdict, observations: PlanObservations, headline: string): string {
  const lines = [
    headline,
    verdict.summary,
    ...verdict.guards.map((guard) => {
      const bound = guard.relative ?? guard.absolute;
      const numbers = bound ? ` — effect ${bound.effect} (lower bound ${bound.lower}, limit ${bound.limit}), log LR ${bound.logLikelihoodRatio}` : "";
      return `• ${guard.summary}${numbers}`;
    }),
    `Plan: ${planLink(plan)}`,
    ...observations.failingTreatmentTraces.map((traceId) => `Failing treatment request: ${traceLink(traceId)}`),
  ];
  return lines.join("\n");
}

/** Starts plans whose time has come: stage 0 applied, dwell clock started. */
async function startDuePlans(nowMs: number): Promise<number> {
  const due = await db().rolloutPlan.findMany({ where: { status: "scheduled", startAt: { lte: new Date(nowMs) } }, select: { id: true } });
  let started = 0;
  for (const { id } of due) {
    const didStart = await commitPlanChange(async (tx) => {
      const row = await lockPlan(tx, id);
      if (row.status !== "scheduled" || row.currentStage !== -1) return { result: false, flagChanged: false };
      const plan = toPlan(row);
      const first = plan.stages[0];
      if (!first) return { result: false, flagChanged: false };
      await setFlagRollout(tx, plan.flagName, first.percentage, ROLLOUT_ACTOR, "flag.rollout_stage", { planId: plan.id, stage: 0 });
      await tx.rolloutPlan.update({ where: { id }, data: { status: "running", currentStage: 0, stageStartedAt: new Date(nowMs), statusReason: null, version: { increment: 1 }, updatedAt: new Date() } });
      await writeAudit(tx, ROLLOUT_ACTOR, { action: "rollout.start", target: { type: PLAN_TARGET, id: String(id) }, after: { stage: 0, percentage: first.percentage } });
      return { result: true, flagChanged: true };
    });
    if (didStart) started++;
  }
  return started;
}

/** Applies one verdict, if the plan is still where the verdict saw it. */
async function applyVerdict(plan: Plan, verdict: Verdict, observations: PlanObservations, nowMs: number): Promise<boolean> {
  return commitPlanChange(async (tx) => {
    const row = await lockPlan(tx, plan.id);
    // Another instance applied this stage already, or a person paused or aborted the plan meanwhile.
    if (row.status !== "running" || row.currentStage !== plan.currentStage) return { result: false, flagChanged: false };
    const stage = plan.stages[plan.currentStage];
    const now = new Date(nowMs);
    await tx.rolloutEvaluation.create({
      data: { planId: plan.id, at: now, stage: plan.currentStage, percentage: stage?.percentage ?? 0, action: verdict.action, summary: verdict.summary, verdict: verdict as object },
    });
    const target = { type: PLAN_TARGET, id: String(plan.id) };
    const common = { lastVerdict: verdict as object, lastEvaluatedAt: now, updatedAt: now };
    switch (verdict.action) {
      case "wait":
      case "hold": {
        const previous = (row.lastVerdict as Verdict | null) ?? null;
        let incidentId = row.incidentId;
        // A notify guard tells people once per hold, on the service's incident.
        if (verdict.notify && !(previous?.action === "hold" && previous.notify)) {
          incidentId = await recordOnIncident(tx, plan, `Rollout of ${plan.flagName} holding on ${plan.service}`, evidenceNote(plan, verdict, observations, `Rollout of ${plan.flagName} is holding at ${stage?.percentage} %.`));
        }
        await tx.rolloutPlan.update({ where: { id: plan.id }, data: { ...common, incidentId, statusReason: verdict.action === "hold" ? verdict.summary : null } });
        return { result: true, flagChanged: false };
      }
      case "advance": {
        const next = plan.currentStage + 1;
        const percentage = plan.stages[next]?.percentage ?? 100;
        await setFlagRollout(tx, plan.flagName, percentage, ROLLOUT_ACTOR, "flag.rollout_stage", { planId: plan.id, stage: next, verdict: verdict.summary });
        await tx.rolloutPlan.update({ where: { id: plan.id }, data: { ...common, currentStage: next, stageStartedAt: now, statusReason: null, version: { increment: 1 } } });
        await writeAudit(tx, ROLLOUT_ACTOR, { action: "rollout.advance", target, before: { stage: plan.currentStage }, after: { stage: next, percentage, evidence: evidenceOf(plan, verdict, observations) } });
        return { result: true, flagChanged: true };
      }
      case "complete": {
        const last = plan.stages.length - 1;
        const percentage = plan.stages[last]?.percentage ?? 100;
        await setFlagRollout(tx, plan.flagName, percentage, ROLLOUT_ACTOR, "flag.rollout_stage", { planId: plan.id, stage: last, verdict: verdict.summary });
        await tx.rolloutPlan.update({ where: { id: plan.id }, data: { ...common, status: "completed", currentStage: last, stageStartedAt: now, statusReason: verdict.summary, version: { increment: 1 } } });
        await writeAudit(tx, ROLLOUT_ACTOR, { action: "rollout.complete", target, after: { stage: last, percentage, evidence: evidenceOf(plan, verdict, observations) } });
        return { result: true, flagChanged: true };
      }
      case "rollback": {
        const percentage = rollbackPercentage(plan.stages, plan.currentStage, plan.rollbackTo);
        const evidence = evidenceOf(plan, verdict, observations);
        await setFlagRollout(tx, plan.flagName, percentage, ROLLOUT_ACTOR, "flag.rollout_rollback", evidence);
        const incidentId = await recordOnIncident(
          tx,
          plan,
          `Rollout of ${plan.flagName} rolled back on ${plan.service}`,
          evidenceNote(plan, verdict, observations, `Rolled ${plan.flagName} back from ${stage?.percentage} % to ${percentage} %.`),
        );
        await tx.rolloutPlan.update({ where: { id: plan.id }, data: { ...common, status: "rolled_back", statusReason: verdict.summary, incidentId, version: { increment: 1 } } });
        await writeAudit(tx, ROLLOUT_ACTOR, { action: "rollout.rollback", target, before: { stage: plan.currentStage, percentage: stage?.percentage }, after: { percentage, incidentId, evidence } });
        return { result: true, flagChanged: true };
      }
    }
  });
}

/**
 * Verdicts that change nothing but the record (wait, or hold without notifying), written for all
 * plans in one statement: the same compare-and-set on status and stage, no per-plan transaction.
 * Returns the plans recorded.
 */
async function recordQuietVerdicts(entries: Array<{ plan: Plan; verdict: Verdict }>, nowMs: number): Promise<number[]> {
  if (entries.length === 0) return [];
  const input = entries.map(({ plan, verdict }) => ({
    id: plan.id,
    stage: plan.currentStage,
    percentage: plan.stages[plan.currentStage]?.percentage ?? 0,
    action: verdict.action,
    summary: verdict.summary,
    reason: verdict.action === "hold" ? verdict.summary : null,
    verdict,
  }));
  const rows = await db().$queryRaw<{ id: number }[]>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb)
        AS x(id int, stage int, percentage int, action text, summary text, reason text, verdict jsonb)
    ), updated AS (
      UPDATE "rollout_plans" p SET "last_verdict" = x.verdict, "last_evaluated_at" = ${new Date(nowMs)}, "updated_at" = now(), "status_reason" = x.reason
      FROM input x WHERE p."id" = x.id AND p."status" = 'running' AND p."current_stage" = x.stage
      RETURNING p."id"
    ), recorded AS (
      INSERT INTO "rollout_evaluations" ("plan_id", "at", "stage", "percentage", "action", "summary", "verdict")
      SELECT x.id, ${new Date(nowMs)}, x.stage, x.percentage, x.action, x.summary, x.verdict FROM input x JOIN updated u ON u."id" = x.id
      RETURNING "plan_id"
    )
    SELECT "plan_id" AS id FROM recorded`;
  return rows.map((row) => row.id);
}

/**
 * One evaluation of every running plan, without the lease: the evaluator's tick, and what tests
 * and the benchmark call directly (two of these at once must still apply each stage once).
 */
export async function evaluatePlans(options: TickOptions = {}): Promise<TickResult> {
  const nowMs = options.nowMs ?? Date.now();
  const started = await startDuePlans(nowMs);
  const rows = await db().rolloutPlan.findMany({ where: { status: "running" }, orderBy: { id: "asc" } });
  const plans = rows.map(toPlan).filter((plan) => plan.stages[plan.currentStage] && plan.stageStartedAt);
  const flags = await db().featureFlag.findMany({ where: { name: { in: plans.map((plan) => plan.flagName) } }, select: { name: true, targetUsers: true, excludedUsers: true } });
  // Targeted and excluded users are not placed by their bucket, so neither belongs to an arm.
  const targets = new Map(flags.map((flag) => [flag.name, [...flag.targetUsers, ...flag.excludedUsers]]));
  const comparing = plans.filter((plan) => stageCompares(plan.stages[plan.currentStage] as Plan["stages"][number]));
  const queries: ExposureQuery[] = comparing.map((plan) => ({
    flagName: plan.flagName,
    percentage: (plan.stages[plan.currentStage] as Plan["stages"][number]).percentage,
    targetUsers: targets.get(plan.flagName) ?? [],
    sinceMs: Date.parse(plan.stageStartedAt as string),
  }));
  const wanted = new Map(comparing.map((plan) => [plan.flagName, new Set<GuardMetric>(plan.guards.map((guard) => guard.metric))]));
  const observations = await readObservations(queries, wanted, nowMs, options.spanQueryTimeoutMs);
  const services = [...new Set(plans.map((plan) => plan.service))];
  const [incidents, burning] = await Promise.all([openIncidents(services), burningSlos(services)]);
  const applied: TickResult["applied"] = [];
  const quiet: Array<{ plan: Plan; verdict: Verdict }> = [];
  for (const plan of plans) {
    const seen: PlanObservations = observations.get(plan.flagName) ?? { users: { treatment: 0, control: 0 }, metrics: {}, unavailable: {}, failingTreatmentTraces: [] };
    const verdict = decide(
      { ...plan, stageStartedAtMs: Date.parse(plan.stageStartedAt as string) },
      { nowMs, observations: seen as Observations, openIncident: incidents.get(plan.service) ?? null, burningSlo: burning.get(plan.service) ?? null },
    );
    if ((verdict.action === "wait" || verdict.action === "hold") && !verdict.notify) {
      quiet.push({ plan, verdict });
      continue;
    }
    try {
      if (await applyVerdict(plan, verdict, seen, nowMs)) applied.push({ planId: plan.id, action: verdict.action });
    } catch (error) {
      logger.warn({ err: error, planId: plan.id }, "rollout evaluation could not be applied; the next tick tries again");
    }
  }
  for (const planId of await recordQuietVerdicts(quiet, nowMs)) applied.push({ planId, action: (quiet.find((entry) => entry.plan.id === planId) as { verdict: Verdict }).verdict.action });
  return { started, evaluated: plans.length, applied };
}

/** The periodic driver: ticks while it holds the lease; another instance takes over within a lease's time if this one dies. */
export class RolloutEvaluator {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  readonly lease: Lease;

  constructor(private readonly intervalMs = getConfig().ROLLOUTS_TICK_SECONDS * 1000) {
    this.lease = new Lease(LEASE_NAME, Math.max(3 * intervalMs, 10_000));
  }

  /** One tick if this instance holds (or takes) the lease; null when another instance drives the plans. */
  async tick(options: TickOptions = {}): Promise<TickResult | null> {
    if (!(await this.lease.acquire())) return null;
    return recordJobRun("rollouts.evaluate", () => evaluatePlans(options));
  }

  start(): this {
    const run = () => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error: unknown) => logger.warn({ err: error }, "rollout evaluator tick failed; retrying next tick"))
        .finally(() => (this.running = undefined));
    };
    this.timer ??= setInterval(run, this.intervalMs);
    this.timer.unref();
    run();
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.lease.release().catch(() => undefined);
  }
}

/** Starts this process's evaluator once (lib/background.ts calls it at start-up). */
export function startRolloutEvaluator(): RolloutEvaluator {
  return processSingleton("rolloutEvaluator", () => new RolloutEvaluator().start());
}
