import { dbPool } from "@/lib/db";
import type { PoolStats } from "@/lib/health/schemas";

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
    utilizationPercent: Math.round((activeConnections / maxConnections) * 1000) / 10,
  };
}
