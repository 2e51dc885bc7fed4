import { listAuditEntries } from "@/lib/audit/query";
import { describeFlagChange } from "@/lib/flags/change-words";

export interface FlagChangeInWords {
  id: string;
  at: string;
  flag: string;
  /** "Rollout 10 % → 50 %; Enabled" */
  words: string;
  actor: string;
}

/** Flag changes of the last `windowMs`, newest first, in words; changes with nothing to say (metadata only) are left out. */
export async function flagChangesWithin(windowMs: number, limit = 20): Promise<FlagChangeInWords[]> {
  const { entries } = await listAuditEntries({ targetType: "feature_flag", from: new Date(Date.now() - windowMs).toISOString(), limit });
  return entries.flatMap((entry) => {
    const words = describeFlagChange(entry.before, entry.after);
    return words.length === 0 ? [] : [{ id: entry.id, at: entry.at, flag: entry.target.id, words: words.join("; "), actor: entry.actor.name }];
  });
}
