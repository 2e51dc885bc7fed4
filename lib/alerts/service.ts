import { ApiError } from "@/lib/api/errors";
import { type Actor, writeAudit } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_RULES, DEFAULT_SLOS, UNAVAILABLE_RULES } from "@/lib/alerts/defaults";
import { alertmanagerClient } from "@/lib/alerts/alertmanager";
import { formatDuration, parseDuration } from "@/lib/alerts/duration";
import type { Matcher, Rule, RuleInput, SilenceInput, Slo, SloInput } from "@/lib/alerts/schemas";
import { isSilenced, type SilenceWindow, silenceStatus } from "@/lib/alerts/silences";
import { ruleState } from "@/lib/alerts/state-machine";
import { getConfig } from "@/lib/config";
import { BURN_ALERT_POLICIES } from "@/lib/alerts/slo-math";
import { getRunbook } from "@/lib/runbooks";

/**
 * Rules, SLOs, silences and corrections: reads for everyone, writes checked, each in one
 * transaction with its audit row. Alert state is written only by the evaluator (lib/alerts/evaluator.ts).
 */
export const ruleKey = (id: number) => `rule:${id}`;
export const sloKey = (id: number) => `slo:${id}`;
const target = (type: "alert_rule" | "slo" | "alert_silence", id: number) => ({ type, id: String(id) });

type RuleRow = Prisma.AlertRuleGetPayload<object>;
type SloRow = Prisma.SloGetPayload<{ include: { corrections: true } }>;
type InstanceRow = Prisma.AlertInstanceGetPayload<object>;
type SilenceRow = Prisma.AlertSilenceGetPayload<object>;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

const silenceWindow = (row: SilenceRow): SilenceWindow => ({
  matchers: row.matchers as Matcher[],
  startsAt: row.startsAt.getTime(),
  endsAt: row.endsAt.getTime(),
});

export async function activeSilences(nowMs = Date.now()): Promise<SilenceWindow[]> {
  const rows = await db().alertSilence.findMany({ where: { endsAt: { gt: new Date(nowMs) } } });
  return rows.map(silenceWindow);
}

function toInstanceView(row: InstanceRow, silences: SilenceWindow[], nowMs: number) {
  const labels = row.labels as Record<string, string>;
  return {
    fingerprint: row.fingerprint,
    labels,
    state: row.state as "pending" | "firing" | "resolved",
    value: row.value,
    activeAt: row.activeAt.toISOString(),
    firedAt: iso(row.firedAt),
    resolvedAt: iso(row.resolvedAt),
    silenced: isSilenced(labels, silences, nowMs),
  };
}

function toRule(row: RuleRow, instances: InstanceRow[], silences: SilenceWindow[], nowMs: number): Rule {
  const alerts = instances.map((instance) => toInstanceView(instance, silences, nowMs));
  const pending = instances.filter((instance) => instance.state === "pending").map((instance) => instance.activeAt.getTime());
  return {
    id: row.id,
    key: ruleKey(row.id),
    defaultKey: row.defaultKey,
    name: row.name,
    description: row.description,
    query: row.query as RuleInput["query"],
    comparison: row.comparison as RuleInput["comparison"],
    threshold: row.threshold,
    for: row.forDuration,
    keepFiringFor: row.keepFiringFor,
    labels: row.labels as Record<string, string>,
    annotations: row.annotations as RuleInput["annotations"],
    series: (row.series ?? undefined) as RuleInput["series"],
    enabled: row.enabled,
    version: row.version,
    state: row.enabled ? ruleState(alerts, row.health as "ok" | "unknown") : "disabled",
    health: row.health as "ok" | "unknown",
    lastError: row.lastError,
    lastEvaluatedAt: iso(row.lastEvaluatedAt),
    pendingSince: pending.length ? new Date(Math.min(...pending)).toISOString() : null,
    currentValue: row.lastValue,
    alerts,
  };
}

async function instancesByKey(keys: string[]): Promise<Map<string, InstanceRow[]>> {
  const rows = await db().alertInstance.findMany({ where: { ruleKey: { in: keys } }, orderBy: [{ activeAt: "asc" }, { fingerprint: "asc" }] });
  const byKey = new Map<string, InstanceRow[]>();
  for (const row of rows) byKey.set(row.ruleKey, [...(byKey.get(row.ruleKey) ?? []), row]);
  return byKey;
}

export async function listRules(nowMs = Date.now()) {
  const [rows, silences] = await Promise.all([db().alertRule.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] }), activeSilences(nowMs)]);
  const instances = await instancesByKey(rows.map((row) => ruleKey(row.id)));
  return {
    rules: rows.map((row) => toRule(row, instances.get(ruleKey(row.id)) ?? [], silences, nowMs)),
    unavailable: UNAVAILABLE_RULES,
    evaluationIntervalSeconds: getConfig().ALERTS_EVALUATION_INTERVAL_SECONDS,
  };
}

const notFound = (what: string, id: number) => new ApiError(404, "not_found", `No ${what} #${id}`);

export async function transitions(where: { ruleKey?: string }, limit: number) {
  const rows = await db().alertTransition.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
  return rows.map((row) => ({
    id: String(row.id),
    ruleKey: row.ruleKey,
    fingerprint: row.fingerprint,
    labels: row.labels as Record<string, string>,
    from: row.fromState,
    to: row.toState,
    at: row.at.toISOString(),
    value: row.value,
  }));
}

export async function getRule(id: number, nowMs = Date.now()) {
  const row = await db().alertRule.findUnique({ where: { id } });
  if (!row) throw notFound("alert rule", id);
  const [instances, silences, history] = await Promise.all([instancesByKey([ruleKey(id)]), activeSilences(nowMs), transitions({ ruleKey: ruleKey(id) }, 200)]);
  return { ...toRule(row, instances.get(ruleKey(id)) ?? [], silences, nowMs), transitions: history };
}

function checkRunbook(slug: string | undefined, path: string) {
  if (slug && !getRunbook(slug)) {
    throw new ApiError(400, "validation_failed", `Invalid body at ${path}: no runbook ${JSON.stringify(slug)} (see /runbooks)`, [
      { code: "custom", path: path.split("."), message: "unknown runbook" },
    ]);
  }
}

const ruleData = (input: RuleInput) => ({
  name: input.name,
  description: input.description,
  query: input.query as Prisma.InputJsonValue,
  comparison: input.comparison,
  threshold: input.threshold,
  forDuration: input.for,
  keepFiringFor: input.keepFiringFor,
  labels: input.labels,
  annotations: input.annotations as Prisma.InputJsonValue,
  series: input.series ?? null,
  enabled: input.enabled,
});

/**
 * A rule whose meaning changed (query, name, labels, threshold) or that went away: its firing
 * alerts resolve now and its pending ones end, so the evaluator starts from nothing and the
 * incidents they opened are resolved rather than left firing under labels nobody evaluates.
 */
async function retireAlerts(tx: Tx, key: string, nowMs: number) {
  const at = new Date(nowMs);
  const live = await tx.alertInstance.findMany({ where: { ruleKey: key, state: { in: ["pending", "firing"] } } });
  if (live.length === 0) return;
  await tx.alertTransition.createMany({
    data: live.map((row) => ({ ruleKey: key, fingerprint: row.fingerprint, labels: row.labels as object, fromState: row.state, toState: row.state === "firing" ? "resolved" : "inactive", at, value: row.value })),
  });
  await tx.alertInstance.deleteMany({ where: { ruleKey: key, state: "pending" } });
  await tx.alertInstance.updateMany({ where: { ruleKey: key, state: "firing" }, data: { state: "resolved", resolvedAt: at } });
}

export async function createRule(input: RuleInput, actor: Actor): Promise<Rule> {
  checkRunbook(input.annotations.runbook, "annotations.runbook");
  const row = await db().$transaction(async (tx) => {
    const created = await tx.alertRule.create({ data: ruleData(input) });
    await writeAudit(tx, actor, { action: "alert_rule.create", target: target("alert_rule", created.id), after: created });
    return created;
  });
  return toRule(row, [], [], Date.now());
}

const MEANING = ["name", "query", "comparison", "threshold", "labels"] as const;

export async function updateRule(id: number, input: RuleInput & { version: number }, actor: Actor): Promise<Rule> {
  checkRunbook(input.annotations.runbook, "annotations.runbook");
  const nowMs = Date.now();
  const row = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "alert_rules" WHERE "id" = ${id} FOR UPDATE`;
    const before = await tx.alertRule.findUnique({ where: { id } });
    if (!before) throw notFound("alert rule", id);
    if (before.version !== input.version) {
      throw new ApiError(409, "conflict", `Alert rule #${id} is at version ${before.version}; you sent ${input.version}. Reload it and apply your change again.`);
    }
    const data = ruleData(input);
    const changedMeaning = MEANING.some((key) => JSON.stringify(before[key]) !== JSON.stringify(data[key]));
    if (changedMeaning || (before.enabled && !input.enabled)) await retireAlerts(tx, ruleKey(id), nowMs);
    const after = await tx.alertRule.update({ where: { id }, data: { ...data, version: { increment: 1 }, updatedAt: new Date(nowMs), ...(changedMeaning ? { lastValue: null } : {}) } });
    await writeAudit(tx, actor, { action: "alert_rule.update", target: target("alert_rule", id), before, after });
    return after;
  });
  return (await getRule(row.id)) as Rule;
}

export async function deleteRule(id: number, actor: Actor): Promise<{ deleted: true }> {
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "alert_rules" WHERE "id" = ${id} FOR UPDATE`;
    const before = await tx.alertRule.findUnique({ where: { id } });
    if (!before) throw notFound("alert rule", id);
    await retireAlerts(tx, ruleKey(id), Date.now());
    await tx.alertRule.delete({ where: { id } });
    await writeAudit(tx, actor, { action: "alert_rule.delete", target: target("alert_rule", id), before });
  });
  return { deleted: true };
}

/** Start-up competes with everything else for the pool; Prisma's 5 s default was seen to expire there. */
const DEFAULTS_TRANSACTION = { timeout: 15_000, maxWait: 15_000 };

/**
 * The seeds' rules and SLOs, created once: a default an admin deleted (its audit row says so)
 * is not brought back on the next start.
 */
export async function ensureDefaults(actor: Actor): Promise<void> {
  const [rules, slos, deletions] = await Promise.all([
    db().alertRule.findMany({ where: { defaultKey: { not: null } }, select: { defaultKey: true } }),
    db().slo.findMany({ where: { defaultKey: { not: null } }, select: { defaultKey: true } }),
    db().auditEntry.findMany({ where: { action: { in: ["alert_rule.delete", "slo.delete"] } }, select: { before: true } }),
  ]);
  const gone = new Set([...rules, ...slos, ...deletions.map((entry) => entry.before as { defaultKey?: string } | null)].map((row) => row?.defaultKey));
  for (const rule of DEFAULT_RULES.filter((candidate) => !gone.has(candidate.defaultKey))) {
    await db().$transaction(async (tx) => {
      const created = await tx.alertRule.createManyAndReturn({ data: [{ ...ruleData(rule), defaultKey: rule.defaultKey }], skipDuplicates: true });
      for (const row of created) await writeAudit(tx, actor, { action: "alert_rule.create", target: target("alert_rule", row.id), after: row });
    }, DEFAULTS_TRANSACTION);
  }
  for (const slo of DEFAULT_SLOS.filter((candidate) => !gone.has(candidate.defaultKey))) {
    await db().$transaction(async (tx) => {
      const created = await tx.slo.createManyAndReturn({ data: [{ ...sloData(slo), defaultKey: slo.defaultKey }], skipDuplicates: true });
      for (const row of created) await writeAudit(tx, actor, { action: "slo.create", target: target("slo", row.id), after: row });
    }, DEFAULTS_TRANSACTION);
  }
}

// --- Silences -------------------------------------------------------------------------------

function toSilence(row: SilenceRow, nowMs: number) {
  return {
    id: row.id,
    matchers: row.matchers as Matcher[],
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    createdBy: row.createdBy,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
    status: silenceStatus({ startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime() }, nowMs),
    alertmanagerId: row.alertmanagerId,
  };
}

export async function listSilences(nowMs = Date.now()) {
  const rows = await db().alertSilence.findMany({ orderBy: [{ endsAt: "desc" }, { id: "desc" }], take: 200 });
  return { silences: rows.map((row) => toSilence(row, nowMs)) };
}

/**
 * A silence stops Opsdeck's own notifications and incidents for matching alerts; with
 * Alertmanager configured the same silence is created there (best effort: Opsdeck's copy is
 * the one that counts for its own deliveries, and is kept when Alertmanager is away).
 */
export async function createSilence(input: SilenceInput, actor: Actor) {
  const startsAt = input.startsAt ? new Date(input.startsAt) : new Date();
  const row = await db().$transaction(async (tx) => {
    const created = await tx.alertSilence.create({
      data: { matchers: input.matchers, startsAt, endsAt: new Date(input.endsAt), createdBy: actor.name, comment: input.comment },
    });
    await writeAudit(tx, actor, { action: "alert_silence.create", target: target("alert_silence", created.id), after: created });
    return created;
  });
  const alertmanager = alertmanagerClient();
  if (alertmanager) {
    const id = await alertmanager.createSilence({ ...input, startsAt: startsAt.toISOString(), createdBy: actor.name }).catch(() => null);
    if (id) return toSilence(await db().alertSilence.update({ where: { id: row.id }, data: { alertmanagerId: id } }), Date.now());
  }
  return toSilence(row, Date.now());
}

export async function expireSilence(id: number, actor: Actor) {
  const nowMs = Date.now();
  const row = await db().$transaction(async (tx) => {
    const before = await tx.alertSilence.findUnique({ where: { id } });
    if (!before) throw notFound("silence", id);
    if (before.endsAt.getTime() <= nowMs) return before;
    const after = await tx.alertSilence.update({ where: { id }, data: { endsAt: new Date(nowMs) } });
    await writeAudit(tx, actor, { action: "alert_silence.expire", target: target("alert_silence", id), before, after });
    return after;
  });
  if (row.alertmanagerId) await alertmanagerClient()?.expireSilence(row.alertmanagerId).catch(() => undefined);
  return toSilence(row, nowMs);
}

// --- SLOs -----------------------------------------------------------------------------------

export interface SloFigures {
  budgetRemaining: number;
  errorRatio: number | null;
  burnRates: Record<string, number | null>;
  timeToExhaustionSeconds: number | null;
}

const sloData = (input: SloInput) => ({
  name: input.name,
  displayName: input.displayName ?? null,
  description: input.description,
  service: input.service,
  sli: input.sli as Prisma.InputJsonValue,
  objective: input.objective,
  window: input.window,
  labels: input.labels,
  runbook: input.runbook ?? null,
  enabled: input.enabled,
});

/** A stored SLO as it was defined (what OpenSLO export and the API both show). */
export function sloInputOf(row: Omit<SloRow, "corrections">) {
  return {
    name: row.name,
    displayName: row.displayName ?? undefined,
    description: row.description,
    service: row.service,
    sli: row.sli as SloInput["sli"],
    objective: row.objective,
    window: row.window as SloInput["window"],
    labels: row.labels as Record<string, string>,
    runbook: row.runbook ?? undefined,
    enabled: row.enabled,
  };
}

export function toSlo(row: SloRow, instances: InstanceRow[]): Slo {
  const figures = row.figures as SloFigures | null;
  return {
    id: row.id,
    key: sloKey(row.id),
    ...sloInputOf(row),
    version: row.version,
    health: row.health as "ok" | "unknown",
    lastError: row.lastError,
    lastEvaluatedAt: iso(row.lastEvaluatedAt),
    budgetRemaining: figures?.budgetRemaining ?? null,
    errorRatio: figures?.errorRatio ?? null,
    burnRates: figures?.burnRates ?? {},
    timeToExhaustionSeconds: figures?.timeToExhaustionSeconds ?? null,
    burnAlerts: BURN_ALERT_POLICIES.map((policy) => {
      const instance = instances.find((candidate) => (candidate.labels as Record<string, string>).burn_window === policy.key);
      return {
        key: policy.key,
        severity: policy.severity,
        factor: policy.factor,
        longWindow: formatDuration(policy.longMs),
        shortWindow: formatDuration(policy.shortMs),
        longBurnRate: figures?.burnRates[formatDuration(policy.longMs)] ?? null,
        shortBurnRate: figures?.burnRates[formatDuration(policy.shortMs)] ?? null,
        state: (instance?.state ?? "inactive") as "inactive" | "firing" | "resolved" | "pending",
      };
    }),
    corrections: row.corrections.map((correction) => ({
      id: correction.id,
      startsAt: correction.startsAt.toISOString(),
      endsAt: correction.endsAt.toISOString(),
      reason: correction.reason,
      createdBy: correction.createdBy,
    })),
  };
}

const withCorrections = { corrections: { orderBy: { startsAt: "asc" as const } } };

export async function listSlos() {
  const rows = await db().slo.findMany({ orderBy: [{ name: "asc" }], include: withCorrections });
  const instances = await instancesByKey(rows.map((row) => sloKey(row.id)));
  return { slos: rows.map((row) => toSlo(row, instances.get(sloKey(row.id)) ?? [])) };
}

export async function getSloRow(id: number): Promise<SloRow> {
  const row = await db().slo.findUnique({ where: { id }, include: withCorrections });
  if (!row) throw notFound("SLO", id);
  return row;
}

export async function getSlo(id: number): Promise<Slo> {
  const row = await getSloRow(id);
  return toSlo(row, (await instancesByKey([sloKey(id)])).get(sloKey(id)) ?? []);
}

const duplicateName = (name: string) => new ApiError(409, "conflict", `An SLO named ${JSON.stringify(name)} exists already`);

async function insertSlo(tx: Tx, input: SloInput, actor: Actor) {
  if (await tx.slo.findUnique({ where: { name: input.name } })) throw duplicateName(input.name);
  const created = await tx.slo.create({ data: sloData(input), include: withCorrections });
  await writeAudit(tx, actor, { action: "slo.create", target: target("slo", created.id), after: created });
  return created;
}

export async function createSlo(input: SloInput, actor: Actor): Promise<Slo> {
  checkRunbook(input.runbook, "runbook");
  const row = await db().$transaction((tx) => insertSlo(tx, input, actor));
  return toSlo(row, []);
}

/** Several SLOs at once (an OpenSLO import): all or none. */
export async function createSlos(inputs: SloInput[], actor: Actor): Promise<Slo[]> {
  inputs.forEach((input, index) => checkRunbook(input.runbook, `${index}.runbook`));
  const rows = await db().$transaction(async (tx) => {
    const created = [];
    for (const input of inputs) created.push(await insertSlo(tx, input, actor));
    return created;
  });
  return rows.map((row) => toSlo(row, []));
}

export async function updateSlo(id: number, input: SloInput & { version: number }, actor: Actor): Promise<Slo> {
  checkRunbook(input.runbook, "runbook");
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "slos" WHERE "id" = ${id} FOR UPDATE`;
    const before = await tx.slo.findUnique({ where: { id } });
    if (!before) throw notFound("SLO", id);
    if (before.version !== input.version) throw new ApiError(409, "conflict", `SLO #${id} is at version ${before.version}; you sent ${input.version}.`);
    if (input.name !== before.name && (await tx.slo.findUnique({ where: { name: input.name } }))) throw duplicateName(input.name);
    const data = sloData(input);
    if (JSON.stringify([before.sli, before.objective, before.window, before.name]) !== JSON.stringify([data.sli, data.objective, data.window, data.name]) || !input.enabled) {
      await retireAlerts(tx, sloKey(id), Date.now());
    }
    const after = await tx.slo.update({ where: { id }, data: { ...data, version: { increment: 1 }, updatedAt: new Date() } });
    await writeAudit(tx, actor, { action: "slo.update", target: target("slo", id), before, after });
  });
  return getSlo(id);
}

export async function deleteSlo(id: number, actor: Actor): Promise<{ deleted: true }> {
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "slos" WHERE "id" = ${id} FOR UPDATE`;
    const before = await tx.slo.findUnique({ where: { id }, include: withCorrections });
    if (!before) throw notFound("SLO", id);
    await retireAlerts(tx, sloKey(id), Date.now());
    await tx.slo.delete({ where: { id } });
    await writeAudit(tx, actor, { action: "slo.delete", target: target("slo", id), before });
  });
  return { deleted: true };
}

/** A planned maintenance for one SLO; two that overlap would count the same minutes twice, so that is a 400. */
export async function addCorrection(id: number, input: { startsAt: string; endsAt: string; reason: string }, actor: Actor): Promise<Slo> {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "slos" WHERE "id" = ${id} FOR UPDATE`;
    if (!(await tx.slo.findUnique({ where: { id } }))) throw notFound("SLO", id);
    const overlap = await tx.sloCorrection.findFirst({ where: { sloId: id, startsAt: { lt: endsAt }, endsAt: { gt: startsAt } } });
    if (overlap) {
      throw new ApiError(400, "validation_failed", `Invalid body: the correction overlaps correction #${overlap.id} (${overlap.startsAt.toISOString()} – ${overlap.endsAt.toISOString()})`, [
        { code: "custom", path: ["startsAt"], message: `overlaps correction #${overlap.id}` },
      ]);
    }
    const created = await tx.sloCorrection.create({ data: { sloId: id, startsAt, endsAt, reason: input.reason, createdBy: actor.name } });
    await writeAudit(tx, actor, { action: "slo.correction_add", target: target("slo", id), after: created });
  });
  return getSlo(id);
}

export async function deleteCorrection(id: number, correctionId: number, actor: Actor): Promise<Slo> {
  await db().$transaction(async (tx) => {
    const before = await tx.sloCorrection.findFirst({ where: { id: correctionId, sloId: id } });
    if (!before) throw new ApiError(404, "not_found", `SLO #${id} has no correction #${correctionId}`);
    await tx.sloCorrection.delete({ where: { id: correctionId } });
    await writeAudit(tx, actor, { action: "slo.correction_delete", target: target("slo", id), before });
  });
  return getSlo(id);
}

export const windowMsOf = (slo: { window: string }) => parseDuration(slo.window) as number;
