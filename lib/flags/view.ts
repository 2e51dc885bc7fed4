import type { Environment } from "@/lib/flags/evaluate";
import type { FeatureFlag } from "@/lib/flags/schemas";

/** Pure helpers the Flags pages share; tested in view.test.ts. */

/** A flag nobody has touched for this long while fully on is probably dead code to remove. */
export const STALE_AFTER_DAYS = 30;

export function isStale(flag: FeatureFlag, now: number = Date.now()): boolean {
  const fullyOn = flag.enabled && flag.rolloutPercentage === 100;
  return fullyOn && now - new Date(flag.lastUpdated).getTime() > STALE_AFTER_DAYS * 86_400_000;
}

export type FlagStateFilter = "all" | "on" | "partial" | "off" | "stale";

export interface FlagFilters {
  q: string;
  env: Environment | "all";
  state: FlagStateFilter;
}

function stateOf(flag: FeatureFlag): Exclude<FlagStateFilter, "all" | "stale"> {
  if (!flag.enabled || (flag.rolloutPercentage === 0 && flag.targetUsers.length === 0)) return "off";
  return flag.rolloutPercentage === 100 ? "on" : "partial";
}

export function filterFlags(flags: FeatureFlag[], filters: FlagFilters, now: number = Date.now()): FeatureFlag[] {
  const q = filters.q.trim().toLowerCase();
  return flags.filter((flag) => {
    if (q && !flag.name.toLowerCase().includes(q) && !flag.description.toLowerCase().includes(q)) return false;
    if (filters.env !== "all" && flag.targetEnvironments.length > 0 && !flag.targetEnvironments.includes(filters.env)) return false;
    if (filters.state === "stale") return isStale(flag, now);
    return filters.state === "all" || stateOf(flag) === filters.state;
  });
}

/** Jumps an operator should confirm: more than 25 points at once, or straight to everyone. */
export function needsConfirmation(from: number, to: number): boolean {
  return Math.abs(to - from) > 25 || (to === 100 && from !== 100);
}

export const ROLLOUT_STEPS = [0, 10, 50, 100] as const;

/** The rollout card's big figure: a disabled flag reaches nobody, whatever its percentage says. */
export function rolloutHeadline(flag: Pick<FeatureFlag, "enabled" | "rolloutPercentage">): string {
  return flag.enabled ? `${flag.rolloutPercentage} %` : `Off (${flag.rolloutPercentage} % when enabled)`;
}

/** Parses the metadata editor's text: an object, or the reason it is not one. */
export function parseMetadata(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: "Metadata must be a JSON object ({ … })" };
  return { ok: true, value: value as Record<string, unknown> };
}

/** The target-users editor's text (one per line or comma-separated) as a clean list. */
export function parseUserList(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((user) => user.trim()).filter(Boolean))];
}
