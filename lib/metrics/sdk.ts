import { requestFlagTags } from "@/lib/flags/sdk/request-flags";
import type { PoolStats } from "@/lib/health/schemas";
import { M } from "@/lib/metrics/measurements";
import { type FieldValue, toLineProtocol } from "@/lib/metrics/point";
import { postLines } from "@/lib/metrics/post-lines";
import { BufferedWriter, type BufferedWriterOptions, type WriterStats } from "@/lib/metrics/writer";

export interface MetricsOptions extends BufferedWriterOptions<string> {
  /**
   * Where lines go: Opsdeck's ingest (`http://opsdeck:3000/api/admin/metrics`) or an InfluxDB
   * (`http://influx:8086`); both serve `/write` with line protocol.
   */
  url: string;
  /** Sent as `Authorization: Token …` (an Opsdeck operator token, or an InfluxDB 2.x/3.x token). */
  token?: string;
  /** The `db` parameter; Opsdeck ignores it, an InfluxDB 1.x needs it. */
  database?: string;
  /** Tags on every point, e.g. { service: "billing" }. */
  defaultTags?: Record<string, string>;
  /** Flush and stop when the process is about to exit (default true). */
  flushOnExit?: boolean;
  /** The clock stamping points, in ms (default Date.now); a backfill of history sets its own. */
  now?: () => number;
  /**
   * How long `close` keeps retrying batches the destination did not take (default 30 s): a
   * close while Opsdeck is slow or restarting writes everything once it answers; what is still
   * unsent after that is counted in `stats().dropped`.
   */
  closeTimeoutMs?: number;
  /** How long one write request may take before it is abandoned and retried (default 30 s). */
  requestTimeoutMs?: number;
}

/**
 * The same text as one flat string. A line built by concatenation is a tree of pieces in V8, and
 * a buffer of thousands of them gives the garbage collector a dozen objects to copy per line
 * (recording 200 k lines in a loop: 3.5–5 µs a line with this, 4–7.7 without); converting a
 * string to a number makes V8 flatten it in place.
 */
function flatten(text: string): string {
  Number(text);
  return text;
}

/**
 * Seed 000's `Metrics` class for the services Opsdeck watches: the same four record methods, plus
 * requests, vector searches, pool stats and rate-limit lockouts. A point recorded inside `FeatureFlagManager.withRequest`
 * carries `ff.<flag>` = on | off for each flag under a release plan that the request evaluated. Points become line protocol at once (with the
 * InfluxDB client's escaping, see toLineProtocol) and are sent in batches, on an interval and at exit; while the destination is away
 * they wait in a bounded buffer behind a circuit breaker, so recording never blocks or throws.
 */
export class Metrics {
  private readonly writer: BufferedWriter<string>;
  private sequence = 0;
  private lastMs = -1;
  private readonly exitHook = () => void this.close();

  constructor(private readonly options: MetricsOptions) {
    const target = new URL("write", options.url.endsWith("/") ? options.url : `${options.url}/`);
    if (options.database) target.searchParams.set("db", options.database);
    // Microseconds: what both stores keep, and Opsdeck forwards a line in them to InfluxDB as it arrives.
    target.searchParams.set("precision", "u");
    const headers: Record<string, string> = options.token ? { Authorization: `Token ${options.token}` } : {};
    this.writer = new BufferedWriter<string>(
      "metrics_sdk",
      async (lines) => {
        const { status } = await postLines(target, lines, headers, options.requestTimeoutMs ?? 30_000);
        // A 400 names bad lines that a retry cannot fix; only transport errors and 5xx are retried.
        if ((status < 200 || status >= 300) && status !== 400) throw new Error(`metrics write answered ${status}`);
      },
      options,
    ).start();
    if (options.flushOnExit !== false) process.once("beforeExit", this.exitHook);
  }

  /**
   * Microsecond timestamps, unique per process: InfluxDB keeps one point per series and timestamp,
   * so two records must never share one (1,000 per millisecond).
   * Within a millisecond a sequence counts up; the 1,001st record moves on to the next
   * millisecond. On the default clock the millisecond never goes back either: when the wall clock
   * is stepped back, or a burst ran ahead of it, points keep counting up from the last stamp until
   * the clock catches up. (A global sequence mod 1,000 could repeat a stamp there: the likely
   * cause of the few points the write bench found missing at 50,000–100,000 under heavy load.)
   * A caller's own clock (`now`, a backfill of history) is followed as given.
   */
  private timestamp(): string {
    const now = Math.floor((this.options.now ?? Date.now)());
    const ms = this.options.now ? now : Math.max(now, this.lastMs);
    if (ms === this.lastMs) {
      this.sequence++;
      if (this.sequence === 1000) {
        this.lastMs++;
        this.sequence = 0;
      }
    } else {
      this.lastMs = ms;
      this.sequence = 0;
    }
    return `${this.lastMs}${String(this.sequence).padStart(3, "0")}`;
  }

  private write(measurement: string, tags: Record<string, string>, fields: Record<string, FieldValue>): void {
    // Inside FeatureFlagManager.withRequest: the request's variants of flags under a release plan.
    const flagTags = requestFlagTags();
    const allTags = flagTags || this.options.defaultTags ? { ...tags, ...flagTags, ...this.options.defaultTags } : tags;
    this.writer.add([flatten(toLineProtocol({ measurement, tags: allTags, fields, timeUs: 0 }, this.timestamp()))]);
  }

  recordAuthTime(userId: string, durationMs: number, success: boolean): void {
    this.write(M.auth, { userId, success: String(success) }, { duration_ms: durationMs });
  }

  recordCacheOperation(operation: "hit" | "miss" | "invalidation", durationMs: number): void {
    this.write(M.cache, { operation }, { duration_ms: durationMs });
  }

  recordSagaTransaction(transactionId: string, durationMs: number, status: "success" | "compensation" | "failed"): void {
    this.write(M.saga, { transactionId, status }, { duration_ms: durationMs });
  }

  recordError(endpoint: string, errorType: string, durationMs: number, message?: string): void {
    this.write(M.error, { endpoint, errorType }, message ? { duration_ms: durationMs, message } : { duration_ms: durationMs });
  }

  /** Every request, so error rates have a denominator. */
  recordRequest(endpoint: string, durationMs: number, status: number): void {
    this.write(M.request, { endpoint, status: String(status) }, { duration_ms: durationMs });
  }

  /** A pool's state in seed 001's shape (what its /api/health/pool-stats answers). */
  recordPoolStats(service: string, pool: string, stats: PoolStats): void {
    this.write(
      M.pool,
      { service, pool },
      {
        active: stats.activeConnections,
        available: stats.availableConnections,
        queued: stats.queuedRequests,
        max: stats.maxConnections,
        utilization_percent: stats.utilizationPercent,
      },
    );
  }

  /** One similarity search (e.g. `vector.similaritySearch`); failed ones count against the 95 % success target. */
  recordVectorSearch(durationMs: number, success: boolean): void {
    this.write(M.vectorSearch, { success: String(success) }, { duration_ms: durationMs });
  }

  /** A lock of `lockMinutes`: counts as a lockout this hour, and its user as locked until it ends. */
  recordLockout(reason: string, lockMinutes: number): void {
    this.write(M.lockout, { reason }, { lock_minutes: lockMinutes });
  }

  async flush(): Promise<void> {
    await this.writer.flush({ ignoreBackoff: true });
  }

  stats(): WriterStats {
    return this.writer.stats();
  }

  async close(): Promise<void> {
    process.off("beforeExit", this.exitHook);
    await this.writer.stop({ retryForMs: this.options.closeTimeoutMs ?? 30_000 });
  }
}
