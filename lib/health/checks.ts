import { getConfig } from "@/lib/config";
import { dbPool } from "@/lib/db";
import type { DependencyHealth, DependencyStatus, DepsResponse, HealthResponse } from "@/lib/health/schemas";
import { metricsBufferNote } from "@/lib/metrics/health";
import { influxAuthHeaders } from "@/lib/metrics/store/influx";
import { getRedis } from "@/lib/redis";
import packageJson from "@/package.json";

/** Seed 004: each dependency check has its own timeout, shorter than any HTTP client's. */
const CHECK_TIMEOUT_MS = 2_000;

interface DependencyCheck {
  name: string;
  critical: boolean;
  /** Resolves when healthy; rejects with the reason otherwise. */
  probe(signal: AbortSignal): Promise<void>;
  /** A line of state to report whatever the probe says (the metrics write buffer). */
  note?: () => string | null;
}

async function httpProbe(url: string, signal: AbortSignal, headers?: HeadersInit): Promise<void> {
  const response = await fetch(url, { signal, headers, cache: "no-store" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

const databaseCheck: DependencyCheck = {
  name: "database",
  critical: true,
  probe: async () => {
    await dbPool().query("SELECT 1");
  },
};

/** The metrics buffer is reported on the dependency that stores metrics. */
const withMetricsNote = (check: DependencyCheck): DependencyCheck => ({ ...check, note: metricsBufferNote });

/** The dependencies this configuration uses; unconfigured ones are not listed. */
export function configuredChecks(): DependencyCheck[] {
  const config = getConfig();
  const checks: DependencyCheck[] = [config.INFLUXDB_URL ? databaseCheck : withMetricsNote(databaseCheck)];
  const redis = getRedis();
  if (redis) {
    checks.push({ name: "redis", critical: false, probe: async () => void (await redis.ping()) });
  }
  if (config.INFLUXDB_URL) {
    const url = new URL("/ping", config.INFLUXDB_URL).toString();
    checks.push(
      withMetricsNote({
        name: "influxdb",
        critical: false,
        probe: (signal) =>
          httpProbe(url, signal, influxAuthHeaders({ token: config.INFLUXDB_TOKEN, username: config.INFLUXDB_USERNAME, password: config.INFLUXDB_PASSWORD })),
      }),
    );
  }
  if (config.OIDC_ISSUER) {
    const url = `${config.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`;
    checks.push({ name: "identity_provider", critical: false, probe: (signal) => httpProbe(url, signal) });
  }
  return checks;
}

async function runCheck(check: DependencyCheck): Promise<DependencyHealth> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
    }, CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check.probe(controller.signal), timeout]);
    const message = check.note?.() ?? null;
    return { name: check.name, status: "ok", latency_ms: Math.round(performance.now() - started), message, critical: check.critical };
  } catch (error) {
    return {
      name: check.name,
      status: "unavailable",
      latency_ms: Math.round(performance.now() - started),
      message: [(error as Error).message || String(error), check.note?.()].filter(Boolean).join("; "),
      critical: check.critical,
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkDependencies(): Promise<DepsResponse> {
  const results = await Promise.all(configuredChecks().map(runCheck));
  const criticalDown = results.some((r) => r.critical && r.status !== "ok");
  const anyDown = results.some((r) => r.status !== "ok");
  const status: DependencyStatus = criticalDown ? "unavailable" : anyDown ? "degraded" : "ok";
  return {
    status,
    timestamp: new Date().toISOString(),
    dependencies: Object.fromEntries(results.map((r) => [r.name, r])),
  };
}

/** Seed 003's summary: healthy only when every configured dependency is. */
export async function checkHealth(): Promise<HealthResponse> {
  const deps = await checkDependencies();
  return {
    status: deps.status === "ok" ? "healthy" : "degraded",
    timestamp: deps.timestamp,
    version: packageJson.version,
    checks: Object.fromEntries(
      Object.values(deps.dependencies).map((d) => [d.name, d.status === "ok" ? "healthy" : d.critical ? "unhealthy" : "degraded"]),
    ),
  };
}

/** Readiness: Opsdeck can serve when its database answers. */
export async function isReady(): Promise<boolean> {
  return (await runCheck(databaseCheck)).status === "ok";
}
