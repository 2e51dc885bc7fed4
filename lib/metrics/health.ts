import { rollupJobNote } from "@/lib/metrics/rollup/job";
import { metricsWriterIfStarted, rollupJobIfStarted } from "@/lib/metrics/store";

/** The write buffer as one line for /api/health/deps, e.g. "metrics buffer: 0/100000 points, 0 dropped, circuit closed". */
export function metricsBufferNote(): string | null {
  const writer = metricsWriterIfStarted();
  if (!writer) return null;
  const stats = writer.stats();
  const rejected = stats.lastRejection ? `, ${stats.rejected} refused by the store (last: ${stats.lastRejection.reason})` : "";
  return `metrics buffer: ${stats.buffered}/${stats.capacity} points, ${stats.dropped} dropped${rejected}, circuit ${stats.breaker.state}`;
}

/** The write buffer and the rollup job, as the note on the dependency that stores metrics. */
export function metricsNote(): string | null {
  const job = rollupJobIfStarted();
  return [metricsBufferNote(), job ? rollupJobNote(job.status()) : null].filter(Boolean).join("; ") || null;
}
