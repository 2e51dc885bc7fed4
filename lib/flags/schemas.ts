import { z } from "zod";
import { ENVIRONMENTS } from "@/lib/flags/evaluate";

/** Flag keys are stable identifiers used in code (`isEnabled("rate-limiter")`), so they are strict. */
export const flagNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, "letters, digits, '_', '.', '-' (at most 100, starting with a letter or digit)");

export const environmentSchema = z.enum(ENVIRONMENTS);

const percentageSchema = z.number().int("a whole number of percent").min(0).max(100);
const metadataSchema = z.record(z.string(), z.unknown());

export const featureFlagSchema = z
  .object({
    name: flagNameSchema,
    description: z.string(),
    enabled: z.boolean(),
    rolloutPercentage: percentageSchema,
    targetUsers: z.array(z.string()).describe("On for these users (within the targeted environments), whatever the rollout"),
    excludedUsers: z.array(z.string()).describe("Off for these users, whatever else applies (an exclusion wins over a target)"),
    targetEnvironments: z.array(environmentSchema).describe("Empty: every environment"),
    metadata: metadataSchema,
    version: z.number().int().positive().describe("Increases on every change; send it back (If-Match or `version`) to avoid overwriting someone else's change"),
    createdAt: z.string().datetime(),
    lastUpdated: z.string().datetime(),
    lastUpdatedBy: z.string(),
    archived: z.boolean(),
  })
  .meta({ id: "FeatureFlag" });

export type FeatureFlag = z.infer<typeof featureFlagSchema>;

const targetUsersSchema = z.array(z.string().trim().min(1).max(200)).max(10_000);
const targetEnvironmentsSchema = z.array(environmentSchema).max(ENVIRONMENTS.length);

/** Seed 000's update body, extended: any subset of the editable fields, nothing else. */
export const updateFlagBodySchema = z
  .strictObject({
    description: z.string().max(2_000).optional(),
    enabled: z.boolean().optional(),
    rolloutPercentage: percentageSchema.optional(),
    targetUsers: targetUsersSchema.optional(),
    excludedUsers: targetUsersSchema.optional(),
    targetEnvironments: targetEnvironmentsSchema.optional(),
    metadata: metadataSchema.optional(),
    version: z.number().int().positive().optional().describe("The version you saw; a stale one gets 409 (same as If-Match)"),
  })
  .meta({ id: "FeatureFlagUpdate" });

export type FlagPatch = Omit<z.infer<typeof updateFlagBodySchema>, "version">;

export const createFlagBodySchema = z
  .strictObject({
    name: flagNameSchema,
    description: z.string().max(2_000).default(""),
    enabled: z.boolean().default(false),
    rolloutPercentage: percentageSchema.default(100).describe("Default 100: once enabled, everyone gets it"),
    targetUsers: targetUsersSchema.default([]),
    // Optional rather than defaulted, so callers written before the list existed (seed 000's shape) still type-check.
    excludedUsers: targetUsersSchema.optional().describe("Default none"),
    targetEnvironments: targetEnvironmentsSchema.default([]),
    metadata: metadataSchema.default({}),
  })
  .meta({ id: "FeatureFlagCreate" });

export type FlagCreate = z.infer<typeof createFlagBodySchema>;

export const flagParamsSchema = z.object({ name: flagNameSchema });

export const cacheAgeSchema = z.object({
  secondsSinceUpdate: z.number().describe("Seconds since this instance last loaded the flags"),
  ttl: z.number().describe("Seconds after which the cache reloads even without a change event"),
});

export const listFlagsQuerySchema = z.strictObject({
  include: z.enum(["cache-info"]).optional(),
  archived: z.enum(["true", "false"]).optional().transform((value) => value === "true"),
});

export const listFlagsResponseSchema = z.object({
  features: z.record(z.string(), featureFlagSchema),
  flags: z.array(featureFlagSchema).optional().describe("With include=cache-info: the same flags as a list (the list shape older scripts read)"),
  cacheAge: cacheAgeSchema.optional(),
});

export const statusQuerySchema = z.strictObject({
  userId: z.string().min(1).max(200).optional(),
  env: environmentSchema.optional(),
});

export const reasonCodeSchema = z.enum([
  "archived",
  "disabled",
  "environment_not_targeted",
  "user_excluded",
  "user_targeted",
  "fully_rolled_out",
  "in_rollout",
  "outside_rollout",
  "no_user_id",
]);

export const evaluationSchema = z
  .object({
    enabled: z.boolean(),
    reason: z.string(),
    reasonCode: reasonCodeSchema,
    bucket: z.number().optional().describe("The user's bucket for this flag, 0 ≤ bucket < 100"),
  })
  .meta({ id: "FlagEvaluation" });

export const bulkEvaluationSchema = z.object({
  userId: z.string().nullable(),
  env: environmentSchema.nullable(),
  flags: z.record(z.string(), evaluationSchema),
});

export const snapshotSchema = z
  .object({
    etag: z.string(),
    flags: z.array(featureFlagSchema),
    guarded: z
      .array(flagNameSchema)
      .describe("Flags under a running or paused release plan: Opsdeck's SDK tags the metric points a request records with their variant (ff.<flag> = on | off)"),
  })
  .meta({ id: "FlagSnapshot" });

export type FlagSnapshotBody = z.infer<typeof snapshotSchema>;

export const invalidateBodySchema = z.strictObject({
  keys: z
    .array(z.string().regex(/^feature_flags:(\*|[A-Za-z0-9][A-Za-z0-9_.-]{0,99})$/, "feature_flags:NAME or feature_flags:*"))
    .min(1)
    .max(1_000),
});

export const invalidateResponseSchema = z.object({
  invalidated: z.array(z.string()),
  cacheAge: cacheAgeSchema,
});

export const emergencyRollbackBodySchema = z.strictObject({
  flags: z.array(flagNameSchema).min(1).max(500),
  reason: z.string().max(500).optional(),
});

export const emergencyRollbackResponseSchema = z.object({
  success: z.literal(true),
  flags: z.array(featureFlagSchema),
});

export const historyEntrySchema = z
  .object({
    id: z.string(),
    at: z.string().datetime(),
    actor: z.string(),
    action: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .meta({ id: "FlagHistoryEntry" });

export type FlagHistoryEntry = z.infer<typeof historyEntrySchema>;

export const cacheConfigSchema = z
  .object({
    cache: z.literal("feature_flags"),
    ttl: z.number().int().describe("Seconds after which an instance reloads the flags even without a change event (FLAGS_CACHE_TTL_SECONDS)"),
    ttlBelowMinimum: z.boolean().describe("The TTL is under 60 s: the cache reloads so often it barely caches (seed 000: raise it to 300)"),
    keyPattern: z.string().describe("How cache keys are named, as `POST /api/admin/cache/invalidate` takes them"),
    flagsCached: z.number().int().describe("Flags in this instance's copy, archived ones included"),
    secondsSinceUpdate: z.number().describe("Seconds since this instance last loaded the flags"),
    invalidation: z.enum(["redis", "this instance only"]).describe("redis: changes are announced to every instance; without REDIS_URL only this instance hears them"),
    channel: z.string().describe("The Redis channel changes are announced on"),
  })
  .meta({ id: "FlagCacheConfig" });

export const cacheListenersSchema = z
  .object({
    instanceId: z.string().describe("The instance that answered: each answers for itself"),
    sseSubscribers: z.number().int().describe("SDK streams (GET /api/flags/stream) this instance pushes changes to"),
    redis: z.object({
      configured: z.boolean(),
      connection: z.string().nullable().describe('The subscription connection\'s state: "ready" when it is up'),
      channel: z.string(),
      subscribed: z.boolean().describe("Redis has confirmed the channel: this instance hears other instances' changes. false with Redis configured: it serves its copy until the TTL runs out"),
    }),
  })
  .meta({ id: "FlagCacheListeners" });
