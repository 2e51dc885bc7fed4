import { describe, expect, it } from "vitest";
import { decide, type Observations, type PlanForDecision, rollbackPercentage } from "@/lib/rollouts/decide";
import { addToArm, emptyArm } from "@/lib/rollouts/statistics";

const MIN = 60_000;
const plan: PlanForDecision = {
  flagName: "new_checkout",
  service: "checkout",
  stages: [
    { percentage: 0, minDwellMinutes: 1, minSamplePerArm: 0 },
    { percentage: 10, minDwellMinutes: 5, minSamplePerArm: 200 },
    { percentage: 50, minDwellMinutes: 5, minSamplePerArm: 200 },
    { percentage: 100, minDwellMinutes: 5, minSamplePerArm: 0 },
  ],
  currentStage: 1,
  stageStartedAtMs: 0,
  guards: [{ metric: "error_rate", direction: "higher_is_worse", relativeMargin: 0.5, absoluteThreshold: 5, action: "rollback" }],
  alpha: 0.05,
  noDataGraceMinutes: 10,
};

const rates = (n: number, treatmentErrors: number, controlErrors: number, users = { treatment: 100, control: 900 }): Observations => {
  const treatment = emptyArm();
  const control = emptyArm();
  addToArm(treatment, 1, treatmentErrors);
  addToArm(treatment, 0, n - treatmentErrors);
  addToArm(control, 1, controlErrors);
  addToArm(control, 0, n - controlErrors);
  return { users, metrics: { error_rate: { treatment, control } }, unavailable: {} };
};
const ctx = (nowMs: number, observations: Observations, openIncident: { id: number; title: string } | null = null) => ({ nowMs, observations, openIncident });

describe("a running stage", () => {
  it("waits for its dwell, then for its samples, then advances", () => {
    expect(decide(plan, ctx(2 * MIN, rates(500, 5, 5))).action).toBe("wait");
    const short = decide(plan, ctx(6 * MIN, rates(150, 1, 1)));
    expect(short).toMatchObject({ action: "wait", summary: expect.stringContaining("treatment 150 of 200") });
    expect(decide(plan, ctx(6 * MIN, rates(500, 5, 5))).action).toBe("advance");
  });

  it("does not advance on a guard too short to judge when the stage asks for fewer samples; 0 asks for the dwell alone", () => {
    const lenient = { ...plan, stages: plan.stages.map((stage, index) => (index === 1 ? { ...stage, minSamplePerArm: 60 } : stage)) };
    const short = decide(lenient, ctx(6 * MIN, rates(80, 1, 1)));
    expect(short).toMatchObject({ action: "wait", summary: expect.stringContaining("treatment 80 of 100") });
    expect(short.guards[0]?.status).toBe("insufficient");
    expect(decide(lenient, ctx(6 * MIN, rates(100, 1, 1))).action).toBe("advance");
    const dwellOnly = { ...plan, stages: plan.stages.map((stage, index) => (index === 1 ? { ...stage, minSamplePerArm: 0 } : stage)) };
    expect(decide(dwellOnly, ctx(6 * MIN, rates(80, 1, 1))).action).toBe("advance");
  });

  it("rolls back when treatment fails more often, with the effect and its bound in the verdict", () => {
    const verdict = decide(plan, ctx(2 * MIN, rates(1_000, 80, 10)));
    expect(verdict.action).toBe("rollback");
    const guard = verdict.guards[0];
    expect(guard?.status).toBe("fail");
    expect(guard?.relative?.effect).toBeCloseTo(7, 5);
    expect(guard?.relative?.lower).toBeGreaterThan(0.5);
    expect(verdict.summary).toContain("worse by at least");
  });

  it("holds with the ratio when the split is broken, even if treatment looks worse", () => {
    const verdict = decide(plan, ctx(6 * MIN, rates(1_000, 80, 10, { treatment: 500, control: 500 })));
    expect(verdict.action).toBe("hold");
    expect(verdict.summary).toMatch(/the split is 50\/50, expected 10\/90, p = /);
  });

  it("holds after the grace period without data, and when the span store cannot be read", () => {
    const none = rates(0, 0, 0, { treatment: 0, control: 0 });
    expect(decide(plan, ctx(5 * MIN, none)).action).toBe("wait");
    expect(decide(plan, ctx(11 * MIN, none))).toMatchObject({ action: "hold", summary: expect.stringContaining("no data") });
    const unreadable: Observations = { users: { treatment: 0, control: 0 }, metrics: {}, unavailable: { error_rate: "connect ECONNREFUSED" } };
    expect(decide(plan, ctx(6 * MIN, unreadable))).toMatchObject({ action: "hold", summary: expect.stringContaining("ECONNREFUSED") });
  });

  it("freezes while an incident is open on the service, but still rolls back", () => {
    const incident = { id: 12, title: "checkout errors" };
    expect(decide(plan, ctx(6 * MIN, rates(500, 5, 5), incident))).toMatchObject({ action: "hold", summary: expect.stringContaining("incident #12") });
    expect(decide(plan, ctx(6 * MIN, rates(1_000, 80, 10), incident)).action).toBe("rollback");
  });

  it("holds while an SLO of the service burns its error budget, and says which; a failing guard still rolls back", () => {
    const burningSlo = { sloId: 3, name: "checkout-availability", window: "1h/5m", burnRate: 15.24 };
    const verdict = decide(plan, { ...ctx(6 * MIN, rates(500, 5, 5)), burningSlo });
    expect(verdict).toMatchObject({ action: "hold", summary: expect.stringContaining("SLO checkout-availability of checkout is burning its error budget (1h/5m, burn rate 15.2×)") });
    expect(decide(plan, { ...ctx(6 * MIN, rates(1_000, 80, 10)), burningSlo }).action).toBe("rollback");
    expect(decide(plan, { ...ctx(6 * MIN, rates(500, 5, 5)), burningSlo: null }).action).toBe("advance");
  });

  it("holds (not rolls back) for a hold guard, and asks to notify for a notify guard", () => {
    const notify = { ...plan, guards: [{ ...plan.guards[0]!, action: "notify" as const }] };
    expect(decide(notify, ctx(6 * MIN, rates(1_000, 80, 10)))).toMatchObject({ action: "hold", notify: true });
  });

  it("completes when the next stage is the last at 100 %; stage 0 (target users) only dwells", () => {
    expect(decide({ ...plan, currentStage: 2 }, ctx(6 * MIN, rates(500, 5, 5, { treatment: 500, control: 500 }))).action).toBe("complete");
    expect(decide({ ...plan, currentStage: 0 }, ctx(2 * MIN, rates(0, 0, 0, { treatment: 0, control: 0 }))).action).toBe("advance");
  });
});

describe("rollback target", () => {
  it("is 0 % or the previous stage's percentage, per plan", () => {
    expect(rollbackPercentage(plan.stages, 2, "zero")).toBe(0);
    expect(rollbackPercentage(plan.stages, 2, "previous_stage")).toBe(10);
  });
});
