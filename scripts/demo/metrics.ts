import { Metrics } from "@/lib/metrics/sdk";
import type { DemoContext, DemoPart } from "./part";

/**
 * Demo metrics: a day of history, then live traffic every few seconds, all written through the
 * services' SDK into Opsdeck's ingest endpoint, exactly as a real service would. The history has a
 * bad hour (from 3 h to 2 h ago): auth latency spikes, the cache hit rate drops, pools fill up and
 * queue, errors and lockouts climb, vector searches fail and slow requests push the p99 over 1 s. The `reports` service leaks connections through the day.
 */
const HISTORY_HOURS = 24;
const LIVE_INTERVAL_MS = 5_000;
const ENDPOINTS = ["/api/documents/upload", "/api/search", "/api/auth/login", "/api/documents"] as const;
const POOLS = [
  { service: "api", pool: "primary", max: 20 },
  { service: "worker", pool: "queue-db", max: 10 },
  { service: "reports", pool: "readonly", max: 15 },
] as const;

/** A small deterministic generator, so two starts draw the same day. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** 0 outside the bad hour, rising to 1 in its middle. */
export function badness(timeMs: number, nowMs: number): number {
  const start = nowMs - 3 * 3_600_000;
  const end = nowMs - 2 * 3_600_000;
  if (timeMs < start || timeMs >= end) return 0;
  return Math.sin(((timeMs - start) / (end - start)) * Math.PI);
}

/** One stretch of traffic of `seconds` length starting at `startMs`, recorded through the SDK. */
export function simulateStretch(metrics: Metrics, clock: { now: number }, startMs: number, seconds: number, nowMs: number, rand: () => number) {
  const bad = badness(startMs, nowMs);
  const events = Math.round(seconds * 0.5);
  for (let i = 0; i < events; i++) {
    clock.now = startMs + (i / events) * seconds * 1000;
    const authMs = 500 + (rand() - 0.5) * 60 + bad * (rand() < 0.3 ? 500 + rand() * 400 : 150 * rand());
    metrics.recordAuthTime(`user-${Math.floor(rand() * 500)}`, authMs, rand() > 0.05);
    const hitRate = 0.72 - bad * 0.4;
    metrics.recordCacheOperation(rand() < 0.03 ? "invalidation" : rand() < hitRate ? "hit" : "miss", 1 + rand() * 4);
    const endpoint = ENDPOINTS[Math.floor(rand() * ENDPOINTS.length)] as string;
    const searchFails = endpoint === "/api/search" && rand() < 0.01 + bad * 0.2;
    const requestMs = endpoint === "/api/search" ? 120 + rand() * 300 + (rand() < 0.02 + bad * 0.1 ? 600 + rand() * 900 : 0) : 40 + rand() * 200;
    metrics.recordRequest(endpoint, requestMs, searchFails ? 503 : 200);
    if (endpoint === "/api/search") metrics.recordVectorSearch(requestMs * 0.8, !searchFails);
    const errorChance = endpoint === "/api/documents/upload" ? 0.004 + bad * 0.12 : 0.002 + bad * 0.02;
    if (rand() < errorChance) {
      const saga = endpoint === "/api/documents/upload" && rand() < 0.8;
      metrics.recordError(endpoint, saga ? "SagaCompensationError" : "TimeoutError", 100 + rand() * 900, saga ? "Failed to delete from Drive" : "Upstream did not answer within 5 s");
    }
    if (rand() < 0.15) {
      const status = rand() < 0.004 + bad * 0.05 ? "compensation" : rand() < 0.002 ? "failed" : "success";
      metrics.recordSagaTransaction(`tx-${Math.floor(rand() * 1e9)}`, 200 + rand() * 800, status);
    }
  }
  clock.now = startMs + seconds * 1000 - 1;
  for (const pool of POOLS) {
    const dayFraction = 1 - (nowMs - startMs) / (HISTORY_HOURS * 3_600_000);
    const leak = pool.service === "reports" ? Math.floor(dayFraction * (pool.max - 3)) : 0;
    const base = pool.max * (0.3 + 0.15 * Math.sin(startMs / 1_800_000)) + bad * pool.max * 0.65;
    const active = Math.min(pool.max, Math.max(1, Math.round(base * (0.9 + rand() * 0.2)) + leak));
    const queued = active >= pool.max ? Math.round(bad * 12 * rand()) : 0;
    metrics.recordPoolStats(pool.service, pool.pool, {
      activeConnections: active,
      availableConnections: pool.max - active,
      queuedRequests: queued,
      maxConnections: pool.max,
      utilizationPercent: Math.round((active / pool.max) * 1000) / 10,
    });
  }
  const lockoutsPerHour = 2 + bad * 22;
  if (rand() < (lockoutsPerHour * seconds) / 3600) metrics.recordLockout(bad > 0.3 ? "brute_force" : "failed_attempts", 15);
}

function sdkFor(context: DemoContext, clock: { now: number }) {
  return new Metrics({ url: `${context.baseUrl}/api/admin/metrics`, token: context.token, now: () => clock.now, flushOnExit: false, batchSize: 20_000 });
}

export const metricsDemo: DemoPart = {
  name: "metrics",
  simulate(context) {
    const nowMs = Date.now();
    const rand = random(20261123);
    const clock = { now: nowMs };
    const metrics = sdkFor(context, clock);
    let stopped = false;
    const backfill = (async () => {
      // Newest first, so the charts of the last hour fill within seconds.
      for (let minute = 1; minute <= HISTORY_HOURS * 60 && !stopped; minute++) {
        simulateStretch(metrics, clock, nowMs - minute * 60_000, 60, nowMs, rand);
        if (minute % 60 === 0) await metrics.flush();
      }
      await metrics.flush();
    })();
    const live = setInterval(() => {
      const start = Date.now() - LIVE_INTERVAL_MS;
      simulateStretch(metrics, clock, start, LIVE_INTERVAL_MS / 1000, Date.now(), rand);
      void metrics.flush();
    }, LIVE_INTERVAL_MS);
    return async () => {
      stopped = true;
      clearInterval(live);
      await backfill;
      await metrics.close();
    };
  },
};
