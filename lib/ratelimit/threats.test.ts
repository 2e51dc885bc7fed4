import { describe, expect, it } from "vitest";
import { fillHours } from "@/lib/ratelimit/threats";

describe("lockouts per hour", () => {
  it("has one entry per hour of the window, oldest first, zero where nothing happened", () => {
    const to = Date.parse("2026-02-01T12:34:00Z");
    const series = fillHours([{ hour: new Date("2026-02-01T11:00:00Z"), failures: 40, lockouts: 12 }], to, 3);
    expect(series).toEqual([
      { hour: "2026-02-01T10:00:00.000Z", failures: 0, lockouts: 0 },
      { hour: "2026-02-01T11:00:00.000Z", failures: 40, lockouts: 12 },
      { hour: "2026-02-01T12:00:00.000Z", failures: 0, lockouts: 0 },
    ]);
  });
});
