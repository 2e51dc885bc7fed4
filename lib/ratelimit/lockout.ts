/**
 * Login lockouts, pure: `maxAttempts` failed attempts within `windowMinutes` lock the email for
 * `lockDurationMinutes`. Locking clears the failure count, so an email whose lock ran out starts
 * afresh; a successful login clears it too. The memory store runs this code, the Redis store runs
 * the same rules in Lua (store/redis.ts), and a contract test holds them to the same answers.
 */
export interface LockoutPolicy {
  maxAttempts: number;
  windowMinutes: number;
  lockDurationMinutes: number;
}

export interface LockoutState {
  /** Times (ms) of the failures inside the window, oldest first. */
  failures: number[];
  lockedUntilMs: number | null;
  /** How many failures caused the current lock. */
  lockedAfter: number;
}

/** What `GET /api/admin/ratelimit/user` answers (seed 000's runbook shape). */
export interface LoginState {
  isLocked: boolean;
  lockedUntil: string | null;
  reason: string | null;
  failedAttempts: number;
}

export interface AttemptOutcome extends LoginState {
  /** This attempt is the one that locked the email. */
  lockedNow: boolean;
  /** The email was already locked when the attempt arrived (it was not counted). */
  wasLocked: boolean;
}

export const emptyLockoutState = (): LockoutState => ({ failures: [], lockedUntilMs: null, lockedAfter: 0 });

export const lockReason = (failures: number, policy: Pick<LockoutPolicy, "windowMinutes">): string =>
  `${failures} failed attempts within ${policy.windowMinutes} minutes`;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

function current(state: LockoutState, policy: LockoutPolicy, nowMs: number): LockoutState {
  const locked = state.lockedUntilMs !== null && state.lockedUntilMs > nowMs;
  const windowStart = nowMs - policy.windowMinutes * 60_000;
  return {
    failures: state.failures.filter((at) => at > windowStart),
    lockedUntilMs: locked ? state.lockedUntilMs : null,
    lockedAfter: locked ? state.lockedAfter : 0,
  };
}

export function lockoutView(state: LockoutState, policy: LockoutPolicy, nowMs: number): LoginState {
  const live = current(state, policy, nowMs);
  if (live.lockedUntilMs !== null) {
    return {
      isLocked: true,
      lockedUntil: new Date(live.lockedUntilMs).toISOString(),
      reason: lockReason(live.lockedAfter, policy),
      failedAttempts: live.lockedAfter,
    };
  }
  return { isLocked: false, lockedUntil: null, reason: null, failedAttempts: live.failures.length };
}

export function recordAttempt(
  state: LockoutState,
  success: boolean,
  policy: LockoutPolicy,
  nowMs: number,
): { state: LockoutState; outcome: AttemptOutcome } {
  const live = current(state, policy, nowMs);
  if (live.lockedUntilMs !== null) {
    return { state: live, outcome: { ...lockoutView(live, policy, nowMs), lockedNow: false, wasLocked: true } };
  }
  if (success) {
    const cleared = emptyLockoutState();
    return { state: cleared, outcome: { ...lockoutView(cleared, policy, nowMs), lockedNow: false, wasLocked: false } };
  }
  const failures = [...live.failures, nowMs];
  const next: LockoutState =
    failures.length >= policy.maxAttempts
      ? { failures: [], lockedUntilMs: nowMs + policy.lockDurationMinutes * 60_000, lockedAfter: failures.length }
      : { failures, lockedUntilMs: null, lockedAfter: 0 };
  return {
    state: next,
    outcome: { ...lockoutView(next, policy, nowMs), lockedNow: next.lockedUntilMs !== null, wasLocked: false },
  };
}
