import { tracingStatus } from "@/lib/observability/tracing";
import { grpcReceiverState } from "@/lib/traces/grpc-receiver";
import { hasRole, type Principal } from "@/lib/auth/roles";
import { alertmanagerClient } from "@/lib/alerts/alertmanager";
import { getConfig } from "@/lib/config";
import { dbPool } from "@/lib/db";
import type { DependencyCheck, DependencyHealth, DepsResponse, HealthResponse, OverallStatus } from "@/lib/health/schemas";
import { metricsNote } from "@/lib/metrics/health";
import { influxAuthHeaders } from "@/lib/metrics/store/influx";
import { limiterHealth, markLimiterStoreReachable } from "@/lib/ratelimit/store";
import { processSubscriber } from "@/lib/pubsub";
import type { Redis } from "ioredis";
import { getRedis } from "@/lib/redis";
import { CircuitBreaker } from "@/lib/resilience/circuit-breaker";
import { prometheus, recordDependency } from "@/lib/observability/prometheus";
import packageJson from "@/package.json";

/** Seed 004: each dependency check has its own timeout, shorter than any HTTP client's. */
const CHECK_TIMEOUT_MS = 2_000;
/** Checks kept per dependency for the Dependencies page's short history. */
const HISTORY_LENGTH = 30;

interface Dependency {
  name: string;
  label: string;
  critical: boolean;
  /** Why it is absent and what Opsdeck does instead; null when configured. */
  notConfigured: string | null;
  /** Resolves when healthy; rejects with the reason otherwise. */
  probe(signal: AbortSignal): Promise<void>;
  /** A line of state to report whatever the probe says (the metrics write buffer). */
  note?: () => string | null;
}

async function httpProbe(url: string, signal: AbortSignal, headers?: HeadersInit): Promise<void> {
  const response = await fetch(url, { signal, headers, cache: "no-store" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

const databaseCheck: Dependency = {
  name: "database",
  label: "PostgreSQL",
  critical: true,
  notConfigured: null,
  probe: async () => {
    await dbPool().query("SELECT 1");
  },
};

/**
 * Redis answers, and every announcement channel this instance wants is subscribed: an instance
 * that cannot hear changes is not healthy even when its commands work.
 */
async function probeRedis(redis: Redis): Promise<void> {
  await redis.ping();
  markLimiterStoreReachable();
  const subscriptions = processSubscriber()?.status();
  if (subscriptions && subscriptions.held < subscriptions.wanted) {
    throw new Error(`Redis answers, but ${subscriptions.wanted - subscriptions.held} of ${subscriptions.wanted} announcement channels are not subscribed yet`);
  }
}

const unreachable = () => Promise.reject(new Error("not configured"));

/** Opsdeck's four dependencies; the optional ones say what stands in for them when unset. */
export function dependencies(): Dependency[] {
  const config = getConfig();
  const redis = getRedis();
  const influx = config.INFLUXDB_URL ? new URL("/ping", config.INFLUXDB_URL).toString() : null;
  const issuer = config.OIDC_ISSUER ? `${config.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration` : null;
  return [
    influx ? databaseCheck : { ...databaseCheck, note: metricsNote },
    {
      name: "redis",
      label: "Redis",
      critical: false,
      notConfigured: redis ? null : "REDIS_URL is unset: rate limits and lockouts live in this instance's memory",
      probe: redis ? () => probeRedis(redis) : unreachable,
    },
    {
      name: "influxdb",
      label: "InfluxDB",
      critical: false,
      notConfigured: influx ? null : "INFLUXDB_URL is unset: metrics are kept in PostgreSQL",
      probe: influx
        ? (signal) =>
            httpProbe(influx, signal, influxAuthHeaders({ token: config.INFLUXDB_TOKEN, username: config.INFLUXDB_USERNAME, password: config.INFLUXDB_PASSWORD }))
        : unreachable,
      // The metrics write buffer is reported on the dependency that stores metrics.
      note: influx ? metricsNote : undefined,
    },
    {
      name: "identity_provider",
      label: "Identity provider",
      critical: false,
      notConfigured: issuer ? null : "OIDC_ISSUER is unset: only API tokens can sign in",
      probe: issuer ? (signal) => httpProbe(issuer, signal) : unreachable,
    },
    alertmanagerDependency(),
  ];
}

function alertmanagerDependency(): Dependency {
  const alertmanager = alertmanagerClient();
  return {
    name: "alertmanager",
    label: "Alertmanager",
    critical: false,
    notConfigured: alertmanager ? null : "ALERTMANAGER_URL is unset: alerts open Opsdeck incidents directly only",
    probe: alertmanager ? (signal) => httpProbe(new URL("-/healthy", alertmanager.url).toString(), signal) : unreachable,
    note: alertmanager ? () => alertmanager.note() : undefined,
  };
}

interface Tracked {
  breaker: CircuitBreaker;
  history: DependencyCheck[];
  lastError: { message: string; at: string } | null;
}

// One breaker and history per dependency for the life of the process.
const dependencyState = new Map<string, Tracked>();

function tracked(name: string): Tracked {
  const all = dependencyState;
  let entry = all.get(name);
  if (!entry) {
    entry = { breaker: new CircuitBreaker(name), history: [], lastError: null };
    all.set(name, entry);
  }
  return entry;
}

async function withTimeout(probe: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
    }, CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks one dependency and records the outcome on its circuit breaker (shown on the Dependencies
 * page). The check always runs, open circuit or not: it is the probe, and the moment the
 * dependency answers again the circuit closes and the instance reports healthy.
 */
async function runCheck(dependency: Dependency): Promise<DependencyHealth> {
  const state = tracked(dependency.name);
  const base = { name: dependency.name, label: dependency.label, critical: dependency.critical };
  if (dependency.notConfigured) {
    return { ...base, status: "not_configured", latency_ms: null, message: dependency.notConfigured, lastError: null, breaker: null, history: [] };
  }
  const started = performance.now();
  let status: DependencyHealth["status"] = "ok";
  let message: string | null = null;
  let latency: number | null = null;
  try {
    await state.breaker.probe(() => withTimeout(dependency.probe));
    latency = Math.round(performance.now() - started);
  } catch (error) {
    status = "unavailable";
    message = (error as Error).message || String(error);
    latency = Math.round(performance.now() - started);
    state.lastError = { message, at: new Date().toISOString() };
  }
  recordDependency(dependency.name, status === "ok", state.breaker.snapshot().state);
  state.history.push({ at: new Date().toISOString(), status, latency_ms: latency });
  if (state.history.length > HISTORY_LENGTH) state.history.shift();
  const breaker = state.breaker.snapshot();
  return {
    ...base,
    status,
    latency_ms: latency,
    message: [message, dependency.note?.()].filter(Boolean).join("; ") || null,
    lastError: state.lastError,
    breaker: { state: breaker.state, consecutiveFailures: breaker.consecutiveFailures, openedAt: breaker.openedAt },
    history: [...state.history],
  };
}

export async function checkDependencies(): Promise<DepsResponse> {
  const results = await Promise.all(dependencies().map(runCheck));
  const rateLimiter = limiterHealth();
  const down = (r: DependencyHealth) => r.status === "unavailable" || r.status === "degraded";
  const criticalDown = results.some((r) => r.critical && down(r));
  const anyDown = results.some(down) || rateLimiter.degraded;
  const status: OverallStatus = criticalDown ? "unavailable" : anyDown ? "degraded" : "ok";
  return {
    status,
    timestamp: new Date().toISOString(),
    dependencies: Object.fromEntries(results.map((r) => [r.name, r])),
    rateLimiter,
  };
}

/** Seed 003's summary: healthy only when every configured dependency is. */
export async function checkHealth(): Promise<HealthResponse> {
  const deps = await checkDependencies();
  const checks = Object.values(deps.dependencies).filter((d) => d.status !== "not_configured");
  return {
    status: deps.status === "ok" ? "healthy" : "degraded",
    timestamp: deps.timestamp,
    version: packageJson.version,
    checks: Object.fromEntries(checks.map((d) => [d.name, d.status === "ok" ? "healthy" : d.critical ? "unhealthy" : "degraded"])),
    tracing: { ...tracingStatus(), otlpGrpc: grpcReceiverState() },
  };
}

/** /api/health for a caller: the details for a viewer, the status alone for anyone else. */
export async function healthFor(principal: Principal | null): Promise<HealthResponse | Pick<HealthResponse, "status">> {
  const health = await checkHealth();
  return principal && hasRole(principal.role, "viewer") ? health : { status: health.status };
}

/**
 * The Prometheus exposition. Dependencies are checked first (through their breakers, so an open
 * circuit costs nothing), so dependency_health and circuit_breaker_state are as fresh as the scrape.
 */
export async function prometheusExposition(): Promise<string> {
  await checkDependencies();
  return prometheus.registry.metrics();
}

/** Readiness: Opsdeck can serve when its database answers. */
export async function isReady(): Promise<boolean> {
  return (await runCheck(databaseCheck)).status === "ok";
}
