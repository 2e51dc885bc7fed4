import { devLoginEnabled, getConfig } from "@/lib/config";
import { flagCacheConfig, flagCacheListeners, getSnapshot } from "@/lib/flags/cache";
import { checkDependencies } from "@/lib/health/checks";
import type { DependencyHealth, SystemComponent, SystemStatus } from "@/lib/health/schemas";
import { tracingStatus } from "@/lib/observability/tracing";
import packageJson from "@/package.json";

/** The flag seed 001's auth-timing runbook asks about ("is the constant-time auth implementation active?"). */
export const CONSTANT_TIME_AUTH_FLAG = "priority_1_3_constant_time_auth";

const fromDependency = (dependency: DependencyHealth): SystemComponent => ({
  status: dependency.status,
  message: dependency.message,
  details: { label: dependency.label, critical: dependency.critical, latency_ms: dependency.latency_ms, breaker: dependency.breaker?.state ?? null },
});

/**
 * `GET /api/admin/system/status`: every component of this instance in one answer — its
 * dependencies (checked now), sign-in, the rate limiter, the flag cache and tracing — so
 * `curl …/system/status | grep -A5 auth` (seed 001) finds how people sign in and whether
 * constant-time auth is switched on.
 */
export async function systemStatus(): Promise<SystemStatus> {
  const config = getConfig();
  const [deps, cache, snapshot] = await Promise.all([checkDependencies(), flagCacheConfig(), getSnapshot()]);
  const { identity_provider: idp, ...others } = deps.dependencies;
  const constantTime = snapshot.byName.get(CONSTANT_TIME_AUTH_FLAG);
  const devLogin = devLoginEnabled(config);
  const auth: SystemComponent = {
    status: idp && idp.status !== "not_configured" ? idp.status : "ok",
    message: config.OIDC_ISSUER
      ? `single sign-on through ${config.OIDC_ISSUER}${idp?.message ? ` (${idp.message})` : ""}`
      : devLogin
        ? "no identity provider: the development sign-in is on (anyone may pick any role)"
        : "no identity provider: API tokens only",
    details: {
      signIn: { oidc: Boolean(config.OIDC_ISSUER), issuer: config.OIDC_ISSUER ?? null, devLogin, apiTokens: true },
      sessionMaxAgeSeconds: config.SESSION_MAX_AGE_SECONDS,
      constantTimeAuth:
        constantTime && !constantTime.archived
          ? { flag: CONSTANT_TIME_AUTH_FLAG, enabled: constantTime.enabled, rolloutPercentage: constantTime.rolloutPercentage, targetEnvironments: constantTime.targetEnvironments }
          : { flag: CONSTANT_TIME_AUTH_FLAG, enabled: false, rolloutPercentage: null, note: "no such flag" },
    },
  };
  const listeners = flagCacheListeners();
  const limiter = deps.rateLimiter;
  const tracing = tracingStatus();
  const components: Record<string, SystemComponent> = {
    auth,
    ...Object.fromEntries(Object.entries(others).map(([name, dependency]) => [name, fromDependency(dependency)])),
    rateLimiter: {
      status: limiter.degraded ? "degraded" : "ok",
      message: limiter.degraded ? `store unreachable since ${limiter.degradedSince}; failing ${limiter.failMode}` : null,
      details: { store: limiter.store, failMode: limiter.failMode, lastError: limiter.lastError },
    },
    flagCache: {
      status: listeners.redis.configured && !listeners.redis.subscribed ? "degraded" : "ok",
      message: listeners.redis.configured && !listeners.redis.subscribed ? "not subscribed to change announcements: serving this copy until the TTL runs out" : null,
      details: { ttl: cache.ttl, secondsSinceUpdate: cache.secondsSinceUpdate, flagsCached: cache.flagsCached, invalidation: cache.invalidation, sseSubscribers: listeners.sseSubscribers },
    },
    tracing: {
      status: tracing.traceIdGeneration === "working" ? "ok" : "degraded",
      message: null,
      details: tracing,
    },
  };
  return { status: deps.status, timestamp: deps.timestamp, version: packageJson.version, components };
}
