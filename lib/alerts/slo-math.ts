/**
 * Error budgets and burn rates (Google SRE workbook, ch. 5). An SLI is good events over total
 * events; an objective of 99.5 % leaves an error budget of 0.5 % of events over the SLO window.
 * A burn rate of 1 spends exactly the budget over the window; 14.4 spends 2 % of a 30-day budget
 * in one hour. Pure: counts per bucket in, figures out.
 */
export interface CountBucket {
  /** Bucket start, ms since the epoch. */
  time: number;
  good: number;
  total: number;
}

export interface Interval {
  fromMs: number;
  toMs: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface BurnAlertPolicy {
  /** Stable key, also the `burn_window` label of the alert. */
  key: string;
  severity: "page" | "ticket";
  factor: number;
  longMs: number;
  shortMs: number;
}

/** The workbook's multi-window, multi-burn-rate alerts (table 5-8), as the issue names them. */
export const BURN_ALERT_POLICIES: BurnAlertPolicy[] = [
  { key: "1h/5m", severity: "page", factor: 14.4, longMs: HOUR, shortMs: 5 * MINUTE },
  { key: "6h/30m", severity: "page", factor: 6, longMs: 6 * HOUR, shortMs: 30 * MINUTE },
  { key: "3d/6h", severity: "ticket", factor: 1, longMs: 72 * HOUR, shortMs: 6 * HOUR },
];

/** Every window the policies read, shortest first. */
export const BURN_WINDOWS_MS = [...new Set(BURN_ALERT_POLICIES.flatMap((policy) => [policy.shortMs, policy.longMs]))].sort((a, b) => a - b);

const overlaps = (bucketStart: number, bucketMs: number, corrections: Interval[]) =>
  corrections.some((correction) => bucketStart < correction.toMs && bucketStart + bucketMs > correction.fromMs);

/**
 * Good and total events of the buckets starting in [fromMs, toMs). A bucket that overlaps a
 * correction window (planned maintenance) is left out entirely: the budget neither pays for it
 * nor earns from it.
 */
export function sumWindow(buckets: CountBucket[], window: Interval, bucketMs: number, corrections: Interval[] = []): { good: number; total: number } {
  let good = 0;
  let total = 0;
  for (const bucket of buckets) {
    if (bucket.time < window.fromMs || bucket.time >= window.toMs) continue;
    if (overlaps(bucket.time, bucketMs, corrections)) continue;
    good += bucket.good;
    total += bucket.total;
  }
  return { good, total };
}

/** Bad over total; null without events (no traffic spends no budget). Good above total counts as no errors. */
export function errorRatio(counts: { good: number; total: number }): number | null {
  if (counts.total <= 0) return null;
  return Math.max(0, counts.total - counts.good) / counts.total;
}

/** The error budget as a fraction of events: 99.5 → 0.005. */
export const errorBudget = (objectivePercent: number): number => 1 - objectivePercent / 100;

export function burnRate(ratio: number | null, objectivePercent: number): number | null {
  return ratio === null ? null : ratio / errorBudget(objectivePercent);
}

/** Fraction of the window's budget left: 1 untouched, 0 spent, below 0 overspent. */
export function budgetRemaining(windowRatio: number | null, objectivePercent: number): number {
  return windowRatio === null ? 1 : 1 - windowRatio / errorBudget(objectivePercent);
}

/**
 * How long until the budget is gone if the current burn rate holds: the remaining fraction of a
 * budget that a burn rate of 1 spends in one window. 0 when already spent; null when not burning.
 */
export function timeToExhaustionMs(remaining: number, currentBurnRate: number | null, windowMs: number): number | null {
  if (remaining <= 0) return 0;
  if (currentBurnRate === null || currentBurnRate <= 0) return null;
  return (remaining * windowMs) / currentBurnRate;
}

export interface BurnAlertResult {
  policy: BurnAlertPolicy;
  longBurnRate: number | null;
  shortBurnRate: number | null;
  /** Both windows burn faster than the factor: the workbook's condition for this alert. */
  active: boolean;
}

/** Which of the workbook's alerts hold, given the burn rate over each window (keyed by its length in ms). */
export function burnAlerts(burnRates: Record<string, number | null>): BurnAlertResult[] {
  return BURN_ALERT_POLICIES.map((policy) => {
    const longBurnRate = burnRates[String(policy.longMs)] ?? null;
    const shortBurnRate = burnRates[String(policy.shortMs)] ?? null;
    const active = longBurnRate !== null && shortBurnRate !== null && longBurnRate > policy.factor && shortBurnRate > policy.factor;
    return { policy, longBurnRate, shortBurnRate, active };
  });
}

/** Burn rates over every policy window ending at `nowMs`, from one bucket series, and which alerts hold. */
export function evaluateBurnAlerts(
  buckets: CountBucket[],
  bucketMs: number,
  nowMs: number,
  objectivePercent: number,
  corrections: Interval[] = [],
): { burnRates: Record<string, number | null>; alerts: BurnAlertResult[] } {
  const burnOver = (windowMs: number) =>
    burnRate(errorRatio(sumWindow(buckets, { fromMs: nowMs - windowMs, toMs: nowMs }, bucketMs, corrections)), objectivePercent);
  const burnRates = Object.fromEntries(BURN_WINDOWS_MS.map((windowMs) => [String(windowMs), burnOver(windowMs)]));
  return { burnRates, alerts: burnAlerts(burnRates) };
}

/**
 * The budget burn-down over the SLO window: after each bucket, the fraction of the window's budget
 * still unspent, where the budget is the objective's share of all events in the window. Ends at
 * the window's remaining budget.
 */
export function burnDown(buckets: CountBucket[], window: Interval, bucketMs: number, objectivePercent: number, corrections: Interval[] = []) {
  const included = buckets
    .filter((bucket) => bucket.time >= window.fromMs && bucket.time < window.toMs && !overlaps(bucket.time, bucketMs, corrections))
    .sort((a, b) => a.time - b.time);
  const total = included.reduce((sum, bucket) => sum + bucket.total, 0);
  const allowed = total * errorBudget(objectivePercent);
  let bad = 0;
  return included.map((bucket) => {
    bad += Math.max(0, bucket.total - bucket.good);
    return { time: bucket.time, remaining: allowed > 0 ? 1 - bad / allowed : 1 };
  });
}
