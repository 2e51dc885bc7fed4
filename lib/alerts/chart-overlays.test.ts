import { describe, expect, it } from "vitest";
import { ruleOverlays } from "@/lib/alerts/chart-overlays";

const T = Date.UTC(2026, 10, 20, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const alert = (firedAt: number | null, resolvedAt: number | null) => ({
  fingerprint: "f",
  labels: {},
  state: resolvedAt ? ("resolved" as const) : ("firing" as const),
  value: 0,
  activeAt: iso(firedAt ?? T),
  firedAt: firedAt === null ? null : iso(firedAt),
  resolvedAt: resolvedAt === null ? null : iso(resolvedAt),
  silenced: false,
});
const errorRule = {
  name: "ErrorRateCritical",
  enabled: true,
  series: "error_rate" as const,
  comparison: ">" as const,
  threshold: 0.05,
  query: { kind: "ratio" as const, numerator: { measurement: "api_error" }, denominator: { measurement: "api_request" }, groupBy: [], window: "5m" },
  alerts: [alert(T - 3_600_000, T - 1_800_000), alert(T - 600_000, null), alert(null, null)],
};
const window = { fromMs: T - 2_700_000, toMs: T };

describe("rule overlays on a metrics chart", () => {
  it("draws a ratio rule's threshold in percent, labelled with the rule", () => {
    expect(ruleOverlays([errorRule], "error_rate", window).thresholds).toEqual([{ y: 5, label: "ErrorRateCritical > 5 %", tone: "alert" }]);
  });

  it("shades firing periods clipped to the window, a still-firing one up to its end, a pending one not at all", () => {
    expect(ruleOverlays([errorRule], "error_rate", window).firing).toEqual([
      { fromMs: window.fromMs, toMs: T - 1_800_000, label: "ErrorRateCritical firing" },
      { fromMs: T - 600_000, toMs: T, label: "ErrorRateCritical firing" },
    ]);
  });

  it("leaves out disabled rules and rules placed on other charts; aggregate thresholds stay as they are", () => {
    const latency = { ...errorRule, name: "AuthP99High", series: "auth_latency" as const, threshold: 600, query: { kind: "aggregate" as const, measurement: "auth_duration", field: "duration_ms", aggregate: { fn: "percentile" as const, p: 99 }, groupBy: [], window: "5m" }, alerts: [] };
    expect(ruleOverlays([{ ...errorRule, enabled: false }, latency], "error_rate", window)).toEqual({ thresholds: [], firing: [] });
    expect(ruleOverlays([latency], "auth_latency", window).thresholds).toEqual([{ y: 600, label: "AuthP99High > 600", tone: "alert" }]);
  });
});
