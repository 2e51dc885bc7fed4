import { AsyncLocalStorage } from "node:async_hooks";
import type { Evaluation } from "@/lib/flags/evaluate";

/**
 * The variants of guarded flags (flags under a running or paused release plan) that
 * FeatureFlagManager evaluated during one request, for `Metrics` to tag the points recorded in
 * that request with: `ff.<flag>` = `on` | `off`, what the rollout evaluator's metric guards read
 * (lib/rollouts/exposures.ts). Only guarded flags, so a service with hundreds of flags adds a tag
 * or two per point, not hundreds of series. Target users are tagged `target`, which neither arm
 * counts, as the span path leaves them out; a request the bucketing hash did not place (flag off,
 * another environment, no user) is not tagged.
 */

/** The tag a flag's arm goes in. */
export const flagTag = (flagName: string) => `ff.${flagName}`;

const storage = new AsyncLocalStorage<Map<string, string>>();

/** Runs one request's work in its own scope: what it evaluates stays with it, across awaits. */
export function runInRequestScope<T>(work: () => T): T {
  return storage.run(new Map(), work);
}

const ARM_OF: Partial<Record<Evaluation["reasonCode"], string>> = { in_rollout: "on", fully_rolled_out: "on", outside_rollout: "off", user_targeted: "target" };

/** Remembers a guarded flag's answer for the current request (outside a request scope: nothing to tag). */
export function noteVariant(flagName: string, evaluation: Pick<Evaluation, "reasonCode">): void {
  const arm = ARM_OF[evaluation.reasonCode];
  if (arm) storage.getStore()?.set(flagTag(flagName), arm);
}

/** The tags for a point recorded now: the current request's guarded variants, or none. */
export function requestFlagTags(): Record<string, string> | null {
  const variants = storage.getStore();
  return variants && variants.size > 0 ? Object.fromEntries(variants) : null;
}
