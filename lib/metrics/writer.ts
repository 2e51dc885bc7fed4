import { CircuitBreaker, type BreakerSnapshot } from "@/lib/resilience/circuit-breaker";

export interface BufferedWriterOptions {
  /** Most items sent in one request. */
  batchSize?: number;
  /** Most items kept while the destination is unreachable; beyond it the oldest are dropped. */
  capacity?: number;
  flushIntervalMs?: number;
  /** Backoff between retries after a failure: doubles from the first value up to the second. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  breaker?: CircuitBreaker;
}

export interface WriterStats {
  buffered: number;
  capacity: number;
  dropped: number;
  written: number;
  breaker: BreakerSnapshot;
}

/**
 * Batches writes to a destination that may be away (InfluxDB, PostgreSQL, Opsdeck's ingest).
 * Items wait in a bounded buffer; a failed batch goes back to the front and is retried with
 * exponential backoff, through seed 004's circuit breaker so a dead destination costs a request
 * nothing. Writers never throw at their callers: the buffer and its drop count are the signal.
 */
export class BufferedWriter<T> {
  private buffer: T[] = [];
  private inFlight = 0;
  private dropped = 0;
  private written = 0;
  private backoffMs = 0;
  private retryAt = 0;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly batchSize: number;
  private readonly capacity: number;
  private readonly flushIntervalMs: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  readonly breaker: CircuitBreaker;

  constructor(
    name: string,
    private readonly send: (batch: T[]) => Promise<void>,
    options: BufferedWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5_000;
    this.capacity = options.capacity ?? 100_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.retryInitialMs = options.retryInitialMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.breaker = options.breaker ?? new CircuitBreaker(name);
  }

  /** Queues items; a full batch is sent at once, the rest on the next interval. */
  add(items: T[]): void {
    for (const item of items) this.buffer.push(item);
    this.enforceCapacity();
    if (this.buffer.length >= this.batchSize && Date.now() >= this.retryAt) void this.flush();
  }

  /** Sends everything buffered now (unless backing off after a failure); resolves when done or failed. */
  flush(options: { ignoreBackoff?: boolean } = {}): Promise<void> {
    if (!options.ignoreBackoff && Date.now() < this.retryAt) return Promise.resolve();
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Flushes on an interval until stopped; the timer never keeps the process alive. */
  start(): this {
    this.timer ??= setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush({ ignoreBackoff: true });
  }

  stats(): WriterStats {
    return {
      buffered: this.buffer.length + this.inFlight,
      capacity: this.capacity,
      dropped: this.dropped,
      written: this.written,
      breaker: this.breaker.snapshot(),
    };
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.batchSize);
      this.inFlight = batch.length;
      try {
        await this.breaker.run(() => this.send(batch));
        this.written += batch.length;
        this.backoffMs = 0;
        this.retryAt = 0;
      } catch {
        this.buffer.unshift(...batch);
        this.backoffMs = Math.min(this.retryMaxMs, this.backoffMs ? this.backoffMs * 2 : this.retryInitialMs);
        this.retryAt = Date.now() + this.backoffMs;
        return;
      } finally {
        this.inFlight = 0;
        this.enforceCapacity();
      }
    }
  }

  private enforceCapacity(): void {
    const excess = this.buffer.length + this.inFlight - this.capacity;
    if (excess > 0) {
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
  }
}
