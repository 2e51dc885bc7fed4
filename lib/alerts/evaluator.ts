import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { getConfig } from "@/lib/config";
import { db, type Tx } from "@/lib/db";
import { acquireLease, holdsLease, releaseLease, renewWhileRunning } from "@/lib/db/lease";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { recordJobRun } from "@/lib/jobs/runs";
import { metricsStore } from "@/lib/metrics/store";
import { dropProcessSingleton, processSingleton } from "@/lib/process-singleton";
import type { AggregateRow, MetricsStore } from "@/lib/metrics/store/types";
import { serialiseViewState } from "@/lib/metrics/view-state";
import { runBatched, type SeriesRequest } from "@/lib/alerts/batch";
import { alertSources } from "@/lib/alerts/sources";
import { deliverToAlertmanager, deliverToIncidents, EVALUATOR_ACTOR, expandTemplate, publicOriginForJobs } from "@/lib/alerts/delivery";
import { formatDuration, parseDuration } from "@/lib/alerts/duration";
import { countBuckets, FINE_SPAN_MS, FINE_STEP_S, COARSE_STEP_S, ruleObservations, ruleRequests, sloClock, sloRequests } from "@/lib/alerts/plan";
import type { RuleInput, SloInput } from "@/lib/alerts/schemas";
import { activeSilences, ensureDefaults, ruleKey, type SloFigures, sloKey } from "@/lib/alerts/service";
import { burnAlerts, burnRate, budgetRemaining, BURN_WINDOWS_MS, errorRatio, sumWindow, timeToExhaustionMs, type Interval } from "@/lib/alerts/slo-math";
import { type AlertInstance, type Observation, RESOLVED_RETENTION_MS, stepAlerts, type Timing, type Transition } from "@/lib/alerts/state-machine";
import { alertFingerprint } from "@/lib/alerts/fingerprint";

/**
 * The evaluation loop: every ALERTS_EVALUATION_INTERVAL_SECONDS, the instance holding the
 * `alert-evaluation` lease queries the store once (batched) for every enabled rule and SLO,
 * steps each alert's state machine, writes the new states and transitions in one transaction
 * (after re-checking the lease under its row lock), then delivers: incidents for changes, and
 * every live alert to Alertmanager. State lives in PostgreSQL, so a restart or a failover picks
 * up pending timers where they were and never fires an alert a second time.
 */
export const LEASE_NAME = "alert-evaluation";
export const SLO_ALERTNAME = "SloErrorBudgetBurn";

type InstanceRow = Prisma.AlertInstanceGetPayload<object>;

export interface EvaluationReport {
  evaluated: boolean;
  rules: number;
  slos: number;
  queries: number;
  transitions: number;
  deliveredToIncidents: number;
  alertmanager: boolean | null;
  durationMs: number;
}

interface Unit {
  key: string;
  timing: Timing;
  requests: SeriesRequest[];
  /** From the unit's rows to observations; null rows mean its query failed. */
  observe(rows: AggregateRow[][]): Observation[];
  annotations(labels: Record<string, string>): Record<string, string>;
  generatorUrl(nowMs: number): string;
  finish(tx: Tx, result: { observations: Observation[] | null; error: string | null }, nowMs: number): Promise<void>;
}

const toInstance = (row: InstanceRow): AlertInstance => ({
  fingerprint: row.fingerprint,
  labels: row.labels as Record<string, string>,
  state: row.state as AlertInstance["state"],
  value: row.value,
  activeAt: row.activeAt.getTime(),
  firedAt: row.firedAt?.getTime() ?? null,
  resolvedAt: row.resolvedAt?.getTime() ?? null,
  lastTrueAt: row.lastTrueAt.getTime(),
});

const chartHref = (series: string | undefined, fromMs: number, toMs: number) =>
  `${publicOriginForJobs()}/metrics?${serialiseViewState({ range: { kind: "custom", fromMs, toMs }, series: series ? [series as never] : [], paused: true }).replace(/&?series=(&|$)/, "$1")}`;

/** The value shown for a rule: of the series closest to firing (highest for > and >=, lowest for < and <=). */
function headlineValue(rule: Pick<RuleInput, "comparison">, observations: Observation[]): number | null {
  if (!observations.length) return null;
  const values = observations.map((observation) => observation.value);
  return rule.comparison.startsWith(">") ? Math.max(...values) : Math.min(...values);
}

function ruleUnit(row: Prisma.AlertRuleGetPayload<object>, nowMs: number): Unit {
  const rule = { name: row.name, query: row.query as RuleInput["query"], comparison: row.comparison as RuleInput["comparison"], threshold: row.threshold, labels: row.labels as Record<string, string> };
  const annotations = row.annotations as RuleInput["annotations"];
  const windowMs = parseDuration(rule.query.window) as number;
  return {
    key: ruleKey(row.id),
    timing: { forMs: parseDuration(row.forDuration) ?? 0, keepFiringForMs: parseDuration(row.keepFiringFor) ?? 0 },
    requests: ruleRequests(rule, nowMs),
    observe: (rows) => ruleObservations(rule, rows),
    annotations: (labels) => ({
      summary: expandTemplate(annotations.summary, labels),
      ...(annotations.description ? { description: expandTemplate(annotations.description, labels) } : {}),
      ...(annotations.runbook ? { runbook: annotations.runbook } : {}),
      rule: `${publicOriginForJobs()}/alerts?rule=${row.id}`,
    }),
    generatorUrl: (nowMs) => chartHref(row.series ?? undefined, nowMs - Math.max(windowMs, 3_600_000), nowMs),
    finish: async (tx, result, nowMs) => {
      await tx.alertRule.update({
        where: { id: row.id },
        data: {
          lastEvaluatedAt: new Date(nowMs),
          health: result.observations ? "ok" : "unknown",
          lastError: result.error,
          ...(result.observations ? { lastValue: headlineValue(rule, result.observations) } : {}),
        },
      });
    },
  };
}

/** An SLO's three burn-rate alerts (one per workbook policy) and its budget figures. */
function sloUnit(row: Prisma.SloGetPayload<{ include: { corrections: true } }>, nowMs: number): Unit {
  const slo = { sli: row.sli as SloInput["sli"], window: row.window as SloInput["window"] };
  const clock = sloClock(nowMs);
  const windowMs = parseDuration(slo.window) as number;
  const corrections: Interval[] = row.corrections.map((correction) => ({ fromMs: correction.startsAt.getTime(), toMs: correction.endsAt.getTime() }));
  let figures: SloFigures | null = null;
  return {
    key: sloKey(row.id),
    timing: { forMs: 0, keepFiringForMs: 0 },
    requests: sloRequests(slo, clock),
    observe: (rows) => {
      const [fineTotal, finePart, coarseTotal, coarsePart] = rows;
      const fine = countBuckets(slo, fineTotal ?? [], finePart ?? []);
      const coarse = countBuckets(slo, coarseTotal ?? [], coarsePart ?? []);
      const burnRates: Record<string, number | null> = {};
      for (const windowLength of BURN_WINDOWS_MS) {
        const [buckets, bucketMs, end] = windowLength <= FINE_SPAN_MS ? [fine, FINE_STEP_S * 1000, clock.fineEndMs] : [coarse, COARSE_STEP_S * 1000, clock.coarseEndMs];
        burnRates[String(windowLength)] = burnRate(errorRatio(sumWindow(buckets, { fromMs: end - windowLength, toMs: end }, bucketMs, corrections)), row.objective);
      }
      const ratio = errorRatio(sumWindow(coarse, { fromMs: clock.coarseEndMs - windowMs, toMs: clock.coarseEndMs }, COARSE_STEP_S * 1000, corrections));
      const remaining = budgetRemaining(ratio, row.objective);
      const hourly = burnRates[String(3_600_000)] ?? null;
      const tte = timeToExhaustionMs(remaining, hourly, windowMs);
      figures = {
        budgetRemaining: remaining,
        errorRatio: ratio,
        burnRates: Object.fromEntries(Object.entries(burnRates).map(([ms, rate]) => [formatDuration(Number(ms)), rate])),
        timeToExhaustionSeconds: tte === null ? null : Math.round(tte / 1000),
      };
      return burnAlerts(burnRates).map((alert) => {
        const labels: Record<string, string> = {
          alertname: SLO_ALERTNAME,
          ...(row.labels as Record<string, string>),
          slo: row.name,
          service: row.service,
          severity: alert.policy.severity === "page" ? "critical" : "warning",
          burn_window: alert.policy.key,
        };
        return { fingerprint: alertFingerprint(labels), labels, value: alert.longBurnRate ?? 0, active: alert.active };
      });
    },
    annotations: (labels) => ({
      summary: `SLO ${row.displayName ?? row.name} is burning its error budget fast (${labels.burn_window})`,
      description: `Burn rate above the workbook's threshold over ${labels.burn_window}; objective ${row.objective} % over ${row.window}.`,
      ...(row.runbook ? { runbook: row.runbook } : {}),
      slo: `${publicOriginForJobs()}/slos/${row.id}`,
    }),
    generatorUrl: () => `${publicOriginForJobs()}/slos/${row.id}`,
    finish: async (tx, result, at) => {
      await tx.slo.update({
        where: { id: row.id },
        data: {
          lastEvaluatedAt: new Date(at),
          health: result.observations ? "ok" : "unknown",
          lastError: result.error,
          ...(figures ? { figures: figures as unknown as Prisma.InputJsonValue } : {}),
        },
      });
    },
  };
}

class LeaseLost extends Error {}

async function writeState(tx: Tx, unit: Unit, previous: InstanceRow[], next: AlertInstance[], transitions: Transition[], nowMs: number) {
  const kept = new Set(next.map((alert) => alert.fingerprint));
  const gone = previous.filter((row) => !kept.has(row.fingerprint)).map((row) => row.fingerprint);
  if (gone.length) await tx.alertInstance.deleteMany({ where: { ruleKey: unit.key, fingerprint: { in: gone } } });
  const before = new Map(previous.map((row) => [row.fingerprint, row]));
  for (const alert of next) {
    const old = before.get(alert.fingerprint);
    const data = {
      labels: alert.labels,
      annotations: unit.annotations(alert.labels),
      state: alert.state,
      value: alert.value,
      activeAt: new Date(alert.activeAt),
      firedAt: alert.firedAt === null ? null : new Date(alert.firedAt),
      resolvedAt: alert.resolvedAt === null ? null : new Date(alert.resolvedAt),
      lastTrueAt: new Date(alert.lastTrueAt),
    };
    if (!old) {
      await tx.alertInstance.create({ data: { ruleKey: unit.key, fingerprint: alert.fingerprint, ...data, generatorUrl: unit.generatorUrl(nowMs) } });
    } else if (old.state !== alert.state || old.value !== alert.value || old.lastTrueAt.getTime() !== alert.lastTrueAt) {
      // A new firing period reaches the incidents again; the chart link follows the latest window.
      const refire = old.state === "resolved" && alert.state !== "resolved";
      await tx.alertInstance.update({
        where: { ruleKey_fingerprint: { ruleKey: unit.key, fingerprint: alert.fingerprint } },
        data: { ...data, generatorUrl: unit.generatorUrl(nowMs), ...(refire ? { incidentState: null } : {}) },
      });
    }
  }
  if (transitions.length) {
    await tx.alertTransition.createMany({
      data: transitions.map((transition) => ({
        ruleKey: unit.key,
        fingerprint: transition.fingerprint,
        labels: transition.labels,
        fromState: transition.from,
        toState: transition.to,
        at: new Date(transition.at),
        value: transition.value,
      })),
    });
  }
}

/**
 * One evaluation, if this holder gets the lease. `store` and `nowMs` are for tests and the bench;
 * the loop passes neither.
 */
export async function evaluateOnce(options: { holder: string; leaseTtlMs?: number; store?: MetricsStore; nowMs?: number; deliver?: boolean }): Promise<EvaluationReport> {
  const started = performance.now();
  const nowMs = options.nowMs ?? Date.now();
  const ttl = options.leaseTtlMs ?? getConfig().ALERTS_EVALUATION_INTERVAL_SECONDS * 3000;
  const report: EvaluationReport = { evaluated: false, rules: 0, slos: 0, queries: 0, transitions: 0, deliveredToIncidents: 0, alertmanager: null, durationMs: 0 };
  if (!(await acquireLease(LEASE_NAME, options.holder, ttl))) return { ...report, durationMs: performance.now() - started };
  // Renewed while the queries run, so an evaluation longer than the lease still completes.
  const renewal = renewWhileRunning(LEASE_NAME, options.holder, ttl);
  try {
    return await evaluateHolding(options, nowMs, report, started, renewal.lost);
  } finally {
    renewal.stop();
  }
}

async function evaluateHolding(
  options: { holder: string; store?: MetricsStore; deliver?: boolean },
  nowMs: number,
  report: EvaluationReport,
  started: number,
  leaseLost: () => boolean,
): Promise<EvaluationReport> {

  const [rules, slos] = await Promise.all([
    db().alertRule.findMany({ where: { enabled: true } }),
    db().slo.findMany({ where: { enabled: true }, include: { corrections: true } }),
  ]);
  const units: Unit[] = [...rules.map((rule) => ruleUnit(rule, nowMs)), ...slos.map((slo) => sloUnit(slo, nowMs))];
  const requests = units.flatMap((unit) => unit.requests);
  const { rows, queries } = await runBatched(alertSources(options.store ?? metricsStore()), requests);
  const previous = await db().alertInstance.findMany({ where: { ruleKey: { in: units.map((unit) => unit.key) } } });
  const previousByKey = new Map<string, InstanceRow[]>();
  for (const row of previous) previousByKey.set(row.ruleKey, [...(previousByKey.get(row.ruleKey) ?? []), row]);

  let offset = 0;
  const results = units.map((unit) => {
    const own = rows.slice(offset, offset + unit.requests.length);
    offset += unit.requests.length;
    const failure = own.find((part): part is Error => part instanceof Error);
    const observations = failure ? null : unit.observe(own as AggregateRow[][]);
    const before = previousByKey.get(unit.key) ?? [];
    const step = stepAlerts(before.map(toInstance), observations, unit.timing, nowMs);
    return { unit, before, step, observations, error: failure ? failure.message.slice(0, 500) : null };
  });

  await db().$transaction(
    async (tx) => {
      if (leaseLost() || !(await holdsLease(tx, LEASE_NAME, options.holder))) throw new LeaseLost("the evaluation lease passed to another instance");
      for (const result of results) {
        await writeState(tx, result.unit, result.before, result.step.alerts, result.step.transitions, nowMs);
        await result.unit.finish(tx, { observations: result.observations, error: result.error }, nowMs);
      }
      // Alerts of rules that were disabled or deleted: kept until their resolution went out, then dropped.
      await tx.alertInstance.deleteMany({
        where: { ruleKey: { notIn: units.map((unit) => unit.key) }, state: "resolved", resolvedAt: { lt: new Date(nowMs - RESOLVED_RETENTION_MS) } },
      });
    },
    { timeout: 60_000, maxWait: 15_000 },
  );
  Object.assign(report, {
    evaluated: true,
    rules: rules.length,
    slos: slos.length,
    queries,
    transitions: results.reduce((sum, result) => sum + result.step.transitions.length, 0),
  });

  if (options.deliver !== false) {
    const [live, silences] = await Promise.all([db().alertInstance.findMany({ where: { state: { in: ["firing", "resolved"] } } }), activeSilences(nowMs)]);
    report.deliveredToIncidents = await deliverToIncidents(live, silences, nowMs);
    report.alertmanager = await deliverToAlertmanager(live, silences, nowMs);
  }
  return { ...report, durationMs: performance.now() - started };
}

// --- The loop ------------------------------------------------------------------------------

/** Starts the loop once per process (lib/background.ts); ALERTS_EVALUATOR=false leaves it off. */
export function startAlertEvaluator(): { stop(): Promise<void> } {
  return processSingleton("alertEvaluator", createAlertEvaluator);
}

function createAlertEvaluator(): { stop(): Promise<void> } {
  const config = getConfig();
  if (!config.ALERTS_EVALUATOR) return { stop: async () => undefined };
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  // Tried again before every evaluation until it succeeds: one failure (a loaded database at
  // start-up) must not leave the seeds' rules missing until the next restart.
  let defaultsCreated = false;
  const createDefaults = () =>
    defaultsCreated
      ? Promise.resolve()
      : ensureDefaults(EVALUATOR_ACTOR).then(
          () => {
            defaultsCreated = true;
          },
          (error: unknown) => logger.warn({ err: error }, "could not create the default alert rules; trying again at the next evaluation"),
        );
  const tick = () => {
    if (running || stopped) return;
    running = createDefaults()
      .then(() => recordJobRun("alerts.evaluate", () => evaluateOnce({ holder }), { didWork: (report) => report.evaluated }))
      .catch((error: unknown) => {
        if (!(error instanceof LeaseLost)) logger.warn({ err: error }, "alert evaluation failed");
      })
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, config.ALERTS_EVALUATION_INTERVAL_SECONDS * 1000);
  timer.unref();
  const handle = {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await releaseLease(LEASE_NAME, holder).catch(() => undefined);
      dropProcessSingleton("alertEvaluator");
    },
  };
  return handle;
}
