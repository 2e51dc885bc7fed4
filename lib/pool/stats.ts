import { ApiError } from "@/lib/api/errors";
import { dbPool } from "@/lib/db";
import type { PoolReport, PoolStats, ServicePoolStats } from "@/lib/health/schemas";
import { M } from "@/lib/metrics/measurements";
import { metricsStore } from "@/lib/metrics/store";
import type { AggregateRow } from "@/lib/metrics/store/types";

/** The name Opsdeck's own pool answers under (`?service=opsdeck`, or no service at all). */
export const OWN_SERVICE = "opsdeck";
/** Reports older than this are not shown: a pool that stopped reporting is not "idle". */
export const POOL_REPORT_WINDOW_MINUTES = 15;

const utilisation = (active: number, max: number) => (max > 0 ? Math.round((active / max) * 1000) / 10 : 0);

/** Seed 001's pool-stats JSON for Opsdeck's own database pool. */
export function ownPoolStats(): PoolStats {
  const pool = dbPool();
  const maxConnections = pool.options.max ?? 10;
  const activeConnections = pool.totalCount - pool.idleCount;
  return {
    activeConnections,
    availableConnections: Math.max(0, maxConnections - activeConnections),
    queuedRequests: pool.waitingCount,
    maxConnections,
    utilizationPercent: utilisation(activeConnections, maxConnections),
  };
}

/** A service's pools added up in seed 001's shape: the figures an operator compares with the pool's size. */
export function combinePools(service: string, pools: PoolReport[]): ServicePoolStats {
  const sum = (pick: (pool: PoolReport) => number) => pools.reduce((total, pool) => total + pick(pool), 0);
  const activeConnections = sum((pool) => pool.activeConnections);
  const maxConnections = sum((pool) => pool.maxConnections);
  return {
    service,
    reportedAt: pools.map((pool) => pool.reportedAt).sort().at(-1) ?? null,
    activeConnections,
    availableConnections: sum((pool) => pool.availableConnections),
    queuedRequests: sum((pool) => pool.queuedRequests),
    maxConnections,
    utilizationPercent: utilisation(activeConnections, maxConnections),
    pools,
  };
}

/** In this order: valueAt reads them by index. */
const FIELDS = ["active", "available", "queued", "max"] as const;

/**
 * `GET /api/health/pool-stats?service=`: the service's latest report of each of its pools (the
 * `pool_stats` measurement services write, lib/metrics/sdk.ts `recordPoolStats`), within the last
 * 15 minutes; Opsdeck's own pool under its own name, live.
 */
export async function poolStatsOf(service: string, nowMs = Date.now()): Promise<ServicePoolStats> {
  if (service === OWN_SERVICE) {
    return combinePools(OWN_SERVICE, [{ pool: "postgresql", reportedAt: new Date(nowMs).toISOString(), ...ownPoolStats() }]);
  }
  const range = { fromUs: (nowMs - POOL_REPORT_WINDOW_MINUTES * 60_000) * 1000, toUs: (nowMs + 1) * 1000, stepSeconds: 60 };
  const answers = await Promise.all(
    FIELDS.map((field) =>
      metricsStore().aggregate({ ...range, measurement: M.pool, field, groupBy: ["pool"], where: { service }, aggregates: [{ fn: "last" }] }),
    ),
  );
  const poolOf = (row: AggregateRow) => row.tags.pool ?? "";
  // Each pool's latest reported minute, and each field's value in that minute.
  const latest = new Map<string, number>();
  for (const row of answers.flat()) latest.set(poolOf(row), Math.max(latest.get(poolOf(row)) ?? 0, row.time));
  const valueAt = (field: number, pool: string, time: number): number | null => {
    const value = Number(answers[field]?.find((row) => poolOf(row) === pool && row.time === time)?.values[0] ?? Number.NaN);
    return Number.isFinite(value) ? value : null;
  };
  if (latest.size === 0) {
    throw new ApiError(
      404,
      "not_found",
      `No pool stats reported by ${service} in the last ${POOL_REPORT_WINDOW_MINUTES} minutes (services report the pool_stats measurement); ?service=${OWN_SERVICE} is Opsdeck's own pool`,
    );
  }
  const pools = [...latest]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pool, time]): PoolReport => {
      const active = valueAt(0, pool, time) ?? 0;
      const max = valueAt(3, pool, time) ?? 0;
      return {
        pool,
        reportedAt: new Date(time).toISOString(),
        activeConnections: active,
        availableConnections: valueAt(1, pool, time) ?? Math.max(0, max - active),
        queuedRequests: valueAt(2, pool, time) ?? 0,
        maxConnections: max,
        utilizationPercent: utilisation(active, max),
      };
    });
  return combinePools(service, pools);
}
