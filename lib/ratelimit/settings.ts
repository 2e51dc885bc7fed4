import { type Actor, writeAudit } from "@/lib/audit";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { announceEdgeAccessChange } from "@/lib/edge/access-changes";
import { logger } from "@/lib/log";
import { processSubscriber, publish, type Subscriber } from "@/lib/pubsub";
import {
  applyPatch,
  DEFAULT_SETTINGS,
  type RateLimitConfigPatch,
  type RateLimitSettings,
  rateLimitSettingsSchema,
  readSettings,
} from "@/lib/ratelimit/config";
import { processSingleton } from "@/lib/process-singleton";

/**
 * The configuration is stored in PostgreSQL (one versioned row) and cached in every instance.
 * A change is published on a Redis channel, and every instance drops its copy at once; an
 * instance whose subscription was lost reloads when it holds again, and the cache's age limit is
 * the last backstop. Without Redis
 * there is one instance, and the change drops its own copy.
 */
export const CONFIG_CHANNEL = "opsdeck:ratelimit:config";
const MAX_AGE_MS = 30_000;

export interface StoredSettings {
  version: number;
  settings: RateLimitSettings;
  updatedAt: string | null;
  updatedBy: string | null;
}

async function loadStored(): Promise<StoredSettings> {
  const row = await db().rateLimitConfig.findUnique({ where: { id: 1 } });
  if (!row) return { version: 0, settings: DEFAULT_SETTINGS, updatedAt: null, updatedBy: null };
  return { version: row.version, settings: readSettings(row.settings), updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
}

export interface SettingsCache {
  get(): Promise<StoredSettings>;
  /** Reloads now (a change was announced); resolves when the new copy is in place. */
  refresh(): Promise<StoredSettings>;
  close(): void;
}

/**
 * One instance's cached copy. Requests never wait on the database once a copy exists: a stale
 * copy is served while a reload runs, and a failed reload keeps the last known settings.
 * A change announced on `subscriber` reloads it, and so does the subscription holding again after
 * Redis was away (what was announced meanwhile is lost).
 */
export function createSettingsCache(subscriber: Subscriber | null, maxAgeMs = MAX_AGE_MS): SettingsCache {
  let cached: { value: StoredSettings; loadedAt: number } | undefined;
  let loading: Promise<StoredSettings> | undefined;
  const refresh = () =>
    (loading ??= loadStored()
      .then((value) => {
        cached = { value, loadedAt: Date.now() };
        return value;
      })
      .finally(() => {
        loading = undefined;
      }));
  const refreshQuietly = () =>
    void refresh().catch((error: unknown) => logger.warn({ err: error }, "rate-limit config: reload failed; keeping the last known settings"));
  const unsubscribe = subscriber?.subscribe(CONFIG_CHANNEL, { onMessage: refreshQuietly, onResync: refreshQuietly });
  return {
    async get() {
      if (!cached) return refresh();
      if (Date.now() - cached.loadedAt >= maxAgeMs) refreshQuietly();
      return cached.value;
    },
    refresh,
    close() {
      unsubscribe?.();
    },
  };
}

const processCache = (): SettingsCache => processSingleton("rateLimitSettings", () => createSettingsCache(processSubscriber()));

/** The settings this instance applies now. */
export async function currentSettings(): Promise<RateLimitSettings> {
  try {
    return (await processCache().get()).settings;
  } catch (error) {
    logger.warn({ err: error }, "rate-limit config unreadable; applying the defaults");
    return DEFAULT_SETTINGS;
  }
}

export const readRateLimitConfig = (): Promise<StoredSettings> => processCache().get();

/** Checks what zod cannot: that the routes and tokens a change names exist. */
async function assertKnownKeys(patch: RateLimitConfigPatch, knownPaths: ReadonlySet<string>): Promise<void> {
  const named = <V>(map: Record<string, V | null> | undefined) => Object.keys(map ?? {}).filter((key) => map?.[key] !== null);
  const unknownRoutes = named(patch.routeLimits).filter((path) => !knownPaths.has(path));
  if (unknownRoutes.length > 0) {
    throw new ApiError(400, "unknown_route", `No API route ${unknownRoutes.join(", ")}; use paths as in /api/openapi.json`, { unknownRoutes });
  }
  const tokenIds = named(patch.tokenPlans);
  if (tokenIds.length === 0) return;
  const found = new Set((await db().apiToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true } })).map((row) => row.id));
  const unknownTokens = tokenIds.filter((id) => !found.has(id));
  if (unknownTokens.length > 0) throw new ApiError(400, "unknown_token", `No API token with id ${unknownTokens.join(", ")}`, { unknownTokens });
}

/**
 * Applies a change: validated as a whole, written with its audit row in one transaction (the
 * row lock serialises concurrent changes), then announced so every instance applies it.
 * `knownPaths` (the API's paths) comes from the route, so the limiter never imports the endpoint
 * catalog whose endpoints declare its rules.
 */
export async function updateRateLimitConfig(patch: RateLimitConfigPatch, actor: Actor, knownPaths: ReadonlySet<string>): Promise<StoredSettings> {
  await assertKnownKeys(patch, knownPaths);
  const saved = await db().$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "rate_limit_config" ("id", "version", "settings", "updated_by") VALUES (1, 0, ${JSON.stringify(DEFAULT_SETTINGS)}::jsonb, 'defaults') ON CONFLICT ("id") DO NOTHING`;
    const [current] = await tx.$queryRaw<Array<{ version: number; settings: unknown }>>`SELECT "version", "settings" FROM "rate_limit_config" WHERE "id" = 1 FOR UPDATE`;
    const before = readSettings(current?.settings);
    const after = rateLimitSettingsSchema.parse(applyPatch(before, patch));
    const row = await tx.rateLimitConfig.update({
      where: { id: 1 },
      data: { version: (current?.version ?? 0) + 1, settings: after, updatedBy: actor.name, updatedAt: new Date() },
    });
    await writeAudit(tx, actor, {
      action: "ratelimit.config.update",
      target: { type: "rate_limit_config", id: "1" },
      before,
      after,
    });
    return { version: row.version, settings: after, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
  });
  await processCache().refresh().catch(() => undefined);
  await announceEdgeAccessChange();
  await publish(CONFIG_CHANNEL, String(saved.version));
  return saved;
}
