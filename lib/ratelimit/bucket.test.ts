import { describe, expect, it } from "vitest";
import { ruleFor, takeToken, takeTokens } from "@/lib/ratelimit/bucket";

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

describe("several buckets decided together", () => {
  const route = { capacity: 2, refillPerSecond: 1 };
  const quota = { capacity: 3, refillPerSecond: 0.001 };

  it("refuses when any bucket is empty and then takes from none", () => {
    let states: Array<{ tokens: number; updatedAtMs: number } | undefined> = [undefined, { tokens: 0.5, updatedAtMs: 0 }];
    const refused = takeTokens(states, [route, quota], 0);
    expect(refused.decision).toMatchObject({ allowed: false, limit: 3 });
    expect(refused.states[0]?.tokens).toBe(2);
    states = refused.states;
    expect(takeTokens(states, [route, quota], 0).decision.allowed).toBe(false);
  });

  it("reports the bucket with the fewest tokens left when allowed", () => {
    const { decision } = takeTokens([undefined, undefined], [route, quota], 0);
    expect(decision).toMatchObject({ allowed: true, limit: 2, remaining: 1 });
  });

  it("states seed 004's limits as requests per interval plus burst", () => {
    expect(ruleFor(100, 60, 20)).toEqual({ capacity: 120, refillPerSecond: 100 / 60, limit: 100 });
  });

  it("reports the configured limit (seed 004: X-RateLimit-Limit 100) and the burst apart; remaining counts both", () => {
    const { decision } = takeToken(undefined, ruleFor(100, 60, 20), 0);
    expect(decision).toMatchObject({ allowed: true, limit: 100, burst: 20, remaining: 119 });
    expect(takeToken(undefined, { capacity: 3, refillPerSecond: 1 }, 0).decision).toMatchObject({ limit: 3, burst: 0 });
  });
});
