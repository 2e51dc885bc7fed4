import { describe, expect, it } from "vitest";
import { emptyLockoutState, type LockoutState, lockoutView, recordAttempt } from "@/lib/ratelimit/lockout";

const policy = { maxAttempts: 5, windowMinutes: 15, lockDurationMinutes: 30 };
const MINUTE = 60_000;

function fail(state: LockoutState, times: number[]) {
  let current = state;
  const outcomes = [];
  for (const at of times) {
    const result = recordAttempt(current, false, policy, at);
    current = result.state;
    outcomes.push(result.outcome);
  }
  return { state: current, outcomes };
}

describe("login lockouts", () => {
  it("locks an email on the fifth failure within the window, for the lock duration, with the seed's reason", () => {
    const { state, outcomes } = fail(emptyLockoutState(), [0, 1, 2, 3, 4].map((i) => i * MINUTE));
    expect(outcomes.map((o) => o.lockedNow)).toEqual([false, false, false, false, true]);
    expect(outcomes[3]).toMatchObject({ isLocked: false, failedAttempts: 4 });
    const view = lockoutView(state, policy, 5 * MINUTE);
    expect(view).toEqual({
      isLocked: true,
      lockedUntil: new Date(4 * MINUTE + 30 * MINUTE).toISOString(),
      reason: "5 failed attempts within 15 minutes",
      failedAttempts: 5,
    });
    expect(lockoutView(state, policy, 34 * MINUTE + 1).isLocked).toBe(false);
    expect(lockoutView(state, policy, 34 * MINUTE + 1).failedAttempts).toBe(0);
  });

  it("forgets failures older than the window", () => {
    const { outcomes } = fail(emptyLockoutState(), [0, 1, 2, 3, 20].map((i) => i * MINUTE));
    expect(outcomes.at(-1)).toMatchObject({ isLocked: false, failedAttempts: 1 });
  });

  it("does not count attempts while locked, and a success clears the failures", () => {
    const locked = fail(emptyLockoutState(), [0, 1, 2, 3, 4]).state;
    const during = recordAttempt(locked, true, policy, 10);
    expect(during.outcome).toMatchObject({ isLocked: true, wasLocked: true, lockedNow: false, failedAttempts: 5 });
    const partial = fail(emptyLockoutState(), [0, 1, 2]).state;
    const success = recordAttempt(partial, true, policy, 3);
    expect(success.outcome).toMatchObject({ isLocked: false, failedAttempts: 0 });
  });
});
