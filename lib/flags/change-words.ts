/**
 * A flag change in words, as operators say it ("Rollout 10 % → 50 %"), from the audit row's
 * before and after. Pure; the flag history and the incident timeline both print it.
 */
type FlagState = Partial<{
  enabled: boolean;
  rolloutPercentage: number;
  targetUsers: string[];
  excludedUsers: string[];
  targetEnvironments: string[];
  metadata: unknown;
  description: string;
  archived: boolean;
}>;

const asState = (value: unknown): FlagState | null => (value && typeof value === "object" && !Array.isArray(value) ? (value as FlagState) : null);
const environments = (list: string[] | undefined) => (list?.length ? list.join(", ") : "every environment");
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function userChange(label: string, before: string[] = [], after: string[] = []): string | null {
  const added = after.filter((user) => !before.includes(user));
  const removed = before.filter((user) => !after.includes(user));
  const parts = [added.length ? `added ${added.join(", ")}` : null, removed.length ? `removed ${removed.join(", ")}` : null].filter(Boolean);
  return parts.length ? `${label}: ${parts.join("; ")}` : null;
}

export function describeFlagChange(beforeValue: unknown, afterValue: unknown): string[] {
  const before = asState(beforeValue);
  const after = asState(afterValue);
  if (!after) return ["Deleted"];
  if (!before) {
    return [`Created: ${after.enabled ? "on" : "off"}, rollout ${after.rolloutPercentage ?? 100} %`];
  }
  const changes: string[] = [];
  if (before.archived !== after.archived && after.archived !== undefined) changes.push(after.archived ? "Archived" : "Restored");
  if (before.enabled !== after.enabled && after.enabled !== undefined) changes.push(after.enabled ? "Enabled" : "Disabled (kill switch)");
  if (before.rolloutPercentage !== after.rolloutPercentage) changes.push(`Rollout ${before.rolloutPercentage ?? "?"} % → ${after.rolloutPercentage ?? "?"} %`);
  const users = same(before.targetUsers, after.targetUsers) ? null : userChange("Target users", before.targetUsers, after.targetUsers);
  if (users) changes.push(users);
  const excluded = same(before.excludedUsers, after.excludedUsers) ? null : userChange("Excluded users", before.excludedUsers, after.excludedUsers);
  if (excluded) changes.push(excluded);
  if (!same(before.targetEnvironments, after.targetEnvironments)) {
    changes.push(`Environments: ${environments(before.targetEnvironments)} → ${environments(after.targetEnvironments)}`);
  }
  if (!same(before.metadata, after.metadata)) changes.push("Metadata edited");
  if (before.description !== after.description) changes.push("Description edited");
  return changes.length ? changes : ["No visible change"];
}
