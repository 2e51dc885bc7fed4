import { ApiError } from "@/lib/api/errors";
import { type Actor, writeAudit } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { claimPeriodicRun } from "@/lib/db/periodic-lease";
import { getSnapshot } from "@/lib/flags/cache";
import { type Environment, evaluateFlag } from "@/lib/flags/evaluate";
import { recordJobRun } from "@/lib/jobs/runs";
import { logger } from "@/lib/log";
import { lockoutPolicy } from "@/lib/ratelimit/config";
import type { AttemptOutcome, LoginState } from "@/lib/ratelimit/lockout";
import type { LoginAttemptInput, UnlockResult } from "@/lib/ratelimit/schemas";
import { currentSettings } from "@/lib/ratelimit/settings";
import { decideWithStore, type FailMode } from "@/lib/ratelimit/store";

const storeUnavailable = () =>
  new ApiError(503, "rate_limiter_unavailable", "The rate limiter's store is unreachable; try again shortly", undefined, { "Retry-After": "5" });

/** What a login gets while the store is away: let it through (open) or refuse it (closed). */
function outcomeWithoutStore(mode: FailMode): AttemptOutcome {
  if (mode === "open") return { isLocked: false, lockedUntil: null, reason: null, failedAttempts: 0, lockedNow: false, wasLocked: false };
  return {
    isLocked: true,
    lockedUntil: null,
    reason: "the rate limiter is unreachable and fails closed",
    failedAttempts: 0,
    lockedNow: false,
    wasLocked: true,
  };
}

/**
 * Seed 000's switch for email-based limiting: the `rate-limiter` flag, evaluated for the email as
 * the user id, exactly as any service evaluates a flag (so `rolloutPercentage: 0` turns lockouts
 * off for everyone, and a partial rollout for a stable share of emails). No flag, or an archived
 * one, leaves limiting on: it is a safety control, and a missing switch must not disable it.
 */
export const RATE_LIMITER_FLAG = "rate-limiter";

/** Why email-based limiting does not apply to this email, or null when it does. */
async function limitingOffReason(email: string, env: Environment): Promise<string | null> {
  const flag = (await getSnapshot()).byName.get(RATE_LIMITER_FLAG);
  if (!flag || flag.archived) return null;
  const evaluation = evaluateFlag(flag, email, env);
  return evaluation.enabled ? null : `email-based limiting is off for this email (${RATE_LIMITER_FLAG} flag: ${evaluation.reason})`;
}

const notLimited = (reason: string): LoginState => ({ isLocked: false, lockedUntil: null, reason, failedAttempts: 0 });

/**
 * An operator's look-up: the store's answer, or 503 (an operator must not be told "not locked" by
 * a guess). While the `rate-limiter` flag is off for the email, it is not locked whatever the store
 * holds, and `reason` says why.
 */
export async function loginState(email: string, env: Environment = "production"): Promise<LoginState> {
  const off = await limitingOffReason(email, env);
  if (off) return notLimited(off);
  return storedLoginState(email);
}

async function storedLoginState(email: string): Promise<LoginState> {
  const policy = lockoutPolicy(await currentSettings());
  return decideWithStore(
    (store) => store.loginState(email, policy),
    () => {
      throw storeUnavailable();
    },
  );
}

let lastPrunedAt = 0;
const PRUNE_EVERY_MS = 60 * 60_000;

/** Keeps the attempt history bounded: at most once an hour (per instance, and across instances), drop what is past retention. */
async function pruneHistory(): Promise<void> {
  if (Date.now() - lastPrunedAt < PRUNE_EVERY_MS) return;
  lastPrunedAt = Date.now();
  if (!(await claimPeriodicRun("ratelimit.attempts.prune", PRUNE_EVERY_MS))) return;
  const cutoff = new Date(Date.now() - getConfig().RATE_LIMIT_ATTEMPT_RETENTION_DAYS * 86_400_000);
  const { deleted } = await recordJobRun("ratelimit.attempts.prune", async () => ({
    deleted: (await db().loginAttempt.deleteMany({ where: { at: { lt: cutoff } } })).count,
  }));
  if (deleted > 0) logger.info({ deleted }, "pruned login attempts past retention");
}

/**
 * A service reports a login attempt. The lockout decision comes from the store (atomic, shared
 * by every instance); the attempt is kept in PostgreSQL for the threats view. Telemetry, not a
 * change by a person: no audit row. While the `rate-limiter` flag is off for the email the store is
 * not consulted: the attempt is neither counted nor refused (a lock already held comes back if the
 * flag is turned on again before it runs out).
 */
export async function reportLoginAttempt(attempt: LoginAttemptInput): Promise<AttemptOutcome> {
  const policy = lockoutPolicy(await currentSettings());
  const off = await limitingOffReason(attempt.email, attempt.env);
  const outcome: AttemptOutcome = off
    ? { ...notLimited(off), lockedNow: false, wasLocked: false }
    : await decideWithStore((store) => store.recordLoginAttempt(attempt.email, attempt.success, policy), outcomeWithoutStore);
  await db().loginAttempt.create({
    data: {
      email: attempt.email,
      ip: attempt.ip ?? null,
      department: attempt.department ?? null,
      service: attempt.service ?? null,
      success: attempt.success,
      lockedOut: outcome.lockedNow,
      whileLocked: outcome.wasLocked,
    },
  });
  await pruneHistory().catch((error: unknown) => logger.warn({ err: error }, "could not prune login attempts"));
  return outcome;
}

class NothingToUnlock extends Error {}

/**
 * Lifts a lock (seed 000's runbook step 3). The audit row is written first and the lock lifted
 * inside the same transaction, so a lock is never lifted without its audit row; if another
 * operator lifted it meanwhile, the audit row rolls back and the answer is the no-op.
 */
export async function unlockEmail(email: string, actor: Actor): Promise<UnlockResult> {
  const before = await storedLoginState(email);
  const notLocked = (state: LoginState): UnlockResult => ({
    email,
    unlocked: false,
    message: `${email} is not locked; nothing changed`,
    state,
  });
  if (!before.isLocked) return notLocked(before);
  try {
    await db().$transaction(async (tx) => {
      await writeAudit(tx, actor, { action: "ratelimit.unlock", target: { type: "login_email", id: email }, before, after: { isLocked: false } });
      const lifted = await decideWithStore(
        (store) => store.unlock(email),
        () => {
          throw storeUnavailable();
        },
      );
      if (!lifted) throw new NothingToUnlock();
    });
  } catch (error) {
    if (error instanceof NothingToUnlock) return notLocked(await storedLoginState(email));
    throw error;
  }
  return { email, unlocked: true, message: `${email} is unlocked`, state: await storedLoginState(email) };
}
