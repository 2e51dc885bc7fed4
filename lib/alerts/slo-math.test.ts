import { describe, expect, it } from "vitest";
import {
  budgetRemaining,
  burnDown,
  burnRate,
  type CountBucket,
  errorRatio,
  evaluateBurnAlerts,
  sumWindow,
  timeToExhaustionMs,
} from "@/lib/alerts/slo-math";

const MIN = 60_000;
const HOUR = 60 * MIN;

/** One bucket a minute for `minutes` minutes ending at `endMs`, each with `total` events of which `bad(i)` failed. */
function minutes(endMs: number, count: number, total: number, bad: (minutesAgo: number) => number): CountBucket[] {
  return Array.from({ length: count }, (_, index) => {
    const minutesAgo = count - index;
    return { time: endMs - minutesAgo * MIN, good: total - bad(minutesAgo), total };
  });
}

describe("error budget maths", () => {
  it("computes ratio, burn rate and remaining budget by hand", () => {
    // 99.5 %: budget 0.5 %. 1 000 events, 10 bad: ratio 1 %, burn rate 2, budget overspent by 100 %.
    expect(errorRatio({ good: 990, total: 1000 })).toBeCloseTo(0.01);
    expect(burnRate(0.01, 99.5)).toBeCloseTo(2);
    expect(budgetRemaining(0.01, 99.5)).toBeCloseTo(-1);
    // 2 bad of 1 000 = 0.2 %: 40 % of the budget spent.
    expect(budgetRemaining(0.002, 99.5)).toBeCloseTo(0.6);
    expect(errorRatio({ good: 0, total: 0 })).toBeNull();
    expect(budgetRemaining(null, 99.5)).toBe(1);
  });

  it("gives the time to exhaustion at the current burn rate", () => {
    // 60 % left of a 30-day budget, burning at 2×: 0.6 × 30 d / 2 = 9 days.
    expect(timeToExhaustionMs(0.6, 2, 30 * 24 * HOUR)).toBe(9 * 24 * HOUR);
    expect(timeToExhaustionMs(-0.1, 2, 30 * 24 * HOUR)).toBe(0);
    expect(timeToExhaustionMs(0.5, 0, 30 * 24 * HOUR)).toBeNull();
  });

  it("leaves correction windows out of both good and total", () => {
    const end = 10 * HOUR;
    const buckets = minutes(end, 60, 100, (ago) => (ago <= 10 ? 100 : 0));
    const window = { fromMs: end - HOUR, toMs: end };
    expect(sumWindow(buckets, window, MIN)).toEqual({ good: 5000, total: 6000 });
    // Maintenance over the last ten minutes: the outage inside it does not count.
    expect(sumWindow(buckets, window, MIN, [{ fromMs: end - 10 * MIN, toMs: end }])).toEqual({ good: 5000, total: 5000 });
    // A bucket partly inside the window is left out whole.
    expect(sumWindow(buckets, window, MIN, [{ fromMs: end - 10 * MIN - 30_000, toMs: end - 10 * MIN + 1 }]).total).toBe(5800);
  });
});

describe("multi-window multi-burn-rate alerts (SRE workbook)", () => {
  const end = 100 * HOUR;
  const objective = 99.9; // budget 0.1 %

  it("pages when both the 1 h and the 5 m windows burn above 14.4×", () => {
    // 2 % errors in each of the last 60 minutes: burn 20× over 1 h and over 5 m.
    const buckets = minutes(end, 72 * 60, 1000, (ago) => (ago <= 60 ? 20 : 0));
    const { alerts, burnRates } = evaluateBurnAlerts(buckets, MIN, end, objective);
    expect(burnRates[String(HOUR)]).toBeCloseTo(20);
    expect(burnRates[String(5 * MIN)]).toBeCloseTo(20);
    // 6 h: 60 bad minutes of 360 → ratio 2 %/6, burn 3.33: below 6, no second page.
    expect(burnRates[String(6 * HOUR)]).toBeCloseTo(20 / 6);
    expect(alerts.map((alert) => [alert.policy.key, alert.active])).toEqual([
      ["1h/5m", true],
      ["6h/30m", false],
      ["3d/6h", false],
    ]);
  });

  it("does not page once the short window has recovered, though the long one still burns", () => {
    // 2 % errors from 65 to 6 minutes ago, none in the last 5: 1 h burns 20 × 55/60 = 18.3×, 5 m burns 0.
    const buckets = minutes(end, 120, 1000, (ago) => (ago > 5 && ago <= 65 ? 20 : 0));
    const { alerts, burnRates } = evaluateBurnAlerts(buckets, MIN, end, objective);
    expect(burnRates[String(HOUR)]).toBeCloseTo((20 * 55) / 60);
    expect(burnRates[String(5 * MIN)]).toBe(0);
    expect(alerts[0]?.active).toBe(false);
  });

  it("pages on the 6 h / 30 m pair at 6×, and tickets on the 3 d / 6 h pair at 1×", () => {
    // 0.7 % errors for the last 6 h: burn 7× over 6 h and 30 m (page 2), 1 h also 7× < 14.4.
    // Over 3 d: 6 h of 72 at 7× = 0.583× → no ticket.
    const six = minutes(end, 72 * 60, 1000, (ago) => (ago <= 360 ? 7 : 0));
    expect(evaluateBurnAlerts(six, MIN, end, objective).alerts.map((alert) => alert.active)).toEqual([false, true, false]);
    // 0.15 % errors for three days: 1.5× everywhere → only the ticket.
    const slow = minutes(end, 72 * 60, 2000, () => 3);
    const result = evaluateBurnAlerts(slow, MIN, end, objective);
    expect(result.alerts.map((alert) => alert.active)).toEqual([false, false, true]);
    expect(result.alerts[2]?.longBurnRate).toBeCloseTo(1.5);
  });

  it("draws the burn-down ending at the remaining budget", () => {
    // 4 buckets of 1 000 events, bad 0, 1, 0, 1 at 99.9 %: budget 4 events; remaining 1, .75, .75, .5.
    const buckets = [0, 1, 0, 1].map((bad, index) => ({ time: index * HOUR, good: 1000 - bad, total: 1000 }));
    const points = burnDown(buckets, { fromMs: 0, toMs: 4 * HOUR }, HOUR, objective);
    expect(points.map((point) => Number(point.remaining.toFixed(6)))).toEqual([1, 0.75, 0.75, 0.5]);
    expect(budgetRemaining(errorRatio(sumWindow(buckets, { fromMs: 0, toMs: 4 * HOUR }, HOUR)), objective)).toBeCloseTo(0.5);
  });
});
