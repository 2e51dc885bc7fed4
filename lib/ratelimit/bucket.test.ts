import { describe, expect, it } from "vitest";
import { takeToken } from "@/lib/ratelimit/bucket";

const rule = { capacity: 3, refillPerSecond: 1 };

describe("token bucket", () => {
  it("allows a burst up to capacity, then refuses with the wait until the next token", () => {
    let state;
    const decisions = [];
    for (let i = 0; i < 4; i++) {
      const result = takeToken(state, rule, 1_000);
      state = result.state;
      decisions.push(result.decision);
    }
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]?.retryAfterSeconds).toBe(1);
    expect(decisions[3]?.resetAt).toBe(4);
  });

  it("refills over time without exceeding capacity", () => {
    const empty = { tokens: 0, updatedAtMs: 0 };
    expect(takeToken(empty, rule, 1_500).decision).toMatchObject({ allowed: true, remaining: 0 });
    expect(takeToken(empty, rule, 60_000).decision).toMatchObject({ allowed: true, remaining: 2 });
  });
});
