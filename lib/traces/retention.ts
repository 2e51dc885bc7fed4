import type pg from "pg";
import { getConfig } from "@/lib/config";
import { dbPool } from "@/lib/db";
import { runOncePerPeriod } from "@/lib/db/periodic-lease";
import { logger } from "@/lib/log";
import { processSingleton } from "@/lib/process-singleton";

/**
 * How trace storage scales: `trace_spans` is partitioned by UTC day on the span's start.
 * - Writes touch only the current day's partition, whose indexes stay small and hot.
 * - Reading one trace is an index lookup bounded by the trace's time range (from its summary),
 *   so PostgreSQL prunes every other day's partition.
 * - Retention detaches expired days with DETACH PARTITION CONCURRENTLY and drops them: no row-by-row
 *   DELETE, no bloat, no vacuum debt, and readers are never locked out. Spans therefore live between
 *   TRACES_RETENTION_DAYS and one day longer.
 * - `trace_summaries` (one row per trace) and `flag_exposures` (one per flag evaluation in a span)
 *   are deleted in batches of BATCH rows, which takes row locks only.
 * There is no DEFAULT partition on purpose: PostgreSQL forbids concurrent detaching when one exists.
 * The receiver rejects spans outside the retention window, so every accepted span has a partition.
 */

const DAY_MS = 86_400_000;
const BATCH = 10_000;
const MAINTENANCE_INTERVAL_MS = 3_600_000;

const partitionName = (dayStartMs: number) => `trace_spans_p${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll("-", "")}`;

const partitions = processSingleton("spanPartitions", () => ({ known: new Set<string>(), lastMaintenanceAt: 0 }));
const knownPartitions = () => partitions.known;

/** Creates the day partitions that spans starting at these times need (idempotent, safe across processes). */
export async function ensureSpanPartitions(startTimesMs: Iterable<number>, client: pg.Pool | pg.PoolClient = dbPool()): Promise<void> {
  const days = new Set<number>();
  for (const ms of startTimesMs) days.add(Math.floor(ms / DAY_MS) * DAY_MS);
  for (const day of days) {
    const name = partitionName(day);
    if (knownPartitions().has(name)) continue;
    const from = new Date(day).toISOString();
    const to = new Date(day + DAY_MS).toISOString();
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "trace_spans" FOR VALUES FROM ('${from}') TO ('${to}')`);
    } catch (error) {
      // Another process created it between our check and our CREATE.
      if ((error as { code?: string }).code !== "42P07" && (error as { code?: string }).code !== "23505") throw error;
    }
    knownPartitions().add(name);
  }
}

/** Removes spans and summaries older than the retention. Returns what was dropped. */
export async function applyTraceRetention(retentionDays = getConfig().TRACES_RETENTION_DAYS, now = Date.now()) {
  const pool = dbPool();
  const cutoff = now - retentionDays * DAY_MS;
  const { rows } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'trace_spans'`,
  );
  const droppedPartitions: string[] = [];
  for (const { name } of rows) {
    const match = /^trace_spans_p(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (!match) continue;
    const dayEnd = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + DAY_MS;
    if (dayEnd > cutoff) continue;
    await pool.query(`ALTER TABLE "trace_spans" DETACH PARTITION "${name}" CONCURRENTLY`);
    await pool.query(`DROP TABLE IF EXISTS "${name}"`);
    knownPartitions().delete(name);
    droppedPartitions.push(name);
  }
  const deleteInBatches = async (sql: string) => {
    let deleted = 0;
    for (;;) {
      const result = await pool.query(sql, [new Date(cutoff)]);
      deleted += result.rowCount ?? 0;
      if ((result.rowCount ?? 0) < BATCH) return deleted;
    }
  };
  const deletedSummaries = await deleteInBatches(
    `DELETE FROM "trace_summaries" WHERE "trace_id" IN (SELECT "trace_id" FROM "trace_summaries" WHERE "start_time" < $1 LIMIT ${BATCH})`,
  );
  const deletedExposures = await deleteInBatches(
    `DELETE FROM "flag_exposures" WHERE ctid IN (SELECT ctid FROM "flag_exposures" WHERE "start_time" < $1 LIMIT ${BATCH})`,
  );
  return { droppedPartitions, deletedSummaries, deletedExposures };
}

/** Runs retention at most hourly per process, in the background of ingestion, and once an hour across instances. */
export function scheduleTraceMaintenance(now = Date.now()): void {
  const last = partitions.lastMaintenanceAt;
  if (now - last < MAINTENANCE_INTERVAL_MS) return;
  partitions.lastMaintenanceAt = now;
  runOncePerPeriod("traces.retention", MAINTENANCE_INTERVAL_MS, applyTraceRetention).catch((error: unknown) =>
    logger.warn({ err: error }, "trace retention failed; retrying in an hour"),
  );
}
