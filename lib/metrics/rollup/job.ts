import { logger } from "@/lib/log";

export interface RollupJobStatus {
  lastSuccessAt: Date | null;
  lastError: { message: string; at: Date } | null;
  /** Failed runs since the last success. */
  failures: number;
  nextRunAt: Date | null;
}

export interface RollupJobOptions {
  intervalMs?: number;
  /** Backoff after a failure: doubles from the first value up to the second. */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/**
 * The rollup job (compaction of delta rows, retention of every tier): runs every minute and,
 * after a failure, again with backoff until it succeeds. Its status is on the Dependencies page,
 * so a job that keeps failing is never silently behind.
 */
export class RollupJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly state: RollupJobStatus = { lastSuccessAt: null, lastError: null, failures: 0, nextRunAt: null };
  private readonly intervalMs: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly work: () => Promise<void>,
    options: RollupJobOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.retryInitialMs = options.retryInitialMs ?? 5_000;
    this.retryMaxMs = options.retryMaxMs ?? 60_000;
  }

  /** Runs now, then on schedule; timers never keep the process alive. */
  start(): this {
    this.stopped = false;
    void this.runNow();
    return this;
  }

  /** One run (or the one under way); resolves whatever its outcome — the status says it. */
  runNow(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  status(): RollupJobStatus {
    return { ...this.state };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async run(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    let delayMs = this.intervalMs;
    try {
      await this.work();
      this.state.lastSuccessAt = new Date();
      this.state.failures = 0;
    } catch (error) {
      this.state.failures++;
      this.state.lastError = { message: (error as Error).message || String(error), at: new Date() };
      delayMs = Math.min(this.retryMaxMs, this.retryInitialMs * 2 ** (this.state.failures - 1));
      logger.warn({ err: error, failures: this.state.failures, retryInMs: delayMs }, "metrics rollup job failed");
    }
    if (this.stopped) return;
    this.state.nextRunAt = new Date(Date.now() + delayMs);
    this.timer = setTimeout(() => void this.runNow(), delayMs);
    this.timer.unref();
  }
}

/** The job's state as one line for the Dependencies page. */
export function rollupJobNote(status: RollupJobStatus, now = Date.now()): string {
  const seconds = (date: Date) => Math.max(0, Math.round(Math.abs(now - date.getTime()) / 1000));
  if (status.failures > 0 && status.lastError) {
    const retry = status.nextRunAt ? `; retrying in ${seconds(status.nextRunAt)} s` : "";
    const since = status.lastSuccessAt ? `last success ${seconds(status.lastSuccessAt)} s ago` : "no success yet";
    return `metrics rollup job failing (${status.failures} attempt${status.failures === 1 ? "" : "s"}, ${since}): ${status.lastError.message}${retry}`;
  }
  return status.lastSuccessAt ? `metrics rollups: compacted ${seconds(status.lastSuccessAt)} s ago` : "metrics rollups: first run pending";
}
