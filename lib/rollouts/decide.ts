/**
 * The stage state machine and the guards' verdicts: pure, no I/O, no clock (the caller passes
 * `nowMs`). The evaluator (lib/rollouts/evaluator.ts) gathers the observations, calls `decide`, and
 * applies what it says.
 */
import { GUARD_METRICS, type Guard, MIN_TEST_SAMPLE, type GuardMetric, type GuardResult, type Stage, type Verdict } from "@/lib/rollouts/schemas";
import { type ArmSummary, sampleRatioCheck, type SequentialResult, sequentialTest } from "@/lib/rollouts/statistics";

export interface ArmPair {
  treatment: ArmSummary;
  control: ArmSummary;
}

export interface Observations {
  /** Distinct users seen in each arm since the stage started: what the split check counts. */
  users: { treatment: number; control: number };
  /** Per metric; a metric whose store could not be read is absent and named in `unavailable`. */
  metrics: Partial<Record<GuardMetric, ArmPair>>;
  /** Why a store could not be read, by metric. */
  unavailable: Partial<Record<GuardMetric, string>>;
}

export interface PlanForDecision {
  flagName: string;
  service: string;
  stages: Stage[];
  currentStage: number;
  stageStartedAtMs: number;
  guards: Guard[];
  alpha: number;
  noDataGraceMinutes: number;
}

export interface DecisionContext {
  nowMs: number;
  observations: Observations;
  /** An open incident on the plan's service freezes advancement. */
  openIncident: { id: number; title: string } | null;
  /** A firing error-budget burn alert of one of the service's SLOs (lib/alerts) freezes it too. */
  burningSlo?: SloBurn | null;
}

export interface SloBurn {
  sloId: number;
  name: string;
  /** The burn alert's windows, e.g. "1h/5m". */
  window: string;
  /** Over its long window; null before the SLO has data for it. */
  burnRate: number | null;
}

/** A stage compares arms only when both exist: at 0 % (target users only) and 100 % there is no control. */
export const stageCompares = (stage: Stage): boolean => stage.percentage > 0 && stage.percentage < 100;

const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const pValueText = (p: number) => (p < 0.0001 ? p.toExponential(1) : p.toFixed(4));

/** Display units: a rate in percent (points for a difference); latency in ms, or percent slower for a ratio. */
function display(metric: GuardMetric, comparison: "relative" | "absolute", harm: number): number {
  if (GUARD_METRICS[metric].kind === "rate") return harm * 100;
  return comparison === "relative" ? (Math.exp(harm) - 1) * 100 : Math.exp(harm);
}

function shownBound(metric: GuardMetric, comparison: "relative" | "absolute", result: SequentialResult, limit: number) {
  const show = (value: number) => round(display(metric, comparison, value), 4);
  return { effect: show(result.effect), lower: show(result.lower), upper: show(result.upper), limit: show(limit), logLikelihoodRatio: round(result.logLikelihoodRatio, 4), exceeds: result.exceeds };
}

/** The margin and threshold in the test's own units (a proportion; the log of milliseconds). */
function limits(guard: Guard): { relative?: number; absolute?: number } {
  const rate = GUARD_METRICS[guard.metric].kind === "rate";
  const sign = guard.direction === "higher_is_worse" ? 1 : -1;
  return {
    relative: guard.relativeMargin === undefined ? undefined : rate ? guard.relativeMargin / 100 : Math.log(1 + guard.relativeMargin / 100),
    absolute:
      guard.absoluteThreshold === undefined ? undefined : sign * (rate ? guard.absoluteThreshold / 100 : Math.log(Math.max(guard.absoluteThreshold, 1e-9))),
  };
}

function armValue(metric: GuardMetric, arm: ArmSummary): number | null {
  if (arm.n === 0) return null;
  const mean = arm.sum / arm.n;
  return round(GUARD_METRICS[metric].kind === "rate" ? mean * 100 : Math.exp(mean), 4);
}

const unit = (metric: GuardMetric) => GUARD_METRICS[metric].unit;

/** One guard against the stage's observations. */
export function evaluateGuard(guard: Guard, index: number, observations: Observations, alpha: number, tuningSamples: number): GuardResult {
  const spec = GUARD_METRICS[guard.metric];
  const base = { index, metric: guard.metric, action: guard.action };
  const arms = observations.metrics[guard.metric];
  if (!arms) {
    const why = observations.unavailable[guard.metric] ?? "no store answered";
    return { ...base, status: "unavailable", treatment: { n: 0, value: null }, control: { n: 0, value: null }, relative: null, absolute: null, summary: `${spec.label}: cannot be read (${why})` };
  }
  const sign = guard.direction === "higher_is_worse" ? 1 : -1;
  const options = { alpha, tuningSamples, sign } as const;
  const { relative: margin, absolute: threshold } = limits(guard);
  const relative = margin === undefined ? null : sequentialTest(arms.treatment, arms.control, spec.kind, { ...options, margin });
  const absolute = threshold === undefined ? null : sequentialTest(arms.treatment, null, spec.kind, { ...options, margin: threshold });
  const enough = arms.treatment.n >= MIN_TEST_SAMPLE && arms.control.n >= MIN_TEST_SAMPLE;
  const failing = enough && Boolean(relative?.exceeds || absolute?.exceeds);
  const treatment = { n: arms.treatment.n, value: armValue(guard.metric, arms.treatment) };
  const control = { n: arms.control.n, value: armValue(guard.metric, arms.control) };
  const shownRelative = relative && margin !== undefined ? shownBound(guard.metric, "relative", relative, margin) : null;
  const shownAbsolute = absolute && threshold !== undefined ? shownBound(guard.metric, "absolute", absolute, threshold) : null;
  const values = `treatment ${treatment.value ?? "–"} ${unit(guard.metric)} (n = ${treatment.n}), control ${control.value ?? "–"} ${unit(guard.metric)} (n = ${control.n})`;
  const relativeUnit = spec.kind === "rate" ? "points" : "%";
  let summary: string;
  if (!enough) summary = `${spec.label}: too few requests to judge yet (${values})`;
  else if (failing && shownRelative?.exceeds)
    summary = `${spec.label}: treatment is worse by at least ${shownRelative.lower} ${relativeUnit} (allowed ${shownRelative.limit}); ${values}`;
  else if (failing && shownAbsolute)
    summary = `${spec.label}: treatment is past the threshold of ${shownAbsolute.limit} ${unit(guard.metric)} (at least ${sign === 1 ? shownAbsolute.lower : shownAbsolute.upper}); ${values}`;
  else summary = `${spec.label}: no evidence of harm; ${values}`;
  return { ...base, status: !enough ? "insufficient" : failing ? "fail" : "pass", treatment, control, relative: shownRelative, absolute: shownAbsolute, summary };
}

/**
 * What to do with a running plan now. In order: a guard that cannot be read holds (never advance on
 * missing data); a broken split holds (it is not evidence); a failing guard rolls back, holds or
 * notifies-and-holds as it says; no exposures after the grace period holds; an open incident on
 * the service freezes, and so does an SLO of the service burning its error budget (a service-wide
 * burn is a reason not to widen exposure, but not evidence against the treatment: rolling back is
 * the guards' call, on the arms); otherwise the plan waits for its dwell and its samples, then advances
 * (or completes when the next stage is the last at 100 %, where no control is left to compare).
 */
export function decide(plan: PlanForDecision, context: DecisionContext): Verdict {
  const stage = plan.stages[plan.currentStage] as Stage;
  const next = plan.stages[plan.currentStage + 1];
  const compares = stageCompares(stage);
  const reasons: string[] = [];
  const tuningSamples = Math.max(2 * stage.minSamplePerArm, 2 * MIN_TEST_SAMPLE);
  const guards = compares ? plan.guards.map((guard, index) => evaluateGuard(guard, index, context.observations, plan.alpha, tuningSamples)) : [];
  const sampleRatio = compares
    ? sampleRatioCheck(context.observations.users.treatment, context.observations.users.control, stage.percentage / 100)
    : null;
  const verdict = (action: Verdict["action"], summary: string, notify = false): Verdict => ({ action, summary, reasons: [...reasons, ...guards.map((guard) => guard.summary)], guards, sampleRatio, notify });

  if (compares) {
    const unreadable = guards.filter((guard) => guard.status === "unavailable");
    if (unreadable.length) return verdict("hold", `holding: ${unreadable.map((guard) => guard.summary).join("; ")}. It resumes by itself once the store answers.`);
    if (sampleRatio?.mismatch) {
      const total = sampleRatio.treatment + sampleRatio.control;
      const share = Math.round((100 * sampleRatio.treatment) / total);
      return verdict(
        "hold",
        `holding: the split is ${share}/${100 - share}, expected ${stage.percentage}/${100 - stage.percentage}, p = ${pValueText(sampleRatio.pValue)} (${sampleRatio.treatment} treatment users, ${sampleRatio.control} control users). A broken split is not evidence; check that services hash the flag's users as Opsdeck does.`,
      );
    }
    const failing = guards.filter((guard) => guard.status === "fail");
    const rollback = failing.find((guard) => guard.action === "rollback");
    if (rollback) return verdict("rollback", `rolling back: ${rollback.summary}`);
    const holding = failing[0];
    if (holding) return verdict("hold", `holding: ${holding.summary}`, failing.some((guard) => guard.action === "notify"));
    const exposures = guards.reduce((most, guard) => Math.max(most, guard.treatment.n + guard.control.n), 0);
    if (exposures === 0 && context.nowMs - plan.stageStartedAtMs >= plan.noDataGraceMinutes * 60_000) {
      return verdict("hold", `holding: no data — no request exposed to ${plan.flagName} has reached Opsdeck since ${utcTime(plan.stageStartedAtMs)} (grace ${plan.noDataGraceMinutes} min). Check that ${plan.service} exports its spans with the OpenFeature hook.`);
    }
  }
  if (context.openIncident) {
    return verdict("hold", `frozen: incident #${context.openIncident.id} (${context.openIncident.title}) is open on ${plan.service}; the plan advances again once it is resolved.`);
  }
  if (context.burningSlo) {
    const burn = context.burningSlo;
    const rate = burn.burnRate === null ? "" : `, burn rate ${round(burn.burnRate, 1)}×`;
    return verdict("hold", `holding: SLO ${burn.name} of ${plan.service} is burning its error budget (${burn.window}${rate}); the plan advances again once the burn alert resolves.`);
  }
  const dueMs = plan.stageStartedAtMs + stage.minDwellMinutes * 60_000;
  if (context.nowMs < dueMs) {
    return verdict("wait", `waiting: stage ${plan.currentStage + 1} (${stage.percentage} %) dwells until ${utcTime(dueMs)}; ${next ? `next ${next.percentage} %` : "then the plan completes"}.`);
  }
  if (compares) {
    // A guard too short to judge could not have failed: advancing on it would pass the stage unguarded,
    // so a stage that asks for samples gets at least the test's own minimum. 0 asks for the dwell alone.
    const needed = stage.minSamplePerArm === 0 ? 0 : Math.max(stage.minSamplePerArm, MIN_TEST_SAMPLE);
    const short = guards.filter((guard) => guard.treatment.n < needed || guard.control.n < needed);
    if (short.length) {
      const counts = short[0] as GuardResult;
      return verdict("wait", `waiting for samples: treatment ${counts.treatment.n} of ${needed}, control ${counts.control.n} of ${needed} requests.`);
    }
  }
  if (!next) return verdict("complete", `complete: the last stage (${stage.percentage} %) held for its dwell with no guard failing.`);
  if (next.percentage >= 100 && plan.currentStage + 2 === plan.stages.length) return verdict("complete", `complete: every guard held; rolling out to 100 %.`);
  return verdict("advance", `advancing to ${next.percentage} %: the dwell has passed, each arm has its samples and no guard fails.`);
}

/** The flag percentage a rollback goes to. */
export function rollbackPercentage(stages: Stage[], currentStage: number, rollbackTo: "zero" | "previous_stage"): number {
  if (rollbackTo === "zero" || currentStage <= 0) return 0;
  return (stages[currentStage - 1] as Stage).percentage;
}
