import { describe, expect, it } from "vitest";
import { guardChart } from "@/lib/rollouts/chart";
import type { Evaluation, GuardResult } from "@/lib/rollouts/schemas";

const result = (treatment: number, control: number, lower: number, upper: number): GuardResult => ({
  index: 0,
  metric: "error_rate",
  action: "rollback",
  status: "pass",
  treatment: { n: 100, value: treatment },
  control: { n: 900, value: control },
  relative: { effect: treatment - control, lower, upper, limit: 1, logLikelihoodRatio: 0, exceeds: false },
  absolute: null,
  summary: "",
});
const evaluation = (at: string, guard: GuardResult): Evaluation => ({
  id: at,
  at,
  stage: 1,
  percentage: 10,
  action: "wait",
  summary: "",
  verdict: { action: "wait", summary: "", reasons: [], guards: [guard], sampleRatio: null, notify: false },
});

describe("a guard's chart", () => {
  it("orders the evaluations in time and carries both arms, the effect and its band, and the limits", () => {
    const chart = guardChart(
      [evaluation("2026-12-01T10:02:00.000Z", result(3, 1, 0.5, 3.5)), evaluation("2026-12-01T10:01:00.000Z", result(2, 1, -2, 4))],
      { metric: "error_rate", direction: "higher_is_worse", relativeMargin: 1, absoluteThreshold: 5, action: "rollback" },
      0,
    );
    expect(chart.rows.map((row) => row.effect)).toEqual([1, 2]);
    expect(chart.rows[1]).toMatchObject({ treatment: 3, control: 1, band: [0.5, 3.5] });
    expect(chart).toMatchObject({ limit: 1, threshold: 5, valueUnit: "%", effectUnit: "points" });
  });
});
