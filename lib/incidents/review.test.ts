import { describe, expect, it } from "vitest";
import { checklistCompletion, formatResponseTime, responseTimes } from "@/lib/incidents/review";

describe("incident review figures", () => {
  it("measures from the first alert, not from when the incident was opened", () => {
    const times = responseTimes({
      createdAt: "2026-11-23T12:05:00.000Z",
      acknowledgedAt: "2026-11-23T12:07:00.000Z",
      mitigatedAt: "2026-11-23T12:32:30.000Z",
      resolvedAt: null,
      alerts: [{ startsAt: "2026-11-23T12:00:00.000Z" }] as never,
    });
    expect(times).toEqual({ startedAt: "2026-11-23T12:00:00.000Z", toAcknowledge: 420_000, toMitigate: 1_950_000, toResolve: null });
  });

  it("formats durations for people", () => {
    expect([formatResponseTime(null), formatResponseTime(12_000), formatResponseTime(250_000), formatResponseTime(3_900_000)]).toEqual(["—", "12 s", "4 min 10 s", "1 h 05 min"]);
  });

  it("adds up checklist completion over runs", () => {
    expect(checklistCompletion([{ checkedCount: 2, stepCount: 6 }, { checkedCount: 1, stepCount: 4 }] as never)).toEqual({ checked: 3, total: 10 });
  });
});
