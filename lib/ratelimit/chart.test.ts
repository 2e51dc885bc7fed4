import { describe, expect, it } from "vitest";
import { lockoutSeries } from "@/lib/ratelimit/chart";

describe("the lockouts-per-hour series", () => {
  it("labels hours and flags those above the alert line (more than 10)", () => {
    const series = lockoutSeries({
      alertThresholdPerHour: 10,
      lockoutsPerHour: [
        { hour: "2026-02-01T10:00:00.000Z", failures: 50, lockouts: 10 },
        { hour: "2026-02-01T11:00:00.000Z", failures: 90, lockouts: 11 },
      ],
    });
    expect(series.map((p) => [p.label, p.overThreshold])).toEqual([
      ["10:00", false],
      ["11:00", true],
    ]);
  });

  it("adds the date when the window spans days", () => {
    const lockoutsPerHour = Array.from({ length: 25 }, (_, i) => ({ hour: new Date(Date.UTC(2026, 1, 1, i)).toISOString(), failures: 0, lockouts: 0 }));
    expect(lockoutSeries({ alertThresholdPerHour: 10, lockoutsPerHour }).at(-1)?.label).toBe("02-02 00:00");
  });
});
