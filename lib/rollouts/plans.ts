import { ApiError } from "@/lib/api/errors";
import { type Actor, writeAudit } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { announceFlagChange } from "@/lib/flags/cache";
import { toFeatureFlag } from "@/lib/flags/mapping";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  ACTIVE_STATUSES,
  type CreatePlan,
  type Evaluation,
  type Guard,
  type Plan,
  type PlanStatus,
  type Stage,
  type Template,
  type TemplateBody,
  type Verdict,
} from "@/lib/rollouts/schemas";

/**
 * Release plans and templates: reading, creating, pausing, resuming and aborting. Every change
 * locks the plan's row, writes its audit entry in the same transaction and, when it moves the
 * flag, announces the flag change once committed. The evaluator (lib/rollouts/evaluator.ts) drives
 * running plans through the same row lock.
 */

export const PLAN_TARGET = "rollout_plan";
export const TEMPLATE_TARGET = "rollout_template";

type PlanRow = Prisma.RolloutPlanGetPayload<object>;
type TemplateRow = Prisma.RolloutTemplateGetPayload<object>;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toPlan(row: PlanRow): Plan {
  const stages = row.stages as unknown as Stage[];
  const stage = stages[row.currentStage];
  const running = row.status === "running" && stage && row.stageStartedAt;
  return {
    id: row.id,
    flagName: row.flagName,
    service: row.service,
    template: row.template,
    status: row.status as PlanStatus,
    stages,
    guards: row.guards as unknown as Guard[],
    alpha: row.alpha,
    rollbackTo: row.rollbackTo as Plan["rollbackTo"],
    noDataGraceMinutes: row.noDataGraceMinutes,
    currentStage: row.currentStage,
    stageStartedAt: iso(row.stageStartedAt),
    startAt: row.startAt.toISOString(),
    nextStepDueAt: running ? new Date((row.stageStartedAt as Date).getTime() + stage.minDwellMinutes * 60_000).toISOString() : null,
    lastVerdict: (row.lastVerdict as unknown as Verdict | null) ?? null,
    lastEvaluatedAt: iso(row.lastEvaluatedAt),
    statusReason: row.statusReason,
    incidentId: row.incidentId,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    version: row.version,
  };
}

function toTemplate(row: TemplateRow): Template {
  return {
    name: row.name,
    description: row.description,
    stages: row.stages as unknown as Stage[],
    guards: row.guards as unknown as Guard[],
    alpha: row.alpha,
    rollbackTo: row.rollbackTo as Template["rollbackTo"],
    noDataGraceMinutes: row.noDataGraceMinutes,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

const planNotFound = (id: number) => new ApiError(404, "not_found", `No rollout plan #${id}`);
const auditView = (plan: Plan) => ({ status: plan.status, currentStage: plan.currentStage, statusReason: plan.statusReason, version: plan.version });

// ---------------------------------------------------------------------------------------------
// Reading

export async function listPlans(query: { flag?: string; active?: boolean }): Promise<Plan[]> {
  const rows = await db().rolloutPlan.findMany({
    where: { flagName: query.flag, status: query.active ? { in: [...ACTIVE_STATUSES] } : undefined },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return rows.map(toPlan);
}

export async function getPlan(id: number): Promise<Plan> {
  const row = await db().rolloutPlan.findUnique({ where: { id } });
  if (!row) throw planNotFound(id);
  return toPlan(row);
}

/** A flag's plans, newest first: the active one (if any) leads. */
export async function plansForFlag(name: string): Promise<Plan[]> {
  const flag = await db().featureFlag.findUnique({ where: { name }, select: { archivedAt: true } });
  if (!flag || flag.archivedAt) throw new ApiError(404, "not_found", `No feature flag named ${name}`);
  return listPlans({ flag: name });
}

export async function planEvaluations(id: number, limit: number): Promise<Evaluation[]> {
  await getPlan(id);
  const rows = await db().rolloutEvaluation.findMany({ where: { planId: id }, orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
  return rows.map((row) => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    stage: row.stage,
    percentage: row.percentage,
    action: row.action as Evaluation["action"],
    summary: row.summary,
    verdict: row.verdict as unknown as Verdict,
  }));
}

export async function listTemplates(): Promise<Template[]> {
  return (await db().rolloutTemplate.findMany({ orderBy: { name: "asc" } })).map(toTemplate);
}

// ---------------------------------------------------------------------------------------------
// Changing

/** Locks the plan's row for the rest of the transaction: the evaluator and people take turns. */
export async function lockPlan(tx: Tx, id: number): Promise<PlanRow> {
  await tx.$queryRaw`SELECT 1 FROM "rollout_plans" WHERE "id" = ${id} FOR UPDATE`;
  const row = await tx.rolloutPlan.findUnique({ where: { id } });
  if (!row) throw planNotFound(id);
  return row;
}

/** Sets the flag's rollout inside the caller's transaction, audited as the plan's doing. */
export async function setFlagRollout(tx: Tx, flagName: string, percentage: number, actor: Actor, action: string, evidence?: unknown) {
  await tx.$queryRaw`SELECT 1 FROM "feature_flags" WHERE "name" = ${flagName} FOR UPDATE`;
  const row = await tx.featureFlag.findUnique({ where: { name: flagName } });
  if (!row || row.archivedAt) throw new ApiError(404, "not_found", `No feature flag named ${flagName}`);
  const before = toFeatureFlag(row);
  if (before.rolloutPercentage === percentage && before.enabled) return before;
  // A plan rolls out an enabled flag: starting one enables it, with the percentage of its first stage.
  const updated = await tx.featureFlag.update({
    where: { name: flagName },
    data: { rolloutPercentage: percentage, enabled: true, version: { increment: 1 }, updatedAt: new Date(), updatedBy: actor.name },
  });
  const after = toFeatureFlag(updated);
  await writeAudit(tx, actor, { action, target: { type: "feature_flag", id: flagName }, before, after: evidence ? { ...after, evidence } : after });
  return after;
}

const uniqueActive = (flagName: string) => (error: unknown) => {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ApiError(409, "plan_active", `Flag ${flagName} already has an active rollout plan: abort or finish it first`);
  }
  throw error;
};

export async function createPlan(flagName: string, input: CreatePlan, actor: Actor, nowMs = Date.now()): Promise<Plan> {
  const result = await db()
    .$transaction(async (tx) => {
      const flag = await tx.featureFlag.findUnique({ where: { name: flagName } });
      if (!flag || flag.archivedAt) throw new ApiError(404, "not_found", `No feature flag named ${flagName}`);
      const template = await tx.rolloutTemplate.findUnique({ where: { name: input.template } });
      if (!template) throw new ApiError(404, "template_not_found", `No rollout template named ${input.template}`);
      const active = await tx.rolloutPlan.findFirst({ where: { flagName, status: { in: [...ACTIVE_STATUSES] } } });
      if (active) throw new ApiError(409, "plan_active", `Flag ${flagName} already has an active rollout plan (#${active.id}, ${active.status}): abort or finish it first`, { planId: active.id });
      const startAt = input.startAt ? new Date(input.startAt) : new Date(nowMs);
      const row = await tx.rolloutPlan
        .create({
          data: {
            flagName,
            service: input.service,
            template: template.name,
            // A plan due now is started by the evaluator's next tick, like a scheduled one.
            status: "scheduled",
            stages: (input.stages ?? template.stages) as Prisma.InputJsonArray,
            guards: (input.guards ?? template.guards) as Prisma.InputJsonArray,
            alpha: input.alpha ?? template.alpha,
            rollbackTo: input.rollbackTo ?? template.rollbackTo,
            noDataGraceMinutes: input.noDataGraceMinutes ?? template.noDataGraceMinutes,
            startAt,
            createdBy: actor.name,
          },
        })
        .catch(uniqueActive(flagName));
      const plan = toPlan(row);
      await writeAudit(tx, actor, { action: "rollout.create", target: { type: PLAN_TARGET, id: String(plan.id) }, after: plan });
      return plan;
    })
    .catch(uniqueActive(flagName));
  return result;
}

type Transition = "pause" | "resume" | "abort";
const ALLOWED: Record<Transition, PlanStatus[]> = { pause: ["scheduled", "running"], resume: ["paused"], abort: ["scheduled", "running", "paused"] };
const NEXT: Record<Transition, (row: PlanRow) => PlanStatus> = {
  pause: () => "paused",
  // A plan paused before it started goes back to waiting for its start.
  resume: (row) => (row.currentStage < 0 ? "scheduled" : "running"),
  abort: () => "aborted",
};

/**
 * Pause, resume or abort. A paused plan keeps the flag where it is; resuming restarts the current
 * stage's dwell and sample (what happened while paused is not evidence the plan watched). Abort
 * leaves the flag as it is: rolling back is the evaluator's decision, or an operator's, explicitly.
 */
export async function transitionPlan(id: number, transition: Transition, actor: Actor, options: { reason?: string; version?: number; nowMs?: number } = {}): Promise<Plan> {
  // The flag stays, but the snapshot's guarded set (what SDKs tag) may change: announce it.
  return commitPlanChange(async (tx) => {
    const row = await lockPlan(tx, id);
    if (options.version !== undefined && options.version !== row.version) {
      throw new ApiError(409, "conflict", `Plan #${id} is at version ${row.version}; you sent ${options.version}. Reload it and try again.`);
    }
    if (!ALLOWED[transition].includes(row.status as PlanStatus)) {
      throw new ApiError(409, "invalid_transition", `Plan #${id} is ${row.status}: it cannot ${transition} (it can from ${ALLOWED[transition].join(" or ")})`);
    }
    const before = toPlan(row);
    const status = NEXT[transition](row);
    const updated = await tx.rolloutPlan.update({
      where: { id },
      data: {
        status,
        statusReason: options.reason ? `${transition}d by ${actor.name}: ${options.reason}` : `${transition}d by ${actor.name}`,
        stageStartedAt: transition === "resume" && status === "running" ? new Date(options.nowMs ?? Date.now()) : undefined,
        version: { increment: 1 },
        updatedAt: new Date(),
      },
    });
    const after = toPlan(updated);
    await writeAudit(tx, actor, { action: `rollout.${transition}`, target: { type: PLAN_TARGET, id: String(id) }, before: auditView(before), after: auditView(after) });
    return { result: after, flagChanged: true };
  });
}

/** Admins edit templates (create or replace by name). */
export async function saveTemplate(name: string, body: TemplateBody, actor: Actor): Promise<Template> {
  return db().$transaction(async (tx) => {
    const existing = await tx.rolloutTemplate.findUnique({ where: { name } });
    const data = {
      description: body.description,
      stages: body.stages as Prisma.InputJsonArray,
      guards: body.guards as Prisma.InputJsonArray,
      alpha: body.alpha,
      rollbackTo: body.rollbackTo,
      noDataGraceMinutes: body.noDataGraceMinutes,
      updatedAt: new Date(),
      updatedBy: actor.name,
    };
    const row = await tx.rolloutTemplate.upsert({ where: { name }, create: { name, ...data }, update: data });
    const after = toTemplate(row);
    await writeAudit(tx, actor, {
      action: existing ? "rollout_template.update" : "rollout_template.create",
      target: { type: TEMPLATE_TARGET, id: name },
      before: existing ? toTemplate(existing) : undefined,
      after,
    });
    return after;
  });
}

/**
 * What a person's change to a flag under an active plan does (called by lib/flags/service.ts inside
 * its transaction). The plan owns the rollout percentage, so setting it by hand is refused with 409
 * naming the plan. Turning the flag off (the kill switch) and the emergency rollback always work —
 * they are what people reach for when things break — and pause the plan, saying so.
 */
export async function onManualFlagChange(tx: Tx, flagName: string, change: { rolloutPercentage?: number; enabled?: boolean; emergency?: boolean }, actor: Actor): Promise<void> {
  const active = await tx.rolloutPlan.findFirst({ where: { flagName, status: { in: [...ACTIVE_STATUSES] } } });
  if (!active) return;
  const stopping = change.emergency || change.enabled === false;
  if (!stopping && change.rolloutPercentage !== undefined) {
    throw new ApiError(
      409,
      "plan_active",
      `Flag ${flagName} is being rolled out by plan #${active.id} (${active.status}); pause or abort the plan before setting its percentage by hand. The kill switch and the emergency rollback still work and pause the plan.`,
      { planId: active.id },
    );
  }
  if (!stopping || active.status === "paused") return;
  const row = await lockPlan(tx, active.id);
  const before = toPlan(row);
  const reason = change.emergency ? `paused: emergency rollback by ${actor.name}` : `paused: flag turned off by ${actor.name}`;
  const updated = await tx.rolloutPlan.update({ where: { id: active.id }, data: { status: "paused", statusReason: reason, version: { increment: 1 }, updatedAt: new Date() } });
  await writeAudit(tx, actor, { action: "rollout.pause", target: { type: PLAN_TARGET, id: String(active.id) }, before: auditView(before), after: auditView(toPlan(updated)) });
}

/** Commits `work`, then tells every instance the flag changed when it did. */
export async function commitPlanChange<T>(work: (tx: Tx) => Promise<{ result: T; flagChanged: boolean }>): Promise<T> {
  const { result, flagChanged } = await db().$transaction(work, { timeout: 15_000, maxWait: 15_000 });
  if (flagChanged) await announceFlagChange();
  return result;
}
