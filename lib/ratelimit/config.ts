import { z } from "zod";
import { type BucketRule, ruleFor } from "@/lib/ratelimit/bucket";
import type { LockoutPolicy } from "@/lib/ratelimit/lockout";

/**
 * The rate-limit configuration document: login lockouts (seed 000) and Opsdeck's own API limits
 * (seed 004: per-route requests a minute plus a burst, and an hourly quota per caller shared by
 * every route, by plan). Opsdeck has no organisations; the quota-holding unit is the caller (an
 * API token, a person's session, or an address for anonymous calls), and a token can be put on
 * a plan. Pure: the form, the API and the limiter share it.
 */
export const PLANS = ["free", "pro", "enterprise"] as const;
export const planSchema = z.enum(PLANS);
export type Plan = z.infer<typeof planSchema>;

const count = (max: number) => z.number().int().min(1).max(max);

export const routeLimitSchema = z
  .object({
    requestsPerMinute: count(100_000).describe("Sustained rate for one caller on this route"),
    burst: z.number().int().min(0).max(100_000).describe("Extra requests allowed at once on top of the rate"),
  })
  .strict()
  .meta({ id: "RouteLimit" });
export type RouteLimit = z.infer<typeof routeLimitSchema>;

export const rateLimitSettingsSchema = z
  .object({
    maxAttempts: count(100).describe("Failed logins within the window that lock an email (seed: 5)"),
    attemptWindowMinutes: count(24 * 60).describe("The window the failures are counted in"),
    lockDurationMinutes: count(7 * 24 * 60).describe("How long a lock lasts"),
    defaultRouteLimit: routeLimitSchema.describe("Every route without its own limit (seed 004: 100 a minute, burst 20)"),
    routeLimits: z.record(z.string(), routeLimitSchema).describe("Per-route limits, keyed by the route's path as in the OpenAPI document"),
    plans: z
      .object({ free: count(100_000_000), pro: count(100_000_000), enterprise: count(100_000_000) })
      .strict()
      .describe("Requests an hour a caller may make across every route, per plan (seed 004's org quotas)"),
    defaultPlan: planSchema.describe("The plan of callers without one of their own"),
    tokenPlans: z.record(z.uuid(), planSchema).describe("Plans of particular API tokens, by token id"),
  })
  .strict()
  .meta({ id: "RateLimitSettings" });
export type RateLimitSettings = z.infer<typeof rateLimitSettingsSchema>;

export const DEFAULT_SETTINGS: RateLimitSettings = {
  maxAttempts: 5,
  attemptWindowMinutes: 15,
  lockDurationMinutes: 15,
  defaultRouteLimit: { requestsPerMinute: 100, burst: 20 },
  routeLimits: {},
  plans: { free: 1_000, pro: 10_000, enterprise: 100_000 },
  // Opsdeck's callers are its operators and the services it watches: the largest plan unless told otherwise.
  defaultPlan: "enterprise",
  tokenPlans: {},
};

/**
 * A change: any subset of the settings. Maps merge key by key, and `null` removes an entry
 * (a route back to the default limit, a token back to the default plan). Unknown keys are refused.
 */
export const rateLimitConfigPatchSchema = z
  .object({
    maxAttempts: rateLimitSettingsSchema.shape.maxAttempts.optional(),
    attemptWindowMinutes: rateLimitSettingsSchema.shape.attemptWindowMinutes.optional(),
    lockDurationMinutes: rateLimitSettingsSchema.shape.lockDurationMinutes.optional(),
    defaultRouteLimit: routeLimitSchema.optional(),
    routeLimits: z.record(z.string(), routeLimitSchema.nullable()).optional(),
    plans: rateLimitSettingsSchema.shape.plans.partial().strict().optional(),
    defaultPlan: planSchema.optional(),
    tokenPlans: z.record(z.uuid(), planSchema.nullable()).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "send at least one setting to change")
  .meta({ id: "RateLimitConfigPatch" });
export type RateLimitConfigPatch = z.infer<typeof rateLimitConfigPatchSchema>;

function mergeMap<V>(current: Record<string, V>, patch: Record<string, V | null> | undefined): Record<string, V> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export function applyPatch(current: RateLimitSettings, patch: RateLimitConfigPatch): RateLimitSettings {
  return {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    plans: { ...current.plans, ...patch.plans },
    routeLimits: mergeMap(current.routeLimits, patch.routeLimits),
    tokenPlans: mergeMap(current.tokenPlans, patch.tokenPlans),
  };
}

/** Stored settings, with defaults for anything a previous version did not have. */
export function readSettings(stored: unknown): RateLimitSettings {
  const parsed = rateLimitSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(stored as object) });
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export const lockoutPolicy = (settings: RateLimitSettings): LockoutPolicy => ({
  maxAttempts: settings.maxAttempts,
  windowMinutes: settings.attemptWindowMinutes,
  lockDurationMinutes: settings.lockDurationMinutes,
});

export type Caller = { kind: "session" | "token"; id: string } | { kind: "address"; address: string };

/**
 * The buckets one API request draws from: the route's (per caller) and the caller's hourly
 * quota across every route. The route's limit is the configured one, else the endpoint's own
 * default (e.g. ingest routes that expect more traffic), else the default limit.
 */
export function apiBuckets(
  settings: RateLimitSettings,
  route: { path: string; rateLimit?: BucketRule },
  caller: Caller,
): Array<{ key: string; rule: BucketRule }> {
  const configured = settings.routeLimits[route.path];
  const routeRule = configured
    ? ruleFor(configured.requestsPerMinute, 60, configured.burst)
    : (route.rateLimit ?? ruleFor(settings.defaultRouteLimit.requestsPerMinute, 60, settings.defaultRouteLimit.burst));
  const callerKey = caller.kind === "address" ? `ip:${caller.address}` : `${caller.kind}:${caller.id}`;
  const plan: Plan =
    caller.kind === "address" ? "free" : caller.kind === "token" ? (settings.tokenPlans[caller.id] ?? settings.defaultPlan) : settings.defaultPlan;
  return [
    { key: `route:${route.path}:${callerKey}`, rule: routeRule },
    { key: `quota:${callerKey}`, rule: ruleFor(settings.plans[plan], 3600) },
  ];
}
