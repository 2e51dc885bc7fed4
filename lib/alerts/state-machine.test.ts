import { describe, expect, it } from "vitest";
import { type AlertInstance, type Observation, RESOLVED_RETENTION_MS, ruleState, stepAlerts } from "@/lib/alerts/state-machine";

const S = 1000;
const series = (value: number, active: boolean, fingerprint = "a"): Observation => ({ fingerprint, labels: { endpoint: fingerprint }, value, active });

/** Runs evaluations at the given seconds, each with its observations; returns the states after each. */
function run(steps: Array<[number, Observation[] | null]>, timing = { forMs: 60 * S, keepFiringForMs: 0 }) {
  let alerts: AlertInstance[] = [];
  const trail: Array<{ at: number; states: string; transitions: string[] }> = [];
  for (const [second, observations] of steps) {
    const result = stepAlerts(alerts, observations, timing, second * S);
    alerts = result.alerts;
    trail.push({
      at: second,
      states: alerts.map((alert) => `${alert.fingerprint}:${alert.state}`).join(",") || "-",
      transitions: result.transitions.map((t) => `${t.fingerprint}:${t.from}>${t.to}`),
    });
  }
  return { alerts, trail };
}

describe("the alert state machine", () => {
  it("goes pending, fires only after `for` has elapsed, and resolves when the value is back below", () => {
    const { trail } = run([
      [0, [series(0.01, false)]],
      [30, [series(0.06, true)]],
      [60, [series(0.07, true)]],
      [90, [series(0.08, true)]],
      [120, [series(0.01, false)]],
    ]);
    expect(trail.map((step) => step.states)).toEqual(["-", "a:pending", "a:pending", "a:firing", "a:resolved"]);
    expect(trail[3]?.transitions).toEqual(["a:pending>firing"]);
    expect(trail[4]?.transitions).toEqual(["a:firing>resolved"]);
  });

  it("restarts the pending timer when the condition breaks before `for` is up", () => {
    const { trail } = run([
      [0, [series(1, true)]],
      [50, [series(0, false)]],
      [60, [series(1, true)]],
      [110, [series(1, true)]],
      [120, [series(1, true)]],
    ]);
    expect(trail.map((step) => step.states)).toEqual(["a:pending", "-", "a:pending", "a:pending", "a:firing"]);
  });

  it("fires at once with for = 0", () => {
    const { trail } = run([[0, [series(1, true)]]], { forMs: 0, keepFiringForMs: 0 });
    expect(trail[0]).toMatchObject({ states: "a:firing", transitions: ["a:inactive>firing"] });
  });

  it("keeps firing for keep_firing_for after the condition clears, then resolves", () => {
    const timing = { forMs: 0, keepFiringForMs: 60 * S };
    const { trail } = run(
      [
        [0, [series(1, true)]],
        [30, [series(0, false)]],
        [60, [series(0, false)]],
        [90, [series(0, false)]],
      ],
      timing,
    );
    expect(trail.map((step) => step.states)).toEqual(["a:firing", "a:firing", "a:resolved", "a:resolved"]);
  });

  it("changes nothing while the store cannot be queried, and is unknown", () => {
    const { alerts, trail } = run([
      [0, [series(1, true)]],
      [60, [series(1, true)]],
      [90, null],
      [120, null],
    ]);
    expect(trail.map((step) => step.states)).toEqual(["a:pending", "a:firing", "a:firing", "a:firing"]);
    expect(ruleState(alerts, "unknown")).toBe("unknown");
    expect(ruleState(alerts, "ok")).toBe("firing");
  });

  it("does not resolve a firing series that the store stops answering", () => {
    const { trail } = run([
      [0, [series(1, true)]],
      [60, [series(1, true)]],
      [90, []],
    ]);
    expect(trail[2]?.states).toBe("a:firing");
  });

  it("keeps one alert per series", () => {
    const { trail } = run([
      [0, [series(1, true, "a"), series(0, false, "b")]],
      [30, [series(1, true, "a"), series(1, true, "b")]],
      [60, [series(1, true, "a"), series(1, true, "b")]],
    ]);
    expect(trail.map((step) => step.states)).toEqual(["a:pending", "a:pending,b:pending", "a:firing,b:pending"]);
  });

  it("forgets a resolved alert after the retention, and a new breach starts pending again", () => {
    const { trail } = run([
      [0, [series(1, true)]],
      [60, [series(1, true)]],
      [90, [series(0, false)]],
      [90 + RESOLVED_RETENTION_MS / S, [series(0, false)]],
      [2000, [series(1, true)]],
    ]);
    expect(trail.map((step) => step.states)).toEqual(["a:pending", "a:firing", "a:resolved", "-", "a:pending"]);
  });
});
