import type { FeatureFlag as FeatureFlagRow } from "@/lib/generated/prisma/client";
import type { FeatureFlag } from "@/lib/flags/schemas";

/** A stored row as the API shows it (seed 001 names the change time `lastUpdated`). */
export const toFeatureFlag = (row: FeatureFlagRow): FeatureFlag => ({
  name: row.name,
  description: row.description,
  enabled: row.enabled,
  rolloutPercentage: row.rolloutPercentage,
  targetUsers: row.targetUsers,
  excludedUsers: row.excludedUsers,
  targetEnvironments: row.targetEnvironments,
  metadata: (row.metadata ?? {}) as Record<string, unknown>,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  lastUpdated: row.updatedAt.toISOString(),
  lastUpdatedBy: row.updatedBy,
  archived: row.archivedAt !== null,
});
