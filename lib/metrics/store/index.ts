import { getConfig } from "@/lib/config";
import { dbPool } from "@/lib/db";
import { runOncePerPeriod } from "@/lib/db/periodic-lease";
import { recordJobRun } from "@/lib/jobs/runs";
import { logger } from "@/lib/log";
import { onShutdown } from "@/lib/shutdown";
import { setMetricsBufferSource } from "@/lib/observability/prometheus";
import { pointsOf } from "@/lib/metrics/line-protocol";
import { RollupJob } from "@/lib/metrics/rollup/job";
import { RollupTable } from "@/lib/metrics/rollup/table";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { RolledUpMetricsStore } from "@/lib/metrics/store/rolled-up";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { MetricsStore, RawMetricsStore } from "@/lib/metrics/store/types";
import { isCanonicalLines, type MetricsWrite, pointsIn } from "@/lib/metrics/write-batch";
import { BufferedWriter, type BufferedWriterOptions } from "@/lib/metrics/writer";
import { dropProcessSingleton, existingProcessSingleton, processSingleton } from "@/lib/process-singleton";

const DAY_US = 86_400_000_000;

/**
 * Points one write to the store carries. InfluxDB advises 5,000–10,000 lines a write; each write
 * also inserts its rollup deltas (a row per series, field and bucket it touches, however many
 * points it holds), so the larger end costs Opsdeck ~10 % less CPU per point than 5,000 did.
 */
export const METRICS_WRITE_BATCH = 10_000;

/**
 * How long points wait for more before a partial batch is written: bodies arriving together go
 * out as one write of METRICS_WRITE_BATCH (half the requests to InfluxDB, half the PostgreSQL
 * transactions, where a write per body was the rule), and a lone point is on the chart a moment later.
 */
const METRICS_LINGER_MS = 50;

const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The buffered writer in front of a store, counting in points (a body's canonical lines weigh one
 * each): points the store refuses for their content are split out of their batch — canonical
 * lines parsed back into points for that — and dropped (logged, counted), never retried at the
 * head of the buffer.
 */
export function metricsWriterFor(store: MetricsStore, options: BufferedWriterOptions<MetricsWrite> = {}): BufferedWriter<MetricsWrite> {
  return new BufferedWriter<MetricsWrite>(`metrics_${store.kind}`, (batch) => store.write(batch), {
    weigh: pointsIn,
    split: (item) => (isCanonicalLines(item) ? pointsOf([item]) : null),
    isRejectedContent: (error) => store.rejectsContent(error),
    onReject: (rejection) => logger.warn({ store: store.kind, ...rejection }, "metrics: the store refused a point for its content; dropped"),
    ...options,
  });
}

/**
 * The one place the metrics backend is chosen: raw points in InfluxDB when INFLUXDB_URL is set,
 * else in PostgreSQL; their rollups in PostgreSQL either way (lib/metrics/store/rolled-up.ts says why).
 */
function createMetrics() {
  const config = getConfig();
  const raw: RawMetricsStore = config.INFLUXDB_URL
    ? new InfluxMetricsStore({
        url: config.INFLUXDB_URL,
        database: config.INFLUXDB_DATABASE,
        retentionPolicy: config.INFLUXDB_RETENTION_POLICY,
        token: config.INFLUXDB_TOKEN,
        username: config.INFLUXDB_USERNAME,
        password: config.INFLUXDB_PASSWORD,
      })
    : new SqlMetricsStore(dbPool);
  const store = new RolledUpMetricsStore(raw, new RollupTable(dbPool));
  // Two batches in flight: the next is encoded and rolled up while the store writes the last.
  const writer = metricsWriterFor(store, { capacity: config.METRICS_BUFFER_MAX_POINTS, batchSize: METRICS_WRITE_BATCH, concurrency: 2, lingerMs: METRICS_LINGER_MS }).start();
  setMetricsBufferSource(() => writer.stats());
  // Every minute: compaction, and (hourly, by one instance across those sharing the database) every
  // tier's retention; InfluxDB keeps raw points for its retention policy's duration.
  const rollupJob = new RollupJob(async () => {
    await recordJobRun("metrics.rollup.compact", async () => ({ merged: await store.rollups.compact() }));
    await runOncePerPeriod("metrics.retention", RETENTION_INTERVAL_MS, async () => {
      const nowUs = Date.now() * 1000;
      const deleted =
        (raw instanceof SqlMetricsStore ? await raw.deleteBefore(nowUs - config.METRICS_RETENTION_DAYS * DAY_US) : 0) +
        (await store.rollups.deleteBefore([
          { resolutionSeconds: 60, beforeUs: nowUs - config.METRICS_MINUTE_ROLLUP_RETENTION_DAYS * DAY_US },
          { resolutionSeconds: 3600, beforeUs: nowUs - config.METRICS_HOUR_ROLLUP_RETENTION_DAYS * DAY_US },
        ]));
      if (deleted > 0) logger.info({ deleted }, "metrics retention: deleted old points and rollups");
      return { deleted };
    });
  }).start();
  // On SIGTERM: no compaction or retention starts, and every buffered point is written before the pool closes.
  onShutdown("timers", "metrics rollup job", () => rollupJob.stop());
  onShutdown("buffers", "metrics buffer", () => writer.stop());
  return { store, writer, rollupJob };
}

type Metrics = ReturnType<typeof createMetrics>;

function metrics(): Metrics {
  return processSingleton("metricsStore", createMetrics);
}

export const metricsStore = (): MetricsStore => metrics().store;
/** The rollup job's state when metrics have been used in this process, for the Dependencies page. */
export const rollupJobIfStarted = (): RollupJob | undefined => existingProcessSingleton<Metrics>("metricsStore")?.rollupJob;
export const metricsWriter = (): BufferedWriter<MetricsWrite> => metrics().writer;
/** For ingest: the fold of a body's canonical lines when the store takes them as they are, else none (see RolledUpMetricsStore.lineFold). */
export const canonicalLinesFold = () => metrics().store.lineFold();

/** The write buffer's state when metrics have been used in this process, for health and Prometheus. */
export const metricsWriterIfStarted = (): BufferedWriter<MetricsWrite> | undefined => existingProcessSingleton<Metrics>("metricsStore")?.writer;

/** For tests that switch configuration: flushes and forgets the current store. */
export async function resetMetricsForTests(): Promise<void> {
  const current = dropProcessSingleton<Metrics>("metricsStore");
  if (current) {
    await current.rollupJob.stop();
    await current.writer.stop();
  }
}
