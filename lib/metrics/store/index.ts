import { getConfig } from "@/lib/config";
import { dbPool } from "@/lib/db";
import { runOncePerPeriod } from "@/lib/db/periodic-lease";
import { logger } from "@/lib/log";
import { setMetricsBufferSource } from "@/lib/observability/prometheus";
import type { MetricPoint } from "@/lib/metrics/point";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { MetricsStore } from "@/lib/metrics/store/types";
import { BufferedWriter, type BufferedWriterOptions } from "@/lib/metrics/writer";

const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The buffered writer in front of a store: points the store refuses for their content are split
 * out of their batch and dropped (logged, counted), never retried at the head of the buffer.
 */
export function metricsWriterFor(store: MetricsStore, options: BufferedWriterOptions<MetricPoint> = {}): BufferedWriter<MetricPoint> {
  return new BufferedWriter<MetricPoint>(`metrics_${store.kind}`, (batch) => store.write(batch), {
    isRejectedContent: (error) => store.rejectsContent(error),
    onReject: (rejection) => logger.warn({ store: store.kind, ...rejection }, "metrics: the store refused a point for its content; dropped"),
    ...options,
  });
}

/** The one place the metrics backend is chosen: InfluxDB when INFLUXDB_URL is set, else PostgreSQL. */
function createMetrics() {
  const config = getConfig();
  const store: MetricsStore = config.INFLUXDB_URL
    ? new InfluxMetricsStore({
        url: config.INFLUXDB_URL,
        database: config.INFLUXDB_DATABASE,
        retentionPolicy: config.INFLUXDB_RETENTION_POLICY,
        token: config.INFLUXDB_TOKEN,
        username: config.INFLUXDB_USERNAME,
        password: config.INFLUXDB_PASSWORD,
      })
    : new SqlMetricsStore(dbPool);
  const writer = metricsWriterFor(store, { capacity: config.METRICS_BUFFER_MAX_POINTS }).start();
  setMetricsBufferSource(() => writer.stats());
  let retention: NodeJS.Timeout | undefined;
  if (store instanceof SqlMetricsStore) {
    // Hourly, and once an hour across instances sharing the database.
    const sweep = () =>
      runOncePerPeriod("metrics.retention", RETENTION_INTERVAL_MS, async () => {
        const deleted = await store.deleteBefore((Date.now() - config.METRICS_RETENTION_DAYS * 86_400_000) * 1000);
        if (deleted > 0) logger.info({ deleted }, "metrics retention: deleted old points");
      }).catch((error: unknown) => logger.warn({ err: error }, "metrics retention failed"));
    retention = setInterval(sweep, RETENTION_INTERVAL_MS).unref();
    void sweep();
  }
  return { store, writer, retention };
}

type Metrics = ReturnType<typeof createMetrics>;
const globalForMetrics = globalThis as unknown as { opsdeckMetricsStore?: Metrics };

function metrics(): Metrics {
  globalForMetrics.opsdeckMetricsStore ??= createMetrics();
  return globalForMetrics.opsdeckMetricsStore;
}

export const metricsStore = (): MetricsStore => metrics().store;
export const metricsWriter = (): BufferedWriter<MetricPoint> => metrics().writer;

/** The write buffer's state when metrics have been used in this process, for health and Prometheus. */
export const metricsWriterIfStarted = (): BufferedWriter<MetricPoint> | undefined => globalForMetrics.opsdeckMetricsStore?.writer;

/** For tests that switch configuration: flushes and forgets the current store. */
export async function resetMetricsForTests(): Promise<void> {
  const current = globalForMetrics.opsdeckMetricsStore;
  globalForMetrics.opsdeckMetricsStore = undefined;
  if (current) {
    clearInterval(current.retention);
    await current.writer.stop();
  }
}
