import { getConfig } from "@/lib/config";
import { dbPool } from "@/lib/db";
import { logger } from "@/lib/log";
import { onShutdown } from "@/lib/shutdown";
import { setMetricsBufferSource } from "@/lib/observability/prometheus";
import type { MetricPoint } from "@/lib/metrics/point";
import { InfluxMetricsStore } from "@/lib/metrics/store/influx";
import { SqlMetricsStore } from "@/lib/metrics/store/sql";
import type { MetricsStore } from "@/lib/metrics/store/types";
import { BufferedWriter } from "@/lib/metrics/writer";
import { dropProcessSingleton, existingProcessSingleton, processSingleton } from "@/lib/process-singleton";

const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

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
  const writer = new BufferedWriter<MetricPoint>(`metrics_${store.kind}`, (batch) => store.write(batch), {
    capacity: config.METRICS_BUFFER_MAX_POINTS,
  }).start();
  setMetricsBufferSource(() => writer.stats());
  let retention: NodeJS.Timeout | undefined;
  if (store instanceof SqlMetricsStore) {
    const sweep = () =>
      store
        .deleteBefore((Date.now() - config.METRICS_RETENTION_DAYS * 86_400_000) * 1000)
        .then((deleted) => deleted > 0 && logger.info({ deleted }, "metrics retention: deleted old points"))
        .catch((error: unknown) => logger.warn({ err: error }, "metrics retention failed"));
    retention = setInterval(sweep, RETENTION_INTERVAL_MS).unref();
    void sweep();
  }
  // On SIGTERM: no sweep starts, and every buffered point is written before the pool closes.
  onShutdown("timers", "metrics retention", () => clearInterval(retention));
  onShutdown("buffers", "metrics buffer", () => writer.stop());
  return { store, writer, retention };
}

type Metrics = ReturnType<typeof createMetrics>;

function metrics(): Metrics {
  return processSingleton("metricsStore", createMetrics);
}

export const metricsStore = (): MetricsStore => metrics().store;
export const metricsWriter = (): BufferedWriter<MetricPoint> => metrics().writer;

/** The write buffer's state when metrics have been used in this process, for health and Prometheus. */
export const metricsWriterIfStarted = (): BufferedWriter<MetricPoint> | undefined => existingProcessSingleton<Metrics>("metricsStore")?.writer;

/** For tests that switch configuration: flushes and forgets the current store. */
export async function resetMetricsForTests(): Promise<void> {
  const current = dropProcessSingleton<Metrics>("metricsStore");
  if (current) {
    clearInterval(current.retention);
    await current.writer.stop();
  }
}
