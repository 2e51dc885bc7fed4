import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bucketOf, evaluateAll, evaluateFlag, murmur3, type EvaluableFlag } from "@/lib/flags/evaluate";

const flag = (overrides: Partial<EvaluableFlag> = {}): EvaluableFlag => ({
  name: "priority_1_3_constant_time_auth",
  enabled: true,
  rolloutPercentage: 50,
  targetUsers: [],
  targetEnvironments: [],
  ...overrides,
});

describe("murmur3", () => {
  it("matches the reference MurmurHash3 x86_32 vectors", () => {
    expect(murmur3("")).toBe(0);
    expect(murmur3("", 1)).toBe(0x514e28b7);
    expect(murmur3("hello")).toBe(0x248bfa47);
    expect(murmur3("Hello, world!", 1234)).toBe(0xfaf6cdb3);
    expect(murmur3("The quick brown fox jumps over the lazy dog")).toBe(0x2e4ff723);
  });
});

describe("evaluateFlag", () => {
  it("gives each user the same answer in another process (as after a restart or on another instance)", () => {
    const users = Array.from({ length: 50 }, (_, i) => `user-${i}`);
    const here = users.map((u) => bucketOf("rate-limiter", u));
    const script = `import { bucketOf } from "./lib/flags/evaluate.ts"; console.log(JSON.stringify(${JSON.stringify(users)}.map((u) => bucketOf("rate-limiter", u))));`;
    const there = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" }));
    expect(there).toEqual(here);
    // Pinned: a change to the hash would silently move users between "on" and "off" on deploy.
    expect(bucketOf("rate-limiter", "user123")).toBe(14.9);
    expect(bucketOf("priority_2_1_saga_pattern", "admin1")).toBe(93.28);
  });

  it("never turns a user off when the percentage rises (10 % ⊂ 50 % ⊂ 100 %)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (user, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        if (evaluateFlag(flag({ rolloutPercentage: low }), user).enabled) {
          expect(evaluateFlag(flag({ rolloutPercentage: high }), user).enabled).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    const users = Array.from({ length: 10_000 }, (_, i) => `u${i}`);
    const on = (pct: number) => new Set(users.filter((u) => evaluateFlag(flag({ rolloutPercentage: pct }), u).enabled));
    const [ten, fifty, all] = [on(10), on(50), on(100)];
    expect([...ten].every((u) => fifty.has(u))).toBe(true);
    expect([...fifty].every((u) => all.has(u))).toBe(true);
    expect(all.size).toBe(users.length);
  });

  it("turns on within ±1 point of the percentage over 100,000 random user ids", () => {
    const users = fc.sample(fc.uuid(), 100_000);
    for (const percentage of [1, 10, 25, 50, 90]) {
      const on = users.filter((u) => evaluateFlag(flag({ rolloutPercentage: percentage }), u).enabled).length;
      expect(Math.abs((on / users.length) * 100 - percentage)).toBeLessThanOrEqual(1);
    }
  }, 30_000);

  it("buckets users independently per flag", () => {
    const users = fc.sample(fc.uuid(), 20_000);
    const a = flag({ name: "priority_2_1_saga_pattern" });
    const b = flag({ name: "priority_1_1_vector_validation" });
    const both = users.filter((u) => evaluateFlag(a, u).enabled && evaluateFlag(b, u).enabled).length;
    // Independent 50 % rollouts overlap on a quarter of the users, not on half (as a shared bucket would).
    expect(Math.abs(both / users.length - 0.25)).toBeLessThan(0.015);
  });

  it("says why, in the documented order", () => {
    expect(evaluateFlag(flag({ enabled: false, targetUsers: ["admin1"] }), "admin1")).toMatchObject({ enabled: false, reason: "disabled" });
    expect(evaluateFlag(flag({ archived: true }), "x")).toMatchObject({ enabled: false, reasonCode: "archived" });
    const staging = flag({ targetEnvironments: ["staging"], targetUsers: ["admin1"] });
    expect(evaluateFlag(staging, "admin1", "production")).toMatchObject({ enabled: false, reason: "environment not targeted (production)" });
    expect(evaluateFlag(staging, "admin1")).toMatchObject({ enabled: false, reasonCode: "environment_not_targeted" });
    expect(evaluateFlag(staging, "admin1", "staging")).toMatchObject({ enabled: true, reason: "user targeted" });
    expect(evaluateFlag(flag({ rolloutPercentage: 0, targetUsers: ["admin1"] }), "admin1").enabled).toBe(true);
    expect(evaluateFlag(flag({ rolloutPercentage: 100 }), "anyone")).toMatchObject({ enabled: true, reasonCode: "fully_rolled_out" });
    const bucket = bucketOf("priority_1_3_constant_time_auth", "user123");
    const result = evaluateFlag(flag({ rolloutPercentage: 50 }), "user123");
    expect(result.bucket).toBe(bucket);
    expect(result.reason).toMatch(bucket < 50 ? /^in rollout \(bucket [\d.]+ < 50\)$/ : /^outside rollout \(bucket [\d.]+ ≥ 50\)$/);
    expect(result.enabled).toBe(bucket < 50);
  });

  it("turns an excluded user off at 100 %, even when also targeted, and leaves everyone else on", () => {
    const saga = flag({ rolloutPercentage: 100, targetUsers: ["tester1"], excludedUsers: ["tester1", "tester2"] });
    expect(evaluateFlag(saga, "tester1")).toEqual({ enabled: false, reasonCode: "user_excluded", reason: "user excluded" });
    expect(evaluateFlag(saga, "tester2")).toMatchObject({ enabled: false, reasonCode: "user_excluded" });
    expect(evaluateFlag(saga, "user123")).toMatchObject({ enabled: true, reasonCode: "fully_rolled_out" });
    // A disabled flag stays "disabled" for an excluded user: the kill switch is the stronger reason.
    expect(evaluateFlag({ ...saga, enabled: false }, "tester1").reasonCode).toBe("disabled");
    // Seed 000's JSON has no exclusion list: a flag without one evaluates as before.
    expect(evaluateFlag({ name: "seed", enabled: true, rolloutPercentage: 100, targetUsers: [], targetEnvironments: [] }, "tester1").enabled).toBe(true);
  });

  it("answers a request without a user id by the documented rule", () => {
    expect(evaluateFlag(flag({ rolloutPercentage: 100 }))).toMatchObject({ enabled: true });
    expect(evaluateFlag(flag({ rolloutPercentage: 0 }))).toMatchObject({ enabled: false, reasonCode: "outside_rollout" });
    expect(evaluateFlag(flag({ rolloutPercentage: 50 }), "")).toMatchObject({ enabled: false, reasonCode: "no_user_id" });
  });

  it("evaluates every live flag at once and leaves archived ones out", () => {
    const result = evaluateAll([flag({ name: "a", rolloutPercentage: 100 }), flag({ name: "b", enabled: false }), flag({ name: "c", archived: true })], "u");
    expect(Object.keys(result)).toEqual(["a", "b"]);
    expect(result.a?.enabled).toBe(true);
    expect(result.b?.enabled).toBe(false);
  });
});
